"""Every `pipeline-tui` command against real SQLite files, including the one-line errors."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, text

import pipeline_tui.cli.context as cli_context
from pipeline_tui.cli import main
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.services.demo import build_demo
from pipeline_tui.store import Store, schema
from pipeline_tui.store.models import Application, Candidate, CandidateTag, PoolMember, StageEvent

NOW = datetime(2026, 11, 20, 9, 30)


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def assert_one_line_error(result, *fragments: str, code: int | None = None) -> str:
    assert result.exit_code != 0, result.output
    if code is not None:
        assert result.exit_code == code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("pipeline-tui: error: "), lines[0]
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "demo.db"
    st = Store.open(str(path), actor="tester")
    build_demo(st.db, now=NOW)
    st.close()
    return path


@pytest.fixture
def opened(monkeypatch):
    """Records which database the TUI would open, instead of taking over the terminal."""
    calls = []

    def fake_run_tui(store, settings):
        calls.append((store.db.url, settings.db, store.candidates.count()))

    monkeypatch.setattr(cli_context, "run_tui", fake_run_tui)
    return calls


# -- opening the TUI and choosing the database --------------------------------------------------------------


def test_no_command_opens_the_tui_on_db_flag(tmp_path, opened):
    result = run("--db", str(tmp_path / "x.db"))
    assert result.exit_code == 0, result.output
    assert opened[0][0] == f"sqlite:///{tmp_path / 'x.db'}"
    assert (tmp_path / "x.db").exists()


def test_database_precedence_flag_env_config_default(tmp_path, opened, monkeypatch):
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text(f'db = "{tmp_path / "from_config.db"}"\n')
    run()
    assert opened[-1][1] == str(tmp_path / "from_config.db")
    monkeypatch.setenv("PIPELINE_TUI_DB", str(tmp_path / "from_env.db"))
    run()
    assert opened[-1][1] == str(tmp_path / "from_env.db")
    run("--db", f"sqlite:///{tmp_path / 'from_flag.db'}")
    assert opened[-1][0] == f"sqlite:///{tmp_path / 'from_flag.db'}"
    (config / "config.toml").unlink()
    monkeypatch.delenv("PIPELINE_TUI_DB")
    run()
    assert opened[-1][1] == str(tmp_path / "data" / "pipeline.db")


def test_bad_config_file_is_one_line(tmp_path):
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text("db = [unclosed\n")
    assert_one_line_error(run("export", "prospects"), "config.toml")


# -- demo ------------------------------------------------------------------------------------------------------


def test_demo_no_open_prints_the_new_database(tmp_path, opened):
    result = run("demo", "--no-open")
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip())
    assert path.name == "demo.db" and path.exists()
    assert not opened
    st = Store.open(str(path))
    try:
        assert st.candidates.count() >= 450
        assert len(st.jobs.list_jobs()) >= 5
    finally:
        st.close()


def test_demo_opens_the_tui_then_says_where_the_file_is(tmp_path, opened, monkeypatch):
    monkeypatch.setenv("PIPELINE_TUI_DB", str(tmp_path / "real.db"))  # never receives demo data
    result = run("demo")
    assert result.exit_code == 0, result.output
    url, settings_db, people = opened[0]
    assert people >= 450
    assert settings_db.endswith("demo.db") and settings_db in result.stdout
    assert "pipeline-tui --db" in result.stdout
    assert not (tmp_path / "real.db").exists()
    # The board opens on the demo's busiest job.
    state = json.loads((tmp_path / "data" / "state.json").read_text())
    st = Store.open(settings_db)
    try:
        assert st.jobs.get(state[url]["last_job"]).title == "Senior Backend Engineer"
    finally:
        st.close()


def test_demo_into_named_database_and_refusal_when_not_empty(tmp_path, opened):
    target = tmp_path / "mine.db"
    assert run("demo", "--no-open", "--db", str(target)).stdout.strip() == str(target)
    assert_one_line_error(run("demo", "--no-open", "--db", str(target)), "empty database")


# -- seed ------------------------------------------------------------------------------------------------------


def test_seed_demo_then_refuses_twice(tmp_path):
    db = str(tmp_path / "s.db")
    result = run("seed", "--demo", "--db", db)
    assert result.exit_code == 0 and "Demo data written" in result.stdout
    assert_one_line_error(run("--db", db, "seed", "--demo"), "already holds")


def test_seed_synthetic_at_small_scale(tmp_path):
    db = str(tmp_path / "syn.db")
    result = run(
        "seed", "--db", db, "--jobs", "6", "--applicants", "900", "--prospects", "1500", "--pools", "4",
        "--tags", "30", "--tag-links", "4000", "--largest-job", "300",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "candidates/s" in result.stdout
    st = Store.open(db)
    try:
        with st.db.transaction() as s:
            people = s.scalar(select(func.count()).select_from(Candidate))
            apps = s.execute(select(Application)).scalars().all()
            emails = s.scalar(select(func.count(func.distinct(Candidate.email))))
            links = s.scalar(select(func.count()).select_from(CandidateTag))
            members = s.scalar(select(func.count()).select_from(PoolMember))
            in_both = s.scalar(
                select(func.count(func.distinct(Application.candidate_id))).where(
                    Application.candidate_id.in_(select(PoolMember.candidate_id))
                )
            )
            events = s.scalar(select(func.count()).select_from(StageEvent))
        # 1,500 prospects + 900 applications, 10% of them by prospects.
        assert people == 1500 + 900 - 90 and emails == people
        assert len(apps) == 900 and events > 900
        assert 3000 < links < 5000 and members > 0 and in_both > 0
        statuses = {a.status for a in apps}
        assert {"active", "rejected", "hired"} <= statuses
        assert all(a.rejection_reason_id for a in apps if a.status in ("rejected", "withdrawn"))
        jobs = st.jobs.list_jobs()
        largest = max(jobs, key=lambda j: j.active_count)
        assert largest.active_count == 300
        assert sum(1 for j in jobs if j.active_count == 300) == 1
        for app in apps[:50]:
            history = st.applications.history(app.id)
            assert history[-1].to_stage_id == app.stage_id and app.version == len(history)
        assert len(st.pools.list_pools()) == 4 and len(st.tags.all_tags()) == 30
    finally:
        st.close()
    # Seeding again adds more people without clashing on e-mails, tags or pool names.
    assert run("seed", "--db", db, "--prospects", "200", "--pools", "2", "--tags", "5").exit_code == 0
    check = run("db", "check", "--db", db)
    assert check.exit_code == 0, check.output


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ((), "say what to write"),
        (("--demo", "--jobs", "3"), "--demo"),
        (("--jobs", "-5"), "-5"),
        (("--prospects", "lots"), "lots"),
        (("--applicants", "10"), "--jobs"),
        (("--jobs", "2", "--applicants", "10", "--largest-job", "50"), "--largest-job"),
        (("--prospects", "10", "--tag-links", "5", "--tags", "0"), "tags"),
        (("--frobnicate",), "--frobnicate"),
    ],
)
def test_seed_bad_input_is_one_line(tmp_path, args, fragment):
    assert_one_line_error(run("seed", "--db", str(tmp_path / "bad.db"), *args), fragment)


# -- export ----------------------------------------------------------------------------------------------------


def test_export_applicants_json_matches_the_database(demo_db):
    result = run("--db", str(demo_db), "export", "applicants")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    st = Store.open(str(demo_db))
    try:
        with st.db.transaction() as s:
            apps = s.execute(select(Application).order_by(Application.id)).scalars().all()
        assert len(data) == len(apps)
        for obj, app in list(zip(data, apps, strict=True))[::7]:
            rec = st.applications.get(app.id)
            cand = st.candidates.get(app.candidate_id)
            job = st.jobs.get(app.job_id)
            stage = next(s for s in st.jobs.stages(job.id) if s.id == app.stage_id)
            assert obj["name"] == cand.full_name and obj["email"] == cand.email
            assert obj["job"] == job.title and obj["stage"] == stage.name
            assert obj["status"] == app.status and obj["source"] == app.source
            assert obj["applied_at"] == app.applied_at.isoformat()
            assert obj["rejection_reason"] == rec.rejection_reason and obj["rating"] == app.rating
            history = st.applications.history(app.id)
            assert [(h["from"], h["to"], h["action"], h["at"], h["actor"]) for h in obj["history"]] == [
                (e.from_stage_name, e.to_stage_name, e.action, e.at.isoformat(), e.actor) for e in history
            ]
    finally:
        st.close()


def test_export_filters_by_job_and_pool(demo_db):
    by_job = json.loads(run("--db", str(demo_db), "export", "applicants", "--job", "data analyst").stdout)
    assert by_job and {o["job"] for o in by_job} == {"Data Analyst"}
    pool = "Silver medalists"
    people = json.loads(run("--db", str(demo_db), "export", "prospects", "--pool", pool).stdout)
    assert people and all(pool in [p["name"] for p in o["pools"]] for o in people)
    st = Store.open(str(demo_db))
    try:
        assert len(people) == st.pools.find_by_name(pool).member_count
        one = people[0]
        assert sorted(one["tags"], key=str.lower) == st.tags.tags_for(one["id"])
        assert {(m.pool_name, m.status) for m in st.pools.memberships(one["id"])} == {
            (p["name"], p["status"]) for p in one["pools"]
        }
    finally:
        st.close()
    # Applicants of the pool's members, and both filters at once.
    both = json.loads(
        run(
            "--db", str(demo_db), "export", "applicants", "--pool", pool, "--job", "Senior Backend Engineer"
        ).stdout
    )
    assert all(o["job"] == "Senior Backend Engineer" for o in both)


def test_export_all_prospects_csv_and_to_file(demo_db, tmp_path):
    out = tmp_path / "people.csv"
    result = run("--db", str(demo_db), "export", "prospects", "--format", "csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    st = Store.open(str(demo_db))
    try:
        assert len(rows) == st.candidates.count()
    finally:
        st.close()
    assert {"name", "email", "pools", "tags", "last_contacted_at"} <= set(rows[0])
    assert any(" (" in r["pools"] for r in rows) and any("; " in r["tags"] for r in rows)
    assert not list(tmp_path.glob(".people.csv.*"))  # no temporary file left behind


def test_csv_neutralises_formulas_json_keeps_them(tmp_path):
    db = str(tmp_path / "f.db")
    st = Store.open(db)
    nasty = ['=HYPERLINK("http://x")', "+SUM(A1:A9)", "-2+3", "@cmd", "Ann [b]Lee[/b]"]
    job = st.jobs.create_job("=Job")
    for i, name in enumerate(nasty):
        cand = st.candidates.add(
            CandidateInput.parse(full_name=name, email=f"p{i}@example.com", source="=src")
        )
        st.applications.apply(cand.id, job.id, source="@web")
    st.close()
    table = list(csv.reader(io.StringIO(run("--db", db, "export", "applicants", "--format", "csv").stdout)))
    header, body = table[0], table[1:]
    names = [r[header.index("name")] for r in body]
    assert names == ["'" + n if n[0] in "=+-@" else n for n in nasty]
    assert {r[header.index("job")] for r in body} == {"'=Job"}
    assert {r[header.index("source")] for r in body} == {"'@web"}
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in body for cell in r)
    people = list(csv.reader(io.StringIO(run("--db", db, "export", "prospects", "--format", "csv").stdout)))
    assert people[1][people[0].index("source")] == "'=src"
    data = json.loads(run("--db", db, "export", "applicants").stdout)
    assert [o["name"] for o in data] == nasty


def test_export_empty_database_is_an_empty_array(tmp_path):
    assert run("db", "upgrade", "--db", str(tmp_path / "e.db")).exit_code == 0
    assert json.loads(run("--db", str(tmp_path / "e.db"), "export", "applicants").stdout) == []


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("applicants", "--job", "Astronaut"), "no job titled 'Astronaut'"),
        (("prospects", "--pool", "Nowhere"), "no pool named 'Nowhere'"),
        (("candidates",), "candidates"),
        (("applicants", "--format", "xml"), "xml"),
        (("applicants", "-o", "/nonexistent-dir/x.json"), "no folder"),
    ],
)
def test_export_bad_input_is_one_line(demo_db, tmp_path, args, fragment):
    result = run("--db", str(demo_db), "export", *args)
    assert_one_line_error(result, fragment)
    assert result.stdout == ""


def test_failed_export_keeps_the_old_file(demo_db, tmp_path):
    out = tmp_path / "keep.json"
    out.write_text("old")
    assert_one_line_error(run("--db", str(demo_db), "export", "applicants", "--job", "Nope", "-o", str(out)))
    assert out.read_text() == "old"


# -- db upgrade / check / backup -------------------------------------------------------------------------------


def _baseline_db(path: Path) -> None:
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        schema.upgrade_to_head(conn, schema.KNOWN_REVISIONS[0])
        conn.commit()
    engine.dispose()


def test_db_upgrade_new_older_and_current(tmp_path):
    fresh = tmp_path / "fresh.db"
    result = run("db", "upgrade", "--db", str(fresh))
    assert result.exit_code == 0 and f"created at {schema.HEAD}" in result.stdout
    assert "nothing to do" in run("--db", str(fresh), "db", "upgrade").stdout
    if len(schema.KNOWN_REVISIONS) > 1:
        old = tmp_path / "old.db"
        _baseline_db(old)
        check = run("db", "check", "--db", str(old))
        assert check.exit_code == 1 and "db upgrade" in check.stdout
        result = run("db", "upgrade", "--db", str(old))
        assert f"upgraded from {schema.KNOWN_REVISIONS[0]} to {schema.HEAD}" in result.stdout
        assert run("db", "check", "--db", str(old)).exit_code == 0


def test_db_check_reports_and_fails_on_broken_references(demo_db, tmp_path):
    ok = run("db", "check", "--db", str(demo_db))
    assert ok.exit_code == 0, ok.output
    assert "integrity" in ok.stdout and "FAIL" not in ok.stdout
    broken = tmp_path / "broken.db"
    run("db", "backup", str(broken), "--db", str(demo_db))
    conn = sqlite3.connect(broken)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("UPDATE application SET stage_id = 999999 WHERE id = (SELECT min(id) FROM application)")
    conn.execute("DELETE FROM stage_event WHERE application_id = (SELECT max(id) FROM application)")
    conn.commit()
    conn.close()
    result = run("db", "check", "--db", str(broken))
    assert result.exit_code == 1
    assert "FAIL  foreign keys" in result.stdout and "no stage history" in result.stdout
    assert result.stderr.strip().startswith("pipeline-tui: error: check failed")


def test_db_check_never_creates_a_database(tmp_path):
    assert_one_line_error(run("db", "check", "--db", str(tmp_path / "missing.db")), "no database")
    assert not (tmp_path / "missing.db").exists()


def test_db_backup_copies_a_database_in_use(demo_db, tmp_path):
    st = Store.open(str(demo_db))  # another user has it open
    try:
        dest = tmp_path / "copy.db"
        result = run("db", "backup", str(dest), "--db", str(demo_db))
        assert result.exit_code == 0, result.output
        copy = Store.open(str(dest))
        try:
            assert copy.candidates.count() == st.candidates.count()
            assert [j.job.title for j in copy.jobs.list_jobs()] == [j.job.title for j in st.jobs.list_jobs()]
        finally:
            copy.close()
        assert_one_line_error(run("db", "backup", str(dest), "--db", str(demo_db)), "already exists")
        assert run("db", "backup", str(dest), "--force", "--db", str(demo_db)).exit_code == 0
        assert_one_line_error(run("db", "backup", str(demo_db), "--db", str(demo_db)), "database itself")
        assert_one_line_error(
            run("db", "backup", str(tmp_path / "no" / "x.db"), "--db", str(demo_db)), "no folder"
        )
    finally:
        st.close()


def test_db_backup_of_postgresql_points_to_pg_dump():
    url = os.environ.get("PIPELINE_TUI_TEST_PG_URL")
    if not url:
        pytest.skip("set PIPELINE_TUI_TEST_PG_URL to check the PostgreSQL refusal")
    assert_one_line_error(run("db", "backup", "/tmp/never.db", "--db", url), "pg_dump")


def test_db_reindex_rebuilds_search(demo_db, tmp_path):
    copy = tmp_path / "r.db"
    run("db", "backup", str(copy), "--db", str(demo_db))
    conn = sqlite3.connect(copy)
    conn.execute("DELETE FROM candidate_fts")
    conn.commit()
    conn.close()
    stale = run("db", "check", "--db", str(copy))
    assert stale.exit_code == 1 and "db reindex" in stale.stdout
    result = run("db", "reindex", "--db", str(copy))
    assert result.exit_code == 0 and "people" in result.stdout
    st = Store.open(str(copy))
    try:
        with st.db.transaction() as s:
            assert s.scalar(text("SELECT count(*) FROM candidate_fts")) == st.candidates.count()
    finally:
        st.close()


# -- every bad database is one line ----------------------------------------------------------------------------


def _newer_db(path: Path) -> None:
    st = Store.open(str(path))
    with st.db.transaction() as s:
        s.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    st.close()


@pytest.mark.parametrize(
    "command", [(), ("export", "applicants"), ("db", "check"), ("db", "upgrade"), ("seed", "--demo")]
)
@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda p: "mysql://localhost/x", "unsupported database 'mysql'"),
        (lambda p: "postgresql://localhost:1/x", "cannot open database"),
        (
            lambda p: (p / "notes.txt").write_text("hello, not a database") and str(p / "notes.txt"),
            "not a SQLite database",
        ),
        (lambda p: str(p), "is a folder"),
        (lambda p: _newer_db(p / "new.db") or str(p / "new.db"), "newer pipeline-tui"),
    ],
    ids=["scheme", "unreachable", "not-a-db", "folder", "newer"],
)
def test_bad_database_is_one_line_everywhere(tmp_path, opened, command, make, fragment):
    value = make(tmp_path)
    assert_one_line_error(run("--db", value, *command), fragment, code=1)
    assert not opened


def test_unknown_command_and_option_are_one_line():
    assert_one_line_error(run("frobnicate"), "frobnicate", code=2)
    assert_one_line_error(run("--colour"), "--colour", code=2)
    assert_one_line_error(run("export"), "applicants|prospects", code=2)


def test_help_and_version():
    result = run("--help")
    assert result.exit_code == 0
    for name in ("demo", "seed", "export", "db"):
        assert name in result.stdout
    assert run("-V").exit_code == 0


def test_real_process_errors_have_no_traceback(tmp_path):
    env = dict(os.environ)
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline_tui", "--db", "postgresql://localhost:1/x", "export", "prospects"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 1
    assert (
        proc.stderr.startswith("pipeline-tui: error: cannot open database") and proc.stderr.count("\n") == 1
    )
    path = tmp_path / "p.db"
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline_tui", "demo", "--no-open", "--db", str(path)],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0 and proc.stdout.strip() == str(path)
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline_tui", "--db", str(path), "export", "applicants"],
        capture_output=True, env=env, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0 and len(json.loads(proc.stdout.decode("utf-8"))) >= 150


def test_tui_really_opens_on_the_chosen_database(demo_db, monkeypatch):
    """`pipeline-tui --db X` runs the real app (headless here) on X, starting on the stage board."""
    from pipeline_tui.app import PipelineApp

    seen = {}
    original = PipelineApp.run

    def headless_run(self, **kwargs):
        async def look_and_quit(pilot):
            await pilot.pause()
            seen["screen"] = type(pilot.app.screen).__name__
            seen["db"] = pilot.app.store.db.url
            pilot.app.exit()

        return original(self, headless=True, size=(120, 40), auto_pilot=look_and_quit)

    monkeypatch.setattr(PipelineApp, "run", headless_run)
    result = run("--db", str(demo_db))
    assert result.exit_code == 0, result.output
    assert seen == {"screen": "BoardScreen", "db": f"sqlite:///{demo_db}"}
