"""Snapshots of the sequences screen and the sequence editor (editing a sequence; a new one refused on an
unknown placeholder) at 120x40 and 80x24, on fixed data with a frozen clock."""

from __future__ import annotations

import pytest
from board_data import make_app
from helpers import keys
from sequence_helpers import fast, seed_sequences

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


@pytest.fixture
def app(store, tmp_path):
    seed_sequences(store)
    return make_app(store, start="pools", tmp_path=tmp_path)


@pytest.mark.parametrize("size", SIZES)
def test_sequences_screen(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("S"))


@pytest.mark.parametrize("size", SIZES)
def test_sequence_editor_editing(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=keys("S", "e", "tab", "tab", "down", "tab"))


async def _refused(pilot) -> None:
    await fast(pilot, "n", "Outreach", "tab", "tab", "tab", "tab", "tab", "tab", "Hi", "tab")
    await fast(pilot, "Hello {{ first_nam }},\nwe are hiring.", "ctrl+s")


@pytest.mark.parametrize("size", SIZES)
def test_sequence_editor_refusal(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=_with_s(_refused))


def _with_s(then):
    async def run_before(pilot) -> None:
        await keys("S")(pilot)
        await then(pilot)

    return run_before
