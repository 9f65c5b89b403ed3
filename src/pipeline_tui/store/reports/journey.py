"""Pool journey: per pool, the members who joined it in the range (pool_member.added_at, not the application
cohort) and how far they got, in one statement for every pool.

- handed off: the member has an application with origin_pool_id = this pool (to the job, when one is asked
  for); one person handed to two jobs counts once.
- contacted: pool status past new (contacted, engaged, not interested, converted), a touch activity (a kind
  in TOUCH_KINDS) on or after joining, or handed off. engaged: status engaged or converted, or handed off.
- reached offer: one of those applications reached its job's first offer-or-hired stage (the furthest
  position it was ever in, by effective events or its current stage, is at least that stage's), or is now
  hired (a hire has passed the offer point even when its stage's kind was changed since). hired: one of them
  is now hired. So each count is at most the one before.
- median days to handoff: joined -> the first handoff from this pool (its applied_at), per member; handoff
  -> hire: applied_at -> the last effective hire, per hired application.
Pools by name (in Python, by code point, so both engines list them alike); every pool is listed.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from pipeline_tui.core.report_range import ReportFilter
from pipeline_tui.core.report_records import PoolJourney
from pipeline_tui.core.vocabulary import TOUCH_KINDS, PoolStatus, StageKind
from pipeline_tui.store.dialects import Dialect
from pipeline_tui.store.reports.history import Statement, as_float, days, median_sql

CONTACTED = (PoolStatus.CONTACTED, PoolStatus.ENGAGED, PoolStatus.NOT_INTERESTED, PoolStatus.CONVERTED)
ENGAGED = (PoolStatus.ENGAGED, PoolStatus.CONVERTED)
OFFER_OR_HIRED = (StageKind.OFFER, StageKind.HIRED)


def _words(words: tuple[str, ...]) -> str:
    return ", ".join(f"'{w}'" for w in words)


def _members_where(f: ReportFilter, zone: ZoneInfo) -> tuple[str, dict[str, object]]:
    lo, hi = f.bounds(zone)
    parts, params = ["1 = 1"], {}
    if lo is not None:
        parts.append("m.added_at >= :lo")
        params["lo"] = lo
    if hi is not None:
        parts.append("m.added_at < :hi")
        params["hi"] = hi
    if f.job_id is not None:
        params["job_id"] = f.job_id
    return " AND ".join(parts), params


_HANDOFFS = """
members AS (
    SELECT m.pool_id, m.candidate_id, m.added_at, m.status FROM pool_member m WHERE {members}
),
handoffs AS (
    SELECT a.id, a.origin_pool_id AS pool_id, a.candidate_id, a.job_id, a.stage_id, a.status, a.applied_at
    FROM application a JOIN members m ON m.pool_id = a.origin_pool_id AND m.candidate_id = a.candidate_id
    WHERE a.origin_pool_id IS NOT NULL {of_job}
),
undone AS (
    SELECT u.undoes_event_id AS id FROM stage_event u
    WHERE u.action = 'undo' AND u.undoes_event_id IS NOT NULL
),
events AS (
    SELECT e.application_id, e.to_stage_id, e.to_status, e.at
    FROM stage_event e JOIN handoffs h ON h.id = e.application_id
    WHERE e.action <> 'undo' AND e.id NOT IN (SELECT id FROM undone)
),
positions AS (
    SELECT h.id AS application_id, st.position FROM handoffs h JOIN stage st ON st.id = h.stage_id
    UNION ALL
    SELECT e.application_id, st.position FROM events e JOIN stage st ON st.id = e.to_stage_id
),
furthest AS (
    SELECT application_id, MAX(position) AS position FROM positions GROUP BY application_id
),
offer_stage AS (
    SELECT job_id, MIN(position) AS position FROM stage WHERE kind IN ({offer_kinds}) GROUP BY job_id
),
hire_times AS (
    SELECT application_id, MAX(at) AS at FROM events WHERE to_status = 'hired' GROUP BY application_id
),
per_application AS (
    SELECT h.pool_id, h.candidate_id, h.applied_at,
           CASE WHEN h.status = 'hired' OR f.position >= o.position THEN 1 ELSE 0 END AS reached_offer,
           CASE WHEN h.status = 'hired' THEN 1 ELSE 0 END AS hired,
           CASE WHEN h.status = 'hired' THEN {to_hire} END AS to_hire
    FROM handoffs h
    LEFT JOIN furthest f ON f.application_id = h.id
    LEFT JOIN offer_stage o ON o.job_id = h.job_id
    LEFT JOIN hire_times t ON t.application_id = h.id
),"""

_MEMBERS = """
per_member AS (
    SELECT m.pool_id, m.candidate_id, m.added_at, m.status,
           p.first_at, COALESCE(p.reached_offer, 0) AS reached_offer, COALESCE(p.hired, 0) AS hired
    FROM members m LEFT JOIN (
        SELECT pool_id, candidate_id, MIN(applied_at) AS first_at,
               MAX(reached_offer) AS reached_offer, MAX(hired) AS hired
        FROM per_application GROUP BY pool_id, candidate_id
    ) p ON p.pool_id = m.pool_id AND p.candidate_id = m.candidate_id
),
flags AS (
    SELECT pm.pool_id,
           CASE WHEN pm.first_at IS NOT NULL OR pm.status IN ({contacted}) OR EXISTS (
               SELECT 1 FROM activity act
               WHERE act.candidate_id = pm.candidate_id AND act.at >= pm.added_at AND act.kind IN ({touches})
           ) THEN 1 ELSE 0 END AS contacted,
           CASE WHEN pm.first_at IS NOT NULL OR pm.status IN ({engaged}) THEN 1 ELSE 0 END AS engaged,
           CASE WHEN pm.first_at IS NOT NULL THEN 1 ELSE 0 END AS handed_off,
           pm.reached_offer, pm.hired,
           CASE WHEN pm.first_at IS NOT NULL THEN {to_handoff} END AS to_handoff
    FROM per_member pm
),
counts AS (
    SELECT pool_id, COUNT(*) AS members, SUM(contacted) AS contacted, SUM(engaged) AS engaged,
           SUM(handed_off) AS handed_off, SUM(reached_offer) AS reached_offer, SUM(hired) AS hired
    FROM flags GROUP BY pool_id
),
handoff_days AS ({handoff_median}),
hire_days AS ({hire_median})
SELECT p.id, p.name, COALESCE(c.members, 0) AS members, COALESCE(c.contacted, 0) AS contacted,
       COALESCE(c.engaged, 0) AS engaged, COALESCE(c.handed_off, 0) AS handed_off,
       COALESCE(c.reached_offer, 0) AS reached_offer, COALESCE(c.hired, 0) AS hired,
       hd.median AS to_handoff, hi.median AS to_hire
