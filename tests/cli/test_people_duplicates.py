"""`pipeline-tui people duplicates`: the exact JSON of each pair, the readable text, and read-only access."""

from __future__ import annotations

import json
import os

from click.testing import CliRunner

from pipeline_tui.cli import main
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.store import Store


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def fill(path) -> dict[str, int]:
    store = Store.open(str(path), actor="tester")
    ids = {}
    for name, email, company, location, phone in [
        ("Anna Schmidt", "anna@example.com", "Acme", "Berlin", "+49 151 2345678"),
        ("Schmidt, Anna", "anna@acme.example", "ACME", None, None),
        ("Jo Bloggs", "jo@example.com", None, "Leeds", "+49 151 2345678"),
        ("Zed [b]Zulu[/b]", "zed@example.com", "Initech", "Paris", None),
    ]:
        person = CandidateInput.parse(
            full_name=name, email=email, current_company=company, location=location, phone=phone
        )
        ids[name] = store.candidates.add(person).id
    store.candidates.add_identity(ids["Anna Schmidt"], "email", "anna@home.example")
    store.close()
    return ids


def test_json_names_every_pair_exactly(tmp_path):
    db = tmp_path / "people.db"
    ids = fill(db)
    result = run("people", "duplicates", "--db", str(db), "--format", "json")
    assert result.exit_code == 0, result.output
    anna, other, jo = ids["Anna Schmidt"], ids["Schmidt, Anna"], ids["Jo Bloggs"]
    assert json.loads(result.stdout) == [
        {
            "a": {"id": anna, "name": "Anna Schmidt", "emails": ["anna@example.com", "anna@home.example"],
                  "company": "Acme", "location": "Berlin"},
            "b": {"id": other, "name": "Schmidt, Anna", "emails": ["anna@acme.example"], "company": "ACME",
                  "location": None},
            "reasons": ["names 100% alike at Acme"],
            "score": 100,
        },
        {
            "a": {"id": anna, "name": "Anna Schmidt", "emails": ["anna@example.com", "anna@home.example"],
                  "company": "Acme", "location": "Berlin"},
            "b": {"id": jo, "name": "Jo Bloggs", "emails": ["jo@example.com"], "company": None,
                  "location": "Leeds"},
            "reasons": ["same phone +49 151 2345678"],
            "score": 100,
        },
    ]  # fmt: skip
    limited = run("people", "duplicates", "--db", str(db), "--format", "json", "--limit", "1")
    assert len(json.loads(limited.stdout)) == 1


def test_text_is_one_block_per_pair_and_the_database_is_only_read(tmp_path):
    db = tmp_path / "people.db"
    fill(db)
    before = os.stat(db).st_mtime_ns, db.read_bytes()
    result = run("people", "duplicates", "--db", str(db))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "100  names 100% alike at Acme"
    assert lines[1].startswith("     #1 Anna Schmidt <anna@example.com>  Acme · Berlin")
    assert lines[2] == "     #2 Schmidt, Anna <anna@acme.example>  ACME"
    assert lines[3] == "100  same phone +49 151 2345678"
    assert "2 possible duplicate pairs" in result.stderr
    assert (os.stat(db).st_mtime_ns, db.read_bytes()) == before


def test_help_documents_the_json_fields_and_nothing_found_is_said(tmp_path):
    help_text = run("people", "duplicates", "--help").stdout
    for name in ("a, b", "id, name, emails, company, location", "reasons", "score"):
        assert name in help_text
    db = tmp_path / "empty.db"
    Store.open(str(db)).close()
    result = run("people", "duplicates", "--db", str(db))
    assert result.stdout == "No possible duplicates.\n"
    assert run("people", "duplicates", "--db", str(db), "--format", "json").stdout == "[]\n"
