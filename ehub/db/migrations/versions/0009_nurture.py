"""Nurture: the follow-up steps queued for quiet warm and cold leads, one row per lead, cadence and
step, so a step is queued once however often (and however many workers) the scheduler runs.

A cadence is counted from the lead's last inbound message (`anchor_message_id`): a new message from
the lead starts a new cadence. No personal data: ids, step numbers and times only.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "nurture_steps",
        sa.Column("lead_id", UUID(as_uuid=False), sa.ForeignKey("app.leads.lead_id"), primary_key=True),
        sa.Column(
            "anchor_message_id",
            sa.BigInteger,
            primary_key=True,
            comment="The lead's last inbound message when this step was due: the cadence it belongs to.",
        ),
        sa.Column("step", sa.Integer, primary_key=True, comment="1-based; past the cadence: monthly updates."),
        sa.Column("kind", sa.Text, nullable=False, comment="follow_up or market_update"),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.Text, nullable=False, comment="queued, or why nothing was: blocked, no_figures"),
        sa.Column("outbox_id", sa.BigInteger, sa.ForeignKey("app.outbox.outbox_id")),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.CheckConstraint("step >= 1", name="ck_nurture_steps_step"),
        schema="app",
        comment="Follow-ups to quiet warm and cold leads (ehub.bots.nurture), each queued once.",
    )


def downgrade() -> None:
    op.drop_table("nurture_steps", schema="app")
