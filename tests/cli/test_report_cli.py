"""`pipeline-tui report`: every report's JSON, field for field, on a history computed by hand (SQLite and
PostgreSQL); the table literal whatever a title holds; CSV cells a spreadsheet cannot run; each bad input one
line and a non-zero exit before anything is read; and a report never creates or changes the database file.

The history (T0 = Mon 5 Jan 2026 09:00 UTC, day n = T0 + n days; the user's zone is UTC):
  Backend Engineer (Applied, Screen, Interview, Offer, Hired; opened T0, headcount 2)
    Ada  Referral  applied d0, Screen d2, Interview d5, Offer d7; offer sent d8, accepted d10 (hired)
    Ben  LinkedIn  applied d1, Screen d3, rejected d4 in Screen ("Skills mismatch")
    Cy   LinkedIn  applied d2, withdrew d3 in Applied ("Accepted another offer")
    Eve  handed over from "Backend pool" d4 (joined it d0), Offer d8 (a skip), hired d12
    Fay  Referral  applied d1, Offer d6 (a skip); offer sent d7, declined d9: still in Offer
  Product Designer (the same stages, opened T0): Dee, source '=HYPERLINK(...)', applied d3, in Applied
  Backend pool: Eve, Gil, Hal joined d0. Sequence "Warm-up" (e-mail, LinkedIn, call): Gil's e-mail done d1,
    he replied d3; Hal's e-mail done d2, he opted out d4 (both answer step 1).
"""

from __future__ import annotations

import csv
import io
import json
import os
from decimal import Decimal

import pytest
from cli_errors import one_line_error
from click.testing import CliRunner
from nurture_data import add_people, enroll_people, seed_sequence
from report_data import apply, day, handoff, hire, job_with_stages, move, person, pool_with, reject, withdraw
from sqlalchemy import update

from pipeline_tui.cli import main
from pipeline_tui.cli.reports import REPORTS
from pipeline_tui.core.clock import pinned_at
from pipeline_tui.core.hiring_records import OfferTerms
from pipeline_tui.core.report_records import ReportKind
from pipeline_tui.store import Store
from pipeline_tui.store.models import Job, Stage, StageEvent

HYPERLINK = '=HYPERLINK("http://evil.example","x")'


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def report_json(db: str, *args: str):
    result = run("report", *args, "--format", "json", "--db", db)
    assert result.exit_code == 0, result.output
    return rounded(json.loads(result.stdout))


