"""Access: failed facilitator sign-ins (for the rate limit) and company links.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_failure",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("client_hash", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_sign_in_failure_client_hash", "sign_in_failure", ["client_hash"])
    op.create_table(
        "company_link",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("dataset_id", sa.String(200), nullable=False),
        sa.Column("company_id", sa.Text(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_company_link_dataset_id", "company_link", ["dataset_id"])


def downgrade() -> None:
    op.drop_index("ix_company_link_dataset_id", table_name="company_link")
    op.drop_table("company_link")
    op.drop_index("ix_sign_in_failure_client_hash", table_name="sign_in_failure")
    op.drop_table("sign_in_failure")
