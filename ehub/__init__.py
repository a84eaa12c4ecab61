"""EnterpriseHub core: what the Dagster code location and the bot service share.

Nothing in this package imports Dagster or Litestar; both sides import it.
"""

__version__ = "0.1.0"