def rounded(value):
    """Floats to 9 places: SQLite's and PostgreSQL's day arithmetic differ in the last bits."""
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, list):
        return [rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    return value


def _offer(store: Store, app_id: int, sent: int, answered: int, *, accept: bool) -> None:
    terms = OfferTerms(job_title="Backend Engineer", salary=Decimal("90000"), currency="EUR")
    with pinned_at(day(sent)):
        offer = store.offers.create(app_id, terms, request_approval=True)  # no approvers: approved at once
        store.offers.send(offer.id)
    with pinned_at(day(answered)):
        (store.offers.accept if accept else store.offers.decline)(offer.id)


def build_history(store: Store) -> None:
    backend = job_with_stages(store, "Backend Engineer", headcount=2)
    designer = job_with_stages(store, "Product Designer")
    ada = apply(store, backend, "Ada Lovelace", at=day(0), source="Referral")
    for stage, n in (("Screen", 2), ("Interview", 5), ("Offer", 7)):
        move(store, ada, stage, at=day(n))
    _offer(store, ada.id, 8, 10, accept=True)
    ben = apply(store, backend, "Ben Bell", at=day(1), source="LinkedIn")
    move(store, ben, "Screen", at=day(3))
    reject(store, ben, "Skills mismatch", at=day(4))
    cy = apply(store, backend, "Cy Cole", at=day(2), source="LinkedIn")
    withdraw(store, cy, "Accepted another offer", at=day(3))
    fay = apply(store, backend, "Fay Fox", at=day(1), source="Referral")
    move(store, fay, "Offer", at=day(6))
    _offer(store, fay.id, 7, 9, accept=False)
    apply(store, designer, "Dee Dunn", at=day(3), source=HYPERLINK)
    eve = person(store, "Eve Evans", at=day(0))
    with pinned_at(day(0)):
        gil, hal = add_people(store, "Gil Grant", "Hal Hunt")
    pool = pool_with(store, "Backend pool", [eve, gil, hal], at=day(0))
    eve_app = handoff(store, backend, eve, pool, at=day(4))
    move(store, eve_app, "Offer", at=day(8))
    hire(store, eve_app, at=day(12))
    sequence = seed_sequence(store)
    gil_touch, hal_touch = enroll_people(store, sequence, [gil, hal], day(0), pool_id=pool)
    store.touches.done(gil_touch, now=day(1))
    store.touches.done(hal_touch, now=day(2))
    store.touches.replied(_due(store, gil), now=day(3))
    store.touches.opted_out(_due(store, hal), now=day(4))


def _due(store: Store, candidate_id: int) -> int:
    (touch,) = [t for t in store.touches.due(now=day(30)) if t.candidate_id == candidate_id]
    return touch.id


@pytest.fixture
def history_db(any_db_url):
    store = Store.open(any_db_url, actor="tester")
    build_history(store)
    store.close()
    return any_db_url


def _stage(name, reached, rejected, withdrawn, conversion):
    return {"stage": name, "reached": reached, "rejected": rejected, "withdrawn": withdrawn,
            "conversion_to_next": conversion}  # fmt: skip


LATER_STAGES = ("Screen", "Interview", "Offer", "Hired")
BACKEND_FUNNEL = {
    "job": "Backend Engineer",
    "from": None,
    "to": None,
    "applications": 5,
    "stages": [
        _stage("Applied", 5, 0, 1, 0.8),  # Screen: Ada, Ben, and Eve and Fay who skipped it
        _stage("Screen", 4, 1, 0, 0.75),
        _stage("Interview", 3, 0, 0, 1.0),
        _stage("Offer", 3, 0, 0, round(2 / 3, 9)),
        _stage("Hired", 2, 0, 0, None),
    ],
}
DESIGNER_FUNNEL = {
    "job": "Product Designer",
    "from": None,
    "to": None,
    "applications": 1,
    "stages": [_stage("Applied", 1, 0, 0, 0.0)] + [_stage(s, 0, 0, 0, None) for s in LATER_STAGES],
}


def test_funnel_of_one_job_is_one_object_in_stage_order(history_db):
    assert report_json(history_db, "funnel", "--job", "backend engineer") == BACKEND_FUNNEL


def test_funnel_of_every_job_is_an_array_by_title(history_db):
    assert report_json(history_db, "funnel") == [BACKEND_FUNNEL, DESIGNER_FUNNEL]


def test_funnel_of_some_days_counts_the_applications_of_those_days(history_db):
    # 6 and 7 Jan: Ben, Fay (d1) and Cy (d2); Ada (d0) and Eve (d4) fall outside.
    got = report_json(
        history_db, "funnel", "--job", "Backend Engineer", "--from", "2026-01-06", "--to", "2026-01-07"
    )
    assert got == {
        "job": "Backend Engineer",
        "from": "2026-01-06",
        "to": "2026-01-07",
        "applications": 3,
        "stages": [
            _stage("Applied", 3, 0, 1, round(2 / 3, 9)),
            _stage("Screen", 2, 1, 0, 0.5),
            _stage("Interview", 1, 0, 0, 1.0),
            _stage("Offer", 1, 0, 0, 0.0),
            _stage("Hired", 0, 0, 0, None),
        ],
    }


def test_the_days_are_the_users_local_days(history_db, monkeypatch):
    one_day = ("funnel", "--job", "Backend Engineer", "--from", "2026-01-05", "--to", "2026-01-05")
    assert report_json(history_db, *one_day)["applications"] == 1  # Ada, 09:00 UTC on the 5th
    # In Honolulu (UTC-10) Ada applied at 23:00 on the 4th, and Ben and Fay at 23:00 on the 5th.
    monkeypatch.setenv("PIPELINE_TUI_TZ", "Pacific/Honolulu")
    assert report_json(history_db, *one_day)["applications"] == 2


def _time(job, stage, median, mean, n):
    return {"job": job, "stage": stage, "median_days": median, "mean_days": mean, "n": n}


def test_stages_are_the_completed_stays_per_stage(history_db):
    backend = [
        _time("Backend Engineer", "Applied", 2.0, 2.8, 5),  # 2 (Ada), 2 (Ben), 1 (Cy), 4 (Eve), 5 (Fay)
        _time("Backend Engineer", "Screen", 2.0, 2.0, 2),  # 3 (Ada), 1 (Ben)
        _time("Backend Engineer", "Interview", 2.0, 2.0, 1),  # Ada
        _time("Backend Engineer", "Offer", 3.5, 3.5, 2),  # 3 (Ada), 4 (Eve); Fay's stay is open
        _time("Backend Engineer", "Hired", None, None, 0),
    ]
    designer = [_time("Product Designer", s, None, None, 0) for s in ("Applied", *LATER_STAGES)]
    assert report_json(history_db, "stages") == backend + designer
    assert report_json(history_db, "stages", "--job", "Backend Engineer") == backend


def test_hiring_is_one_object(history_db):
    assert report_json(history_db, "hiring") == {
        "hired": 2,
        "time_to_hire_days": {"median": 9.0, "mean": 9.0, "n": 2},  # Ada 10, Eve 8
        "time_to_fill_days": {"median": 12.0, "mean": 12.0, "n": 1},  # the 2nd hire (Eve, d12) fills it
        "offer_acceptance_rate": 0.5,  # Ada accepted, Fay declined
    }
    assert report_json(history_db, "hiring", "--job", "Product Designer") == {
        "hired": 0,
        "time_to_hire_days": {"median": None, "mean": None, "n": 0},
        "time_to_fill_days": {"median": None, "mean": None, "n": 0},
        "offer_acceptance_rate": None,
    }


def test_sources_by_applications_then_source(history_db):
    assert report_json(history_db, "sources") == [
        {"source": "LinkedIn", "applications": 2, "hired": 0, "yield": 0.0},
        {"source": "Referral", "applications": 2, "hired": 1, "yield": 0.5},
        {"source": HYPERLINK, "applications": 1, "hired": 0, "yield": 0.0},
        {"source": "pool: Backend pool", "applications": 1, "hired": 1, "yield": 1.0},
    ]


def test_rejections_by_reason_stage_and_kind(history_db):
    got = report_json(history_db, "rejections")
    assert sorted(got, key=lambda r: r["kind"]) == [
        {"reason": "Skills mismatch", "stage": "Screen", "kind": "rejected", "count": 1},
        {"reason": "Accepted another offer", "stage": "Applied", "kind": "withdrew", "count": 1},
    ]


def test_journey_per_pool(history_db):
    assert report_json(history_db, "journey") == [
        {
            "pool": "Backend pool",
            "members": 3,
            "contacted": 3,  # Eve handed off, Gil's e-mail, Hal's e-mail
            "engaged": 2,  # Eve (handed off), Gil (replied)
            "handed_off": 1,
            "reached_offer": 1,
            "hired": 1,
            "median_days_to_handoff": 4.0,
            "median_days_handoff_to_hire": 8.0,
        }
    ]
    (designer,) = report_json(history_db, "journey", "--job", "Product Designer")
    assert (designer["members"], designer["handed_off"], designer["hired"]) == (3, 0, 0)


def test_sequences_per_step(history_db):
    def step(n, channel, done=0, replies=0, opt_outs=0, rate=None):
        return {"sequence": "Warm-up", "step": n, "channel": channel, "touches_done": done,
                "replies": replies, "opt_outs": opt_outs, "reply_rate": rate}  # fmt: skip

    assert report_json(history_db, "sequences") == [
        step(1, "email", 2, 1, 1, 0.5),
        step(2, "linkedin"),
        step(3, "call"),
    ]


# -- the table ----------------------------------------------------------------------------------------------


def test_table_has_a_title_line_and_aligned_columns(history_db):
    result = run("report", "funnel", "--job", "Backend Engineer", "--db", history_db)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Funnel · Backend Engineer · all time · 5 applied in the range"
    assert lines[1] == ""
    assert lines[2].split() == ["Stage", "Reached", "Rejected", "Withdrew", "To", "next"]
    assert lines[3].split() == ["Applied", "5", "0", "1", "80.0%"]
    assert lines[7].split() == ["Hired", "2", "0", "0", "\u2014"]
    # Figures are right-aligned: every row ends its Reached column where the header does.
    end = lines[2].index("Reached") + len("Reached")
    assert all(line[end - 1].isdigit() and line[end] == " " for line in lines[3:8])
    days = run("report", "hiring", "--from", "2026-01-05", "--db", history_db).stdout.splitlines()
    assert days[0] == "Hiring · all jobs · from 2026-01-05 · 6 applied in the range"
    assert days[1] == "Hires and times of applications made in the range, not every hire made in it."
    assert days[2] == ""
    assert days[3].split() == ["Measure", "Value", "Mean", "days", "n"]
    assert days[4].split() == ["Hires", "2", "\u2014", "\u2014"]


def test_table_of_nothing_says_so(history_db):
    result = run("report", "sources", "--from", "2030-01-01", "--db", history_db)
    assert result.stdout.splitlines() == [
        "Sources · all jobs · from 2030-01-01 · 0 applied in the range",
        "",
        "Nothing to report in this range.",
    ]


STRANGE_JOB = "Evil\x1b]0;owned\x07 \u202eboj"
STRANGE_STAGE = "Scr\x1b[2Jeen\u2066"


def test_table_shows_control_and_bidi_characters_as_escapes(any_db_url):
    store = Store.open(any_db_url, actor="tester")
    job = job_with_stages(store, "Evil job")
    ann = apply(store, job, "Ann Aho", at=day(0), source="Web\u202e")
    other = job_with_stages(store, "Plain job")
    apply(store, other, "Bo Berg", at=day(0))
    with store.db.transaction() as s:  # the store cleans input: write what a file could hold behind its back
        s.execute(update(Job).where(Job.id == job.id).values(title=STRANGE_JOB))
        s.execute(
            update(Stage).where(Stage.job_id == job.id, Stage.name == "Applied").values(name=STRANGE_STAGE)
        )
        # A report names a stage as the history does: the name it had when Ann moved into it.
        s.execute(
            update(StageEvent).where(StageEvent.application_id == ann.id).values(to_stage_name=STRANGE_STAGE)
        )
    store.close()
    for args in (("funnel",), ("funnel", "--job", STRANGE_JOB), ("sources",)):
        result = run("report", *args, "--db", any_db_url)
        assert result.exit_code == 0, result.output
        out = result.stdout
        assert not any(c in out for c in ("\x1b", "\x07", "\u202e", "\u2066")), repr(out)
    every = run("report", "funnel", "--db", any_db_url).stdout
    assert "Evil\\x1b]0;owned\\x07 \\u202eboj" in every and "Scr\\x1b[2Jeen\\u2066" in every
    one = run("report", "funnel", "--job", STRANGE_JOB, "--db", any_db_url).stdout.splitlines()
    assert one[0] == "Funnel · Evil\\x1b]0;owned\\x07 \\u202eboj · all time · 1 applied in the range"
    assert "Web\\u202e" in run("report", "sources", "--db", any_db_url).stdout


# -- CSV, HTML and -o ----------------------------------------------------------------------------------------


def test_csv_is_the_table_with_formula_cells_neutralised(history_db):
    result = run("report", "sources", "--format", "csv", "--db", history_db)
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["Source", "Applications", "Hired", "Yield"]
    assert rows[1:] == [
        ["LinkedIn", "2", "0", "0.0"],
        ["Referral", "2", "1", "0.5"],
        ["'" + HYPERLINK, "1", "0", "0.0"],  # a spreadsheet shows it as text, never runs it
        ["pool: Backend pool", "1", "1", "1.0"],
    ]


def test_html_is_one_page_with_the_report_and_its_chart(history_db):
    result = run("report", "funnel", "--job", "Backend Engineer", "--format", "html", "--db", history_db)
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert (
        page.lstrip().lower().startswith("<!doctype html") and "<svg" in page and "Backend Engineer" in page
    )
    # The page's own rules (no script, no request, literal text) are tests/services/test_report_files.py's.
    assert page.count("<svg") == 1 and "Offer" in page


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "html"])
def test_output_file_is_written_whole_and_said_on_stderr(history_db, tmp_path, fmt):
    target = tmp_path / f"report.{fmt}"
    target.write_text("an older report")
    result = run("report", "hiring", "--format", fmt, "-o", target, "--db", history_db)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"Wrote the hiring report ({fmt}) to {target}"]
    text = target.read_text(encoding="utf-8")
    if fmt in ("table", "json", "csv"):  # the same as on stdout (html says when it was made)
        assert text == run("report", "hiring", "--format", fmt, "--db", history_db).stdout
    if fmt == "json":
        assert json.loads(text)["hired"] == 2
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left


