"""Time in stage: the median and mean days of completed stays per stage of each job, with n.

One statement. A stay is completed by a counted (not undone) move, reject, withdraw or hire of an active
application; it began when the application entered the stage it leaves (the event's
prev_stage_entered_at, which an undo restores), or, for the first counted event after a reopen, at the
reopen: the days an application spent rejected or hired are not time in a stage. Open stays are left out;
every current stage is listed (n 0: no figures), then removed stages that have stays, under the name they
had.

Reopens are rare, so rather than a window over every event (LAG), each counted reopen finds the one event
that follows it (an index seek per reopen), and the stays are one filtered scan of stage_event.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from pipeline_tui.core.report_range import ReportFilter
from pipeline_tui.core.report_records import StageTime
from pipeline_tui.store.dialects import Dialect
from pipeline_tui.store.reports.cohort_stages import UNDONE_CTE, cohort_where, effective, named_cte, scope_cte
from pipeline_tui.store.reports.history import Statement, as_float, days

# The counted events that end a stay: a move, reject, withdraw or hire of an active application.
_ENDS_STAY = "{e}.action IN ('move', 'reject', 'withdraw', 'hire') AND {e}.from_status = 'active'"

# When the stay the event `e` ends began: at the reopen right before it (an index seek back along the
# application's events, for those few), else when it entered the stage.
_BEGAN = """CASE WHEN e.id IN (SELECT ro.event_id FROM reopened ro) THEN (
        SELECT r.at FROM stage_event r
        WHERE r.application_id = e.application_id AND r.id < e.id AND {counted}
        ORDER BY r.id DESC LIMIT 1
    ) ELSE e.prev_stage_entered_at END"""


def _stay_ctes(dialect: Dialect, where: str) -> str:
    ends = _ENDS_STAY.format(e="e")
    began = _BEGAN.format(counted=effective("r"))
    return f""",
reopened AS (
    SELECT (
        SELECT MIN(nx.id) FROM stage_event nx
        WHERE nx.application_id = r.application_id AND nx.id > r.id AND {effective("nx")}
    ) AS event_id
    FROM stage_event r
    WHERE r.action = 'reopen' AND r.id NOT IN (SELECT id FROM undone)
),
stays AS (
    SELECT a.job_id, e.from_stage_id AS sid, e.from_stage_name AS rname, {days(dialect, "e.at", began)} AS d
    FROM stage_event e JOIN application a ON a.id = e.application_id
    WHERE {ends} AND e.id NOT IN (SELECT id FROM undone) AND {where}
      AND (e.prev_stage_entered_at IS NOT NULL OR e.id IN (SELECT ro.event_id FROM reopened ro))
      AND (e.from_stage_id IS NOT NULL OR e.from_stage_name IS NOT NULL)
),
gone_stays AS MATERIALIZED (SELECT job_id, rname, d FROM stays WHERE sid IS NULL)
{_measured("kept", "stays WHERE sid IS NOT NULL", ("sid",))}{_measured("gone", "gone_stays", ("job_id", "rname"))}"""


def _measured(name: str, source: str, keys: tuple[str, ...]) -> str:
    """`{name}(keys..., mean, n, median)` over the stays `source`: n and mean by GROUP BY, the median from
    one ROW_NUMBER over every stay in (keys, days) order: a group's middle stays are at its offset (the n
    of the groups before it) plus (n + 1) / 2 and (n + 2) / 2. One window without partitions costs SQLite
    less than history.median_sql's two partitioned ones (ROW_NUMBER and COUNT(*) OVER), which at
    benchmark size were most of this report's time; stages that still exist are keyed by their id alone
    (`sid`), which sorts far faster than a text key."""
    cols = ", ".join(keys)
    return f""",
{name}_spread AS (SELECT {cols}, AVG(d) AS mean, COUNT(*) AS n FROM {source} GROUP BY {cols}),
{name}_start AS MATERIALIZED (
    SELECT {cols}, mean, n, SUM(n) OVER (ORDER BY {cols} ROWS UNBOUNDED PRECEDING) - n AS before
    FROM {name}_spread
),
{name}_ranked AS (SELECT {cols}, d, ROW_NUMBER() OVER (ORDER BY {cols}, d) AS rn FROM {source}),
{name}_middle AS (
    SELECT {cols}, d FROM {name}_ranked
    WHERE rn IN (
        SELECT before + (n + 1) / 2 FROM {name}_start UNION SELECT before + (n + 2) / 2 FROM {name}_start
    )
),
{name} AS (
    SELECT {cols}, MAX(mean) AS mean, MAX(n) AS n, AVG(d) AS median FROM (
        SELECT {cols}, mean, n, NULL AS d FROM {name}_start
        UNION ALL
        SELECT {cols}, NULL, NULL, d FROM {name}_middle
    ) halves
    GROUP BY {cols}
)"""


_SELECT = """
SELECT scope.title, scope.id AS job_id, 0 AS removed, ns.position, ns.name,
       k.median, k.mean, COALESCE(k.n, 0) AS n
FROM named ns
JOIN scope ON scope.id = ns.job_id
LEFT JOIN kept k ON k.sid = ns.id
UNION ALL
SELECT scope.title, scope.id, 1, NULL, g.rname, g.median, g.mean, g.n
FROM gone g
JOIN scope ON scope.id = g.job_id
ORDER BY 1, 2, 3, 4, 5"""


def statements(dialect: Dialect, f: ReportFilter, zone: ZoneInfo) -> list[Statement]:
    """The one statement time in stage runs: a row per stage of each job in scope, in order."""
    where, params = cohort_where(f, zone)
    sql = f"WITH {UNDONE_CTE}{scope_cte(f, where)}{named_cte(where)}{_stay_ctes(dialect, where)}{_SELECT}"
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
