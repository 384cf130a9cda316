"""Chains composed by users and their members.

Revision ID: 0001
Revises:
Create Date: 2026-12-01

Databases made before migrations existed (by `create_all`) already hold both tables: they are
kept as they are and only stamped.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "chain" not in existing:
        op.create_table(
            "chain",
            sa.Column("id", sa.String(32), primary_key=True),
            sa.Column("name", sa.Text(), nullable=False),
            sa.Column("dataset_id", sa.String(200), nullable=False),
            sa.Column("created", sa.DateTime(timezone=True), nullable=False),
            sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        )
        op.create_index("ix_chain_dataset_id", "chain", ["dataset_id"])
    if "chain_member" not in existing:
        op.create_table(
            "chain_member",
            sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
            sa.Column(
                "chain_id", sa.String(32), sa.ForeignKey("chain.id", ondelete="CASCADE"),
                nullable=False,
            ),
            sa.Column("position", sa.Integer(), nullable=False),
            sa.Column("kind", sa.String(16), nullable=False),
            sa.Column("ref_id", sa.Text(), nullable=False),
            sa.Column("source_company", sa.Text(), nullable=True),
            sa.Column("target_company", sa.Text(), nullable=True),
            sa.Column("material", sa.Text(), nullable=True),
            sa.Column("quantity", sa.Float(), nullable=True),
            sa.Column("unit", sa.String(16), nullable=True),
        )
        op.create_index("ix_chain_member_chain_id", "chain_member", ["chain_id"])


def downgrade() -> None:
    op.drop_table("chain_member")
    op.drop_table("chain")
