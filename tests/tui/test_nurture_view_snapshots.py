"""Snapshots of the follow-up (enroll) dialog, and of the person screen of someone in a sequence (one touch
done, the next scheduled), on the pool data with a pinned clock and zone, at 120x40 and 80x24."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from helpers import keys
from pools_data import build
from pools_helpers import settle

from pipeline_tui.app import PipelineApp
from pipeline_tui.core.nurture_records import SequenceDraft, StepDraft

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]
NOW = datetime(2026, 12, 1, 9, 30)


@pytest.fixture
def app(store, monkeypatch):
    monkeypatch.setenv("PIPELINE_TUI_TZ", "Europe/Berlin")
    d = build(store)
    warm = store.sequences.add(
        SequenceDraft(
            name="Warm intro",
            steps=(
                StepDraft(channel="email", subject="Hi {{ first_name }}", body="About {{ pool }}"),
                StepDraft(channel="linkedin", wait_days=3, business_days=True, body="Following up"),
                StepDraft(channel="call", wait_days=5),
            ),
        )
    )
    store.sequences.add(
        SequenceDraft(name="Old [b]outreach", steps=(StepDraft(channel="call", wait_days=2),))
    )
    ada = d.ids["Ada Lovelace"]
    store.enrollments.enroll(warm.id, [ada], pool_id=d.data_eng, now=NOW)
    (enrollment,) = store.enrollments.for_person(ada)
    store.touches.done(enrollment.touches[0].id, now=NOW + timedelta(hours=1))
    application = PipelineApp(store, start="pools")
    application.clock = lambda: NOW
    return application


def in_data_eng(pilot_keys: tuple[str, ...]):
    async def run_before(pilot) -> None:
        await settle(pilot)
        app = pilot.app
        pool = app.store.pools.find_by_name("Data Eng")
        side = app.screen.query_one("#pool-list")
        side.highlighted = side.get_option_index(f"pool:{pool.id}")
        await settle(pilot)
        app.screen.query_one("#prospects").focus()
        await settle(pilot)
        for key in pilot_keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_enroll_dialog_snapshot(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=in_data_eng(("space", "space", "f")))


async def sequences_on_top(pilot) -> None:
    """The person screen scrolled so its Sequences section starts at the top (at 80x24 it is below)."""
    screen = pilot.app.screen
    title = screen.query(".sequences").first()
    screen.query_one("#person").scroll_to_widget(title, top=True, animate=False)
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_person_in_a_sequence_snapshot(app, size, snap_compare):
    """Opened from the browser (`/lovelace`, `enter` twice), scrolled to its Sequences section."""
    keys_then_scroll = keys("slash", *"lovelace", "enter", "enter")

    async def run_before(pilot) -> None:
        await keys_then_scroll(pilot)
        await sequences_on_top(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
