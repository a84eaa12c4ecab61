"""The access vocabulary: people's roles and API keys' scopes and default rate.

Shared by the stores (`ehub.auth.users`, `ehub.bots.apikeys`), the API and the CLI; it imports
nothing, so `ehub users create --help` can name the roles without loading the database layer.
"""

ROLES = ("admin", "agent", "analyst")
SCOPES = ("chat", "leads", "market")
DEFAULT_REQUESTS_PER_MINUTE = 100
