"""Evaluation runs name their provider: the rules alone, or a language model's reading and writing.

`ehub eval ... --provider anthropic|gemini` runs the engine with a model's structured slot reading
(and, for conversations, its replies); each run is recorded with that provider, so a model's figures
are never mistaken for the engine's own (the accuracy alert reads the rules' runs only).

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "eval_runs",
        sa.Column(
            "provider",
            sa.Text,
            nullable=False,
            server_default="rules",
            comment="rules, anthropic or gemini: who read (and for conversations wrote) during the run.",
        ),
        schema="app",
    )
    op.alter_column("eval_runs", "kind", comment="intents, scoring, compliance or conversations.", schema="app")


def downgrade() -> None:
    op.drop_column("eval_runs", "provider", schema="app")
