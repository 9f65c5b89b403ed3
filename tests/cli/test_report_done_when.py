"""Issue 15's "done when", from the CLI: on the demo database (`seed --demo`) every report's JSON is the very
report the Reports screen and the HTML report draw (`services.reports.run_report`), and each has figures:
a funnel per job, hires with a time to fill, sources, rejection reasons, a pool journey with handoffs and
sequences with touches. On a SQLite file and on PostgreSQL, in a zone that is not UTC."""

from __future__ import annotations

import json
from datetime import date, timedelta

from click.testing import CliRunner

from pipeline_tui.cli import main
from pipeline_tui.core.local_time import user_zone
from pipeline_tui.core.report_range import ReportFilter
from pipeline_tui.core.report_records import ReportKind
from pipeline_tui.services.reports import run_report
from pipeline_tui.store import Store


def cli_json(db: str, *args: str):
    result = CliRunner().invoke(
        main, ["report", *args, "--format", "json", "--db", db], catch_exceptions=False
    )
    assert result.exit_code == 0, (args, result.output)
    return json.loads(result.stdout)


def test_every_report_of_the_demo_has_figures_and_the_cli_prints_them(any_db_url, monkeypatch):
    monkeypatch.setenv("PIPELINE_TUI_TZ", "Europe/Berlin")
    seeded = CliRunner().invoke(main, ["seed", "--demo", "--db", any_db_url], catch_exceptions=False)
    assert seeded.exit_code == 0, seeded.output
    store = Store.open(any_db_url, actor="tester")
    zone = user_zone()
    every = ReportFilter()

    def same(kind: ReportKind, *args: str, f: ReportFilter = every, job: str | None = None):
        """The CLI's JSON, checked equal to the report the screen draws for the same job and days."""
        printed = cli_json(any_db_url, kind.value, *args)
        assert printed == run_report(store, kind, f, zone, job=job).json(), (kind, args)
        return printed

    # A funnel per job: each job with applicants reached its first stage and got further.
    funnels = same(ReportKind.FUNNEL)
    titled = {j.job.title: j.job.id for j in store.jobs.list_jobs()}
    assert len(funnels) >= 6 and {f["job"] for f in funnels} <= set(titled)
    for title in (f["job"] for f in funnels):
        one = same(ReportKind.FUNNEL, "--job", title, f=ReportFilter(job_id=titled[title]), job=title)
        stages = one["stages"]
        assert one["applications"] == stages[0]["reached"] > stages[1]["reached"] > 0, one
        assert any(s["rejected"] for s in stages) and stages[0]["conversion_to_next"] is not None
    times = same(ReportKind.STAGES)
    assert sum(t["n"] for t in times) > 100 and all(t["median_days"] > 0 for t in times if t["n"])

    # Hires, with a time to hire, a time to fill (a job reached its headcount) and answered offers.
    hiring = same(ReportKind.HIRING)
    assert hiring["hired"] >= 6 and hiring["time_to_hire_days"]["n"] == hiring["hired"]
    assert hiring["time_to_hire_days"]["median"] > 0
    assert hiring["time_to_fill_days"]["n"] >= 1 and hiring["time_to_fill_days"]["median"] > 0
    assert 0 < hiring["offer_acceptance_rate"] < 1  # one accepted, one declined

    sources = same(ReportKind.SOURCES)
    assert len(sources) >= 3 and sum(s["hired"] for s in sources) == hiring["hired"]
    assert any(s["source"].lower().startswith("pool: ") for s in sources)  # the handoffs' pools
    rejections = same(ReportKind.REJECTIONS)
    assert {r["kind"] for r in rejections} == {"rejected", "withdrew"}
    rejected = sum(s["rejected"] + s["withdrawn"] for f in funnels for s in f["stages"])
    assert sum(r["count"] for r in rejections) == rejected > 0

    # The pool journey: people handed over from their pool, and how far they got.
    journey = same(ReportKind.JOURNEY)
    handed = [p for p in journey if p["handed_off"]]
    assert handed and all(p["members"] >= p["contacted"] >= p["engaged"] >= p["handed_off"] for p in journey)
    assert all(p["median_days_to_handoff"] > 0 for p in handed)
    # ... and how far they get: one handoff reached the offer stage, another was hired (services/demo/journey.py).
    assert sum(p["reached_offer"] for p in journey) >= 2 and sum(p["hired"] for p in journey) >= 1
    assert any(p["hired"] and p["median_days_handoff_to_hire"] > 0 for p in journey)

    # Sequences: touches done at each first step, and replies to some.
    steps = same(ReportKind.SEQUENCES)
    assert {s["sequence"] for s in steps if s["step"] == 1 and s["touches_done"]} == {
        s["sequence"] for s in steps
    }
    assert sum(s["replies"] for s in steps) > 0

    # A range of days: the last 30 in the user's zone, as the screen's "last 30 days".
    today = date.today()
    start = (today - timedelta(days=29)).isoformat()
    recent = ReportFilter(start=today - timedelta(days=29), end=today)
    for kind in ReportKind:
        same(kind, "--from", start, "--to", today.isoformat(), f=recent)
    store.close()
