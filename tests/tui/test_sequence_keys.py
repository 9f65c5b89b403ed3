"""Keys a new user reached for on the sequences screen: `home` / `end` (and `pageup` / `pagedown`) move the
list's cursor, so `x` archives the sequence the cursor was sent to; and the editor's business-days box says
whether it is on (Textual draws the same X both ways, only the colour differs)."""

from __future__ import annotations

from board_data import make_app
from helpers import press
from sequence_helpers import editor, fast, open_sequences, rows, seed_sequences, stored_steps, text_of
from textual.widgets import Checkbox

from pipeline_tui.screens.shared.ask import YesNo


def _cursor_name(screen) -> str:
    return rows(screen)[screen.table.cursor_row][0]


async def test_home_end_and_pages_move_the_cursor_and_x_archives_the_one_it_is_on(store, tmp_path):
    data = seed_sequences(store)
    app = make_app(store, start="pools", tmp_path=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_sequences(pilot)
        await press(pilot, "A")  # three rows: the archived one too
        assert [r[0] for r in rows(screen)] == ["Old cadence (archived)", "Warm up", "[b]Ring[/b] round"]
        await press(pilot, "end")
        assert _cursor_name(screen) == "[b]Ring[/b] round"
        assert rows(screen, "#sequence-steps") == [["1", "Call", "+0 d", "0", "0", "0", "–"]]
        await press(pilot, "home")
        assert _cursor_name(screen) == "Old cadence (archived)"
        await press(pilot, "pagedown")
        assert _cursor_name(screen) == "[b]Ring[/b] round"
        await press(pilot, "pageup")
        assert _cursor_name(screen) == "Old cadence (archived)"
        await press(pilot, "A", "end", "x")
        assert isinstance(app.screen, YesNo)
        await press(pilot, "y")
        assert [r[0] for r in rows(screen)] == ["Warm up"]
    assert store.sequences.get(data["ring"].id).archived_at is not None
    assert store.sequences.get(data["warm"].id).archived_at is None  # not the first one


async def test_the_business_days_box_says_on_or_off_and_a_new_step_starts_off(store, tmp_path):
    app = make_app(store, start="pools", tmp_path=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_sequences(pilot)
        await fast(pilot, "n", "Ring", "tab", "tab", "tab", "o", "tab", "tab")
        form = editor(pilot)
        assert form.focused is form.query_one("#seq-business", Checkbox)
        assert text_of(form, "#seq-business").strip().endswith("business days (Mon–Fri): off")
        await press(pilot, "space")
        assert text_of(form, "#seq-business").strip().endswith("business days (Mon–Fri): on")
        await press(pilot, "ctrl+n")
        assert len(form.steps) == 2 and form.current == 1
        assert text_of(form, "#seq-business").strip().endswith("business days (Mon–Fri): off")
        assert form.query_one("#seq-business", Checkbox).value is False
        await fast(pilot, "o", "ctrl+s")
    assert [(s[0], s[1], s[3]) for s in stored_steps(store, "Ring")] == [
        (1, "other", True),
        (2, "other", False),
    ]
