"""People who sign in: accounts with roles, memory-hard password hashes, access and refresh tokens.

Machines (GoHighLevel, the website widget) keep their API keys (`ehub.bots.apikeys`); people get
accounts (`ehub users create`), sign in at `POST /v1/auth/token` and carry a one-hour access token.
"""
