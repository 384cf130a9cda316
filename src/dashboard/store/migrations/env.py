"""Alembic environment of the shared database: runs on the connection `db.migrate` hands over
(which holds the lock that keeps two processes from migrating at once)."""

from __future__ import annotations

from alembic import context

from dashboard.store.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
