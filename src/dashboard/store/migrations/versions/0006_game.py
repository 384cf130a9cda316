"""The training game: rooms, their teams, and the chains teams build.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03

Teams and chains go with their room (ON DELETE CASCADE); a team's name is unique per room
(case-folded), its token's hash unique; a chain's submission key (the client's idempotency key)
is unique per team, and every key a team's request was applied under is kept (`game_submission`),
so a request sent again after a teammate's edit is still applied once.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "game_room",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("code", sa.String(12), nullable=False),
        sa.Column("trainer_key_hash", sa.String(64), nullable=False),
        sa.Column("settings", sa.Text(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("round_started", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paused_left_s", sa.Float(), nullable=True),
        sa.Column("hints_revealed", sa.Boolean(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("code", name="uq_game_room_code"),
    )
    op.create_index("ix_game_room_expires", "game_room", ["expires"])
    op.create_table(
        "game_team",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "room_id",
            sa.String(32),
            sa.ForeignKey("game_room.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("joined", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("token_hash", name="uq_game_team_token_hash"),
    )
    op.create_index("uq_game_team_room_name", "game_team", ["room_id", "name_key"], unique=True)
    op.create_table(
        "game_chain",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "room_id",
            sa.String(32),
            sa.ForeignKey("game_room.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "team_id",
            sa.String(32),
            sa.ForeignKey("game_team.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("links", sa.Text(), nullable=False),
        sa.Column("difficulties", sa.Text(), nullable=False),
        sa.Column("score", sa.Text(), nullable=True),
        sa.Column("submission", sa.String(64), nullable=False),
        sa.Column("last_submission", sa.String(64), nullable=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_game_chain_room_id", "game_chain", ["room_id"])
    op.create_index(
        "uq_game_chain_team_submission", "game_chain", ["team_id", "submission"], unique=True
    )


    op.create_table(
        "game_submission",
        sa.Column(
            "team_id",
            sa.String(32),
            sa.ForeignKey("game_team.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("submission", sa.String(64), primary_key=True),
        sa.Column(
            "chain_id",
            sa.String(32),
            sa.ForeignKey("game_chain.id", ondelete="CASCADE"),
            nullable=False,
        ),
    )


def downgrade() -> None:
    op.drop_table("game_submission")
    op.drop_table("game_chain")
    op.drop_table("game_team")
    op.drop_table("game_room")