@pytest.mark.parametrize(
    ("name", "fmt", "start"),
    [
        ("report.csv", "csv", "Measure,Value,Mean days,n"),
        ("report.JSON", "json", "{"),
        ("report.html", "html", "<!doctype html"),
        ("report.txt", "table", "Hiring · all jobs · all time · "),
        ("report", "table", "Hiring · all jobs · all time · "),
    ],
)
def test_without_format_the_output_file_name_says_the_format(history_db, tmp_path, name, fmt, start):
    target = tmp_path / name
    result = run("report", "hiring", "-o", target, "--db", history_db)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [f"Wrote the hiring report ({fmt}) to {target}"]
    assert target.read_text(encoding="utf-8").lower().startswith(start.lower())


def test_format_given_wins_over_the_file_name(history_db, tmp_path):
    target = tmp_path / "report.csv"
    result = run("report", "hiring", "--format", "json", "-o", target, "--db", history_db)
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text(encoding="utf-8"))["hired"] == 2


def test_hiring_csv_has_a_column_per_unit_and_the_rate_as_a_fraction(history_db):
    """Hires a count, the times medians and means of days, offer acceptance 0.5 as every CSV's rates are."""
    rows = list(
        csv.reader(io.StringIO(run("report", "hiring", "--format", "csv", "--db", history_db).stdout))
    )
    assert rows[0] == ["Measure", "Value", "Mean days", "n"]
    assert rows[1] == ["Hires", "2", "", ""]
    assert [r[0] for r in rows[2:4]] == ["Time to hire (median days)", "Time to fill (median days)"]
    assert rows[4] == ["Offer acceptance rate", "0.5", "", "2"]  # Ada accepted, Fay declined
    table = run("report", "hiring", "--db", history_db).stdout.splitlines()
    assert table[-1].split() == ["Offer", "acceptance", "rate", "50.0%", "\u2014", "2"]


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary_one(
    history_db, tmp_path, monkeypatch, fmt
):
    target = tmp_path / "report.txt"
    target.write_text("an older report")

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    result = run("report", "funnel", "--format", fmt, "-o", target, "--db", history_db)
    one_line_error(result, "No space left on device")
    assert target.read_text() == "an older report"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "any.db") == ["report.txt"]


