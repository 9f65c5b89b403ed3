"""The pieces the funnel, time in stage and rejection reasons share, so the three agree on which jobs they
cover, what each stage is called and where a closed application closed.

Each function returns CTE text to follow `history.cohort_ctes` in one WITH clause (a leading comma, no
trailing one). Stage keys: a stage that still exists is keyed by its id (`sid`, with `rname` ''); a removed
one, whose events lost their stage id, by its name (`sid` 0, `rname` the name the event copied).
"""

from __future__ import annotations

from pipeline_tui.core.report_range import ReportFilter


def scope_cte(f: ReportFilter) -> str:
    """`scope(id, title)`: the job asked for (even with no application in the range), else every job with an
    application in the cohort."""
    if f.job_id is not None:
        return ",\nscope AS (SELECT j.id, j.title FROM job j WHERE j.id = :job_id)"
    return ",\nscope AS (SELECT j.id, j.title FROM job j WHERE j.id IN (SELECT c.job_id FROM cohort c))"


# The scope's current stages in order, each under the name of the cohort's latest (not undone) event into
# it: a stage renamed since reports under the name it had; one nobody entered, under its name now.
NAMED_STAGES_CTE = """,
last_into AS (
    SELECT h.to_stage_id AS stage_id, MAX(h.id) AS event_id
    FROM history h WHERE h.to_stage_id IS NOT NULL GROUP BY h.to_stage_id
),
named AS (
    SELECT st.id, st.job_id, st.position, COALESCE(e.to_stage_name, st.name) AS name
    FROM stage st
    JOIN scope ON scope.id = st.job_id
    LEFT JOIN last_into li ON li.stage_id = st.id
    LEFT JOIN stage_event e ON e.id = li.event_id
)"""

# Where each closed (rejected or withdrawn) application of the cohort closed: its last not-undone reject or
# withdraw, at that event's from stage. The funnel's rejected/withdrawn and the rejection reasons both count
# exactly these rows, so they always sum the same.
CLOSING_CTE = """,
closing AS (
    SELECT ranked.job_id, ranked.action, ranked.reason_id,
           COALESCE(ranked.from_stage_id, 0) AS sid,
           CASE WHEN ranked.from_stage_id IS NULL THEN ranked.from_stage_name ELSE '' END AS rname
    FROM (
        SELECT h.job_id, h.action, h.reason_id, h.from_stage_id, h.from_stage_name,
               ROW_NUMBER() OVER (PARTITION BY h.application_id ORDER BY h.id DESC) AS rn
        FROM history h JOIN cohort c ON c.id = h.application_id
        WHERE h.action IN ('reject', 'withdraw') AND c.status IN ('rejected', 'withdrawn')
    ) ranked
    WHERE ranked.rn = 1
)"""
