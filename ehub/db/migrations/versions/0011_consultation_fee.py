"""The consultation fee and readable experiments: Stripe events seen once, the checkout sessions the
bots and `POST /v1/consultations` created, and the experiment each bot-service lead was assigned in.

`app.stripe_events` holds one row per Stripe event id, whichever way it arrived first (the signed
webhook or the hourly Events API sync): the key that makes a replayed or re-listed event count once.
`app.consultations` records who asked for each checkout session (lead, bot, variant, experiment), so
a payment is attributed from the bot service's own records. No personal data in either.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _now() -> sa.TextClause:
    return sa.func.now()


def upgrade() -> None:
    op.add_column("leads", sa.Column("experiment", sa.Text, nullable=True), schema="app")
    op.create_table(
        "stripe_events",
        sa.Column("event_id", sa.Text, primary_key=True),
        sa.Column("event_type", sa.Text, nullable=False),
        sa.Column("object_type", sa.Text, nullable=True),
        sa.Column("object_id", sa.Text, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_via", sa.Text, nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False, server_default=_now()),
        sa.CheckConstraint("received_via in ('webhook', 'events_sync')", name="stripe_events_received_via"),
        schema="app",
    )
    op.create_table(
        "consultations",
        sa.Column("checkout_session_id", sa.Text, primary_key=True),
        sa.Column(
            "lead_id", UUID(as_uuid=False), sa.ForeignKey("app.leads.lead_id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("ghl_contact_id", sa.Text, nullable=True),
        sa.Column("bot", sa.Text, nullable=False),
        sa.Column("variant", sa.Text, nullable=False),
        sa.Column("experiment", sa.Text, nullable=True),
        sa.Column("amount_cents", sa.Integer, nullable=False),
        sa.Column("currency", sa.Text, nullable=False),
        sa.Column("idempotency_key", sa.Text, nullable=False, unique=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("requested_by", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=_now()),
        sa.CheckConstraint("amount_cents > 0", name="consultations_amount_positive"),
        schema="app",
    )
    op.create_index("consultations_lead", "consultations", ["lead_id", "created_at"], schema="app")


def downgrade() -> None:
    op.drop_index("consultations_lead", table_name="consultations", schema="app")
    op.drop_table("consultations", schema="app")
    op.drop_table("stripe_events", schema="app")
    op.drop_column("leads", "experiment", schema="app")
