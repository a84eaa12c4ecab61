"""Hardening the bot service: one answer per inbound message, a per-key rate limit, who did what in
the audit log, links from web visitors to CRM leads for agents, and an outbox that knows when an
attempt's outcome is unknown and parks what it cannot deliver.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # One inbound GHL message is answered once, even when it arrives under two webhook ids.
    op.execute("""
        update app.conversation_messages set source_message_id = null
        where source_message_id is not null and message_id not in (
            select min(message_id) from app.conversation_messages
            where source_message_id is not null group by source_message_id
        )
    """)
    op.create_index(
        "ux_conversation_messages_source",
        "conversation_messages",
        ["source_message_id"],
        unique=True,
        schema="app",
        postgresql_where=sa.text("source_message_id is not null"),
    )

    op.add_column(
        "api_keys",
        sa.Column(
            "requests_per_minute",
            sa.Integer,
            nullable=False,
            server_default="100",
            comment="This key's rate limit; a public widget key serves many visitors.",
        ),
        schema="app",
    )

    # Who did what: the actor (an API key id, `webhook`, `worker`, `cli`), through which route.
    op.add_column("audit_log", sa.Column("actor_kind", sa.Text, nullable=False, server_default="api_key"), schema="app")
    op.add_column("audit_log", sa.Column("route", sa.Text), schema="app")
    op.create_index("ix_audit_log_lead", "audit_log", ["lead_id", "at"], schema="app")

    op.create_table(
        "lead_links",
        sa.Column("lead_id", UUID(as_uuid=False), sa.ForeignKey("app.leads.lead_id"), primary_key=True),
        sa.Column("linked_lead_id", UUID(as_uuid=False), sa.ForeignKey("app.leads.lead_id"), primary_key=True),
        sa.Column("matched_on", sa.Text, nullable=False, comment="phone or email (by blind index)."),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema="app",
        comment="A web visitor whose contact details match an older lead: shown to agents, never merged.",
    )

    op.add_column(
        "outbox",
        sa.Column("first_attempt_at", sa.DateTime(timezone=True), comment="When the first send was tried."),
        schema="app",
    )
    op.add_column(
        "outbox",
        sa.Column(
            "uncertain",
            sa.Boolean,
            nullable=False,
            server_default=sa.false(),
            comment="An attempt may have reached GoHighLevel: check before sending again.",
        ),
        schema="app",
    )
    op.add_column("outbox", sa.Column("ghl_id", sa.Text, comment="What GoHighLevel called the result."), schema="app")
    op.add_column("outbox", sa.Column("parked_at", sa.DateTime(timezone=True)), schema="app")
    op.execute("update app.outbox set status = 'parked', parked_at = now() where status = 'failed'")


def downgrade() -> None:
    op.execute("update app.outbox set status = 'failed' where status = 'parked'")
    for column in ("parked_at", "ghl_id", "uncertain", "first_attempt_at"):
        op.drop_column("outbox", column, schema="app")
    op.drop_table("lead_links", schema="app")
    op.drop_index("ix_audit_log_lead", table_name="audit_log", schema="app")
    op.drop_column("audit_log", "route", schema="app")
    op.drop_column("audit_log", "actor_kind", schema="app")
    op.drop_column("api_keys", "requests_per_minute", schema="app")
    op.drop_index("ux_conversation_messages_source", table_name="conversation_messages", schema="app")
