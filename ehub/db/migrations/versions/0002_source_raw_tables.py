"""Raw tables for every source entity, their rejects, and the field registry for schema drift.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# table -> (key column, extracted columns, holds personal data)
TABLES: dict[str, tuple[str, tuple[tuple[str, sa.types.TypeEngine], ...], bool]] = {
    "mls_members": ("member_key", (("office_key", sa.Text()),), True),
    "mls_offices": ("office_key", (), False),
    "ghl_contacts": ("contact_id", (("location_id", sa.Text()), ("source", sa.Text())), True),
    "ghl_opportunities": (
        "opportunity_id",
        (
            ("contact_id", sa.Text()),
            ("pipeline_id", sa.Text()),
            ("pipeline_stage_id", sa.Text()),
            ("status", sa.Text()),
        ),
        True,
    ),
    "ghl_pipelines": ("pipeline_id", (), False),
    "ghl_conversations": ("conversation_id", (("contact_id", sa.Text()),), True),
    "ghl_messages": (
        "message_id",
        (("conversation_id", sa.Text()), ("contact_id", sa.Text()), ("direction", sa.Text())),
        True,
    ),
    "stripe_charges": ("charge_id", (("status", sa.Text()),), True),
    "stripe_payment_intents": ("payment_intent_id", (("status", sa.Text()),), True),
    "stripe_checkout_sessions": ("checkout_session_id", (("status", sa.Text()),), True),
    "stripe_refunds": ("refund_id", (("charge_id", sa.Text()), ("status", sa.Text())), False),
}


def _personal_columns() -> list[sa.Column]:
    return [
        sa.Column("pii_sealed", sa.Text, comment="Personal fields, encrypted (Fernet); never in the payload."),
        sa.Column("email_index", sa.Text, comment="Keyed blind index of the normalised email."),
        sa.Column("phone_index", sa.Text, comment="Keyed blind index of the E.164 phone."),
    ]


def _rejects(table: str) -> None:
    op.create_table(
        f"{table}_rejects",
        sa.Column("reject_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("source_key", sa.Text),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("payload", JSONB, nullable=False, comment="The record with personal fields removed."),
        sa.Column("pii_sealed", sa.Text),
        sa.Column("rejected_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema="raw",
    )


def upgrade() -> None:
    for table, (key, extracted, personal) in TABLES.items():
        op.create_table(
            table,
            sa.Column(key, sa.Text, primary_key=True),
            *[sa.Column(name, kind) for name, kind in extracted],
            sa.Column("payload", JSONB, nullable=False),
            *(_personal_columns() if personal else []),
            sa.Column("_source_modified_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("_loaded_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
            sa.Column("_deleted", sa.Boolean, nullable=False, server_default=sa.false()),
            schema="raw",
        )
        op.create_index(f"ix_{table}_source_modified_at", table, ["_source_modified_at"], schema="raw")
        _rejects(table)
        if personal:
            op.create_index(f"ix_{table}_email_index", table, ["email_index"], schema="raw")
            op.create_index(f"ix_{table}_phone_index", table, ["phone_index"], schema="raw")

    # MLS properties join the common shape: sealed agent contact fields, rejects named like the rest.
    for column in _personal_columns():
        op.add_column("mls_properties", column, schema="raw")
    op.rename_table("mls_property_rejects", "mls_properties_rejects", schema="raw")
    op.alter_column("mls_properties_rejects", "listing_key", new_column_name="source_key", schema="raw")
    op.add_column("mls_properties_rejects", sa.Column("pii_sealed", sa.Text), schema="raw")

    op.create_table(
        "source_fields",
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("entity", sa.Text, primary_key=True),
        sa.Column("field_name", sa.Text, primary_key=True),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema="raw",
        comment="Every field name each source entity has sent; a new row after the first load is schema drift.",
    )


def downgrade() -> None:
    op.drop_table("source_fields", schema="raw")
    op.drop_column("mls_properties_rejects", "pii_sealed", schema="raw")
    op.alter_column("mls_properties_rejects", "source_key", new_column_name="listing_key", schema="raw")
    op.rename_table("mls_properties_rejects", "mls_property_rejects", schema="raw")
    for column in ("pii_sealed", "email_index", "phone_index"):
        op.drop_column("mls_properties", column, schema="raw")
    for table in TABLES:
        op.drop_table(f"{table}_rejects", schema="raw")
        op.drop_table(table, schema="raw")
