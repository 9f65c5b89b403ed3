"""Time in stage over a hand-computed history (report_data.pipeline_history), on SQLite and PostgreSQL:
completed stays only, undone changes left out, a reopened application's new stay starts at the reopen,
fractional days, every current stage listed (n 0: no figures) and a removed stage after them."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest
from report_data import ENGINES, pipeline_history, report_store

from pipeline_tui.core.report_range import ReportFilter
from pipeline_tui.core.report_records import StageTime
from pipeline_tui.store.reports import stage_times as stage_times_module

UTC = ZoneInfo("UTC")
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(scope="module", params=ENGINES)
def history(request, tmp_path_factory):
    with report_store(request.param, tmp_path_factory.mktemp("stays")) as store:
        yield store, pipeline_history(store)


def rows(times: list[StageTime]) -> list[tuple]:
    def days(x: float | None) -> float | None:
        return None if x is None else round(x, 4)

    return [(t.job, t.stage, days(t.median_days), days(t.mean_days), t.n) for t in times]


def test_completed_stays_per_stage_all_time(history):
    store, ids = history
    # Backend Engineer, stays in days (d = days after T0):
    #   Applied: Ada 1, Ben 2, Cleo 1, Dan 1.5 (d1 -> d2 12:00), Eve 1, Finn 1 (d2 -> rejected d3) and
    #            1 more (reopened d5 -> Screen d6: the rejected days are not a stay), Gia 1, Hal 1,
    #            Ivy 1 (handed over d5 -> d6); Lena's stay is open.        n 10, mean 11.5/10, median 1
    #   Screen:  Ada 2, Cleo 2 and 2 (re-entered), Dan 2.5 (his Interview move was undone: d2.5 -> d5),
    #            Eve 3 (her rejection d4 was undone: d3 -> d6), Finn 2, Gia 1, Hal 1.
    #            n 8, sum 15.5, mean 1.9375; sorted 1 1 2 2 | 2 2 2.5 3 -> median 2
    #   Interview: Ada 3, Ben 2, Cleo 1 and 2, Eve 2, Gia 1 (Finn's is open).  n 6, mean 11/6, median 2
    #   Offer:   Ada 2, Gia 1 (d6 -> hired d7), Gia 1.25 (reopened d9 -> rejected d10 06:00).
    #            n 3, mean 4.25/3, median 1.25
    #   Hired:   none (a hire ends no stay there).
    # Data Analyst:
    #   Applied: Hal 1, Jo 1, Kim 1, Mo 0.5 -> n 4, mean 0.875, median 1
    #   Interview: Hal 2 (d8 -> d10), Kim 2 (moved in by the removal d9 -> rejected d11); Jo was moved in
    #            rejected: no stay.  n 2, mean 2, median 2
    #   Test (removed, after the job's stages): Hal 2, Jo 1, Kim 1 (ended by the removal). n 3, mean 4/3
    assert rows(store.reports.stage_times(ReportFilter(), UTC)) == [
        ("Backend Engineer", "Applied", 1.0, 1.15, 10),
        ("Backend Engineer", "Screen", 2.0, 1.9375, 8),
        ("Backend Engineer", "Interview", 2.0, 1.8333, 6),
        ("Backend Engineer", "Offer", 1.25, 1.4167, 3),
        ("Backend Engineer", "Hired", None, None, 0),
        ("Data Analyst", "Applied", 1.0, 0.875, 4),
        ("Data Analyst", "Interview", 2.0, 2.0, 2),
        ("Data Analyst", "Hired", None, None, 0),
        ("Data Analyst", "Test", 1.0, 1.3333, 3),
    ]


def test_a_range_and_a_job(history):
    store, ids = history
    # Applied 2026-01-07 .. 01-09: Eve, Finn, Gia, Hal (Backend).
    #   Applied: Eve 1, Finn 1 + 1, Gia 1, Hal 1 -> n 5, median 1, mean 1
    #   Screen: Eve 3, Finn 2, Gia 1, Hal 1 -> n 4, median (1 + 2) / 2 = 1.5, mean 7/4
    #   Interview: Eve 2, Gia 1 -> median 1.5; Offer: Gia 1 and 1.25 -> median 1.125
    cut = ReportFilter(start=date(2026, 1, 7), end=date(2026, 1, 9))
    assert rows(store.reports.stage_times(cut, UTC)) == [
        ("Backend Engineer", "Applied", 1.0, 1.0, 5),
        ("Backend Engineer", "Screen", 1.5, 1.75, 4),
        ("Backend Engineer", "Interview", 1.5, 1.5, 2),
        ("Backend Engineer", "Offer", 1.125, 1.125, 2),
        ("Backend Engineer", "Hired", None, None, 0),
    ]
    # Data Analyst, nobody applied in the range: its stages as they are now, no figures.
    nobody = ReportFilter(job_id=ids["analyst"], start=date(2026, 1, 7), end=date(2026, 1, 9))
    assert rows(store.reports.stage_times(nobody, UTC)) == [
        ("Data Analyst", "Applied", None, None, 0),
        ("Data Analyst", "Interview", None, None, 0),
        ("Data Analyst", "Hired", None, None, 0),
    ]


def test_lena_alone_in_berlin_has_no_completed_stay(history):
    store, ids = history
    the_14th = ReportFilter(job_id=ids["backend"], start=date(2026, 1, 14), end=date(2026, 1, 14))
    times = store.reports.stage_times(the_14th, BERLIN)
    # Her stay in Applied is open; Screen shows its name now (no event of this cohort went into it).
    assert [(t.stage, t.n) for t in times] == [
        ("Applied", 0),
        ("Phone screen", 0),
        ("Interview", 0),
        ("Offer", 0),
        ("Hired", 0),
    ]


def test_the_json_and_the_one_statement(history):
    store, ids = history
    f = ReportFilter(job_id=ids["analyst"])
    dumped = [t.model_dump(by_alias=True, mode="json") for t in store.reports.stage_times(f, UTC)]
    assert dumped[0] == {
        "job": "Data Analyst",
        "stage": "Applied",
        "median_days": 1.0,
        "mean_days": 0.875,
        "n": 4,
    }
    assert len(stage_times_module.statements(store.db.dialect, f, UTC)) == 1
