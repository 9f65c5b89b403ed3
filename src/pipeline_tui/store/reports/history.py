"""The SQL every report starts from: the cohort and its history read without undone changes.

Reports are text SQL (window functions and CTEs read more plainly than their Core spelling, and the bench
runs the very same statement in raw sqlite3 as its baseline). Each report module builds a `Statement` from
`cohort_ctes` plus its own CTEs and final SELECT; values are always bound parameters, never pasted in.

- `cohort`: the applications whose applied_at is in the range (to the job, or to any job).
- `history`: the cohort's stage events minus every undo and every event an undo reversed (an undo is not
  itself undoable, so one pass is exact).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime, bindparam, text
from sqlalchemy.orm import Session

from pipeline_tui.core.report_range import ReportFilter
from pipeline_tui.store.dialects import Dialect


@dataclass(frozen=True)
class Statement:
    """One report query: its SQL (named :params) and their values (naive UTC datetimes, ints, strings)."""

    sql: str
    params: dict[str, Any] = field(default_factory=dict)

    def rows(self, s: Session) -> list[Any]:
        # Times bound as DateTime: stored the way SQLAlchemy writes them, so SQLite's text order is time order.
        typed = [bindparam(k, type_=DateTime) for k, v in self.params.items() if isinstance(v, datetime)]
        return list(s.execute(text(self.sql).bindparams(*typed), self.params).all())


def cohort_filter(f: ReportFilter, zone: ZoneInfo, alias: str = "a") -> tuple[str, dict[str, Any]]:
    """The WHERE condition picking the cohort's applications (aliased `alias`), and its parameters."""
    lo, hi = f.bounds(zone)
    parts = ["1 = 1"]
    params: dict[str, Any] = {}
    if f.job_id is not None:
        parts.append(f"{alias}.job_id = :job_id")
        params["job_id"] = f.job_id
    if lo is not None:
        parts.append(f"{alias}.applied_at >= :lo")
        params["lo"] = lo
    if hi is not None:
        parts.append(f"{alias}.applied_at < :hi")
        params["hi"] = hi
    return " AND ".join(parts), params


def cohort_ctes(f: ReportFilter, zone: ZoneInfo) -> tuple[str, dict[str, Any]]:
    """`cohort`, `undone` and `history` as the body of a WITH clause (no leading WITH, no trailing comma):

    cohort(id, candidate_id, job_id, stage_id, status, source, origin_pool_id, applied_at)
    history(id, application_id, job_id, action, from_stage_id, from_stage_name, to_stage_id, to_stage_name,
            from_status, to_status, reason_id, prev_stage_entered_at, at)
    """
    where, params = cohort_filter(f, zone)
    sql = f"""
cohort AS (
    SELECT a.id, a.candidate_id, a.job_id, a.stage_id, a.status, a.source, a.origin_pool_id, a.applied_at
    FROM application a WHERE {where}
),
undone AS (
    SELECT u.undoes_event_id AS id FROM stage_event u
    WHERE u.action = 'undo' AND u.undoes_event_id IS NOT NULL
),
history AS (
    SELECT e.id, e.application_id, c.job_id, e.action, e.from_stage_id, e.from_stage_name, e.to_stage_id,
           e.to_stage_name, e.from_status, e.to_status, e.reason_id, e.prev_stage_entered_at, e.at
    FROM stage_event e JOIN cohort c ON c.id = e.application_id
    WHERE e.action <> 'undo' AND e.id NOT IN (SELECT id FROM undone)
)"""
    return sql, params


def median_sql(source: str, groups: tuple[str, ...], value: str) -> str:
    """A SELECT of `groups` + `median` over `source` (a subquery or CTE name with those columns): the middle
    value, or the mean of the two middle ones, by ROW_NUMBER over a window (SQLite has no median aggregate;
    this one spelling runs on both engines)."""
    keys = ", ".join(groups)
    part = f"PARTITION BY {keys}" if groups else ""
    return f"""
SELECT {keys + ", " if groups else ""}AVG(m_value) AS median FROM (
    SELECT {keys + ", " if groups else ""}{value} AS m_value,
           ROW_NUMBER() OVER ({part} ORDER BY {value}) AS m_rn,
           COUNT(*) OVER ({part}) AS m_n
    FROM {source}
) ranked
WHERE m_rn IN ((m_n + 1) / 2, (m_n + 2) / 2)
{"GROUP BY " + keys if groups else ""}"""


def days(dialect: Dialect, later: str, earlier: str) -> str:
    """Fractional days between two SQL time expressions (see Dialect.days_between)."""
    return dialect.days_between(later, earlier)


def as_float(value: object) -> float | None:
    """A SQL number as a float (PostgreSQL hands back Decimal), None kept."""
    return None if value is None else float(value)


def ratio(part: int, whole: int) -> float | None:
    """part / whole; None when whole is 0 (a rate over nothing is unknown, not zero)."""
    return None if not whole else part / whole


def stored_time(value: datetime | str | None) -> datetime | None:
    """A time column as SQLite's text SQL hands it back (a string) or PostgreSQL's (a datetime)."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)
