"""The hiring report over a hand-computed history (every change through the store at a pinned time), on
SQLite and PostgreSQL: the last hire not undone counts, a hire a reopen took back does not, time to fill is
the headcount-th hire of the job (hires outside the range keep their place), a job without opened_at has no
time to fill, and offers answered give the acceptance rate (rescinded and unanswered ones left out)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from report_data import ENGINES, apply, day, hire, job_with_stages, move, reopen, report_store, stage_id, undo
from sqlalchemy import text

from pipeline_tui.core.clock import pinned_at
from pipeline_tui.core.hiring_records import OfferTerms
from pipeline_tui.core.report_range import ReportFilter
from pipeline_tui.core.report_records import DaysSummary, HiringReport, ReportKind
from pipeline_tui.services.reports import run_report
from pipeline_tui.store.reports import hiring as hiring_module

UTC = ZoneInfo("UTC")


def _offer(store, app_id: int, made, *, expires=None) -> int:
    """An offer approved at once (no approvers) and sent at `made`, the applicant moved to Offer first when
    elsewhere; returns its id."""
    app = store.applications.get(app_id)
    if app.stage_id != stage_id(store, app.job_id, "Offer"):
        move(store, app_id, "Offer", at=made)
    terms = OfferTerms(job_title="Engineer", salary=Decimal("90000"), currency="EUR", expires_on=expires)
    with pinned_at(made):
        offer = store.offers.create(app_id, terms, request_approval=True)
        store.offers.send(offer.id)
    return offer.id


def _answer(store, offer_id: int, how: str, at) -> None:
    with pinned_at(at):
        {"accept": store.offers.accept, "decline": store.offers.decline, "rescind": store.offers.rescind}[
            how
        ](offer_id)


# Backend Engineer (headcount 2, opened d0), Data Analyst (headcount 1, opened d1), Designer (no opened_at):
# (Each moved to Offer when their first offer is sent.)
#   Ada   BE applied d0; offer sent d3, accepted d4 (the hire)                        -> hired, 4 days
#   Ben   BE applied d1; hired d3, undone an hour later; hired again d6               -> hired, 5 days
#   Cleo  BE applied d2; offer sent d4, accepted d5 (hired); reopened d7              -> active, not a hire
#   Dan   BE applied d2 15:00; offer declined d4; an offer expiring d6 expired d8; an offer sent d9 (open)
#   Finn  DA applied d1 21:00; hired d9                                               -> hired, 7.5 days
#   Gia   DA applied d8; an offer rescinded d10; hired d12                            -> hired, 4 days
#   Hal   Designer applied d3; hired d5                                               -> hired, 2 days
# Time to fill: Backend's hires now hired, by time: Ada d4, Ben d6 (Ben's undone d3 and Cleo's reopened d5
# do not count) -> the 2nd, Ben: 6 days after d0. Data Analyst: Finn d9, 8 days after d1. Designer: none.
def hiring_history(store) -> dict[str, int]:
    backend = job_with_stages(store, "Backend Engineer", opened_at=day(0), headcount=2)
    analyst = job_with_stages(store, "Data Analyst", opened_at=day(1))
    designer = job_with_stages(store, "Designer", opened_at=day(0))
    with store.db.transaction() as s:  # a job written before opened_at was kept (an old import)
        s.execute(text("UPDATE job SET opened_at = NULL WHERE id = :id"), {"id": designer.id})
    ids = {"backend": backend.id, "analyst": analyst.id, "designer": designer.id}

    ids["Ada"] = apply(store, backend, "Ada", at=day(0), source="Referral").id
    _answer(store, _offer(store, ids["Ada"], day(3)), "accept", day(4))
    ids["Ben"] = apply(store, backend, "Ben", at=day(1)).id
    hire(store, ids["Ben"], at=day(3))
    undo(store, ids["Ben"], at=day(3, 1))
    hire(store, ids["Ben"], at=day(6))
    ids["Cleo"] = apply(store, backend, "Cleo", at=day(2)).id
    _answer(store, _offer(store, ids["Cleo"], day(4)), "accept", day(5))
    reopen(store, ids["Cleo"], at=day(7))
    ids["Dan"] = apply(store, backend, "Dan", at=day(2, 6)).id
    _answer(store, _offer(store, ids["Dan"], day(3)), "decline", day(4))
    _offer(store, ids["Dan"], day(5), expires=day(6).date())
    with pinned_at(day(8)):
        assert store.offers.expire_overdue() == 1
    _offer(store, ids["Dan"], day(9))
    ids["Finn"] = apply(store, analyst, "Finn", at=day(1, 12)).id
    hire(store, ids["Finn"], at=day(9))
    ids["Gia"] = apply(store, analyst, "Gia", at=day(8)).id
    _answer(store, _offer(store, ids["Gia"], day(9)), "rescind", day(10))
    hire(store, ids["Gia"], at=day(12))
    ids["Hal"] = apply(store, designer, "Hal", at=day(3)).id
    hire(store, ids["Hal"], at=day(5))
    return ids


@pytest.fixture(scope="module", params=ENGINES)
def history(request, tmp_path_factory):
    with report_store(request.param, tmp_path_factory.mktemp("hiring")) as store:
        yield store, hiring_history(store)


def summary(d: DaysSummary) -> tuple:
    return (
        None if d.median is None else round(d.median, 6),
        None if d.mean is None else round(d.mean, 6),
        d.n,
    )


def figures(report: HiringReport) -> tuple:
    rate = report.offer_acceptance_rate
    return (
        report.hired,
        summary(report.time_to_hire_days),
        summary(report.time_to_fill_days),
        None if rate is None else round(rate, 6),
        report.offers_answered,
    )


def test_every_job_all_time(history):
    store, _ = history
    # Hired now: Ada, Ben, Finn, Gia, Hal (Cleo's hire was reopened). Time to hire 4, 5, 7.5, 4, 2 days:
    # median 4, mean 22.5 / 5 = 4.5. Time to fill: Ben 6, Finn 8: median and mean 7.
    # Offers answered: Ada's and Cleo's accepted, Dan's declined and expired -> 2 / 4; Dan's open offer and
    # Gia's rescinded one are no answer.
    report = store.reports.hiring(ReportFilter(), UTC)
    assert figures(report) == (5, (4.0, 4.5, 5), (7.0, 7.0, 2), 0.5, 4)


def test_a_range_keeps_the_hires_before_it_in_their_place(history):
    store, _ = history
    # Applied on or after 2026-01-06 (d1): Ben, Cleo, Dan, Finn, Gia, Hal. Backend's filling hire is still
    # the 2nd by time: Ada (applied before the range) holds the 1st place, so Ben fills it (6 days).
    report = store.reports.hiring(ReportFilter(start=date(2026, 1, 6), end=date(2026, 1, 31)), UTC)
    # Hired: Ben 5, Finn 7.5, Gia 4, Hal 2 -> median 4.5, mean 4.625. Fill: Ben 6, Finn 8.
    # Offers: Cleo accepted, Dan declined and expired -> 1 / 3.
    assert figures(report) == (4, (4.5, 4.625, 4), (7.0, 7.0, 2), round(1 / 3, 6), 3)


def test_a_filling_hire_outside_the_range_is_no_time_to_fill(history):
    store, _ = history
    # Applied d2 .. (2026-01-07 on): Cleo, Dan, Gia, Hal. Ben and Finn, who filled their jobs, are out.
    report = store.reports.hiring(ReportFilter(start=date(2026, 1, 7)), UTC)
    assert figures(report) == (2, (3.0, 3.0, 2), (None, None, 0), round(1 / 3, 6), 3)


def test_one_job(history):
    store, ids = history
    # Data Analyst: Finn 7.5 and Gia 4 days -> 5.75; Finn fills it in 8. Gia's offer was rescinded: no
    # offer answered, so no rate (null, not 0).
    analyst = store.reports.hiring(ReportFilter(job_id=ids["analyst"]), UTC)
    assert figures(analyst) == (2, (5.75, 5.75, 2), (8.0, 8.0, 1), None, 0)
    # Designer: Hal's 2 days to hire; no opened_at, so no time to fill.
    designer = store.reports.hiring(ReportFilter(job_id=ids["designer"]), UTC)
    assert figures(designer) == (1, (2.0, 2.0, 1), (None, None, 0), None, 0)
    # Backend with nobody hired in the range (Cleo and Dan): zeros and nulls, never an error.
    late = store.reports.hiring(ReportFilter(job_id=ids["backend"], start=date(2026, 1, 7)), UTC)
    assert figures(late) == (0, (None, None, 0), (None, None, 0), round(1 / 3, 6), 3)


def test_the_json_is_the_cli_contract(history):
    store, _ = history
    result = run_report(store, ReportKind.HIRING, ReportFilter(), UTC)
    assert result.json() == {
        "hired": 5,
        "time_to_hire_days": {"median": 4.0, "mean": pytest.approx(4.5), "n": 5},
        "time_to_fill_days": {"median": pytest.approx(7.0), "mean": pytest.approx(7.0), "n": 2},
        "offer_acceptance_rate": 0.5,
    }


def test_the_statements_are_what_the_report_runs(history):
    store, ids = history
    f = ReportFilter(job_id=ids["backend"], start=date(2026, 1, 6))
    (statement,) = hiring_module.statements(store.db.dialect, f, UTC)
    assert statement.params["job_id"] == ids["backend"]
    with store.db.transaction() as s:
        (row,) = statement.rows(s)
    # Ben, Cleo, Dan of Backend: Ben hired (5 days) and filling the job (6 days).
    assert (row.hired, row.hire_n, row.fill_n, row.accepted, row.answered) == (1, 1, 1, 1, 3)
    assert float(row.fill_median) == pytest.approx(6.0)


def test_a_day_is_cut_in_the_users_zone(history):
    store, _ = history
    # 2026-01-06 holds Ben (applied 09:00 UTC) and Finn (21:00 UTC), both hired, in UTC and New York
    # (04:00, 16:00). In Tokyo (UTC+9) Finn applied on the 7th: Ben alone, who filled Backend.
    # In Honolulu (UTC-10) Ben applied on the 5th: the 6th holds Finn (11:00) and Cleo (23:00).
    the_6th = ReportFilter(start=date(2026, 1, 6), end=date(2026, 1, 6))
    for zone in (UTC, ZoneInfo("America/New_York")):
        assert store.reports.hiring(the_6th, zone).hired == 2, zone
    tokyo = store.reports.hiring(the_6th, ZoneInfo("Asia/Tokyo"))
    assert figures(tokyo) == (1, (5.0, 5.0, 1), (6.0, 6.0, 1), None, 0)
    honolulu = store.reports.hiring(the_6th, ZoneInfo("Pacific/Honolulu"))
    assert figures(honolulu) == (1, (7.5, 7.5, 1), (8.0, 8.0, 1), 1.0, 1)
