"""Where a person is in their sequence: the pool browser's preview line, and the person screen's Sequences
section (each enrollment, its status or why it stopped, the next touch, and its touches newest first), after
enrolling, after a done touch and after a reply. Dates are pinned (Tue 1 Dec 2026, Europe/Berlin)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from person_helpers import text_of
from pools_data import build
from pools_helpers import settle, typed

from pipeline_tui.app import PipelineApp
from pipeline_tui.core.nurture_records import SequenceDraft, StepDraft
from pipeline_tui.screens.person.screen import PersonScreen
from pipeline_tui.screens.pools.screen import PoolsScreen

NOW = datetime(2026, 12, 1, 9, 30)  # a Tuesday; 10:30 in Berlin
WARM_INTRO = SequenceDraft(
    name="Warm intro",
    steps=(
        StepDraft(channel="email", wait_days=0, subject="Hi {{ first_name }}", body="About {{ pool }}"),
        StepDraft(channel="linkedin", wait_days=3, business_days=True, body="Following up, {{ first_name }}"),
        StepDraft(channel="call", wait_days=5),
    ),
)


@pytest.fixture
def data(store, monkeypatch):
    """Ada enrolled in Warm intro from Data Eng at NOW; nobody else in a sequence."""
    monkeypatch.setenv("PIPELINE_TUI_TZ", "Europe/Berlin")
    d = build(store)
    warm = store.sequences.add(WARM_INTRO)
    result = store.enrollments.enroll(warm.id, [d.ids["Ada Lovelace"]], pool_id=d.data_eng, now=NOW)
    assert result.enrolled == 1
    return store, d


def due_touch(store, candidate_id: int) -> int:
    (enrollment,) = store.enrollments.for_person(candidate_id)
    return next(t.id for t in enrollment.touches if t.status == "due")


def make_app(store) -> PipelineApp:
    app = PipelineApp(store, start="pools")
    app.clock = lambda: NOW
    return app


async def find(pilot, name: str) -> PoolsScreen:
    """Search the browser for `name` (real keys): the one row found is focused and previewed."""
    await settle(pilot)
    await pilot.press("slash")
    await typed(pilot, name)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PoolsScreen)
    return screen


def preview_of(screen) -> str:
    return str(screen.query_one("#preview-body").content)


def sequences_of(app) -> str:
    screen = app.screen
    assert isinstance(screen, PersonScreen)
    return text_of(screen, "#sequences")


async def test_after_enrolling_the_preview_and_the_person_screen_show_the_first_touch(data):
    store, _d = data
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await find(pilot, "lovelace")
        assert "Sequence: Warm intro · step 1 of 3 (E-mail) due today" in preview_of(screen)
        await pilot.press("enter")
        await settle(pilot)
        lines = sequences_of(app).splitlines()
        assert lines[0] == (
            "Warm intro · active · next step 1 of 3 (E-mail) due today · enrolled Tue 1 Dec 10:30 from pool "
            "Data Eng"
        )
        assert lines[1:] == ["  step 1 · E-mail · due Tue 1 Dec · due"]
        assert all(w.display for w in app.screen.query(".sequences"))


async def test_after_a_done_touch_the_next_step_is_shown_and_the_touch_as_sent(data):
    store, d = data
    store.touches.done(due_touch(store, d.ids["Ada Lovelace"]), now=NOW + timedelta(hours=1))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await find(pilot, "lovelace")
        # Done on Tuesday, wait 3 business days: Friday.
        assert "Sequence: Warm intro · step 2 of 3 (LinkedIn) due Fri 4 Dec" in preview_of(screen)
        await pilot.press("enter")
        await settle(pilot)
        lines = sequences_of(app).splitlines()
        assert lines[0].startswith("Warm intro · active · next step 2 of 3 (LinkedIn) due Fri 4 Dec · ")
        assert lines[1:] == [
            "  step 2 · LinkedIn · due Fri 4 Dec · scheduled",
            "  step 1 · E-mail · due Tue 1 Dec · done Tue 1 Dec 11:30 · “Hi Ada”",
        ]


async def test_a_reply_stops_the_sequence_and_the_preview_line_goes(data):
    store, d = data
    ada = d.ids["Ada Lovelace"]
    store.touches.done(due_touch(store, ada), now=NOW + timedelta(hours=1))
    store.touches.replied(due_touch(store, ada), now=NOW + timedelta(days=2))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await find(pilot, "lovelace")
        assert "Sequence:" not in preview_of(screen)
        await pilot.press("enter")
        await settle(pilot)
        lines = sequences_of(app).splitlines()
        assert lines[0] == (
            "Warm intro · stopped: replied · Thu 3 Dec 10:30 · enrolled Tue 1 Dec 10:30 from pool Data Eng"
        )
        assert lines[1].startswith("  step 2 · LinkedIn · due Fri 4 Dec · replied Thu 3 Dec 10:30")


async def test_someone_never_enrolled_has_no_sequences_section(data):
    store, _d = data
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await find(pilot, "torvalds")
        assert "Sequence:" not in preview_of(screen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert not any(w.display for w in app.screen.query(".sequences"))


async def test_every_time_on_the_person_screen_is_in_the_users_zone(data):
    """An opt-out at 09:30 UTC is 10:30 in Berlin on the consent line, in the activity and in Sequences."""
    store, d = data
    ada = d.ids["Ada Lovelace"]
    store.touches.opted_out(due_touch(store, ada), now=NOW + timedelta(days=2))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await find(pilot, "lovelace")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert "stopped: opted out · Thu 3 Dec 10:30" in sequences_of(app)
        [consent] = [line for line in text_of(screen, "#contact").splitlines() if line.startswith("Consent")]
        assert "withdrawn 2026-12-03 10:30 via" in consent
        activity = text_of(screen, "#activity")
        assert "2026-12-03 10:30" in activity and "09:30" not in activity
