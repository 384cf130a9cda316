"""Trainers' decks of slides, per dataset, names unique per dataset.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deck",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("dataset_id", sa.String(200), nullable=False),
        sa.Column("slides", sa.Text(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_deck_dataset_id", "deck", ["dataset_id"])
    op.create_index("uq_deck_dataset_name", "deck", ["dataset_id", "name"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_deck_dataset_name", table_name="deck")
    op.drop_index("ix_deck_dataset_id", table_name="deck")
    op.drop_table("deck")
