"""The sequences screen (`S` on the talent pools, the palette's "Sequences") and the sequence editor: a
three-step sequence written by keys (one key at a time, and in one fast burst), every refusal, an edit and
an archive, each checked on the screen and in the database."""

from __future__ import annotations

import pytest
from board_data import make_app
from helpers import press, settle
from sequence_helpers import (
    editor,
    fast,
    open_sequences,
    rows,
    seed_sequences,
    stored_steps,
    text_of,
    three_steps,
)
from textual.widgets import Checkbox, Input, Select, TextArea

from pipeline_tui.core.errors import NotFound
from pipeline_tui.screens.pools.screen import PoolsScreen
from pipeline_tui.screens.sequences.editor import SequenceEditor
from pipeline_tui.screens.sequences.screen import SequencesScreen
from pipeline_tui.screens.shared.ask import YesNo

WRITTEN = [
    (1, "email", 0, False, "Hi {{ first_name }}", "Hello {{ first_name }},\nwe are hiring."),
    (2, "linkedin", 3, True, None, "Saw your work at {{ company }}"),
    (3, "call", 5, False, None, "Call {{ full_name }}"),
]

# The keys that write WRITTEN, from the editor's name field: each step's fields by tab, the next step by
# ctrl+n (step 2) and by the list's `a` (step 3: shift+tab back to the list).
THREE_STEPS = (
    "Outreach",
    "tab",
    "Data engineers",
    "tab",  # the step list
    "tab",  # channel: E-mail (the first step's default)
    "tab",  # wait: 0
    "tab",  # business days: off
    "tab",
    "Hi {{ first_name }}",
    "tab",
    "Hello {{ first_name }},\nwe are hiring.",
    "ctrl+n",
    "l",
    "tab",
    "3",
    "tab",
    "space",
    "tab",  # no subject for a LinkedIn message: the body
    "Saw your work at {{ company }}",
    "shift+tab",
    "shift+tab",
    "shift+tab",
    "shift+tab",  # back on the step list
    "a",
    "c",
    "tab",
    "5",
    "tab",
    "tab",
    "Call {{ full_name }}",
)


def message(screen: SequenceEditor) -> str:
    return text_of(screen, "#seq-message")


def names(store, *, archived: bool = False) -> list[str]:
    return [s.name for s in store.sequences.list(include_archived=archived)]


async def slow(pilot, *parts: str) -> None:
    """The same parts as `fast`, one key at a time, each handled before the next is typed."""
    for part in parts:
        if part in ("tab", "shift+tab", "ctrl+n", "ctrl+s", "space", "up", "down", "shift+up", "shift+down"):
            await pilot.press(part)
        else:
            await pilot.press(*("enter" if c == "\n" else c for c in part))
    await settle(pilot)


def app_on_pools(store, tmp_path):
    return make_app(store, start="pools", tmp_path=tmp_path)


async def test_S_on_the_pools_lists_the_sequences_and_esc_goes_back(store, tmp_path):
    data = seed_sequences(store)
    app = app_on_pools(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_sequences(pilot)
        assert rows(screen) == [
            ["Warm up", "3", "2", "4", "50%"],
            ["[b]Ring[/b] round", "1", "0", "0", "–"],
        ]
        assert "2 sequences" in text_of(screen, "#sequences-bar")
        assert "1 archived hidden" in text_of(screen, "#sequences-bar")
        assert rows(screen, "#sequence-steps") == [
            ["1", "E-mail", "+0 d", "2", "1", "0", "50%"],  # Alan opted out before step 1 was sent
            ["2", "LinkedIn", "+3 d", "0", "0", "0", "–"],
            ["3", "Call", "+2 bd", "0", "0", "0", "–"],
        ]
        summary_text = text_of(screen, "#sequence-summary")
        assert "4 enrolled · 2 active · 0 completed · 2 stopped" in summary_text
        assert "before any step was sent: 0 replied · 1 opted out" in summary_text
        await press(pilot, "down")
        assert rows(screen, "#sequence-steps") == [["1", "Call", "+0 d", "0", "0", "0", "–"]]
        assert "before any step was sent" not in text_of(screen, "#sequence-summary")
        await press(pilot, "escape")
        assert isinstance(app.screen, PoolsScreen)
    assert data["warm"].id == store.sequences.by_name("warm up").id


async def test_the_palette_opens_the_sequences(store, tmp_path):
    app = make_app(store, start="jobs", tmp_path=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"sequences")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SequencesScreen)
        assert "No sequences yet. Press n" in text_of(screen, "#sequences-empty")
        await press(pilot, "escape")
        assert not isinstance(app.screen, SequencesScreen)


