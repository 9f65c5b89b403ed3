"""The pool journey on SQLite and PostgreSQL, over a hand-computed history: members who joined in the range,
contacted by a touch logged since joining or by their status, engaged, handed off (once, however many jobs),
reached the offer stage (skipping it counts), hired; the medians from joining to the handoff and from the
handoff to the hire. Every pool is listed; a handoff counts in the pool it came from. And, over random
histories, each count is at most the one before it."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_data import (
    ENGINES,
    day,
    handoff,
    hire,
    job_with_stages,
    move,
    person,
    pool_with,
    reject,
    report_store,
    undo,
)

from pipeline_tui.core.clock import pinned_at
from pipeline_tui.core.report_range import ReportFilter
from pipeline_tui.core.report_records import PoolJourney, ReportKind
from pipeline_tui.services.reports import run_report
from pipeline_tui.store.reports import journey as journey_module

UTC = ZoneInfo("UTC")
ANALYST_STAGES = ("Applied", "Test", "Hired")  # no offer stage: Hired is the first offer-or-hired one


def touch(store, candidate_id: int, at, kind: str = "email") -> None:
    with pinned_at(at):
        store.activities.add(candidate_id, kind, "Hello", at=at)


def set_status(store, pool_id: int, candidate_id: int, status: str) -> None:
    store.pools.set_status(pool_id, [candidate_id], status)


# "Backend bench" (everyone joined d0 unless said):
#   Ann   new; a note (not a touch) d3                                  -> member (handed over from Alumni)
#   Bo    an e-mail d2 (new -> contacted), set back to new d3           -> contacted by the touch
#   Cay   set to contacted, no touch                                    -> contacted by the status
#   Dee   an e-mail d-1, before she joined; new                         -> member
#   Eli   set to engaged                                                -> engaged
#   Noa   set to not interested                                         -> contacted
#   Fay   handed to Backend d4 (Interview d7) and to Data Analyst d6 (rejected d8) -> handed off once;
#         furthest: Interview (before Offer), Applied                   -> not reached offer
#   Gus   joined d1; handed to Backend d5; moved straight to Hired d9 (skips Offer) -> hired
#   Hana  joined d1; handed to Backend d6; Offer d8; rejected d10       -> reached offer
#   Ike   joined d2; handed to Data Analyst d7; hired d9 (Hired is its first offer-or-hired stage)
#   Max   joined d2; handed to Backend d6; Offer d7, undone an hour later -> handed off only
#   Jun   joined d-30; handed to Backend d3; hired d12                  -> outside a January range
#   Lia   joined d20; new                                               -> outside a range to the 20th
# "Alumni": Ann, joined d0, handed to Data Analyst d8. "Design bench": nobody.
def journey_history(store) -> dict[str, int]:
    backend = job_with_stages(store, "Backend Engineer")
    analyst = job_with_stages(store, "Data Analyst", ANALYST_STAGES)
    ids = {"backend": backend.id, "analyst": analyst.id}
    names = ("Ann", "Bo", "Cay", "Dee", "Eli", "Noa", "Fay", "Gus", "Hana", "Ike", "Max", "Jun", "Lia")
    who = {name: person(store, name, at=day(-40)) for name in names}
    touch(store, who["Dee"], day(-1))
    joined = {"Gus": day(1), "Hana": day(1), "Ike": day(2), "Max": day(2), "Jun": day(-30), "Lia": day(20)}
    bench = pool_with(store, "Backend bench", [who[n] for n in names if n not in joined], at=day(0))
    for name, at in joined.items():
        with pinned_at(at):
            store.pools.add_to_pool(bench, [who[name]])
    alumni = pool_with(store, "Alumni", [who["Ann"]], at=day(0))
    store.pools.create_pool("Design bench")
    ids.update(bench=bench, alumni=alumni)

    with pinned_at(day(3)):
        store.activities.add(who["Ann"], "note", "Met at a meetup", at=day(3))
    touch(store, who["Bo"], day(2))
    set_status(store, bench, who["Bo"], "new")
    set_status(store, bench, who["Cay"], "contacted")
    set_status(store, bench, who["Eli"], "engaged")
    set_status(store, bench, who["Noa"], "not_interested")

    jun = handoff(store, backend, who["Jun"], bench, at=day(3))
    fay = handoff(store, backend, who["Fay"], bench, at=day(4))
    gus = handoff(store, backend, who["Gus"], bench, at=day(5))
    hana = handoff(store, backend, who["Hana"], bench, at=day(6))
    mx = handoff(store, backend, who["Max"], bench, at=day(6, 1))
    fay_da = handoff(store, analyst, who["Fay"], bench, at=day(6, 2))
    ike = handoff(store, analyst, who["Ike"], bench, at=day(7))
    handoff(store, analyst, who["Ann"], alumni, at=day(8))
    move(store, fay, "Interview", at=day(7))
    move(store, mx, "Offer", at=day(7))
    undo(store, mx, at=day(7, 1))
    reject(store, fay_da, at=day(8))
    move(store, hana, "Offer", at=day(8))
    move(store, gus, "Hired", at=day(9))
    hire(store, ike, at=day(9))
    reject(store, hana, at=day(10))
    hire(store, jun, at=day(12))
    return ids


@pytest.fixture(scope="module", params=ENGINES)
def history(request, tmp_path_factory):
    with report_store(request.param, tmp_path_factory.mktemp("journey")) as store:
        yield store, journey_history(store)


def rows(found: list[PoolJourney]) -> list[tuple]:
    def r(v: float | None) -> float | None:
        return None if v is None else round(v, 6)

    return [
        (
            p.pool,
            p.members,
            p.contacted,
            p.engaged,
            p.handed_off,
            p.reached_offer,
            p.hired,
            r(p.median_days_to_handoff),
            r(p.median_days_handoff_to_hire),
        )
        for p in found
    ]


def test_every_pool_all_time(history):
    store, _ = history
    # Backend bench: 13 members. Contacted: Bo (touch), Cay, Noa (status), Eli, and the six handed off
    # (converted) -> 10; not Ann (a note is no touch), Dee (touched before joining), Lia. Engaged: Eli and
    # the six -> 7. Reached offer: Gus (skipped Offer into Hired), Hana (Offer), Ike (Hired), Jun (hired);
    # not Fay (Interview, Applied) nor Max (his Offer was undone). Hired: Gus, Ike, Jun.
    # Days to the first handoff: Jun 33, Fay 4, Gus 4, Hana 5, Max 4 (+1 h), Ike 5 -> 4,4,4.04,5,5,33 -> 4.52.
    # Handoff to hire: Gus 4, Ike 2, Jun 9 -> 4.
    assert rows(store.reports.journey(ReportFilter(), UTC)) == [
        ("Alumni", 1, 1, 1, 1, 0, 0, 8.0, None),
        ("Backend bench", 13, 10, 7, 6, 4, 3, round((4 + 1 / 24 + 5) / 2, 6), 4.0),
        ("Design bench", 0, 0, 0, 0, 0, 0, None, None),
    ]


def test_a_range_counts_the_members_who_joined_in_it(history):
    store, _ = history
    # Joined 2026-01-05 .. 01-20: everyone but Jun (December) and Lia (the 25th). Days to handoff: 4, 4,
    # 4.04, 5, 5 -> 4.04; handoff to hire: Gus 4, Ike 2 -> 3.
    january = ReportFilter(start=date(2026, 1, 5), end=date(2026, 1, 20))
    assert rows(store.reports.journey(january, UTC)) == [
        ("Alumni", 1, 1, 1, 1, 0, 0, 8.0, None),
        ("Backend bench", 11, 9, 6, 5, 3, 2, round(4 + 1 / 24, 6), 3.0),
        ("Design bench", 0, 0, 0, 0, 0, 0, None, None),
    ]
    # The day before: nobody joined then; every pool still listed.
    before = ReportFilter(start=date(2026, 1, 4), end=date(2026, 1, 4))
    assert [(p.pool, p.members) for p in store.reports.journey(before, UTC)] == [
        ("Alumni", 0),
        ("Backend bench", 0),
        ("Design bench", 0),
    ]


def test_a_job_counts_only_its_handoffs(history):
    store, ids = history
    # Data Analyst: Fay (her first handoff there d6 02:00, 6 days + 2 h after joining) and Ike (5 days,
    # hired 2 days later); Fay reached no offer (rejected in Applied). Members, contacted and engaged are
    # the pool's as ever (a converted status is a status).
    analyst = store.reports.journey(ReportFilter(job_id=ids["analyst"]), UTC)
    assert rows(analyst)[1] == (
        "Backend bench",
        13,
        10,
        7,
        2,
        1,
        1,
        round((6 + 2 / 24 + 5) / 2, 6),
        2.0,
    )
    assert rows(analyst)[0] == ("Alumni", 1, 1, 1, 1, 0, 0, 8.0, None)
    # Backend: Jun 33, Fay 4, Gus 4, Hana 5, Max 4.04 -> 4.04; hired Gus 4, Jun 9 -> 6.5.
    backend = store.reports.journey(ReportFilter(job_id=ids["backend"]), UTC)
    assert rows(backend) == [
        ("Alumni", 1, 1, 1, 0, 0, 0, None, None),
        ("Backend bench", 13, 10, 7, 5, 3, 2, round(4 + 1 / 24, 6), 6.5),
        ("Design bench", 0, 0, 0, 0, 0, 0, None, None),
    ]


def test_the_json_is_the_cli_contract(history):
    store, _ = history
    result = run_report(store, ReportKind.JOURNEY, ReportFilter(), UTC)
    alumni = result.json()[0]
    assert alumni == {
        "pool": "Alumni",
        "members": 1,
        "contacted": 1,
        "engaged": 1,
        "handed_off": 1,
        "reached_offer": 0,
        "hired": 0,
        "median_days_to_handoff": pytest.approx(8.0),
        "median_days_handoff_to_hire": None,
    }


def test_one_statement_for_every_pool(history):
    store, ids = history
    statements = journey_module.statements(store.db.dialect, ReportFilter(start=date(2026, 1, 5)), UTC)
    assert len(statements) == 1
    with store.db.transaction() as s:
        found = {r.name: (int(r.members), int(r.handed_off)) for r in statements[0].rows(s)}
    assert found == {"Alumni": (1, 1), "Backend bench": (12, 5), "Design bench": (0, 0)}


# -- each count at most the one before, over random histories ------------------------------------------------

STATUSES = st.sampled_from(["new", "contacted", "engaged", "not_interested", "converted"])
FATES = st.sampled_from(
    ["stay", "offer", "offer undone", "hired", "hired then undone", "skip to hired", "rejected"]
)
MEMBER = st.tuples(
    st.integers(0, 6),  # joined on day
    STATUSES,
    st.sampled_from([None, -1, 2]),  # a touch: none, the day before joining, two days after
    st.sampled_from([None, "backend", "analyst", "both"]),  # handed over to
    FATES,
)
_pools = count(1)
OFFER_STAGE = {"backend": "Offer", "analyst": "Hired"}


def _random_pool(store, jobs, members) -> int:
    pool = store.pools.create_pool(f"Random pool {next(_pools)}").id
    for i, (joined, status, touched, handed, fate) in enumerate(members):
        cid = person(store, f"Member {i}", at=day(-5))
        if touched == -1:
            touch(store, cid, day(joined - 1))
        with pinned_at(day(joined)):
            store.pools.add_to_pool(pool, [cid])
        if touched == 2:
            touch(store, cid, day(joined + 2))
        set_status(store, pool, cid, status)
        for name in ["backend", "analyst"] if handed == "both" else [handed] if handed else []:
            app = handoff(store, jobs[name], cid, pool, at=day(joined + 3))
            _fate(store, app, fate, day(joined + 4), OFFER_STAGE[name])
    return pool


def _fate(store, app, fate: str, at, offer: str) -> None:
    if fate in ("offer", "offer undone"):
        move(store, app, offer, at=at)
        if fate == "offer undone":
            undo(store, app, at=at + timedelta(hours=1))
    elif fate in ("hired", "hired then undone"):
        hire(store, app, at=at)
        if fate == "hired then undone":
            undo(store, app, at=at + timedelta(hours=1))
    elif fate == "skip to hired":
        move(store, app, "Hired", at=at)
    elif fate == "rejected":
        reject(store, app, at=at)


@pytest.fixture(scope="module", params=ENGINES)
def jobs(request, tmp_path_factory):
    with report_store(request.param, tmp_path_factory.mktemp("journey-random")) as store:
        made = {
            "backend": job_with_stages(store, "Backend Engineer").id,
            "analyst": job_with_stages(store, "Data Analyst", ANALYST_STAGES).id,
        }
        yield store, made


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(members=st.lists(MEMBER, max_size=5), start=st.integers(0, 6), job=st.sampled_from([None, "backend"]))
def test_each_count_is_at_most_the_one_before(jobs, members, start, job):
    store, made = jobs
    pool = _random_pool(store, made, members)
    f = ReportFilter(start=day(start).date(), job_id=made[job] if job else None)
    (mine,) = [p for p in store.reports.journey(f, UTC) if p.pool_id == pool]
    steps = [mine.members, mine.contacted, mine.engaged, mine.handed_off, mine.reached_offer, mine.hired]
    assert steps == sorted(steps, reverse=True), steps
    assert mine.members == sum(1 for m in members if m[0] >= start)
