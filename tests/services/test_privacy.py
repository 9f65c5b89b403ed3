"""Privacy requests: export everything about one person; erase them with no trace left in the file."""

from __future__ import annotations

import base64
import json
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline_tui.cli import main
from pipeline_tui.core.errors import NotFound
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.store import Store

NAME = "Zebulon Quixotefield"
EMAIL = "zebulon.q@uniquemail.example"
PHONE = "+49 1520 9876543"
CV = b"%PDF-1.7 curriculum vitae of the xylocarpous-cv-4711 applicant"
SECOND_EMAIL = "zeb.second@otheraddr.example"
NEEDLES = [
    NAME,
    "Quixotefield",
    EMAIL,
    "uniquemail",
    PHONE,
    "9876543",
    "zebulon-lover",
    "xylocarpous-cv-4711",
    "otheraddr",
    "4915209876543",
]
T0 = datetime(2026, 5, 1, 10, 0)


def build(store: Store) -> tuple[int, int]:
    """The person to erase (with traces everywhere) and a bystander who must stay intact."""
    job = store.jobs.create_job("Platform Engineer")
    stages = {s.name: s.id for s in store.jobs.stages(job.id)}
    zeb = store.candidates.add(CandidateInput(
        full_name=NAME, email=EMAIL, phone=PHONE, location="Quixotefield Manor, Berlin",
        current_title="Staff Engineer", current_company="Quixotefield GmbH",
        linkedin_url="https://linkedin.com/in/quixotefield", github_url="https://github.com/quixotefield",
        website_url="https://quixotefield.dev", summary=f"{NAME} builds compilers", source="Referral",
    ))  # fmt: skip
    store.candidates.add_identity(zeb.id, "email", SECOND_EMAIL.upper())
    other = store.candidates.add(
        CandidateInput(full_name="Bystander Bea", email="bea@example.com", phone="555")
    )
    pool = store.pools.create_pool("Compilers")
    store.pools.add_to_pool(pool.id, [zeb.id, other.id])
    store.tags.tag([zeb.id], ["zebulon-lover", "compilers"])
    store.tags.tag([other.id], ["compilers"])
    store.activities.add(zeb.id, "note", f"Call {NAME} on {PHONE} or mail {EMAIL}", at=T0)
    store.activities.add(zeb.id, "email", "Sent intro", at=T0)
    store.activities.add(other.id, "note", "Bea is great", at=T0)
    store.files.attach(zeb.id, "Zebulon CV.pdf", CV, max_size=1_000_000)
    a = store.applications.apply(zeb.id, job.id, source="Referral", at=T0)
    a = store.applications.move_to_stage(a.id, stages["Interview"], a.version, at=T0)
    reason = store.applications.rejection_reasons()[0].id
    store.applications.reject(a.id, reason, a.version, note=f"{NAME} wants more money")
    b = store.applications.apply(other.id, job.id, at=T0)
    store.applications.move_to_stage(b.id, stages["Offer"], b.version, at=T0)
    return zeb.id, other.id


def raw_files(db_path: Path) -> dict[str, bytes]:
    out = {}
    for suffix in ("", "-wal", "-shm", "-journal"):
        p = Path(str(db_path) + suffix)
        if p.exists():
            out[p.name] = p.read_bytes()
    return out


def traces(db_path: Path) -> list[tuple[str, str]]:
    found = []
    for name, data in raw_files(db_path).items():
        low = data.lower()
        for needle in NEEDLES:
            if needle.lower().encode() in low:
                found.append((name, needle))
    return found


def test_privacy_export_holds_everything(store):
    zeb, _ = build(store)
    data = store.privacy.export(zeb)
    json.dumps(data)  # JSON-ready
    assert data["candidate"]["full_name"] == NAME and data["candidate"]["phone"] == PHONE
    assert data["tags"] == ["compilers", "zebulon-lover"]
    assert [p["name"] for p in data["pools"]] == ["Compilers"]
    (app,) = data["applications"]
    assert app["job"] == "Platform Engineer" and app["status"] == "rejected"
    assert [e["action"] for e in app["history"]] == ["applied", "move", "reject"]
    assert app["rejection_note"] == f"{NAME} wants more money"
    assert sorted(a["kind"] for a in data["activities"]) == ["email", "note"]
    (cv,) = data["files"]
    assert cv["name"] == "Zebulon CV.pdf" and base64.b64decode(cv["content_base64"]) == CV
    assert store.privacy.find(EMAIL.upper()).id == zeb
    # By any address, and by a profile URL however it is spelt.
    assert store.privacy.find(SECOND_EMAIL).id == zeb
    assert store.privacy.find("https://de.linkedin.com/in/Quixotefield/?trk=x").id == zeb
    assert {(i["kind"], i["value"]) for i in data["identities"]} >= {
        ("email", EMAIL),
        ("email", SECOND_EMAIL.upper()),
        ("phone", PHONE),
        ("linkedin", "https://linkedin.com/in/quixotefield"),
    }
    with pytest.raises(NotFound, match="no candidate with the e-mail"):
        store.privacy.find("nobody@example.com")
    # A phone is not an address that names one person (and never "the website +44 ...").
    with pytest.raises(NotFound, match="a phone can be shared"):
        store.privacy.find(PHONE)


