"""The funnel over a hand-computed history (report_data.pipeline_history, every event at a pinned time), on
SQLite and PostgreSQL: reached counts skips as passed and re-entries once, undone changes do not count,
a renamed stage keeps the name it had, a removed one is listed after the job's stages; the range cuts the
cohort by local day."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest
from report_data import ENGINES, pipeline_history, report_store

from pipeline_tui.core.local_time import user_zone
from pipeline_tui.core.report_range import ReportFilter
from pipeline_tui.core.report_records import JobFunnel
from pipeline_tui.store.reports import funnel as funnel_module

UTC = ZoneInfo("UTC")
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(scope="module", params=ENGINES)
def history(request, tmp_path_factory):
    with report_store(request.param, tmp_path_factory.mktemp("funnel")) as store:
        yield store, pipeline_history(store)


def rows(funnel: JobFunnel) -> list[tuple]:
    return [
        (
            s.stage,
            s.reached,
            s.rejected,
            s.withdrawn,
            None if s.conversion_to_next is None else round(s.conversion_to_next, 4),
            s.removed,
        )
        for s in funnel.stages
    ]


def test_every_job_all_time(history):
    store, ids = history
    backend, analyst = store.reports.funnel(ReportFilter(), UTC)
    # Furthest stage (current order) per application, undone changes left out:
    #   Hired: Ada (hired), Gia (hired, then reopened to Offer: she was in Hired) -> 2
    #   Offer: Eve -> 1; Interview: Ben, Cleo (re-entered: once), Finn -> 3
    #   Screen: Dan (his Interview was undone), Hal, Ivy -> 3; Applied: Lena -> 1
    # reached = the running sum from Hired back: 2, 3, 6, 9, 10.
    # Closed now, at their last closing event's stage: rejected Dan (Screen), Ben (Interview), Gia (Offer);
    # withdrew Hal (Screen), Cleo (Interview). Eve's rejection was undone, Finn's reopened: neither counts.
    # Screen is reported under the name the cohort's events gave it (renamed "Phone screen" since).
    assert (backend.job, backend.applications, backend.start, backend.end) == (
        "Backend Engineer",
        10,
        None,
        None,
    )
    assert rows(backend) == [
        ("Applied", 10, 0, 0, 0.9, False),  # 9 / 10
        ("Screen", 9, 1, 1, 0.6667, False),  # 6 / 9
        ("Interview", 6, 1, 1, 0.5, False),  # 3 / 6
        ("Offer", 3, 1, 0, 0.6667, False),  # 2 / 3
        ("Hired", 2, 0, 0, None, False),  # the last stage has no next
    ]
    # Data Analyst: Test was removed (Kim, active, and Jo, rejected, moved to Interview with it).
    #   Hal (the same person as Backend's Hal) reached Hired; Kim is in Interview now; Jo, rejected in Test
    #   before it was removed, was only carried to Interview by the removal: no progress, so Jo's furthest
    #   current stage is Applied. Mo withdrew in Applied. Test, listed after the job's stages: Hal, Jo and
    #   Kim were in it; Jo was rejected there.
    assert (analyst.job, analyst.applications) == ("Data Analyst", 4)
    assert rows(analyst) == [
        ("Applied", 4, 0, 1, 0.5, False),  # 2 / 4
        ("Interview", 2, 1, 0, 0.5, False),  # Hal, Kim; Kim rejected here later; 1 / 2
        ("Hired", 1, 0, 0, None, False),
        ("Test", 3, 1, 0, None, True),
    ]


def test_the_json_is_the_cli_contract(history):
    store, ids = history
    f = ReportFilter(job_id=ids["backend"], start=date(2026, 1, 5), end=date(2026, 1, 31))
    (backend,) = store.reports.funnel(f, UTC)
    dumped = backend.model_dump(by_alias=True, mode="json")
    assert list(dumped) == ["job", "from", "to", "applications", "stages"]
    assert (dumped["from"], dumped["to"], dumped["applications"]) == ("2026-01-05", "2026-01-31", 10)
    assert dumped["stages"][0] == {
        "stage": "Applied",
        "reached": 10,
        "rejected": 0,
        "withdrawn": 0,
        "conversion_to_next": 0.9,
    }


def test_a_range_cuts_the_cohort(history):
    store, ids = history
    # Applied 2026-01-07 .. 01-09 (d2 .. d4): Eve, Finn, Gia, Hal of Backend; nobody of Data Analyst.
    # Furthest: Gia Hired, Eve Offer, Finn Interview, Hal Screen -> reached 4, 4, 3, 2, 1.
    (backend,) = store.reports.funnel(ReportFilter(start=date(2026, 1, 7), end=date(2026, 1, 9)), UTC)
    assert (backend.job, backend.applications) == ("Backend Engineer", 4)
    assert rows(backend) == [
        ("Applied", 4, 0, 0, 1.0, False),
        ("Screen", 4, 0, 1, 0.75, False),  # Hal withdrew here
        ("Interview", 3, 0, 0, 0.6667, False),
        ("Offer", 2, 1, 0, 0.5, False),  # Gia rejected here
        ("Hired", 1, 0, 0, None, False),
    ]


def test_a_day_is_a_day_in_the_users_zone(history, monkeypatch):
    store, ids = history
    # Lena applied 2026-01-13 23:30 UTC: the 14th in Berlin, the 13th in UTC.
    the_14th = ReportFilter(start=date(2026, 1, 14), end=date(2026, 1, 14))
    assert store.reports.funnel(the_14th, UTC) == []  # nobody applied on the 14th in UTC
    monkeypatch.setenv("PIPELINE_TUI_TZ", "Europe/Berlin")
    (backend,) = store.reports.funnel(the_14th, user_zone())
    # Lena alone, still in Applied. No one of this cohort entered Screen: it shows its name now.
    assert backend.applications == 1
    assert rows(backend) == [
        ("Applied", 1, 0, 0, 0.0, False),  # none of 1 went on: 0, not null
        ("Phone screen", 0, 0, 0, None, False),  # reached 0: null
        ("Interview", 0, 0, 0, None, False),
        ("Offer", 0, 0, 0, None, False),
        ("Hired", 0, 0, 0, None, False),
    ]
    # The 13th in Berlin: Mo (Data Analyst, 09:00 UTC), not Lena.
    the_13th = ReportFilter(start=date(2026, 1, 13), end=date(2026, 1, 13))
    assert [(f.job, f.applications) for f in store.reports.funnel(the_13th, BERLIN)] == [("Data Analyst", 1)]


def test_one_job_is_that_job_even_with_nobody_in_range(history):
    store, ids = history
    (analyst,) = store.reports.funnel(ReportFilter(job_id=ids["analyst"]), UTC)
    assert analyst.job == "Data Analyst" and analyst.applications == 4
    empty = ReportFilter(job_id=ids["analyst"], start=date(2026, 1, 5), end=date(2026, 1, 6))
    (nobody,) = store.reports.funnel(empty, UTC)
    # No cohort: the job's stages as they are now, nothing reached, no rate; no removed stage to show.
    assert nobody.applications == 0
    assert rows(nobody) == [
        ("Applied", 0, 0, 0, None, False),
        ("Interview", 0, 0, 0, None, False),
        ("Hired", 0, 0, 0, None, False),
    ]


def test_the_report_is_one_statement_the_bench_can_run(history):
    store, ids = history
    statements = funnel_module.statements(store.db.dialect, ReportFilter(job_id=ids["backend"]), UTC)
    assert len(statements) == 1
    assert statements[0].params == {"job_id": ids["backend"]}
    with store.db.transaction() as s:
        assert len(statements[0].rows(s)) == 5  # one row per stage of the job
