"""Gemini's analyses: the handoff summary kept with the lead (sealed), and the daily insights.

`app.leads.summary_sealed` holds the latest handoff summary Gemini wrote for the agent, sealed like
every message (key rotation and erasure cover it). `app.conversation_insights` holds, per Austin
day, what the day's conversations showed: objections, reasons leads went cold and questions Jorge
could not answer, each with how many conversations showed it and a short paraphrase with no
personal data. A day's rows are replaced whole when it is analysed again.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("leads", sa.Column("summary_sealed", sa.Text, nullable=True), schema="app")
    op.create_table(
        "conversation_insights",
        sa.Column("insight_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("insight_date", sa.Date, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("topic", sa.Text, nullable=False),
        sa.Column("conversation_count", sa.Integer, nullable=False),
        sa.Column("example", sa.Text, nullable=False),
        sa.Column("conversations_read", sa.Integer, nullable=False),
        sa.Column("provider", sa.Text, nullable=False),
        sa.Column("model", sa.Text, nullable=False),
        sa.Column("prompt_version", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.CheckConstraint(
            "kind in ('objection', 'went_cold', 'unanswered_question')", name="conversation_insights_kind"
        ),
        sa.CheckConstraint(
            "conversation_count > 0 and conversation_count <= conversations_read",
            name="conversation_insights_count_in_range",
        ),
        sa.UniqueConstraint("insight_date", "kind", "topic", name="conversation_insights_one_topic_a_day"),
        schema="app",
        comment="What each Austin day's conversations showed (Gemini), counts and paraphrases; no personal data.",
    )


def downgrade() -> None:
    op.drop_table("conversation_insights", schema="app")
    op.drop_column("leads", "summary_sealed", schema="app")
