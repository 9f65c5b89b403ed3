"""The key footer: `?` and `q` at every width, nothing drawn over the palette key, and no rebuild when the keys
it shows stay the same (each rebuild mounts every key widget and lays out the screen)."""

from __future__ import annotations

import pytest
from board_data import make_app, seed_board
from helpers import settle
from textual.widgets._footer import FooterKey

from pipeline_tui.widgets.footer import KeyFooter


def footer_line(app) -> str:
    return app.screen._compositor.render_strips()[-1].text


def keys_drawn(app) -> list[FooterKey]:
    return list(app.screen.query_one(KeyFooter).query(FooterKey))


@pytest.fixture
def app(store):
    seed_board(store)
    return make_app(store)


@pytest.mark.parametrize(
    ("screen_key", "size"),
    [("b", (80, 24)), ("b", (120, 40)), ("t", (80, 24)), ("t", (140, 40)), ("t", (120, 40))],
)
async def test_question_mark_and_quit_always_show_and_nothing_runs_into_the_palette(app, screen_key, size):
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press(screen_key)
        await settle(pilot)
        line = footer_line(app)
        assert "? Keys" in line and "q Quit" in line, line
        assert line.rstrip().endswith("^p palette") and "palettep" not in line, line
        if screen_key == "b":
            assert "enter Open" in line, line
        drawn = sorted((key.region for key in keys_drawn(app)), key=lambda region: region.x)
        assert all(region.right <= size[0] for region in drawn)
        assert all(left.right <= right.x for left, right in zip(drawn, drawn[1:], strict=False)), drawn


async def test_narrowing_the_terminal_drops_keys_from_the_end_but_keeps_question_mark_and_quit(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "c Closed lane" in footer_line(app)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        line = footer_line(app)
        assert "c Closed lane" not in line and "? Keys" in line and "q Quit" in line, line


async def test_moving_between_cards_and_columns_does_not_rebuild_the_footer(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(KeyFooter)
        rebuilt = []
        recompose = footer.recompose

        async def counted():
            rebuilt.append(1)
            await recompose()

        footer.recompose = counted
        for key in ("j", "l", "l", "h", "greater_than_sign", "less_than_sign", "k"):
            await pilot.press(key)
            await settle(pilot)
        assert rebuilt == []
        await pilot.press("slash")  # the filter field has other keys: the footer follows
        await settle(pilot)
        assert rebuilt
