"""Export, then import into an empty database, then export again: nothing may be lost or changed."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline_tui.cli import main
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.services.export import ExportRequest, neutralise, write_export
from pipeline_tui.services.imports import import_applicants, import_prospects
from pipeline_tui.store import Store

T0 = datetime(2026, 3, 2, 9, 15, 30, 123456)
NASTY = {
    "name": "[b]Ann[/b] =Lee",
    "company": "=cmd|' /C calc'!A0",
    "title": "-5 years of @everything",
    "location": "+44 London",
}


def build_source(store: Store) -> None:
    job = store.jobs.create_job("Data Engineer")
    stages = {s.name: s.id for s in store.jobs.stages(job.id)}
    reasons = {r.name: r.id for r in store.applications.rejection_reasons()}
    people = [
        CandidateInput(
            full_name=NASTY["name"],
            email="ann@example.com",
            phone="+1 555 0100",
            current_title=NASTY["title"],
            current_company=NASTY["company"],
            location=NASTY["location"],
            linkedin_url="https://linkedin.com/in/ann",
            github_url="https://github.com/ann",
            website_url="https://ann.dev",
            source="Referral",
        ),  # fmt: skip
        CandidateInput(full_name="Bob 'Quote' O'Neil", email="bob@example.com", current_company="'Tis Ltd"),
        CandidateInput(full_name="Cy Tab", email="cy@example.com", phone="@cy"),
        CandidateInput(full_name="Di No-Email", phone="12"),
    ]
    ids = [store.candidates.add(p).id for p in people]
    pool = store.pools.create_pool("Talent")
    other = store.pools.create_pool("Other pool")
    store.pools.add_to_pool(pool.id, ids)
    store.pools.set_status(pool.id, ids[:2], "engaged")
    store.pools.add_to_pool(other.id, ids[1:3], status="contacted")
    store.tags.tag(ids[:2], ["rust", "=SUM(A1)"])
    store.activities.add(ids[0], "email", "hello", at=T0 + timedelta(days=3))
    a = store.applications.apply(ids[0], job.id, source="Referral", at=T0)
    a = store.applications.move_to_stage(a.id, stages["Phone screen"], a.version, at=T0 + timedelta(days=1))
    a = store.applications.move_to_stage(a.id, stages["Interview"], a.version, at=T0 + timedelta(days=4))
    b = store.applications.apply(ids[1], job.id, source="LinkedIn", at=T0 + timedelta(hours=2))
    reason = next(iter(reasons.values()))
    store.applications.reject(b.id, reason, b.version, note="=not now")
    c = store.applications.apply(ids[2], job.id, at=T0 + timedelta(hours=3))
    c = store.applications.move_to_stage(c.id, stages["Offer"], c.version, at=T0 + timedelta(days=2))
    c = store.applications.undo_last_move(c.id, c.version)
    store.applications.set_rating(c.id, 3, c.version)
    d = store.applications.apply(ids[3], job.id, at=T0 + timedelta(hours=4), stage_id=stages["Offer"])
    store.applications.hire(d.id, d.version)


def export(store: Store, kind: str, fmt: str, **kw) -> str:
    out = io.StringIO()
    write_export(store, ExportRequest(kind=kind, fmt=fmt, **kw), out)
    return out.getvalue()


def without_ids(text: str) -> list[dict]:
    data = json.loads(text)
    for obj in data:
        obj.pop("id", None)
    return data


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_applicants_and_prospects_survive_export_then_import(tmp_path, fmt):
    src = Store.open(str(tmp_path / "src.db"), actor="alice")
    dst = Store.open(str(tmp_path / "dst.db"), actor="bob")
    try:
        build_source(src)
        suffix = "json" if fmt == "json" else "csv"
        people = tmp_path / f"people.{suffix}"
        people.write_text(export(src, "prospects", fmt, pool_name="Talent"), encoding="utf-8")
        applicants = tmp_path / f"applicants.{suffix}"
        applicants.write_text(export(src, "applicants", fmt, job_title="Data Engineer"), encoding="utf-8")

        dst.jobs.create_job("Data Engineer")  # an empty database has no job: create the same one
        r1 = import_prospects(dst, people, pool="Talent").report
        r2 = import_applicants(dst, applicants, job="Data Engineer").report
        assert (r1.created, r1.failed) == (4, ())
        assert (r2.created, r2.updated, r2.failed) == (0, 4, ())
        assert r2.applications_added == 4

        for kind, kw in (
            ("prospects", {"pool_name": "Talent"}),
            ("applicants", {"job_title": "Data Engineer"}),
        ):
            before, after = export(src, kind, "json", **kw), export(dst, kind, "json", **kw)
            assert without_ids(after) == without_ids(before), kind
            if fmt == "csv":
                assert export(dst, kind, "csv", **kw) == export(src, kind, "csv", **kw)
        # Nasty values came back as typed, not with the export's neutralising quote.
        ann = dst.candidates.find_by_email("ann@example.com")
        assert (ann.full_name, ann.current_company, ann.current_title, ann.location) == (
            NASTY["name"], NASTY["company"], NASTY["title"], NASTY["location"])  # fmt: skip
        assert dst.candidates.find_by_email("bob@example.com").current_company == "'Tis Ltd"
        # Importing the same export again changes nothing.
        again = import_applicants(dst, applicants, job="Data Engineer").report
        assert (again.created, again.updated, again.applications_added) == (0, 0, 0)
    finally:
        src.close()
        dst.close()


def test_csv_cells_that_would_run_as_formulas_are_neutralised():
    for cell in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'quoted"):
        assert neutralise(cell) == "'" + cell
    assert neutralise("Ann") == "Ann" and neutralise(None) == ""


def test_export_excel_flag_writes_utf8_with_bom(tmp_path):
    db = tmp_path / "x.db"
    st = Store.open(str(db))
    st.candidates.add(CandidateInput(full_name="Zoë =Z", email="z@example.com"))
    pool = st.pools.create_pool("P")
    st.pools.add_to_pool(pool.id, [1])
    st.close()
    out = tmp_path / "p.csv"
    res = CliRunner().invoke(main, ["--db", str(db), "export", "prospects", "--excel", "-o", str(out)])
    assert res.exit_code == 0, res.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfname,email")
    assert "'=Z" not in raw.decode("utf-8-sig") and "Zoë =Z" in raw.decode("utf-8-sig")
    # And it imports back as it was.
    db2 = tmp_path / "y.db"
    res = CliRunner().invoke(main, ["--db", str(db2), "import", "prospects", str(out), "--pool", "P"])
    assert res.exit_code == 0, res.output
    st2 = Store.open(str(db2))
    assert st2.candidates.find_by_email("z@example.com").full_name == "Zoë =Z"
    st2.close()
    bad = CliRunner().invoke(main, ["--db", str(db), "export", "prospects", "--excel", "--format", "json"])
    assert bad.exit_code == 2 and "--excel" in bad.stderr


def test_json_export_round_trips_a_formula_name_too(tmp_path):
    src = Store.open(str(tmp_path / "a.db"))
    src.candidates.add(CandidateInput(full_name='=HYPERLINK("x")', email="h@example.com"))
    pool = src.pools.create_pool("P")
    src.pools.add_to_pool(pool.id, [1])
    p = Path(tmp_path / "p.json")
    p.write_text(export(src, "prospects", "json", pool_name="P"))
    dst = Store.open(str(tmp_path / "b.db"))
    import_prospects(dst, p, pool="P")
    assert dst.candidates.find_by_email("h@example.com").full_name == '=HYPERLINK("x")'
    src.close()
    dst.close()
