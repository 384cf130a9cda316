"""Chain names unique per dataset.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02

Chains that already share a name in a dataset keep it for the oldest; the others are renamed
"name (2)", "name (3)", ... (a number no chain of the dataset uses yet), then a unique index
on (dataset_id, name) keeps it so.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

INDEX = "uq_chain_dataset_name"


def upgrade() -> None:
    bind = op.get_bind()
    chain = sa.table(
        "chain", sa.column("id"), sa.column("name"), sa.column("dataset_id"),
        sa.column("created"),
    )  # fmt: skip
    rows = bind.execute(
        sa.select(chain.c.id, chain.c.name, chain.c.dataset_id).order_by(
            chain.c.dataset_id, chain.c.created, chain.c.id
        )
    ).all()
    taken: dict[str, set[str]] = {}
    for _, name, dataset_id in rows:
        taken.setdefault(dataset_id, set()).add(name)
    seen: set[tuple[str, str]] = set()
    for chain_id, name, dataset_id in rows:
        if (dataset_id, name) not in seen:
            seen.add((dataset_id, name))
            continue
        n = 2
        while f"{name} ({n})" in taken[dataset_id]:
            n += 1
        new = f"{name} ({n})"
        taken[dataset_id].add(new)
        seen.add((dataset_id, new))
        bind.execute(sa.update(chain).where(chain.c.id == chain_id).values(name=new))
    indexes = {index["name"] for index in sa.inspect(bind).get_indexes("chain")}
    if INDEX not in indexes:
        op.create_index(INDEX, "chain", ["dataset_id", "name"], unique=True)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="chain")
