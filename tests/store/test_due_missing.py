"""A due touch names the placeholders its message uses that are empty for the person (title, company, the
sender's e-mail, ...), so the queue can warn about "your work as  at  caught my eye" before it goes out: on
SQLite and PostgreSQL, in the order the message uses them, none for a complete record or a step that uses
no empty one."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from nurture_data import add_people, enroll_people, seed_sequence

from pipeline_tui.core.nurture_records import StepDraft
from pipeline_tui.core.touch_values import missing_values

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 3, 2)
MONDAY_NOON = datetime(2026, 3, 2, 11, 0, tzinfo=UTC)
STEPS = (
    StepDraft(
        channel="email",
        subject="{{ first_name }}, a role at our place?",
        body="Hi {{ first_name }},\n\nyour work as {{ title }} at {{ company }} caught my eye.\n\n"
        "{{ sender_name }} <{{ sender_email }}>",
    ),
)


def seed(store):
    """Ada (title and company known) and Joan (neither), due on Monday."""
    seq = seed_sequence(store, STEPS, name="Outreach")
    (ada,) = add_people(store, "Ada Lovelace")
    (joan,) = add_people(store, "Joan Clarke", current_company=None, current_title=None)
    enroll_people(store, seq, [ada, joan], on=MONDAY, zone=BERLIN)
    return store


@pytest.fixture
def due(any_store):
    """The user (tester) becomes a team member with the first write, without an e-mail address."""
    return seed(any_store)


def listed(store) -> list:
    return store.touches.due(now=MONDAY_NOON, zone=BERLIN, limit=50)


def by_person(store) -> dict[str, tuple[str, ...]]:
    return {t.person: t.missing for t in listed(store)}


def test_empty_values_the_message_uses_are_named_in_its_order(due):
    assert by_person(due) == {
        "Ada Lovelace": ("sender_email",),
        "Joan Clarke": ("title", "company", "sender_email"),
    }
    joan = next(t for t in listed(due) if t.person == "Joan Clarke")
    assert "your work as  at  caught my eye." in joan.body  # the gap the warning is about


def test_the_sender_email_is_not_missing_when_the_user_has_one(any_store):
    any_store.team.add("tester", "tester@example.com", "recruiter")
    due = seed(any_store)
    assert by_person(due) == {"Ada Lovelace": (), "Joan Clarke": ("title", "company")}


def test_the_rule_itself_blank_values_repeats_and_unused_empties():
    values = {"first_name": "Joan", "title": "  ", "company": "", "location": "", "sender_email": "x@y"}
    assert missing_values(
        "{{ company }} and {{ title }}", "{{ title }} {{ first_name }}{% if company %}!{% endif %}", values
    ) == ("company", "title")
    assert missing_values(None, "Hi {{ first_name }}", values) == ()  # location is empty but not used
    assert (
        missing_values("{{ broken", "", values) == ()
    )  # a template that does not parse: its problem says so
