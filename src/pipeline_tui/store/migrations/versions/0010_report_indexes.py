"""Indexes the reports (issue 15) read: the pool journey at a million pool members, handoffs without a pass
over every application, and "was this change undone?" as one probe.

Only indexes: every row is kept as it is.

- ix_pool_member_pool_status gains added_at: a pool's members per status in a date range from the index.
- ix_pool_member_new (partial, members still new): in person order, so the journey's check "touched since
  joining" probes ix_activity_candidate_at in key order.
- ix_application_origin_pool (partial, handed-off applications): a pool's handoffs.
- ix_stage_event_undoes (partial, undo events): the undo of an event, if any.
- ix_stage_event_application gains action, to_stage_id and to_status: the funnel's pass over each application's
  events reads the index alone.
- ix_stage_event_reopen (partial, reopen events): time in stage finds reopens without a scan.

Revision ID: 0010_report_indexes
Revises: 0009_nurture
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_report_indexes"
down_revision: str | None = "0009_nurture"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_MEMBER = "status = 'new'"
HANDED_OFF = "origin_pool_id IS NOT NULL"
UNDO = "undoes_event_id IS NOT NULL"
REOPEN = "action = 'reopen'"


def _partial(name: str, table: str, columns: list[str], where: str) -> None:
    op.create_index(
        name, table, columns, unique=False, sqlite_where=sa.text(where), postgresql_where=sa.text(where)
    )


def upgrade() -> None:
    op.drop_index("ix_pool_member_pool_status", table_name="pool_member")
    op.create_index(
        "ix_pool_member_pool_status", "pool_member", ["pool_id", "status", "added_at"], unique=False
    )
    _partial(
        "ix_pool_member_new", "pool_member", ["candidate_id", "added_at", "pool_id", "status"], NEW_MEMBER
    )
    _partial("ix_application_origin_pool", "application", ["origin_pool_id", "candidate_id"], HANDED_OFF)
    _partial("ix_stage_event_undoes", "stage_event", ["undoes_event_id"], UNDO)
    op.drop_index("ix_stage_event_application", table_name="stage_event")
    op.create_index(
        "ix_stage_event_application",
        "stage_event",
        ["application_id", "id", "action", "to_stage_id", "to_status"],
    )
    _partial("ix_stage_event_reopen", "stage_event", ["application_id", "id"], REOPEN)


def downgrade() -> None:
    op.drop_index("ix_stage_event_reopen", table_name="stage_event")
    op.drop_index("ix_stage_event_application", table_name="stage_event")
    op.create_index("ix_stage_event_application", "stage_event", ["application_id", "id"], unique=False)
    op.drop_index("ix_stage_event_undoes", table_name="stage_event")
    op.drop_index("ix_application_origin_pool", table_name="application")
    op.drop_index("ix_pool_member_new", table_name="pool_member")
    op.drop_index("ix_pool_member_pool_status", table_name="pool_member")
    op.create_index("ix_pool_member_pool_status", "pool_member", ["pool_id", "status"], unique=False)
