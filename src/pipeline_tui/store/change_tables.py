"""The change log (migration 0011): one row per change, written in the same transaction as the change.

Append-only: a reader follows it by `seq` from the last number it saw, so one that was away catches up
exactly. `seq` is never reused (AUTOINCREMENT on SQLite, a sequence on PostgreSQL), also after a trim; on
PostgreSQL writers take one advisory lock just before they append, so numbers are committed in order and a
reader never passes a number whose row is still to come (store/change_log.py). No foreign keys: a log row
outlives a deleted pool or job; only a privacy erase (names and details) and a merge (whose person) rewrite
rows. Imported at the end of models.py, so one `Base.metadata` holds every table.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pipeline_tui.core.clock import utcnow
from pipeline_tui.store.models import Base

# SQLite's INTEGER PRIMARY KEY is the rowid (a 64-bit integer); BIGINT elsewhere.
SEQ = BigInteger().with_variant(Integer(), "sqlite")


class ChangeLog(Base):
    __tablename__ = "change_log"

    seq: Mapped[int] = mapped_column(SEQ, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    actor_id: Mapped[int | None] = mapped_column(Integer)
    # The name as it was, as on stage_event: history reads true after a member is renamed.
    actor: Mapped[str | None] = mapped_column(String(200))
    subject: Mapped[str | None] = mapped_column(String(300))
    detail: Mapped[str | None] = mapped_column(String(500))
    job_id: Mapped[int | None] = mapped_column(Integer)
    candidate_id: Mapped[int | None] = mapped_column(Integer)
    # The process that wrote it (Database.origin): a reader skips its own changes.
    origin: Mapped[str | None] = mapped_column(String(32))

    __table_args__ = (
        Index("ix_change_log_job", "job_id", "seq"),
        Index("ix_change_log_actor", "actor_id", "seq"),
        Index("ix_change_log_candidate", "candidate_id"),
        Index("ix_change_log_at", "at"),
        Index("ix_change_log_kind", "kind", "seq"),  # the feed's kind filter and its list of kinds
        {"sqlite_autoincrement": True},
    )