@pytest.mark.parametrize("typing", [slow, fast], ids=["key by key", "one burst"])
async def test_a_three_step_sequence_written_by_keys(store, tmp_path, typing):
    app = app_on_pools(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_sequences(pilot)
        await typing(pilot, "n", *THREE_STEPS)
        form = editor(pilot)
        assert [str(o.prompt) for o in form.step_list.options] == [
            "1 E-mail · +0 d",
            "2 LinkedIn · +3 bd",
            "3 Call · +5 d",
        ]
        assert store.sequences.list() == []  # nothing written before ctrl+s
        await typing(pilot, "ctrl+s")
        assert app.screen is screen
        assert rows(screen) == [["Outreach", "3", "0", "0", "–"]]
        assert "Saved sequence Outreach (3 steps)" in app.said
    assert stored_steps(store, "Outreach") == WRITTEN
    assert store.sequences.by_name("Outreach").description == "Data engineers"


async def test_the_editor_shows_the_step_it_is_on(store, tmp_path):
    app = app_on_pools(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_sequences(pilot)
        await fast(pilot, "n", *THREE_STEPS)
        form = editor(pilot)
        assert "Step 3 of 3" in text_of(form, "#seq-step-title")
        assert text_of(form, "#seq-body-label") == "Note (optional)"
        assert not form.query_one("#seq-subject-row").display  # a call has no subject
        assert text_of(form, "#seq-wait-after") == "days after the previous step"
        await fast(pilot, "shift+tab", "shift+tab", "shift+tab", "shift+tab", "up", "up")
        assert form.focused is form.step_list
        assert "Step 1 of 3" in text_of(form, "#seq-step-title")
        assert form.query_one("#seq-subject", Input).value == "Hi {{ first_name }}"
        assert form.query_one("#seq-body-text", TextArea).text == "Hello {{ first_name }},\nwe are hiring."
        assert text_of(form, "#seq-wait-after") == "days after enrolment"
        assert form.query_one("#seq-subject-row").display
        assert "{{ first_name }}" in text_of(form, "#seq-placeholders")
        assert "sender_email" in text_of(form, "#seq-placeholders")


async def test_steps_are_moved_and_removed_on_the_list(store, tmp_path):
    app = app_on_pools(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_sequences(pilot)
        await fast(
            pilot, "n", *THREE_STEPS, "shift+tab", "shift+tab", "shift+tab", "shift+tab"
        )  # on the list
        form = editor(pilot)
        await fast(pilot, "shift+up", "shift+up")
        assert [str(o.prompt) for o in form.step_list.options] == [
            "1 Call · +5 d",
            "2 E-mail · +0 d",
            "3 LinkedIn · +3 bd",
        ]
        assert "Step 1 of 3" in text_of(form, "#seq-step-title")
        await fast(pilot, "down", "down", "x")
        assert [str(o.prompt) for o in form.step_list.options] == ["1 Call · +5 d", "2 E-mail · +0 d"]
        await fast(pilot, "x", "x")
        assert [str(o.prompt) for o in form.step_list.options] == ["1 Call · +5 d"]
        assert "at least one step" in message(form)
        await fast(pilot, "ctrl+s")
    assert stored_steps(store, "Outreach") == [(1, "call", 5, False, None, "Call {{ full_name }}")]


def spoiled(part: str, typed: str) -> list[str]:
    """THREE_STEPS with one part typed otherwise ("" leaves the field empty)."""
    keys = list(THREE_STEPS)
    keys[keys.index(part)] = typed
    return [k for k in keys if k]


@pytest.mark.parametrize(
    ("part", "typed", "step", "field", "said"),
    [
        (
            "Saw your work at {{ company }}",
            "Hi {{ first_nam }}",
            2,
            "#seq-body-text",
            "step 2 body: unknown placeholder {{ first_nam }}",
        ),
        ("Hi {{ first_name }}", "Hi {{ first_name", 1, "#seq-subject", "step 1 subject, line 1, column 4:"),
        ("5", "-2", 3, "#seq-wait", "step 3: the wait cannot be negative"),
        ("5", "2x", 3, "#seq-wait", "step 3 wait: type a whole number of days"),
        ("Hi {{ first_name }}", "", 1, "#seq-subject", "step 1: an e-mail needs a subject"),
    ],
    ids=["unknown placeholder", "syntax error", "negative wait", "not a number", "no subject"],
)
async def test_a_refusal_names_the_step_and_field_and_keeps_what_was_typed(
    store, tmp_path, part, typed, step, field, said
):
    app = app_on_pools(store, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sequences(pilot)
        await fast(pilot, "n", *spoiled(part, typed), "ctrl+s")
        form = editor(pilot)
        assert said in message(form)
        assert f"Step {step} of 3" in text_of(form, "#seq-step-title")
        shown = form.query_one(field)
        assert form.focused is shown
        assert (shown.text if isinstance(shown, TextArea) else shown.value) == typed
        assert form.query_one("#seq-name", Input).value == "Outreach"
        assert [str(o.prompt) for o in form.step_list.options][0] == "1 E-mail · +0 d"
        assert form.steps[2].body == "Call {{ full_name }}"
    assert store.sequences.list() == []


async def test_a_name_taken_is_refused_on_the_name_field(store, tmp_path):
    store.sequences.add(three_steps("Outreach"))
    app = app_on_pools(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_sequences(pilot)
        await fast(pilot, "n", *THREE_STEPS, "ctrl+s")
        form = editor(pilot)
        assert "a sequence named 'Outreach' exists" in message(form)
        assert form.focused is form.query_one("#seq-name")
        assert len(form.steps) == 3
    assert names(store) == ["Outreach"]
    assert len(stored_steps(store, "Outreach")) == 3  # the first one, untouched


async def test_esc_on_a_changed_editor_asks_first_then_discards(store, tmp_path):
    app = app_on_pools(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_sequences(pilot)
        await fast(pilot, "n", "Out")
        form = editor(pilot)
        await press(pilot, "escape")
        assert app.screen is form
        assert "esc again discards" in message(form)
        await press(pilot, "escape")
        assert app.screen is screen
        await press(pilot, "n", "escape")  # nothing typed: closes at once
        assert app.screen is screen
    assert store.sequences.list() == []


async def test_editing_applies_to_steps_not_yet_due(store, tmp_path):
    seed_sequences(store)
    app = app_on_pools(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_sequences(pilot)
        await press(pilot, "e")
        form = editor(pilot)
        assert "Changes apply to steps not yet due" in text_of(form, "#seq-title")
        assert form.query_one("#seq-name", Input).value == "Warm up"
        assert [str(o.prompt) for o in form.step_list.options] == [
            "1 E-mail · +0 d",
            "2 LinkedIn · +3 d",
            "3 Call · +2 bd",
        ]
        # Step 2: wait 4 days, then the call becomes an e-mail with a subject.
        await fast(pilot, "tab", "tab", "down", "tab", "tab", "4", "tab", "tab", "shift+tab", "shift+tab")
        await fast(pilot, "shift+tab", "shift+tab", "down", "tab", "e", "tab", "tab", "tab", "Last try")
        assert form.query_one("#seq-channel", Select).value == "email"
        await fast(pilot, "ctrl+s")
        assert app.screen is screen
        assert rows(screen)[0][:2] == ["Warm up", "3"]
        assert rows(screen, "#sequence-steps")[1][:3] == ["2", "LinkedIn", "+4 d"]
    steps = stored_steps(store, "Warm up")
    assert steps[1][:3] == (2, "linkedin", 4)
    assert steps[2] == (3, "email", 2, True, "Last try", "Call {{ full_name }}")


async def test_x_archives_after_asking_and_A_shows_the_archived(store, tmp_path):
    data = seed_sequences(store)
    app = app_on_pools(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_sequences(pilot)
        await press(pilot, "x")
        assert isinstance(app.screen, YesNo)
        assert "active enrollments stop" in str(app.screen.query_one(".dialog-body").render())
        await press(pilot, "n")
        assert store.sequences.get(data["warm"].id).archived_at is None
        await press(pilot, "x", "y")
        assert app.screen is screen
        assert [r[0] for r in rows(screen)] == ["[b]Ring[/b] round"]
        assert "Archived Warm up: its active enrollments stopped" in app.said
        await press(pilot, "A")
        assert [r[0] for r in rows(screen)] == [
            "Old cadence (archived)",
            "Warm up (archived)",
            "[b]Ring[/b] round",
        ]
        screen.table.move_cursor(row=1)
        await press(pilot, "e")
        assert app.screen is screen  # an archived sequence is not edited
        assert any("is archived" in line for line in app.said)
    warm = store.sequences.get(data["warm"].id)
    assert warm.archived_at is not None and warm.active == 0
    assert store.enrollments.current(data["people"]) == {}
    with pytest.raises(NotFound):
        store.sequences.by_name("no such sequence")


async def test_checkbox_and_channel_letters_act_only_on_their_field(store, tmp_path):
    app = app_on_pools(store, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_sequences(pilot)
        await fast(pilot, "n", "clone a", "tab", "tab", "tab", "o", "tab", "tab", "space")
        form = editor(pilot)
        assert form.query_one("#seq-name", Input).value == "clone a"  # c, o, e, l, a: typed there
        assert form.query_one("#seq-channel", Select).value == "other"
        assert form.query_one("#seq-business", Checkbox).value is True
        assert len(form.steps) == 1
