"""Database access: the embedded or server PostgreSQL, migrations and bulk loading."""

from ehub.db.database import Database, open_database

__all__ = ["Database", "open_database"]
