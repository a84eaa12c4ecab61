"""Landing schemas: raw (source data), app (bot side), dagster (run storage) and the MLS slice.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    for schema in ("raw", "app", "dagster"):
        op.execute(f"create schema if not exists {schema}")

    op.create_table(
        "sync_cursors",
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("stream", sa.Text, primary_key=True),
        sa.Column("cursor_value", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema="raw",
        comment="Incremental replication cursors; advanced only after the data they cover is committed.",
    )

    op.create_table(
        "mls_properties",
        sa.Column("listing_key", sa.Text, primary_key=True),
        sa.Column("listing_id", sa.Text),
        sa.Column("originating_system", sa.Text, nullable=False),
        sa.Column("standard_status", sa.Text, comment="Canonical RESO StandardStatus enum member."),
        sa.Column("payload", JSONB, nullable=False, comment="The full RESO Property record as received."),
        sa.Column("_source_modified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("_loaded_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("_deleted", sa.Boolean, nullable=False, server_default=sa.false()),
        schema="raw",
        comment="RESO Web API Property records, one row per ListingKey, upserted.",
    )
    op.create_index("ix_mls_properties_source_modified_at", "mls_properties", ["_source_modified_at"], schema="raw")

    op.create_table(
        "mls_property_rejects",
        sa.Column("reject_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("listing_key", sa.Text),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("payload", JSONB, nullable=False),
        sa.Column("rejected_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema="raw",
        comment="Property records that failed a quality rule, kept with the reason.",
    )


def downgrade() -> None:
    op.drop_table("mls_property_rejects", schema="raw")
    op.drop_table("mls_properties", schema="raw")
    op.drop_table("sync_cursors", schema="raw")
    for schema in ("app", "raw"):
        op.execute(f"drop schema if exists {schema}")
