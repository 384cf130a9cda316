"""Facilitators' workshops and the have and want cards companies fill in on their phones.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workshop",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("code", sa.String(12), nullable=False),
        sa.Column("facilitator_key_hash", sa.String(64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("code", name="uq_workshop_code"),
    )
    op.create_index("ix_workshop_expires", "workshop", ["expires"])
    op.create_table(
        "workshop_card",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "workshop_id", sa.String(32), sa.ForeignKey("workshop.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("author_hash", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("company", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(16), nullable=True),
        sa.Column("frequency", sa.String(16), nullable=True),
        sa.Column("place_id", sa.String(32), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("shareable", sa.Boolean(), nullable=False),
        sa.Column("ewc_code", sa.String(6), nullable=True),
        sa.Column("material", sa.String(64), nullable=True),
        sa.Column("nace", sa.String(16), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("merged_into", sa.String(32), nullable=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_workshop_card_workshop_id", "workshop_card", ["workshop_id"])
    op.create_index("ix_workshop_card_author_hash", "workshop_card", ["author_hash"])


def downgrade() -> None:
    op.drop_index("ix_workshop_card_author_hash", table_name="workshop_card")
    op.drop_index("ix_workshop_card_workshop_id", table_name="workshop_card")
    op.drop_table("workshop_card")
    op.drop_index("ix_workshop_expires", table_name="workshop")
    op.drop_table("workshop")
