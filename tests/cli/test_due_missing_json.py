"""`due --format json` names, per touch, the placeholders its message uses that are empty for the person
("missing": ["title", "company"]), so a script can hold back a message with gaps; [] when nothing is
missing. On a SQLite file and on PostgreSQL; the table stays as it was."""

from __future__ import annotations

import json
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from nurture_data import add_people, enroll_people, seed_sequence
from sequence_cli_data import local, run

from pipeline_tui.core.nurture_records import StepDraft
from pipeline_tui.store import Store

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 3, 2)
STEPS = (
    StepDraft(
        channel="email",
        subject="{{ first_name }}, a role at our place?",
        body="Hi {{ first_name }},\n\nyour work as {{ title }} at {{ company }} caught my eye.\n\n"
        "{{ sender_name }} <{{ sender_email }}>",
    ),
)


@pytest.fixture
def url(any_db_url, monkeypatch):
    """Noor (noor@example.com) is the user; Ada's record is complete, Joan's has no title or company."""
    monkeypatch.setenv("PIPELINE_TUI_TZ", "Europe/Berlin")
    monkeypatch.setenv("PIPELINE_TUI_USER", "noor@example.com")
    store = Store.open(any_db_url, actor="Noor Haddad")
    try:
        store.team.add("Noor Haddad", "noor@example.com", "recruiter")
        seq = seed_sequence(store, STEPS, name="Outreach")
        ada, joan = (
            add_people(store, "Ada Lovelace"),
            add_people(store, "Joan Clarke", current_company=None, current_title=None),
        )
        enroll_people(store, seq, [*ada, *joan], on=MONDAY, zone=BERLIN)
    finally:
        store.close()
    return any_db_url


def test_due_json_says_which_values_are_missing(url):
    result = run("due", "--date", MONDAY.isoformat(), "--format", "json", "--db", url, at=local("2026-03-02"))
    assert result.exit_code == 0, result.output
    listed = {t["person"]: t for t in json.loads(result.stdout)}
    assert listed["Joan Clarke"]["missing"] == ["title", "company"]
    assert "your work as  at  caught my eye." in listed["Joan Clarke"]["body"]
    assert listed["Ada Lovelace"]["missing"] == []
    assert "Noor Haddad <noor@example.com>" in listed["Ada Lovelace"]["body"]  # the sender's e-mail is known
    table = run("due", "--date", MONDAY.isoformat(), "--db", url, at=local("2026-03-02"))
    assert table.exit_code == 0 and "missing" not in table.stdout and "Joan Clarke" in table.stdout
