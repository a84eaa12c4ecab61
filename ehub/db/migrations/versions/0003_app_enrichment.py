"""App tables the pipelines fill with the core engine: lead scores, message intents, remark checks.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lead_scores",
        sa.Column("contact_id", sa.Text, primary_key=True),
        sa.Column("score", sa.Numeric(3, 1), nullable=False),
        sa.Column("temperature", sa.Text, nullable=False),
        sa.Column("primary_intent", sa.Text),
        sa.Column("replies", sa.Integer, nullable=False),
        sa.Column("qualified_at", sa.DateTime(timezone=True), comment="First moment the score reached 7."),
        sa.Column("opted_out_at", sa.DateTime(timezone=True)),
        sa.Column("human_requested_at", sa.DateTime(timezone=True)),
        sa.Column("last_inbound_at", sa.DateTime(timezone=True)),
        sa.Column("slots", JSONB, nullable=False, comment="Qualification slots; preferences, no identifiers."),
        sa.Column("reasons", JSONB, nullable=False),
        sa.Column("model_version", sa.Text, nullable=False),
        sa.Column("scored_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema="app",
        comment="The one scoring model applied to each lead's conversation history.",
    )
    op.create_table(
        "message_intents",
        sa.Column("message_id", sa.Text, primary_key=True),
        sa.Column("contact_id", sa.Text, nullable=False),
        sa.Column("conversation_id", sa.Text),
        sa.Column("intent", sa.Text, nullable=False),
        sa.Column("confidence", sa.Numeric(3, 2), nullable=False),
        sa.Column("model_version", sa.Text, nullable=False),
        sa.Column("classified_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema="app",
    )
    op.create_index("ix_message_intents_contact", "message_intents", ["contact_id"], schema="app")
    op.create_table(
        "intent_labels",
        sa.Column("message_id", sa.Text, primary_key=True),
        sa.Column("intent", sa.Text, nullable=False),
        sa.Column("labelled_by", sa.Text, nullable=False),
        sa.Column("labelled_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema="app",
        comment="Human-corrected intents, the ground truth for bot accuracy.",
    )
    op.create_table(
        "listing_remark_checks",
        sa.Column("listing_key", sa.Text, primary_key=True),
        sa.Column("source_modified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("flag_count", sa.Integer, nullable=False),
        sa.Column("flags", JSONB, nullable=False),
        sa.Column("rules_version", sa.Text, nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema="app",
        comment="Fair-housing check of each listing's public remarks.",
    )


def downgrade() -> None:
    for table in ("listing_remark_checks", "intent_labels", "message_intents", "lead_scores"):
        op.drop_table(table, schema="app")
