"""Bookings: the appointments the bots set on a GoHighLevel calendar, one row each, with their
state as GoHighLevel confirmed it. No personal data: times, ids and the agent only.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "appointments",
        sa.Column("appointment_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("lead_id", UUID(as_uuid=False), sa.ForeignKey("app.leads.lead_id"), nullable=False),
        sa.Column("calendar_id", sa.Text, nullable=False),
        sa.Column("assigned_user_id", sa.Text, nullable=False, comment="The lead's agent, GHL's user id."),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "status",
            sa.Text,
            nullable=False,
            server_default="requested",
            comment="requested (queued), booked (GHL confirmed), refused (slot taken), cancelled",
        ),
        sa.Column("ghl_event_id", sa.Text),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("booked_at", sa.DateTime(timezone=True), comment="When GHL first confirmed it."),
        sa.Column("cancelled_at", sa.DateTime(timezone=True)),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status in ('requested', 'booked', 'refused', 'cancelled')", name="appointment_status"),
        schema="app",
    )
    op.create_index("ix_appointments_lead", "appointments", ["lead_id", "appointment_id"], schema="app")


def downgrade() -> None:
    op.drop_table("appointments", schema="app")
