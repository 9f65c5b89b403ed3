"""A new user finds the nurture keys: the pool browser's footer offers `f` (Follow up) at 140 columns, and
clicking it enrolls the focused person; `?`'s panel of every key scrolls by keys (pagedown, end, up, home...)
while it is shown, so `S` (Sequences) at its end can be read, and the same keys move the table again once
it is closed."""

from __future__ import annotations

import pytest
from pools_data import build
from pools_helpers import record_notifications, settle, typed
from sqlalchemy import select
from textual.widgets import KeyPanel
from textual.widgets._footer import FooterKey

from pipeline_tui.app import PipelineApp
from pipeline_tui.core.nurture_records import SequenceDraft, StepDraft
from pipeline_tui.store.nurture_tables import Enrollment
from pipeline_tui.widgets.footer import KeyFooter
from pipeline_tui.widgets.prospect_table import ProspectTable

WARM = SequenceDraft(name="Warm intro", steps=(StepDraft(channel="call", wait_days=0, body="Call them"),))


@pytest.fixture
def data(store):
    d = build(store)
    return store, d, store.sequences.add(WARM)


def footer_line(app) -> str:
    return app.screen._compositor.render_strips()[-1].text


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def enrolled(store, sequence_id: int) -> set[int]:
    with store.db.transaction() as s:
        return set(s.scalars(select(Enrollment.candidate_id).where(Enrollment.sequence_id == sequence_id)))


async def test_the_pools_footer_offers_follow_up_at_140_columns_and_it_enrolls(data):
    store, _d, warm = data
    app = PipelineApp(store, start="pools")
    said = record_notifications(app)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        line = footer_line(app)
        assert "f Follow up" in line and "? Keys" in line and "q Quit" in line, line
        focused = app.screen.query_one(ProspectTable).cursor_row
        follow_up = next(k for k in app.screen.query_one(KeyFooter).query(FooterKey) if k.key == "f")
        assert follow_up.region.right <= 140
        await pilot.click(follow_up)
        await settle(pilot)
        assert "Follow up: enroll in a sequence" in screen_text(app)
        await typed(pilot, "warm")
        await pilot.press("enter")
        await settle(pilot)
        assert said[-1].startswith("Enrolled 1 in 'Warm intro'"), said
    assert enrolled(store, warm.id) == {focused.id}


async def test_the_pools_footer_at_80_columns_keeps_question_mark_and_quit(data):
    store, _d, _warm = data
    app = PipelineApp(store, start="pools")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        line = footer_line(app)
        assert "? Keys" in line and "q Quit" in line and line.rstrip().endswith("^p palette"), line
        keys = list(app.screen.query_one(KeyFooter).query(FooterKey))
        assert all(key.region.right <= 80 for key in keys)


async def test_the_key_panel_scrolls_by_keys_to_sequences_and_lets_them_go_when_closed(data):
    store, _d, _warm = data
    app = PipelineApp(store, start="pools")
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ProspectTable)
        row = table.cursor
        await pilot.press("question_mark")
        await settle(pilot)
        panel = app.screen.query_one(KeyPanel)
        assert panel.max_scroll_y > 0 and "Sequences" not in screen_text(app)  # cut off at the bottom
        seen = []
        for _ in range(4):  # page by page, as a reader would
            await pilot.press("pagedown")
            await settle(pilot)
            seen.append((panel.scroll_y, "S Sequences" in screen_text(app)))
        assert seen[0][0] > 0 and any(shown for _y, shown in seen), seen
        await pilot.press("end")
        await settle(pilot)
        assert panel.scroll_y == panel.max_scroll_y
        assert "^p palette Open the command" in screen_text(app)  # the last key listed
        await pilot.press("up")
        await settle(pilot)
        assert panel.scroll_y == panel.max_scroll_y - 1
        await pilot.press("home")
        await settle(pilot)
        assert panel.scroll_y == 0
        assert table.cursor == row  # the keys scrolled the panel, not the table
        await pilot.press("question_mark", "down")
        await settle(pilot)
        assert not app.screen.query(KeyPanel)
        assert table.cursor == row + 1  # closed: `down` moves the table's cursor again
