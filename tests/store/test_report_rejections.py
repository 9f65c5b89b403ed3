"""Rejection reasons over a hand-computed history (report_data.pipeline_history), on SQLite and
PostgreSQL: by reason, stage and who closed it, over the very applications the funnel counts as rejected and
withdrawn (an undone rejection and a reopened one do not count; a removed stage keeps its name)."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest
from report_data import ENGINES, pipeline_history, report_store

from pipeline_tui.core.report_range import ReportFilter
from pipeline_tui.core.report_records import RejectionRow
from pipeline_tui.store.reports import rejections as rejections_module

UTC = ZoneInfo("UTC")


@pytest.fixture(scope="module", params=ENGINES)
def history(request, tmp_path_factory):
    with report_store(request.param, tmp_path_factory.mktemp("rejections")) as store:
        yield store, pipeline_history(store)


def rows(found: list[RejectionRow]) -> list[tuple]:
    return [(r.reason, r.stage, r.kind, r.count) for r in found]


def test_every_closed_application_once_at_the_stage_it_closed(history):
    store, ids = history
    # Closed now: Ben (Interview, Backend) and Kim (Interview, Data Analyst): one stage name, one row of 2;
    # Dan (Screen), Gia (Offer, after her hire was reopened), Jo (Test, removed since); withdrew: Cleo
    # (Interview), Hal (Screen), Mo (Applied, no reason). Eve's rejection was undone and Finn's reopened.
    # Most first, then by reason ("(" sorts before letters).
    assert rows(store.reports.rejections(ReportFilter(), UTC)) == [
        ("Failed technical assessment", "Interview", "rejected", 2),
        ("(no reason)", "Applied", "withdrew", 1),
        ("Accepted another offer", "Interview", "withdrew", 1),
        ("Personal reasons", "Screen", "withdrew", 1),
        ("Salary expectations too high", "Offer", "rejected", 1),
        ("Skills mismatch", "Screen", "rejected", 1),
        ("Skills mismatch", "Test", "rejected", 1),
    ]


def test_they_sum_to_the_funnel(history):
    store, ids = history
    for f in (ReportFilter(), ReportFilter(job_id=ids["analyst"]), ReportFilter(start=date(2026, 1, 7))):
        funnels = store.reports.funnel(f, UTC)
        found = store.reports.rejections(f, UTC)
        for kind, field in (("rejected", "rejected"), ("withdrew", "withdrawn")):
            in_funnel = sum(getattr(s, field) for fn in funnels for s in fn.stages)
            assert sum(r.count for r in found if r.kind == kind) == in_funnel
    # All time: 5 rejected (Ben, Kim, Dan, Gia, Jo) and 3 withdrew (Cleo, Hal, Mo).
    found = store.reports.rejections(ReportFilter(), UTC)
    assert (
        sum(r.count for r in found if r.kind == "rejected"),
        sum(r.count for r in found if r.kind == "withdrew"),
    ) == (5, 3)


def test_a_job_and_a_range(history):
    store, ids = history
    analyst = ReportFilter(job_id=ids["analyst"])
    assert rows(store.reports.rejections(analyst, UTC)) == [
        ("(no reason)", "Applied", "withdrew", 1),  # Mo
        ("Failed technical assessment", "Interview", "rejected", 1),  # Kim
        ("Skills mismatch", "Test", "rejected", 1),  # Jo, in the removed stage
    ]
    # Applied 2026-01-07 .. 01-09: Eve (undone), Finn (reopened), Gia, Hal.
    cut = ReportFilter(start=date(2026, 1, 7), end=date(2026, 1, 9))
    assert rows(store.reports.rejections(cut, UTC)) == [
        ("Personal reasons", "Screen", "withdrew", 1),
        ("Salary expectations too high", "Offer", "rejected", 1),
    ]
    # Nobody in range: an empty list, not an error.
    assert store.reports.rejections(ReportFilter(start=date(2026, 2, 1)), UTC) == []


def test_the_json_and_the_one_statement(history):
    store, ids = history
    f = ReportFilter(job_id=ids["analyst"])
    first = store.reports.rejections(f, UTC)[0].model_dump(by_alias=True, mode="json")
    assert first == {"reason": "(no reason)", "stage": "Applied", "kind": "withdrew", "count": 1}
    assert len(rejections_module.statements(store.db.dialect, f, UTC)) == 1
