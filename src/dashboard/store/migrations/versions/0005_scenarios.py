"""Policy what-ifs saved under a name, per dataset, with their changes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scenario",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("dataset_id", sa.String(200), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_scenario_dataset_id", "scenario", ["dataset_id"])
    op.create_index("uq_scenario_dataset_name", "scenario", ["dataset_id", "name"], unique=True)
    op.create_table(
        "scenario_change",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "scenario_id", sa.String(32), sa.ForeignKey("scenario.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.create_index("ix_scenario_change_scenario_id", "scenario_change", ["scenario_id"])


def downgrade() -> None:
    op.drop_table("scenario_change")
    op.drop_table("scenario")
