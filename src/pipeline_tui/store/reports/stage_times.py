"""Time in stage: the median and mean days of completed stays per stage of each job, with n.

One statement. A stay is completed by a (not undone) move, reject, withdraw or hire of an active
application; it began when the application entered the stage it leaves (the event's
prev_stage_entered_at, which an undo restores), or, right after a reopen, at the reopen: the days an
application spent rejected or hired are not time in a stage. LAG over each application's own history (in
id order) finds that reopen. Open stays are left out; every current stage is listed (n 0: no figures),
then removed stages that have stays, under the name they had.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from pipeline_tui.core.report_range import ReportFilter
from pipeline_tui.core.report_records import StageTime
from pipeline_tui.store.dialects import Dialect
from pipeline_tui.store.reports.cohort_stages import NAMED_STAGES_CTE, scope_cte
from pipeline_tui.store.reports.history import Statement, as_float, cohort_ctes, days, median_sql

_BEGAN = "CASE WHEN prev_action = 'reopen' THEN prev_at ELSE prev_stage_entered_at END"


def _stay_ctes(dialect: Dialect) -> str:
    return f""",
steps AS (
    SELECT h.job_id, h.action, h.from_stage_id, h.from_stage_name, h.from_status, h.at,
           h.prev_stage_entered_at,
           LAG(h.action) OVER (PARTITION BY h.application_id ORDER BY h.id) AS prev_action,
           LAG(h.at) OVER (PARTITION BY h.application_id ORDER BY h.id) AS prev_at
    FROM history h
),
stays AS (
    SELECT job_id, COALESCE(from_stage_id, 0) AS sid,
           CASE WHEN from_stage_id IS NULL THEN from_stage_name ELSE '' END AS rname,
           {days(dialect, "at", _BEGAN)} AS d
    FROM steps
    WHERE action IN ('move', 'reject', 'withdraw', 'hire') AND from_status = 'active'
      AND ({_BEGAN}) IS NOT NULL
      AND (from_stage_id IS NOT NULL OR from_stage_name IS NOT NULL)
),
spread AS (SELECT job_id, sid, rname, AVG(d) AS mean, COUNT(*) AS n FROM stays GROUP BY job_id, sid, rname),
middle AS ({median_sql("stays", ("job_id", "sid", "rname"), "d")})"""


_SELECT = """
SELECT scope.title, scope.id AS job_id, 0 AS removed, ns.position, ns.name,
       m.median, sp.mean, COALESCE(sp.n, 0) AS n
FROM named ns
JOIN scope ON scope.id = ns.job_id
LEFT JOIN spread sp ON sp.job_id = ns.job_id AND sp.sid = ns.id
LEFT JOIN middle m ON m.job_id = sp.job_id AND m.sid = sp.sid AND m.rname = sp.rname
UNION ALL
SELECT scope.title, scope.id, 1, NULL, sp.rname, m.median, sp.mean, sp.n
FROM spread sp
JOIN scope ON scope.id = sp.job_id
JOIN middle m ON m.job_id = sp.job_id AND m.sid = sp.sid AND m.rname = sp.rname
WHERE sp.sid = 0
ORDER BY 1, 2, 3, 4, 5"""


def statements(dialect: Dialect, f: ReportFilter, zone: ZoneInfo) -> list[Statement]:
    """The one statement time in stage runs: a row per stage of each job in scope, in order."""
    ctes, params = cohort_ctes(f, zone)
    sql = f"WITH {ctes}{scope_cte(f)}{NAMED_STAGES_CTE}{_stay_ctes(dialect)}{_SELECT}"
    return [Statement(sql, params)]


def stage_times(s: Session, dialect: Dialect, f: ReportFilter, zone: ZoneInfo) -> list[StageTime]:
    """Every stage of each job in scope (jobs by title), in the job's order, removed stages after."""
    (times,) = statements(dialect, f, zone)
    return [
        StageTime(
            job=r.title,
            job_id=r.job_id,
            stage=r.name,
            median_days=as_float(r.median),
            mean_days=as_float(r.mean),
            n=int(r.n),
        )
        for r in times.rows(s)
    ]
