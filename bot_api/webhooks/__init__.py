"""`POST /webhooks/ghl`: GoHighLevel events in, verified and queued before the 2xx."""
