"""GoHighLevel (LeadConnector) API v2: contacts, opportunities, pipelines, conversations, messages."""
