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

The SQL never goes member by member through all of a pool's people: counts per pool and status come from
ix_pool_member_pool_status alone; only members still new are checked for a touch, walked in person order
(ix_pool_member_new) so the probes of ix_activity_candidate_at go in key order; the handed-off members (few)
are found from the applications with an origin pool.
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


def _added_in(f: ReportFilter, zone: ZoneInfo, added: str) -> tuple[str, dict[str, object]]:
    """The condition "joined in the range" on the SQL expression `added`, and its parameters."""
    lo, hi = f.bounds(zone)
    parts, params = ["1 = 1"], {}
    if lo is not None:
        parts.append(f"{added} >= :lo")
        params["lo"] = lo
    if hi is not None:
        parts.append(f"{added} < :hi")
        params["hi"] = hi
    return " AND ".join(parts), params


# An effective event `e`: not an undo, and not undone (a probe of ix_stage_event_undoes, never a pass over
# the whole log).
_EFFECTIVE = """e.action <> 'undo'
                AND NOT EXISTS (SELECT 1 FROM stage_event u WHERE u.undoes_event_id = e.id)"""

_HANDOFFS = """
handoffs AS (
    SELECT a.id, a.origin_pool_id AS pool_id, a.candidate_id, a.status, a.applied_at,
           m.added_at, m.status AS member_status,
           (SELECT cur.position FROM stage cur WHERE cur.id = a.stage_id) AS position,
           (SELECT MIN(o.position) FROM stage o WHERE o.job_id = a.job_id AND o.kind IN ({offer_kinds}))
               AS offer_position
    FROM application a
    JOIN pool_member m ON m.pool_id = a.origin_pool_id AND m.candidate_id = a.candidate_id
    WHERE a.origin_pool_id IS NOT NULL AND {members} {of_job}
),
per_application AS (
    SELECT h.pool_id, h.candidate_id, h.added_at, h.member_status, h.applied_at,
           CASE WHEN h.status = 'hired' OR h.offer_position <= h.position OR h.offer_position <= (
               SELECT MAX(st.position) FROM stage_event e JOIN stage st ON st.id = e.to_stage_id
               WHERE e.application_id = h.id AND {effective}
           ) THEN 1 ELSE 0 END AS reached_offer,
           CASE WHEN h.status = 'hired' THEN 1 ELSE 0 END AS hired,
           CASE WHEN h.status = 'hired' THEN (
               SELECT {to_hire} FROM stage_event e
               WHERE e.application_id = h.id AND e.to_status = 'hired' AND {effective}
           ) END AS to_hire
    FROM handoffs h
),"""

_MEMBERS = """
by_status AS (
    SELECT m.pool_id, m.status, COUNT(*) AS n FROM pool_member m WHERE {members} GROUP BY m.pool_id, m.status
),
status_counts AS (
    SELECT pool_id, SUM(n) AS members,
           SUM(CASE WHEN status IN ({contacted}) THEN n ELSE 0 END) AS contacted,
           SUM(CASE WHEN status IN ({engaged}) THEN n ELSE 0 END) AS engaged
    FROM by_status GROUP BY pool_id
),
touched_new AS (
    SELECT +m.pool_id AS pool_id, COUNT(*) AS n FROM pool_member m
    WHERE m.status = 'new' AND {new_members} AND {touched}
    GROUP BY +m.pool_id
),
handed AS (
    SELECT m.pool_id, {to_handoff} AS to_handoff, m.reached_offer, m.hired,
           CASE WHEN m.status = 'new' AND NOT {touched} THEN 1 ELSE 0 END AS contacted,
           CASE WHEN m.status IN ({engaged}) THEN 0 ELSE 1 END AS engaged
    FROM (
        SELECT pool_id, candidate_id, MIN(added_at) AS added_at, MIN(member_status) AS status,
               MIN(applied_at) AS first_at, MAX(reached_offer) AS reached_offer, MAX(hired) AS hired
        FROM per_application GROUP BY pool_id, candidate_id
    ) m
),
handed_counts AS (
    SELECT pool_id, COUNT(*) AS handed_off, SUM(contacted) AS contacted, SUM(engaged) AS engaged,
           SUM(reached_offer) AS reached_offer, SUM(hired) AS hired
    FROM handed GROUP BY pool_id
),
handoff_days AS ({handoff_median}),
hire_days AS ({hire_median})
SELECT p.id, p.name, COALESCE(c.members, 0) AS members,
       COALESCE(c.contacted, 0) + COALESCE(t.n, 0) + COALESCE(h.contacted, 0) AS contacted,
       COALESCE(c.engaged, 0) + COALESCE(h.engaged, 0) AS engaged,
       COALESCE(h.handed_off, 0) AS handed_off,
       COALESCE(h.reached_offer, 0) AS reached_offer, COALESCE(h.hired, 0) AS hired,
       hd.median AS to_handoff, hi.median AS to_hire
FROM pool p
LEFT JOIN status_counts c ON c.pool_id = p.id
LEFT JOIN touched_new t ON t.pool_id = p.id
LEFT JOIN handed_counts h ON h.pool_id = p.id
LEFT JOIN handoff_days hd ON hd.pool_id = p.id
LEFT JOIN hire_days hi ON hi.pool_id = p.id"""

# A touch on or after joining: a correlated probe of ix_activity_candidate_at for member `m`.
_TOUCHED = """EXISTS (
        SELECT 1 FROM activity act
        WHERE act.candidate_id = m.candidate_id AND act.at >= m.added_at AND act.kind IN ({touches})
    )"""


def statements(dialect: Dialect, f: ReportFilter, zone: ZoneInfo) -> list[Statement]:
    where, params = _added_in(f, zone, "m.added_at")
    # Written so SQLite's planner walks ix_pool_member_new (person order) rather than seeking the status
    # index pool by pool: the range as an expression, the grouping as one (`+`; a no-op on both engines).
    new_members, _ = _added_in(f, zone, "COALESCE(m.added_at, m.added_at)")
    if f.job_id is not None:
        params["job_id"] = f.job_id
    handoffs = _HANDOFFS.format(
        members=where,
        of_job="AND a.job_id = :job_id" if f.job_id is not None else "",
        offer_kinds=_words(OFFER_OR_HIRED),
        effective=_EFFECTIVE,
        to_hire=f"MAX({days(dialect, 'e.at', 'h.applied_at')})",
    )
    members = _MEMBERS.format(
        members=where,
        new_members=new_members,
        contacted=_words(CONTACTED),
        engaged=_words(ENGAGED),
        touched=_TOUCHED.format(touches=_words(TOUCH_KINDS)),
        to_handoff=days(dialect, "m.first_at", "m.added_at"),
        handoff_median=median_sql("handed", ("pool_id",), "to_handoff"),
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
