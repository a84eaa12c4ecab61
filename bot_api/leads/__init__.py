"""`GET /v1/leads`: leads and, with an audit record, their contact details and conversation."""
