"""Hiring: hires, time to hire, time to fill and offer acceptance, in one statement (one row back).

- `hire_times`: every application now hired (of the job, when one is asked for), whether it is in the cohort,
  and the time of its last effective hire -- the latest event into the hired status that was not undone (a
  hire, or an opening straight into a hired stage). An undone hire and a hire that a reopen took back leave
  the re-hire as the one counted. Read from the hired applications alone (ix_application_status_candidate),
  their own events and the undo of each (ix_stage_event_undoes), never the whole cohort or log.
- Time to hire: the cohort's hired applications, applied_at -> that time.
- Time to fill: per job with opened_at, its hires ranked by time (ROW_NUMBER over the job; ties by id): the
  headcount-th fills it, opened_at -> that hire, counted when the filling application is in the cohort.
  Hires of the job from outside the cohort still take their place in the order.
- Offer acceptance: the cohort's offers, accepted / (accepted + declined + expired); rescinded, draft and
  offers still out are no answer.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from pipeline_tui.core.report_range import ReportFilter
from pipeline_tui.core.report_records import DaysSummary, HiringReport
from pipeline_tui.store.dialects import Dialect
from pipeline_tui.store.reports.history import Statement, as_float, cohort_filter, days, median_sql, ratio

_SELECT = """
SELECT
    (SELECT COUNT(*) FROM hire_times WHERE in_cohort = 1) AS hired,
    ({hire_median}) AS hire_median,
    (SELECT AVG(d) FROM to_hire) AS hire_mean,
    (SELECT COUNT(*) FROM to_hire) AS hire_n,
    ({fill_median}) AS fill_median,
    (SELECT AVG(d) FROM to_fill) AS fill_mean,
    (SELECT COUNT(*) FROM to_fill) AS fill_n,
    (SELECT COUNT(*) FROM offers WHERE status = 'accepted') AS accepted,
    (SELECT COUNT(*) FROM offers WHERE status IN ('accepted', 'declined', 'expired')) AS answered"""


def statements(dialect: Dialect, f: ReportFilter, zone: ZoneInfo) -> list[Statement]:
    in_cohort, params = cohort_filter(f, zone, "a")
    of_job = "AND a.job_id = :job_id" if f.job_id is not None else ""
    sql = f"""
WITH hire_times AS (
    SELECT a.id AS application_id, a.job_id, a.applied_at,
           CASE WHEN {in_cohort} THEN 1 ELSE 0 END AS in_cohort,
           (SELECT MAX(e.at) FROM stage_event e
            WHERE e.application_id = a.id AND e.to_status = 'hired' AND e.action <> 'undo'
              AND NOT EXISTS (SELECT 1 FROM stage_event u WHERE u.undoes_event_id = e.id)) AS hired_at
    FROM application a WHERE a.status = 'hired' {of_job}
),
to_hire AS (
    SELECT {days(dialect, "h.hired_at", "h.applied_at")} AS d
    FROM hire_times h WHERE h.in_cohort = 1 AND h.hired_at IS NOT NULL
),
nth_hire AS (
    SELECT h.application_id, h.job_id, h.hired_at, h.in_cohort,
           ROW_NUMBER() OVER (PARTITION BY h.job_id ORDER BY h.hired_at, h.application_id) AS nth
    FROM hire_times h WHERE h.hired_at IS NOT NULL
),
to_fill AS (
    SELECT {days(dialect, "n.hired_at", "j.opened_at")} AS d
    FROM nth_hire n JOIN job j ON j.id = n.job_id
    WHERE j.opened_at IS NOT NULL AND n.nth = j.headcount AND n.in_cohort = 1
),
offers AS (
    SELECT o.status FROM offer o JOIN application a ON a.id = o.application_id WHERE {in_cohort}
)""" + _SELECT.format(hire_median=median_sql("to_hire", (), "d"), fill_median=median_sql("to_fill", (), "d"))
    return [Statement(sql, params)]


def hiring(s: Session, dialect: Dialect, f: ReportFilter, zone: ZoneInfo) -> HiringReport:
    (row,) = statements(dialect, f, zone)[0].rows(s)
    return HiringReport(
        hired=int(row.hired),
        time_to_hire_days=_summary(row.hire_median, row.hire_mean, row.hire_n),
        time_to_fill_days=_summary(row.fill_median, row.fill_mean, row.fill_n),
        offer_acceptance_rate=ratio(int(row.accepted), int(row.answered)),
        offers_answered=int(row.answered),
    )


def _summary(median: object, mean: object, n: object) -> DaysSummary:
    return DaysSummary(median=as_float(median), mean=as_float(mean), n=int(n or 0))
