"""What the CLI says when a command is incomplete or a name is mistyped: the group's help, the closest job
titles and pool names, and no pool created by a typo; unexpected inputs get one clear line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline_tui.cli import main
from pipeline_tui.store import Store


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def one_error_line(result, code: int, *fragments: str) -> str:
    assert result.exit_code == code, (result.exit_code, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("pipeline-tui: error: "), result.stderr
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "hiring.db"
    st = Store.open(str(path), actor="tester")
    for title in ("Backend Engineer", "Frontend Engineer", "Product Designer", "Head of Sales"):
        st.jobs.create_job(title)
    for name in ("Backend engineers – Berlin", "Data & analytics", "Silver medalists"):
        st.pools.create_pool(name)
    st.close()
    return path


def _pools(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute("SELECT name FROM pool ORDER BY name")]
    finally:
        con.close()


def _people_csv(tmp_path: Path) -> Path:
    path = tmp_path / "people.csv"
    path.write_text("name,email\nAnn Example,ann@example.com\nBo Example,bo@example.com\n")
    return path


# -- a group named without its command ------------------------------------------------------------------------


@pytest.mark.parametrize("group", ["db", "import", "privacy"])
@pytest.mark.parametrize("extra", [(), ("--db", "x.db")], ids=["bare", "with-db"])
def test_a_group_without_a_command_prints_its_help_and_exits_2(tmp_path, group, extra):
    result = run(group, *extra)
    assert result.exit_code == 2
    assert "error:" not in result.stderr
    help_lines = result.stderr.splitlines()
    assert help_lines[0].startswith("Usage: ")
    assert help_lines[0].endswith(f" {group} [OPTIONS] COMMAND [ARGS]...")
    assert "Commands:" in help_lines and len(help_lines) > 8
    assert not (tmp_path / "x.db").exists()


def test_a_group_with_its_command_still_runs(db):
    result = run("--db", db, "db", "check")
    assert result.exit_code == 0, result.output
    assert "Usage:" not in result.output


# -- closest names ----------------------------------------------------------------------------------------------


def test_an_unknown_job_lists_the_closest_titles(db, tmp_path):
    line = one_error_line(run("export", "applicants", "--job", "Bakend Enginer", "--db", db), 1)
    assert line == (
        "pipeline-tui: error: no job titled 'Bakend Enginer'; closest: 'Backend Engineer', 'Frontend Engineer'"
    )
    line = one_error_line(
        run("import", "applicants", _people_csv(tmp_path), "--job", "designer", "--db", db), 1
    )
    assert line.endswith("no job titled 'designer'; closest: 'Product Designer'")
    one_error_line(run("export", "applicants", "--job", "Astronaut", "--db", db), 1, "none is close")


def test_an_unknown_export_pool_lists_the_closest_names(db):
    one_error_line(
        run("export", "prospects", "--pool", "Data", "--db", db),
        1,
        "no pool named 'Data'; closest: 'Data & analytics'",
    )


def test_a_mistyped_pool_is_not_created_and_the_closest_is_suggested(db, tmp_path):
    people = _people_csv(tmp_path)
    line = one_error_line(
        run("import", "prospects", people, "--pool", "Bakend engineers - Berlin", "--db", db), 1
    )
    assert "did you mean 'Backend engineers – Berlin'?" in line and "--create-pool" in line
    assert _pools(db) == ["Backend engineers – Berlin", "Data & analytics", "Silver medalists"]
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM candidate").fetchone() == (0,)
    con.close()


def test_create_pool_makes_the_close_name_anyway(db, tmp_path):
    result = run(
        "import",
        "prospects",
        _people_csv(tmp_path),
        "--pool",
        "Silver medallists",
        "--create-pool",
        "--db",
        db,
    )
    assert result.exit_code == 0, result.output
    assert "pool 'Silver medallists' was created" in result.stdout
    assert "Silver medallists" in _pools(db)


def test_a_new_name_with_no_pool_close_is_created(db, tmp_path):
    result = run("import", "prospects", _people_csv(tmp_path), "--pool", "Rust folks", "--db", db)
    assert result.exit_code == 0, result.output
    assert "Rust folks" in _pools(db)


def test_an_existing_pool_in_other_case_and_spacing_is_used(db, tmp_path):
    result = run("import", "prospects", _people_csv(tmp_path), "--pool", "  silver   MEDALISTS ", "--db", db)
    assert result.exit_code == 0, result.output
    assert _pools(db) == ["Backend engineers – Berlin", "Data & analytics", "Silver medalists"]


# -- unexpected errors are one clear line ----------------------------------------------------------------------


@pytest.mark.parametrize("command", [(), ("export", "applicants"), ("db", "check"), ("db", "upgrade")])
@pytest.mark.parametrize("url", ["sqlite://:::", "postgresql://host:notaport/x"])
def test_a_malformed_url_is_one_line(monkeypatch, command, url):
    import pipeline_tui.cli.context as cli_context

    monkeypatch.setattr(cli_context, "run_tui", lambda *a: pytest.fail("the TUI must not open"))
    line = one_error_line(run("--db", url, *command), 1, "not a database URL")
    assert "unexpected" not in line


@pytest.mark.parametrize("depth", [100_000, 900, 40])
def test_deeply_nested_json_is_refused_before_anything_is_written(tmp_path, depth):
    inner = "[" * depth + "]" * depth
    path = tmp_path / "deep.json"
    path.write_text(f'[{{"name": "Ann Example", "email": "ann@example.com", "notes": {inner}}}]')
    db = tmp_path / "never.db"
    line = one_error_line(run("import", "prospects", path, "--pool", "P", "--db", db), 4)
    assert "nested more than 32 levels deep" in line and "unexpected" not in line
    assert not db.exists()


def test_json_nested_as_deep_as_a_resume_still_imports(tmp_path):
    path = tmp_path / "ok.json"
    path.write_text('[{"name": "Ann Example", "email": "ann@example.com", "x": ' + "[" * 20 + "]" * 20 + "}]")
    result = run("import", "prospects", path, "--pool", "P", "--db", tmp_path / "ok.db")
    assert result.exit_code == 0, result.output


def test_a_folder_of_deep_json_files_is_one_line(tmp_path):
    folder = tmp_path / "resumes"
    folder.mkdir()
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    result = run("import", "prospects", folder, "--pool", "P", "--db", tmp_path / "r.db")
    assert result.exit_code != 0
    assert "unexpected" not in result.output and "Traceback" not in result.output


# -- output paths are checked before anything is written -------------------------------------------------------


def test_failed_csv_into_a_missing_folder_fails_before_the_import(db, tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("name,email\nAnn Example,ann@example.com\nNo Mail,not-an-email\n")
    before = db.read_bytes()
    missing = tmp_path / "no" / "failed.csv"
    one_error_line(
        run("import", "prospects", people, "--pool", "Silver medalists", "--failed-csv", missing, "--db", db),
        2,
        "--failed-csv",
        f"no folder {missing.parent}",
    )
    assert db.read_bytes() == before
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM candidate").fetchone() == (0,)
    con.close()
    one_error_line(
        run(
            "import", "applicants", people, "--job", "Backend Engineer", "--failed-csv", tmp_path, "--db", db
        ),
        2,
        "is a folder",
    )


@pytest.mark.parametrize(
    "command",
    [
        ("import", "prospects", "{csv}", "--pool", "New pool", "--failed-csv", "{out}"),
        ("export", "applicants", "-o", "{out}"),
        ("privacy", "export", "ann@example.com", "-o", "{out}"),
    ],
    ids=["import", "export", "privacy-export"],
)
def test_no_output_folder_no_database_created(tmp_path, command):
    out = tmp_path / "missing" / "out.file"
    args = [a.replace("{csv}", str(_people_csv(tmp_path))).replace("{out}", str(out)) for a in command]
    db = tmp_path / "fresh.db"
    one_error_line(run(*args, "--db", db), 2, f"no folder {out.parent}")
    assert not db.exists() and not out.parent.exists()
