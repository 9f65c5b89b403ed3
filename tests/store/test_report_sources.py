"""The sources report on SQLite and PostgreSQL: applications and hires per source as stored (a handoff's
"pool: NAME", an empty or missing source as "(none)", a differently spelled source its own row), yield =
hires / applications, most applications first; and, over random applications, the rows add up to the cohort
and to the hiring report's hires."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_data import (
    ENGINES,
    apply,
    day,
    handoff,
    hire,
    job_with_stages,
    person,
    pool_with,
    reject,
    reopen,
    report_store,
    withdraw,
)

from pipeline_tui.core.report_range import ReportFilter
from pipeline_tui.core.report_records import ReportKind
from pipeline_tui.services.reports import run_report
from pipeline_tui.store.reports import sources as sources_module

UTC = ZoneInfo("UTC")
ANALYST_STAGES = ("Applied", "Test", "Hired")


# Backend Engineer:
#   Ada "Referral" d0, hired d3; Ben "Referral" d0, rejected d2; Cleo "LinkedIn" d1, hired d4;
#   Dan (no source) d1; Eve "" d2; Ivy handed over from "Silver medalists" d2, hired d5; Jo handed over d3.
# Data Analyst: Gia "Referral" d3, hired d6; Hal "LinkedIn" d6, withdrew d7; Mo "referral" d8;
#   Lee "Referral" d20.
def sources_history(store) -> dict[str, int]:
    backend = job_with_stages(store, "Backend Engineer")
    analyst = job_with_stages(store, "Data Analyst", ANALYST_STAGES)
    ids = {"backend": backend.id, "analyst": analyst.id}
    for name, job, at, source in (
        ("Ada", backend, day(0), "Referral"),
        ("Ben", backend, day(0, 1), "Referral"),
        ("Cleo", backend, day(1), "LinkedIn"),
        ("Dan", backend, day(1, 1), None),
        ("Eve", backend, day(2), ""),
        ("Gia", analyst, day(3), "Referral"),
        ("Hal", analyst, day(6), "LinkedIn"),
        ("Mo", analyst, day(8), "referral"),
        ("Lee", analyst, day(20), "Referral"),
    ):
        ids[name] = apply(store, job, name, at=at, source=source).id
    ivy, jo = person(store, "Ivy"), person(store, "Jo")
    silver = pool_with(store, "Silver medalists", [ivy, jo], at=day(0))
    ids["Ivy"] = handoff(store, backend, ivy, silver, at=day(2, 1)).id
    ids["Jo"] = handoff(store, backend, jo, silver, at=day(3, 1)).id
    hire(store, ids["Ada"], at=day(3))
    reject(store, ids["Ben"], at=day(2))
    hire(store, ids["Cleo"], at=day(4))
    hire(store, ids["Ivy"], at=day(5))
    hire(store, ids["Gia"], at=day(6))
    withdraw(store, ids["Hal"], at=day(7))
    return ids


@pytest.fixture(scope="module", params=ENGINES)
def history(request, tmp_path_factory):
    with report_store(request.param, tmp_path_factory.mktemp("sources")) as store:
        yield store, sources_history(store)


def rows(found) -> list[tuple]:
    return [
        (r.source, r.applications, r.hired, None if r.yield_ is None else round(r.yield_, 4)) for r in found
    ]


def test_every_job_all_time(history):
    store, _ = history
    # Referral: Ada, Ben, Gia, Lee (Ada, Gia hired). Two each, by code point: "(none)" (Dan's missing and
    # Eve's empty source), LinkedIn (Cleo hired), "pool: Silver medalists" (Ivy hired). Mo's lower-case
    # "referral" is stored so, and listed so.
    assert rows(store.reports.sources(ReportFilter(), UTC)) == [
        ("Referral", 4, 2, 0.5),
        ("(none)", 2, 0, 0.0),
        ("LinkedIn", 2, 1, 0.5),
        ("pool: Silver medalists", 2, 1, 0.5),
        ("referral", 1, 0, 0.0),
    ]


def test_a_range_and_a_job(history):
    store, ids = history
    # Applied 2026-01-06 .. 01-12 (d1 .. d7): Cleo, Dan, Eve, Ivy, Gia, Jo, Hal.
    week = ReportFilter(start=date(2026, 1, 6), end=date(2026, 1, 12))
    assert rows(store.reports.sources(week, UTC)) == [
        ("(none)", 2, 0, 0.0),
        ("LinkedIn", 2, 1, 0.5),
        ("pool: Silver medalists", 2, 1, 0.5),
        ("Referral", 1, 1, 1.0),
    ]
    # Data Analyst all time: Gia and Lee (Referral, Gia hired), Hal (LinkedIn), Mo (referral).
    assert rows(store.reports.sources(ReportFilter(job_id=ids["analyst"]), UTC)) == [
        ("Referral", 2, 1, 0.5),
        ("LinkedIn", 1, 0, 0.0),
        ("referral", 1, 0, 0.0),
    ]
    # Nobody applied: no rows (not a row of zeros).
    assert store.reports.sources(ReportFilter(start=date(2027, 1, 1)), UTC) == []


def test_the_json_is_the_cli_contract(history):
    store, ids = history
    result = run_report(store, ReportKind.SOURCES, ReportFilter(job_id=ids["backend"]), UTC)
    # Backend all time: Ada and Ben (Referral, Ada hired), Dan and Eve (none), Ivy and Jo (the pool, Ivy
    # hired), Cleo (LinkedIn, hired).
    assert result.json() == [
        {"source": "(none)", "applications": 2, "hired": 0, "yield": 0.0},
        {"source": "Referral", "applications": 2, "hired": 1, "yield": 0.5},
        {"source": "pool: Silver medalists", "applications": 2, "hired": 1, "yield": 0.5},
        {"source": "LinkedIn", "applications": 1, "hired": 1, "yield": 1.0},
    ]


def test_the_statements_are_what_the_report_runs(history):
    store, ids = history
    f = ReportFilter(job_id=ids["analyst"], start=date(2026, 1, 8))
    (statement,) = sources_module.statements(store.db.dialect, f, UTC)
    with store.db.transaction() as s:
        found = sorted((r.source, int(r.applications), int(r.hired)) for r in statement.rows(s))
    # Applied from d3 on to Data Analyst: Gia (hired) and Lee, Hal, Mo.
    assert found == [("LinkedIn", 1, 0), ("Referral", 2, 1), ("referral", 1, 0)]


# -- properties over random applications -------------------------------------------------------------------

SOURCES = st.sampled_from([None, "", "Referral", "LinkedIn", "pool: Bench"])
ENDS = st.sampled_from(["active", "hired", "rejected", "withdrawn", "hired then reopened"])
APPLICATION = st.tuples(SOURCES, st.integers(0, 9), ENDS)
_jobs = count(1)


def _random_job(store, apps) -> tuple[int, list[tuple]]:
    """A new job holding `apps` (source, applied day, how it ended); returns its id and the rows."""
    job = job_with_stages(store, f"Random job {next(_jobs)}", ANALYST_STAGES)
    for i, (source, applied, end) in enumerate(apps):
        app = apply(store, job, f"Person {i}", at=day(applied), source=source)
        later = day(applied + 1)
        if end.startswith("hired"):
            hire(store, app, at=later)
            if end == "hired then reopened":
                reopen(store, app, at=later + timedelta(hours=1))
        elif end == "rejected":
            reject(store, app, at=later)
        elif end == "withdrawn":
            withdraw(store, app, at=later)
    return job.id, apps


@pytest.fixture(scope="module", params=ENGINES)
def blank(request, tmp_path_factory):
    with report_store(request.param, tmp_path_factory.mktemp("sources-random")) as store:
        yield store, request.param


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(apps=st.lists(APPLICATION, min_size=0, max_size=6), start=st.integers(0, 9), span=st.integers(0, 9))
def test_rows_add_up_to_the_cohort_and_its_hires(blank, apps, start, span):
    store, _ = blank
    job_id, apps = _random_job(store, apps)
    f = ReportFilter(job_id=job_id, start=day(start).date(), end=day(start + span).date())
    in_range = [a for a in apps if start <= a[1] <= start + span]
    found = store.reports.sources(f, UTC)
    assert sum(r.applications for r in found) == len(in_range)
    hired = sum(1 for a in in_range if a[2] == "hired")
    assert sum(r.hired for r in found) == hired == store.reports.hiring(f, UTC).hired
    assert len({r.source for r in found}) == len(found)  # one row a source
    assert [r.applications for r in found] == sorted((r.applications for r in found), reverse=True)