# -- bad input, and a report only reads --------------------------------------------------------------------


@pytest.fixture
def jobs_db(tmp_path):
    """A SQLite file with two jobs and nothing else."""
    path = tmp_path / "jobs.db"
    st = Store.open(str(path), actor="tester")
    st.jobs.create_job("Backend Engineer")
    st.jobs.create_job("Product Designer")
    st.close()
    return path


def test_the_cli_offers_exactly_the_reports_there_are():
    assert REPORTS == tuple(kind.value for kind in ReportKind)


@pytest.mark.parametrize(
    ("args", "code", "fragments"),
    [
        (("fnnel",), 2, ("no report named 'fnnel'", "funnel, stages, hiring, sources, rejections, journey")),
        ((), 2, ("Missing argument 'KIND'", "funnel")),
        (("funnel", "--from", "2026-13-01"), 2, ("--from", "2026-13-01 is not a date: write YYYY-MM-DD")),
        (("funnel", "--to", "2026-02-30"), 2, ("--to", "2026-02-30 is not a date: write YYYY-MM-DD")),
        (
            ("funnel", "--from", "20261101"),
            2,
            ("--from", "cannot read '20261101' as a date: write YYYY-MM-DD"),
        ),
        (("funnel", "--to", "yesterday"), 2, ("--to", "cannot read 'yesterday'", "YYYY-MM-DD")),
        (
            ("funnel", "--from", "2026-03-02", "--to", "2026-03-01"),
            1,
            ("from 2026-03-02 is after to 2026-03-01",),
        ),
        (("sequences", "--job", "Backend Engineer"), 2, ("sequences are not per job: leave out --job",)),
        (("funnel", "--format", "pdf"), 2, ("--format", "'pdf' is not one of")),
        (
            ("funnel", "--job", "Backend Engeneer"),
            1,
            ("no job titled 'Backend Engeneer'", "'Backend Engineer'"),
        ),
        (("funnel", "-o", "{tmp}/no/such/folder/r.csv"), 2, ("no folder", "create it first")),
    ],
    ids=[
        "kind",
        "no-kind",
        "from",
        "to",
        "no-such-day",
        "basic-format",
        "order",
        "sequences-job",
        "format",
        "job",
        "folder",
    ],
)
def test_each_bad_input_is_one_line_and_a_failing_exit(jobs_db, tmp_path, args, code, fragments):
    before = (jobs_db.read_bytes(), os.stat(jobs_db).st_mtime_ns)
    args = tuple(a.replace("{tmp}", str(tmp_path)) for a in args)
    result = run("report", *args, "--db", jobs_db)
    one_line_error(result, *fragments, code=code)
    assert result.stdout == ""
    assert (jobs_db.read_bytes(), os.stat(jobs_db).st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["jobs.db"]


def test_a_missing_database_is_one_line_and_is_not_created(tmp_path):
    missing = tmp_path / "hirnig.db"
    result = run("report", "funnel", "--db", missing)
    one_line_error(result, f"no database at {missing}", code=1)
    assert not missing.exists() and list(tmp_path.iterdir()) == []


def test_every_report_leaves_the_database_file_as_it_was(tmp_path):
    path = tmp_path / "history.db"
    store = Store.open(str(path), actor="tester")
    build_history(store)
    store.close()
    before = (path.read_bytes(), os.stat(path).st_mtime_ns, sorted(p.name for p in tmp_path.iterdir()))
    for kind in REPORTS:
        for fmt in ("table", "json"):
            result = run("report", kind, "--format", fmt, "--db", path)
            assert result.exit_code == 0, result.output
    assert (
        path.read_bytes(),
        os.stat(path).st_mtime_ns,
        sorted(p.name for p in tmp_path.iterdir()),
    ) == before
