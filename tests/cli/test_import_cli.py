"""`pipeline-tui import`: reports, exit codes, --failed-csv, --dry-run, --map and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline_tui.cli import main
from pipeline_tui.store import Store


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "cli.db"
    st = Store.open(str(path))
    st.jobs.create_job("Backend Engineer")
    st.close()
    return path


def write(tmp_path: Path, name: str, body: str | bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
    return p


def one_error_line(res, code: int, *fragments: str) -> None:
    assert res.exit_code == code, (res.exit_code, res.output)
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("pipeline-tui: error: "), res.stderr
    for f in fragments:
        assert f in lines[0], lines[0]
    assert "Traceback" not in res.output


def test_prospects_report_new_pool_and_exit_0(db, tmp_path):
    p = write(
        tmp_path,
        "p.csv",
        "Name,Email,Source\nAnn,ann@example.com,x\nBob,bob@example.com,\nBob,BOB@example.com,\n",
    )
    res = run("--db", db, "import", "prospects", p, "--pool", "Rust folks", "--tag", "rust", "--tag", "2026")
    assert res.exit_code == 0, res.output
    assert "pool 'Rust folks' was created" in res.stdout
    assert "3 rows: 2 created, 0 updated, 1 skipped as duplicates, 0 failed" in res.stdout
    assert "line 4: same e-mail as line 3 (bob@example.com)" in res.stdout
    st = Store.open(str(db))
    assert st.pools.find_by_name("Rust folks").member_count == 2
    ann = st.candidates.find_by_email("ann@example.com")
    assert st.tags.tags_for(ann.id) == ["2026", "rust"]
    st.close()
    again = run("--db", db, "import", "prospects", p, "--pool", "Rust folks")
    assert again.exit_code == 0 and "0 created" in again.stdout and "was created" not in again.stdout


def test_some_rows_failed_exit_3_and_failed_csv_reimports_once_fixed(db, tmp_path):
    p = write(
        tmp_path,
        "a.csv",
        "Name;Email;Notes\nAnn;ann@example.com;ok\nBob;bob(at)example.com;\n;cy@example.com;\n",
    )
    failed = tmp_path / "failed.csv"
    res = run("--db", db, "import", "applicants", p, "--job", "backend engineer", "--failed-csv", failed)
    assert res.exit_code == 3, res.output
    assert "line 3: bad e-mail 'bob(at)example.com'" in res.stdout and "line 4: missing name" in res.stdout
    assert "2 failed row(s) written to" in res.stdout
    text = failed.read_text(encoding="utf-8").splitlines()
    assert text[0] == "Name,Email,Notes,Import error"
    assert text[1] == "Bob,bob(at)example.com,,line 3: bad e-mail 'bob(at)example.com'"
    fixed = failed.read_text(encoding="utf-8").replace("bob(at)example.com,", "bob@example.com,", 1)
    fixed = fixed.replace(",cy@example.com", "Cy,cy@example.com")
    failed.write_text(fixed, encoding="utf-8")
    res = run("--db", db, "import", "applicants", failed, "--job", "Backend Engineer")
    assert res.exit_code == 0, res.output
    assert "2 created" in res.stdout and "kept in each person's notes" not in res.stdout
    st = Store.open(str(db))
    job = st.jobs.find_by_title("Backend Engineer")
    assert sorted(c.full_name for c in st.applications.board(job.id)) == ["Ann", "Bob", "Cy"]
    st.close()


def test_dry_run_changes_nothing(db, tmp_path):
    p = write(tmp_path, "p.csv", "Name,Email\nAnn,ann@example.com\n")
    res = run("--db", db, "import", "prospects", p, "--pool", "New", "--dry-run")
    assert res.exit_code == 0
    assert "dry run: nothing was written" in res.stdout and "pool 'New' would be created" in res.stdout
    assert "1 created" in res.stdout
    st = Store.open(str(db))
    assert st.candidates.count() == 0 and st.pools.list_pools() == []
    st.close()


def test_map_and_update(db, tmp_path):
    p = write(tmp_path, "p.csv", "Kandidat,Mail,Firma\nAnn,ann@example.com,Acme\n")
    res = run("--db", db, "import", "prospects", p, "--pool", "P")
    one_error_line(res, 4, "no column holds names", "--map")
    res = run("--db", db, "import", "prospects", p, "--pool", "P", "--map", "Kandidat=name", "--map", "mail=email",
              "--map", "Firma=company")  # fmt: skip
    assert res.exit_code == 0 and "1 created" in res.stdout
    p2 = write(tmp_path, "p2.csv", "Name,Email,Company\nAnn B,ann@example.com,Initech\n")
    res = run("--db", db, "import", "prospects", p2, "--pool", "P")
    assert "0 updated" in res.stdout  # nothing empty to fill, nothing overwritten
    res = run("--db", db, "import", "prospects", p2, "--pool", "P", "--update")
    assert "1 updated" in res.stdout
    st = Store.open(str(db))
    ann = st.candidates.find_by_email("ann@example.com")
    assert (ann.full_name, ann.current_company) == ("Ann B", "Initech")
    st.close()
    res = run("--db", db, "import", "prospects", p, "--pool", "P", "--map", "Kandidat=nickname")
    one_error_line(res, 1, "unknown field 'nickname'")


def test_every_bad_input_is_one_line_and_non_zero(db, tmp_path):
    good = write(tmp_path, "good.csv", "Name\nAnn\n")
    cases = [
        (["import", "prospects", tmp_path / "missing.csv", "--pool", "P"], 4, "no such file"),
        (["import", "prospects", write(tmp_path, "bin.csv", bytes(range(256))), "--pool", "P"], 4, "binary"),
        (["import", "prospects", write(tmp_path, "empty.csv", b""), "--pool", "P"], 4, "is empty"),
        (["import", "prospects", write(tmp_path, "h.csv", "Name,Email\n"), "--pool", "P"], 4, "no rows"),
        (["import", "applicants", good, "--job", "Chef"], 1, "no job titled 'Chef'"),
        (
            ["import", "applicants", good, "--job", "Backend Engineer", "--stage", "Lunch"],
            1,
            "no stage 'Lunch'",
        ),
        (["import", "prospects", good, "--pool", "  "], 1, "a pool needs a name"),
    ]
    for args, code, fragment in cases:
        one_error_line(run("--db", db, *args), code, fragment)
    res = run("--db", db, "import", "applicants", good)
    assert res.exit_code == 2 and "--job" in res.stderr


def test_help_documents_exit_codes():
    res = run("import", "prospects", "--help")
    assert res.exit_code == 0
    assert "3  some rows failed" in res.stdout and "4  nothing could be read" in res.stdout


def test_linkedin_talent_hub_export_loads_as_it_is(db, tmp_path):
    p = write(tmp_path, "Candidates.csv",
              "candidate_id,project_id,first_name,last_name,emails,phone_numbers,tags,profile_url,sourcing_channels\n"
              "1,2,Ann,Lee,ann@example.com;ann@home.net,+1 1,java;go,https://linkedin.com/in/ann,referral\n")  # fmt: skip
    res = run("--db", db, "import", "applicants", p, "--job", "Backend Engineer")
    assert res.exit_code == 0, res.output
    assert "columns not recognised, kept in each person's notes: candidate_id, project_id" in res.stdout
    st = Store.open(str(db))
    ann = st.candidates.find_by_email("ann@example.com")
    assert ann.linkedin_url == "https://linkedin.com/in/ann" and st.tags.tags_for(ann.id) == ["go", "java"]
    (note,) = st.activities.for_candidate(ann.id)
    # ann@home.net is one of her identities (the store's part), no longer a line of her note
    assert note.body == "candidate_id: 1\nproject_id: 2"
    st.close()


def test_a_row_whose_addresses_belong_to_two_people_is_named_with_both(db, tmp_path):
    first = write(tmp_path, "a.csv", "Name,Email,LinkedIn\nAnn Lee,ann@example.com,\n"
                                     "Bea Stone,bea@example.com,https://linkedin.com/in/bea\n")  # fmt: skip
    assert run("--db", db, "import", "prospects", first, "--pool", "Leads").exit_code == 0
    second = write(tmp_path, "b.csv", "Name,Email,LinkedIn\nCy Park,cy@example.com,\n"
                                      "Ann Lee,ann@example.com,https://www.linkedin.com/in/bea/\n")  # fmt: skip
    res = run("--db", db, "import", "prospects", second, "--pool", "Leads")
    assert res.exit_code == 0, res.output
    assert (
        "Addresses of two different people:\n"
        "  line 3: its e-mail ann@example.com is Ann Lee's (#1) but its LinkedIn linkedin.com/in/bea is "
        "Bea Stone's (#2): it was matched to Ann Lee; the LinkedIn stays with Bea Stone\n"
    ) in res.stdout
    st = Store.open(str(db))
    try:
        assert st.candidates.find_by_identity("linkedin.com/in/bea").full_name == "Bea Stone"
        assert st.candidates.get(1).linkedin_url is None
    finally:
        st.close()
