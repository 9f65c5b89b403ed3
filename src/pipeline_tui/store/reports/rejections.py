"""Rejection reasons: closed applications of the cohort by reason, by the stage where they closed, and by
who closed them (rejected by us, or they withdrew).

One statement over the very rows the funnel counts as rejected and withdrawn (cohort_stages.CLOSING_CTE:
each closed application's last not-undone reject or withdraw), so the counts here sum to the funnel's.
Stages are named as in the funnel; stages of different jobs with one name count together.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from pipeline_tui.core.report_range import ReportFilter
from pipeline_tui.core.report_records import RejectionRow
from pipeline_tui.store.dialects import Dialect
from pipeline_tui.store.reports.cohort_stages import (
    CLOSING_CTE,
    UNDONE_CTE,
    closed_apps_cte,
    cohort_where,
    named_cte,
    scope_cte,
)
from pipeline_tui.store.reports.history import Statement

NO_REASON = "(no reason)"

_SELECT = """
SELECT reason, stage, kind, COUNT(*) AS closed FROM (
    SELECT COALESCE(r.name, :no_reason) AS reason,
           CASE WHEN cl.sid = 0 THEN cl.rname ELSE ns.name END AS stage,
           CASE WHEN cl.action = 'reject' THEN 'rejected' ELSE 'withdrew' END AS kind
    FROM closing cl
    LEFT JOIN named ns ON ns.id = cl.sid
    LEFT JOIN rejection_reason r ON r.id = cl.reason_id
) picked
GROUP BY reason, stage, kind
ORDER BY closed DESC, reason, stage, kind"""


def statements(dialect: Dialect, f: ReportFilter, zone: ZoneInfo) -> list[Statement]:
    """The one statement the rejection reasons run."""
    where, params = cohort_where(f, zone)
    sql = f"WITH {UNDONE_CTE}{closed_apps_cte(where)}{scope_cte(f, where)}{named_cte(where)}{CLOSING_CTE}{_SELECT}"
    return [Statement(sql, {**params, "no_reason": NO_REASON})]


def rejections(s: Session, dialect: Dialect, f: ReportFilter, zone: ZoneInfo) -> list[RejectionRow]:
    """Most common first; "(no reason)" when none was given."""
    (closed,) = statements(dialect, f, zone)
    return [
        RejectionRow(reason=r.reason, stage=r.stage, kind=r.kind, count=int(r.closed)) for r in closed.rows(s)
    ]
