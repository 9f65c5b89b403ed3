"""The SQL the funnel, time in stage and rejection reasons share, so the three agree on which jobs they
cover, what each stage is called and where a closed application closed.

These read stage_event straight through its indexes with the cohort's condition on `application a`, rather
than through history.cohort_ctes' materialized `history`: at benchmark size that copy alone is most of the
500 ms budget. The rule is the same: an undo, and the event it undid (`undone`), never count.

CTE text here follows `WITH undone AS (...)` in one WITH clause (each piece starts with a comma). Stage
keys: a stage that still exists is keyed by its id (`sid`, `rname` ''); a removed one, whose events lost
their stage id, by the name the events copied (`sid` 0, `rname` that name).
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from pipeline_tui.core.report_range import ReportFilter
from pipeline_tui.store.reports.history import cohort_filter

UNDONE_CTE = """undone AS (
    SELECT u.undoes_event_id AS id FROM stage_event u
    WHERE u.action = 'undo' AND u.undoes_event_id IS NOT NULL
)"""


def effective(alias: str) -> str:
    """The condition that the stage_event `alias` counts: not an undo, and not undone."""
    return f"{alias}.action <> 'undo' AND {alias}.id NOT IN (SELECT id FROM undone)"


def cohort_where(f: ReportFilter, zone: ZoneInfo) -> tuple[str, dict[str, Any]]:
    """The cohort's condition on `application a` (history.cohort_filter), and its parameters."""
    return cohort_filter(f, zone, "a")


def scope_cte(f: ReportFilter, where: str) -> str:
    """`scope(id, title)`: the job asked for (even with no application in the range), else every job with an
    application in the cohort (`where`, on `application a`)."""
    if f.job_id is not None:
        return ",\nscope AS (SELECT j.id, j.title FROM job j WHERE j.id = :job_id)"
    return f""",
scope AS (
    SELECT j.id, j.title FROM job j
    WHERE EXISTS (SELECT 1 FROM application a WHERE a.job_id = j.id AND {where})
)"""


# The position an event took its application to, when that was progress: removing a stage moves every
# application in it to another one, the closed ones too, and a rejected person carried into "Interview" by
# that bookkeeping never reached it. So a move of a closed application counts for nothing, and a closed
# application's current stage neither (the stage it closed in is its reject's or withdraw's).
_PROGRESS = "(CASE WHEN e.action = 'move' AND e.to_status IN ('rejected', 'withdrawn') THEN NULL ELSE st.position END)"


def per_app_cte(where: str) -> str:
    """`per_app(id, job_id, status, top, closed_by)`: each cohort application once, with the furthest
    position it reached in the job's current order (over the stages its counted events took it to, and the
    one it is in) and its last counted reject or withdraw. One pass over each application's events."""
    return f""",
per_app AS (
    SELECT a.id, a.job_id, a.status,
           COALESCE(MAX(CASE
               WHEN a.status IN ('active', 'hired') AND ({_PROGRESS} IS NULL OR cs.position > {_PROGRESS})
               THEN cs.position ELSE {_PROGRESS} END), MAX(cs.position)) AS top,
           MAX(CASE WHEN e.action IN ('reject', 'withdraw') THEN e.id END) AS closed_by
    FROM application a
    JOIN stage cs ON cs.id = a.stage_id
    LEFT JOIN stage_event e ON e.application_id = a.id AND {effective("e")}
    LEFT JOIN stage st ON st.id = e.to_stage_id
    WHERE {where}
    GROUP BY a.id
)"""


def closed_apps_cte(where: str) -> str:
    """`per_app(id, job_id, status, closed_by)` of the closed cohort applications only: what CLOSING_CTE
    needs when the furthest stage is not asked for (the rejection reasons)."""
    return f""",
per_app AS (
    SELECT a.id, a.job_id, a.status, MAX(e.id) AS closed_by
    FROM application a
    JOIN stage_event e ON e.application_id = a.id AND e.action IN ('reject', 'withdraw')
         AND e.id NOT IN (SELECT id FROM undone)
    WHERE a.status IN ('rejected', 'withdrawn') AND {where}
    GROUP BY a.id
)"""


def named_cte(where: str) -> str:
    """`named(id, job_id, position, name)`: the scope's current stages, each under the name of the cohort's
    most recent (latest at, then id) counted event into it: a stage renamed since reports under the name
    it had; one no cohort event went into, under its name now. An index walk per stage
    (ix_stage_event_to_stage), stopping at the first counted event of the cohort."""
    return f""",
named AS (
    SELECT st.id, st.job_id, st.position, COALESCE((
        SELECT e.to_stage_name FROM stage_event e JOIN application a ON a.id = e.application_id
        WHERE e.to_stage_id = st.id AND {effective("e")} AND {where}
        ORDER BY e.at DESC, e.id DESC LIMIT 1
    ), st.name) AS name
    FROM stage st JOIN scope ON scope.id = st.job_id
)"""


# Where each closed (rejected or withdrawn) cohort application closed: its last counted reject or withdraw,
# at that event's from stage. The funnel's rejected/withdrawn and the rejection reasons both count exactly
# these rows, so they always sum the same.
CLOSING_CTE = """,
closing AS (
    SELECT p.job_id, e.action, e.reason_id,
           COALESCE(e.from_stage_id, 0) AS sid,
           CASE WHEN e.from_stage_id IS NULL THEN e.from_stage_name ELSE '' END AS rname
    FROM per_app p JOIN stage_event e ON e.id = p.closed_by
    WHERE p.status IN ('rejected', 'withdrawn')
)"""
