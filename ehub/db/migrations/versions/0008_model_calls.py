"""The language-model ledger: one row per call to a model provider, with its tokens, time and cost.

No text is stored: a row names the provider, model, purpose and prompt version, the lead and
decision it served (ids only), the tokens (input, output, cache read, cache write), the latency,
the outcome (ok, or why it failed or was refused) and its cost in USD from the settings' price
table. Budgets per lead and per day are sums over these rows.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "model_calls",
        sa.Column("call_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("lead_id", UUID(as_uuid=False), sa.ForeignKey("app.leads.lead_id")),
        sa.Column("decision_id", sa.BigInteger, sa.ForeignKey("app.bot_decisions.decision_id")),
        sa.Column("provider", sa.Text, nullable=False),
        sa.Column("model", sa.Text, nullable=False),
        sa.Column("purpose", sa.Text, nullable=False),
        sa.Column("prompt_version", sa.Text, nullable=False),
        sa.Column("outcome", sa.Text, nullable=False),
        sa.Column("input_tokens", sa.Integer, nullable=False),
        sa.Column("output_tokens", sa.Integer, nullable=False),
        sa.Column("cache_read_tokens", sa.Integer, nullable=False),
        sa.Column("cache_write_tokens", sa.Integer, nullable=False),
        sa.Column("latency_ms", sa.Integer, nullable=False),
        sa.Column("cost_usd", sa.Numeric(14, 8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.CheckConstraint(
            "input_tokens >= 0 and output_tokens >= 0 and cache_read_tokens >= 0 and cache_write_tokens >= 0"
            " and latency_ms >= 0 and cost_usd >= 0",
            name="model_calls_counts_non_negative",
        ),
        schema="app",
        comment="Every language-model call: tokens, latency and cost, by lead and decision (no text).",
    )
    op.create_index("model_calls_lead", "model_calls", ["lead_id"], schema="app")
    op.create_index("model_calls_created", "model_calls", ["created_at"], schema="app")


def downgrade() -> None:
    op.drop_table("model_calls", schema="app")
