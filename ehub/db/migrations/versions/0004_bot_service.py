"""The bot service's tables: leads and their conversation state, messages, decisions, API keys,
the audit log, the webhook queue and the outbox. Personal fields are sealed.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _created() -> sa.Column:
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now())


def upgrade() -> None:
    op.create_table(
        "leads",
        sa.Column("lead_id", UUID(as_uuid=False), primary_key=True),
        sa.Column("ghl_contact_id", sa.Text, unique=True),
        sa.Column("channel", sa.Text, nullable=False),
        sa.Column("bot", sa.Text, nullable=False),
        sa.Column("variant", sa.Text, nullable=False),
        sa.Column("score", sa.Numeric(3, 1), nullable=False),
        sa.Column("temperature", sa.Text, nullable=False),
        sa.Column("state", JSONB, nullable=False, comment="Conversation state; no personal data."),
        sa.Column("pii_sealed", sa.Text, comment="Name, phone, email given by the lead, encrypted."),
        sa.Column("phone_index", sa.Text),
        sa.Column("email_index", sa.Text),
        sa.Column("opted_out_at", sa.DateTime(timezone=True)),
        sa.Column("handed_off_at", sa.DateTime(timezone=True)),
        _created(),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema="app",
    )
    op.create_index("ix_leads_phone_index", "leads", ["phone_index"], schema="app")
    op.create_index("ix_leads_email_index", "leads", ["email_index"], schema="app")
    op.create_table(
        "conversation_messages",
        sa.Column("message_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("lead_id", UUID(as_uuid=False), sa.ForeignKey("app.leads.lead_id"), nullable=False),
        sa.Column("direction", sa.Text, nullable=False),
        sa.Column("body_sealed", sa.Text, nullable=False),
        sa.Column("bot", sa.Text, nullable=False),
        sa.Column("intent", sa.Text),
        sa.Column("confidence", sa.Numeric(3, 2)),
        sa.Column("source_message_id", sa.Text, comment="The GHL message id, for inbound webhook messages."),
        _created(),
        schema="app",
    )
    op.create_index("ix_conversation_messages_lead", "conversation_messages", ["lead_id", "created_at"], schema="app")
    op.create_table(
        "bot_decisions",
        sa.Column("decision_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("lead_id", UUID(as_uuid=False), sa.ForeignKey("app.leads.lead_id"), nullable=False),
        sa.Column("bot", sa.Text, nullable=False),
        sa.Column("intent", sa.Text, nullable=False),
        sa.Column("confidence", sa.Numeric(3, 2), nullable=False),
        sa.Column("score", sa.Numeric(3, 1), nullable=False),
        sa.Column("temperature", sa.Text, nullable=False),
        sa.Column("handoff_reason", sa.Text),
        sa.Column("compliance_flags", ARRAY(sa.Text), nullable=False),
        sa.Column("actions", JSONB, nullable=False),
        sa.Column("reasons", JSONB, nullable=False),
        sa.Column("variant", sa.Text, nullable=False),
        _created(),
        schema="app",
        comment="Every routing, scoring, compliance and handoff decision, for audit and the bot marts.",
    )
    op.create_table(
        "api_keys",
        sa.Column("key_id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("key_hash", sa.Text, nullable=False, unique=True),
        sa.Column("scopes", ARRAY(sa.Text), nullable=False),
        _created(),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
        schema="app",
    )
    op.create_table(
        "audit_log",
        sa.Column("audit_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("key_id", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("lead_id", UUID(as_uuid=False)),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema="app",
    )
    op.create_table(
        "webhook_events",
        sa.Column("webhook_id", sa.Text, primary_key=True),
        sa.Column("event_type", sa.Text, nullable=False),
        sa.Column("payload", JSONB, nullable=False, comment="The event with personal fields cut out."),
        sa.Column("pii_sealed", sa.Text),
        sa.Column("status", sa.Text, nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("processed_at", sa.DateTime(timezone=True)),
        schema="app",
    )
    op.create_index("ix_webhook_events_pending", "webhook_events", ["status", "received_at"], schema="app")
    op.create_table(
        "outbox",
        sa.Column("outbox_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("lead_id", UUID(as_uuid=False), sa.ForeignKey("app.leads.lead_id"), nullable=False),
        sa.Column("kind", sa.Text, nullable=False, comment="message, tag, task, dnd"),
        sa.Column("body_sealed", sa.Text),
        sa.Column("detail", JSONB, nullable=False),
        sa.Column("send_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.Text, nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text),
        _created(),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        schema="app",
    )
    op.create_index("ix_outbox_pending", "outbox", ["status", "send_after"], schema="app")


def downgrade() -> None:
    for table in (
        "outbox",
        "webhook_events",
        "audit_log",
        "api_keys",
        "bot_decisions",
        "conversation_messages",
        "leads",
    ):
        op.drop_table(table, schema="app")
