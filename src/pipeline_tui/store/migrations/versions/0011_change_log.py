"""The change log (issue 16, team mode): one row per change, written in the same transaction as the change,
that other users' apps follow to see changes as they happen and the activity feed reads.

A new table only: every existing row is kept as it is. The log starts empty: history before this version is
in stage_event, job_event and activity, as before.

Revision ID: 0011_change_log
Revises: 0010_report_indexes
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_change_log"
down_revision: str | None = "0010_report_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "change_log",
        sa.Column("seq", SEQ, autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=True),
        sa.Column("subject", sa.String(length=300), nullable=True),
        sa.Column("detail", sa.String(length=500), nullable=True),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("candidate_id", sa.Integer(), nullable=True),
        sa.Column("origin", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_change_log")),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_change_log_job", "change_log", ["job_id", "seq"], unique=False)
    op.create_index("ix_change_log_actor", "change_log", ["actor_id", "seq"], unique=False)
    op.create_index("ix_change_log_candidate", "change_log", ["candidate_id"], unique=False)
    op.create_index("ix_change_log_at", "change_log", ["at"], unique=False)
    op.create_index("ix_change_log_kind", "change_log", ["kind", "seq"], unique=False)


def downgrade() -> None:
    op.drop_table("change_log")
