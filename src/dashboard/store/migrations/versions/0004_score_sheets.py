"""Scoring sheets of chains: the soft multi-criteria assessment and readiness, who scored, when.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "score_sheet",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("dataset_id", sa.String(200), nullable=False),
        sa.Column("chain_key", sa.Text(), nullable=False),
        sa.Column("scorer", sa.Text(), nullable=False),
        sa.Column("scored_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("entries", sa.Text(), nullable=False),
        sa.Column("readiness", sa.Text(), nullable=False),
    )
    op.create_index("ix_score_sheet_chain", "score_sheet", ["dataset_id", "chain_key"])


def downgrade() -> None:
    op.drop_table("score_sheet")
