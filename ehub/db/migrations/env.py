"""Alembic environment: runs online against the `Database` handed over by ehub.db.migrate."""

from alembic import context

database = context.config.attributes["database"]

with database.engine.begin() as connection:
    context.configure(connection=connection, transactional_ddl=True)
    with context.begin_transaction():
        context.run_migrations()