def test_erase_leaves_no_trace_in_the_database_files(db_path):
    store = Store.open(str(db_path), actor="dpo")
    try:
        zeb, other = build(store)
        store.privacy.export(zeb)
        assert traces(db_path), "the test data must be on disk before the erase"
        funnel_before = _funnel(db_path)
        done = store.privacy.erase(zeb)
        assert done.file_scrubbed and done.applications_kept == 1 and done.activities_cleared == 2
        # Checked while the store is still open: the -wal and -shm files exist now.
        assert traces(db_path) == []
        person = store.candidates.get(zeb)
        assert person.full_name == f"Erased person #{zeb}" and person.anonymised_at is not None
        assert (person.email, person.phone, person.summary, person.linkedin_url) == (None, None, None, None)
        assert store.tags.tags_for(zeb) == []
        assert store.files.for_candidate(zeb) == [] and done.files_removed == 1
        assert store.candidates.identities(zeb) == []
        assert store.candidates.find_by_email(SECOND_EMAIL) is None
        assert [i.display for i in store.candidates.identities(other)] == ["bea@example.com", "555"]
        assert [t.name for t in store.tags.all_tags()] == ["compilers"]  # the tag only they had is gone
        # Anonymous counts stay: the funnel reads the same.
        assert _funnel(db_path) == funnel_before
        (app,) = store.candidates.applications(zeb)
        assert app.application.status == "rejected" and app.application.rejection_note is None
        assert all(e.note is None for e in store.applications.history(app.application.id))
        # The bystander is untouched, and still findable by search.
        bea = store.candidates.get(other)
        assert (bea.full_name, bea.email, bea.phone) == ("Bystander Bea", "bea@example.com", "555")
        assert [a.body for a in store.activities.for_candidate(other)] == ["Bea is great"]
    finally:
        store.close()
    assert traces(db_path) == []
    con = sqlite3.connect(db_path)
    try:
        # No term of theirs is left in the full-text index, not even in an old segment.
        con.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, candidate_fts, 'row')")
        terms = {t for (t,) in con.execute("SELECT term FROM temp.vocab")}
        assert not terms & {"zebulon", "quixotefield", "uniquemail", "9876543"}
        assert "bea" in terms
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        con.close()


def _funnel(db_path: Path) -> list[tuple]:
    con = sqlite3.connect(db_path)
    try:
        return (
            con.execute(
                "SELECT to_stage_name, action, to_status, count(*) FROM stage_event GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
            ).fetchall()
            + con.execute("SELECT status, count(*) FROM application GROUP BY 1 ORDER BY 1").fetchall()
        )
    finally:
        con.close()


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_cli_privacy_export_and_erase(db_path, tmp_path):
    store = Store.open(str(db_path))
    zeb, _ = build(store)
    store.close()
    res = run("--db", str(db_path), "privacy", "export", EMAIL)
    assert res.exit_code == 0 and json.loads(res.stdout)["candidate"]["id"] == zeb
    out = tmp_path / "dsar.json"
    res = run("--db", str(db_path), "privacy", "export", EMAIL, "-o", str(out))
    assert res.exit_code == 0 and json.loads(out.read_text())["candidate"]["email"] == EMAIL
    res = run("--db", str(db_path), "privacy", "export", "nobody@example.com")
    assert (
        res.exit_code == 1
        and res.stderr.strip() == "pipeline-tui: error: no candidate with the e-mail nobody@example.com"
    )
    # Any of their addresses (and a LinkedIn URL) finds them.
    for other_door in (SECOND_EMAIL, "linkedin.com/in/quixotefield/"):
        res = run("--db", str(db_path), "privacy", "export", other_door)
        assert res.exit_code == 0 and json.loads(res.stdout)["candidate"]["id"] == zeb, res.output
    # Without --yes it asks; "n" keeps everything.
    res = run("--db", str(db_path), "privacy", "erase", SECOND_EMAIL, input="n\n")
    assert res.exit_code == 0 and "Erase this person?" in res.stderr, res.output
    assert res.stderr.rstrip().endswith("Nothing changed.") and "error" not in res.stderr
    assert traces(db_path)
    res = run("--db", str(db_path), "privacy", "erase", EMAIL, input="y\n")
    assert res.exit_code == 0, res.output
    assert f"Erased candidate #{zeb}" in res.stdout
    assert traces(db_path) == []
    res = run("--db", str(db_path), "privacy", "erase", EMAIL, "--yes")
    assert res.exit_code == 1 and "no candidate with the e-mail" in res.stderr
