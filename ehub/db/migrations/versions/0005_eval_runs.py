"""Evaluation runs: each run of the harness on a labelled set, so alerts can watch bot accuracy.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "eval_runs",
        sa.Column("run_id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("kind", sa.Text, nullable=False, comment="intents, scoring or compliance."),
        sa.Column("dataset", sa.Text, nullable=False, comment="The labelled file's name."),
        sa.Column("dataset_sha256", sa.Text, nullable=False, comment="Which version of the file was evaluated."),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("metric", sa.Text, nullable=False, comment="accuracy, agreement or recall."),
        sa.Column("score", sa.Numeric(5, 4), nullable=False),
        sa.Column("details", JSONB, nullable=False, comment="Per-class figures and confusion; no example texts."),
        sa.Column("recorded_by", sa.Text, nullable=False, comment="cli or dagster."),
        sa.Column("run_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema="app",
        comment="Every recorded run of the evaluation harness; the newest intents run feeds the accuracy alert.",
    )
    op.create_index("ix_eval_runs_kind_run_at", "eval_runs", ["kind", "run_at"], schema="app")


def downgrade() -> None:
    op.drop_table("eval_runs", schema="app")