FROM pool p
LEFT JOIN counts c ON c.pool_id = p.id
LEFT JOIN handoff_days hd ON hd.pool_id = p.id
LEFT JOIN hire_days hi ON hi.pool_id = p.id"""


def statements(dialect: Dialect, f: ReportFilter, zone: ZoneInfo) -> list[Statement]:
    where, params = _members_where(f, zone)
    handoffs = _HANDOFFS.format(
        members=where,
        of_job="AND a.job_id = :job_id" if f.job_id is not None else "",
        offer_kinds=_words(OFFER_OR_HIRED),
        to_hire=days(dialect, "t.at", "h.applied_at"),
    )
    members = _MEMBERS.format(
        contacted=_words(CONTACTED),
        touches=_words(TOUCH_KINDS),
        engaged=_words(ENGAGED),
        to_handoff=days(dialect, "pm.first_at", "pm.added_at"),
        handoff_median=median_sql(
            "(SELECT * FROM flags WHERE to_handoff IS NOT NULL) x", ("pool_id",), "to_handoff"
        ),
        hire_median=median_sql(
            "(SELECT * FROM per_application WHERE to_hire IS NOT NULL) x", ("pool_id",), "to_hire"
        ),
    )
    return [Statement("WITH " + handoffs + members, params)]


def journey(s: Session, dialect: Dialect, f: ReportFilter, zone: ZoneInfo) -> list[PoolJourney]:
    rows = [
        PoolJourney(
            pool=r.name,
            pool_id=int(r.id),
            members=int(r.members),
            contacted=int(r.contacted),
            engaged=int(r.engaged),
            handed_off=int(r.handed_off),
            reached_offer=int(r.reached_offer),
            hired=int(r.hired),
            median_days_to_handoff=as_float(r.to_handoff),
            median_days_handoff_to_hire=as_float(r.to_hire),
        )
        for r in statements(dialect, f, zone)[0].rows(s)
    ]
    return sorted(rows, key=lambda r: (r.pool, r.pool_id))
