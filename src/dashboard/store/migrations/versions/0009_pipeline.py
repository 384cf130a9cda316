"""The Living Lab pipeline: followed chains, their dated stage changes and notes, and what they
delivered each year.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pipeline",
        sa.Column(
            "chain_id", sa.String(32), sa.ForeignKey("chain.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("owner", sa.Text(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_table(
        "pipeline_event",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "chain_id", sa.String(32), sa.ForeignKey("pipeline.chain_id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("stage", sa.String(16), nullable=True),
        sa.Column("reason", sa.String(16), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("recorded", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_pipeline_event_chain_id", "pipeline_event", ["chain_id"])
    op.create_table(
        "pipeline_year",
        sa.Column(
            "chain_id", sa.String(32), sa.ForeignKey("pipeline.chain_id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("year", sa.Integer(), primary_key=True),
        sa.Column("diverted_t", sa.Float(), nullable=True),
        sa.Column("ghg_avoided_t_co2e", sa.Float(), nullable=True),
        sa.Column("money_saved_eur", sa.Float(), nullable=True),
        sa.Column("jobs", sa.Float(), nullable=True),
        sa.Column("provenance", sa.String(16), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("recorded", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("pipeline_year")
    op.drop_index("ix_pipeline_event_chain_id", table_name="pipeline_event")
    op.drop_table("pipeline_event")
    op.drop_table("pipeline")
