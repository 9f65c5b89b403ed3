"""The funnel: per stage of each job, how many applications of the cohort reached it, were rejected or
withdrew there, and how many of them went on to the next stage.

One statement. "Reached S" is "got at least as far as S in the job's current order": each application's
furthest position (over the stages it entered without an undo, and the one it is in) is counted once, and a
running sum from the last stage back gives every stage's reached, so a skipped stage counts as passed and a
re-entered one counts once. A removed stage is listed after the job's own, reached by the applications
that were ever in it.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from pipeline_tui.core.report_range import ReportFilter
from pipeline_tui.core.report_records import FunnelStage, JobFunnel
from pipeline_tui.store.dialects import Dialect
from pipeline_tui.store.reports.cohort_stages import (
    CLOSING_CTE,
    UNDONE_CTE,
    cohort_where,
    effective,
    named_cte,
    per_app_cte,
    scope_cte,
)
from pipeline_tui.store.reports.history import Statement, ratio

_FUNNEL_CTES = """,
tops AS (SELECT job_id, top, COUNT(*) AS n FROM per_app GROUP BY job_id, top),
closed_at AS (
    SELECT job_id, sid, rname,
           SUM(CASE WHEN action = 'reject' THEN 1 ELSE 0 END) AS rejected,
           SUM(CASE WHEN action = 'withdraw' THEN 1 ELSE 0 END) AS withdrawn
    FROM closing GROUP BY job_id, sid, rname
),"""


def _removed_cte(where: str) -> str:
    """Removed stages (their events' stage id is NULL) by the name the events copied, reached by the
    applications ever in them."""
    return f"""
removed AS (
    SELECT a.job_id, e.to_stage_name AS name, COUNT(DISTINCT e.application_id) AS reached
    FROM stage_event e JOIN application a ON a.id = e.application_id
    WHERE e.to_stage_id IS NULL AND e.to_stage_name IS NOT NULL AND {effective("e")} AND {where}
    GROUP BY a.job_id, e.to_stage_name
)"""


# Every application's furthest position is some current stage's, so the running sum of `tops` from the
# last stage back is each stage's reached, and its total (over the job) the job's applications.
_FUNNEL_SELECT = """
SELECT scope.title, scope.id AS job_id, SUM(COALESCE(t.n, 0)) OVER (PARTITION BY ns.job_id) AS applications,
       0 AS removed, ns.position, ns.name,
       SUM(COALESCE(t.n, 0)) OVER (
           PARTITION BY ns.job_id ORDER BY ns.position DESC ROWS UNBOUNDED PRECEDING
       ) AS reached,
       COALESCE(ca.rejected, 0) AS rejected, COALESCE(ca.withdrawn, 0) AS withdrawn
FROM named ns
JOIN scope ON scope.id = ns.job_id
LEFT JOIN tops t ON t.job_id = ns.job_id AND t.top = ns.position
LEFT JOIN closed_at ca ON ca.job_id = ns.job_id AND ca.sid = ns.id
UNION ALL
SELECT scope.title, scope.id, 0, 1, NULL, r.name, r.reached, COALESCE(ca.rejected, 0), COALESCE(ca.withdrawn, 0)
FROM removed r
JOIN scope ON scope.id = r.job_id
LEFT JOIN closed_at ca ON ca.job_id = r.job_id AND ca.sid = 0 AND ca.rname = r.name
ORDER BY 1, 2, 4, 5, 6"""


def statements(dialect: Dialect, f: ReportFilter, zone: ZoneInfo) -> list[Statement]:
    """The one statement the funnel runs: a row per stage of each job in scope, in order."""
    where, params = cohort_where(f, zone)
    sql = (
        f"WITH {UNDONE_CTE}{per_app_cte(where)}{scope_cte(f, where)}{named_cte(where)}{CLOSING_CTE}"
        f"{_FUNNEL_CTES}{_removed_cte(where)}{_FUNNEL_SELECT}"
    )
    return [Statement(sql, params)]


def job_funnels(s: Session, dialect: Dialect, f: ReportFilter, zone: ZoneInfo) -> list[JobFunnel]:
    """One funnel per job in scope (by title), its stages in the job's order, removed stages after."""
    (funnel,) = statements(dialect, f, zone)
    by_job: dict[int, list[Any]] = {}
    for row in funnel.rows(s):
        by_job.setdefault(row.job_id, []).append(row)
    return [_job_funnel(rows, f) for rows in by_job.values()]


def _job_funnel(rows: list[Any], f: ReportFilter) -> JobFunnel:
    current = [r for r in rows if not r.removed]
    stages = [
        FunnelStage(
            stage=r.name,
            reached=int(r.reached),
            rejected=int(r.rejected),
            withdrawn=int(r.withdrawn),
            conversion_to_next=(
                ratio(int(current[i + 1].reached), int(r.reached)) if i + 1 < len(current) else None
            ),
        )
        for i, r in enumerate(current)
    ]
    stages += [
        FunnelStage(
            stage=r.name,
            reached=int(r.reached),
            rejected=int(r.rejected),
            withdrawn=int(r.withdrawn),
            removed=True,
        )
        for r in rows
        if r.removed
    ]
    first = rows[0]
    return JobFunnel(
        job=first.title,
        job_id=first.job_id,
        start=f.start,
        end=f.end,
        applications=int(first.applications),
        stages=tuple(stages),
    )
