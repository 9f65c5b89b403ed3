"""Alembic environment: always handed a live connection by runner.py; batch mode so SQLite can ALTER."""

from alembic import context

from pipeline_tui.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
