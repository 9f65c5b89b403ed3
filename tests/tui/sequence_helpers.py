"""Pilot helpers for the sequences screen and the sequence editor: open them, type fast, read what they show,
and a small seeded sequence with people who went through it (for the counts per step)."""

from __future__ import annotations

import unicodedata
from datetime import timedelta

from board_data import NOW
from helpers import press, settle
from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

from pipeline_tui.core.nurture_records import SequenceDraft, StepDraft
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.screens.sequences.editor import SequenceEditor
from pipeline_tui.screens.sequences.screen import SequencesScreen

# Named keys `fast` sends as one key each (anything else is typed character by character).
KEY_CHARACTERS = {
    "tab": "\t",
    "shift+tab": None,
    "enter": "\r",
    "space": " ",
    "escape": "\x1b",
    "ctrl+n": None,
    "ctrl+s": None,
    "up": None,
    "down": None,
    "shift+up": None,
    "shift+down": None,
    "delete": None,
}


def _event(char: str) -> events.Key:
    key = char if char.isalnum() else _character_to_key(char)
    try:
        character = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        character = char
    return events.Key(key, character)


async def fast(pilot, *parts: str) -> None:
    """Type every part in ONE burst, as a terminal delivers a fast typist's keys: every key is queued before
    the first is handled. A part that is a key name ("tab", "ctrl+n") is that key; others are text."""
    app = pilot.app
    for part in parts:
        if part in KEY_CHARACTERS:
            keys = [events.Key(part, KEY_CHARACTERS[part])]
        else:
            keys = [events.Key("enter", "\r") if c == "\n" else _event(c) for c in part]
        for event in keys:
            event.set_sender(app)
            app._driver.send_message(event)
    await settle(pilot)


async def open_sequences(pilot) -> SequencesScreen:
    """`S` on the talent pools (the app started there)."""
    await settle(pilot)
    await press(pilot, "S")
    screen = pilot.app.screen
    assert isinstance(screen, SequencesScreen)
    return screen


def editor(pilot) -> SequenceEditor:
    screen = pilot.app.screen
    assert isinstance(screen, SequenceEditor)
    return screen


def rows(screen: SequencesScreen, selector: str = "#sequences-table") -> list[list[str]]:
    table = screen.query_one(selector)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def stored_steps(store, name: str) -> list[tuple]:
    sequence = store.sequences.by_name(name)
    return [
        (s.position, s.channel, s.wait_days, s.business_days, s.subject, s.body)
        for s in sorted(sequence.steps, key=lambda s: s.position)
    ]


def three_steps(name: str = "Warm up") -> SequenceDraft:
    return SequenceDraft(
        name=name,
        description="Keep the data pool warm",
        steps=(
            StepDraft(
                channel="email", wait_days=0, subject="Hi {{ first_name }}", body="Hello {{ full_name }}"
            ),
            StepDraft(channel="linkedin", wait_days=3, body="Following up, {{ first_name }}"),
            StepDraft(channel="call", wait_days=2, business_days=True, body="Call {{ full_name }}"),
        ),
    )


def seed_sequences(store) -> dict:
    """ "Warm up" (three steps) with four people: two sent step 1, one of them replied, one opted out at
    step 1 before it was sent; an archived "Old cadence"; "[b]Ring[/b] round" with one call step and nobody."""
    warm = store.sequences.add(three_steps())
    ring = store.sequences.add(SequenceDraft(name="[b]Ring[/b] round", steps=(StepDraft(channel="call"),)))
    old = store.sequences.add(
        SequenceDraft(name="Old cadence", steps=(StepDraft(channel="other", wait_days=1, body="note"),))
    )
    people = [
        store.candidates.add(
            CandidateInput.parse(full_name=name, email=f"{name.split()[0].lower()}@example.com")
        ).id
        for name in ("Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra")
    ]
    store.enrollments.enroll(warm.id, people, now=NOW - timedelta(days=10))
    due = {t.candidate_id: t for t in store.touches.due(now=NOW)}
    store.touches.done(due[people[0]].id, now=NOW - timedelta(days=9))
    store.touches.done(due[people[1]].id, now=NOW - timedelta(days=9))
    store.touches.opted_out(due[people[2]].id, now=NOW - timedelta(days=9))
    later = {t.candidate_id: t for t in store.touches.due(now=NOW)}
    store.touches.replied(later[people[0]].id, now=NOW - timedelta(days=5))
    store.sequences.archive(old.id)
    return {"warm": warm, "ring": ring, "old": old, "people": people}
