"""`/v1/admin/*`: users, API keys and the audit chain, for admins."""
