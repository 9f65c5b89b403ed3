"""The issue's "done when", in the TUI alone: a sourcer writes a three-step sequence in the editor (`S` on the
pools), enrolls a pool from the browser (`f`), works the due queue on Today (`4`) day by day -- done, replied,
opted out -- and reads the counts per step on the sequences screen. Every day's screen and the database are
checked; the app's clock moves from Monday to Thursday (Berlin)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from board_data import make_app
from due_helpers import consent_of, enrollment_of, heading, pool_status, queue_rows, touches_of
from helpers import press, settle
from nurture_data import add_people
from pools_helpers import typed
from sequence_helpers import rows, text_of
from today_helpers import open_noor_store

from pipeline_tui.screens.pools.screen import PoolsScreen
from pipeline_tui.screens.sequences.screen import SequencesScreen
from pipeline_tui.screens.shared.ask import YesNo
from pipeline_tui.screens.today.screen import TodayScreen
from pipeline_tui.widgets.prospect_table import ProspectTable

MON, WED, THU = date(2026, 3, 2), date(2026, 3, 4), date(2026, 3, 5)
# E-mail now, LinkedIn two business days later, a call the day after: typed as a sourcer would.
SEQUENCE_KEYS = (
    "Warm-up", "tab", "Backend pool", "tab", "tab", "tab", "tab", "tab",
    "Hi {{ first_name }}", "tab", "Hello {{ first_name }}, a chat about {{ pool }}?",
    "ctrl+n", "l", "tab", "2", "tab", "space", "tab", "Following up, {{ first_name }}",
    "ctrl+n", "c", "tab", "1", "tab", "tab", "Call {{ full_name }}",
)  # fmt: skip
KEYS = ("tab", "shift+tab", "ctrl+n", "ctrl+s", "space")


@pytest.fixture
def noor_store(tmp_path, monkeypatch):
    yield from open_noor_store(tmp_path, monkeypatch)


async def keyed(pilot, *parts: str) -> None:
    for part in parts:
        if part in KEYS:
            await pilot.press(part)
        else:
            await typed(pilot, part)
    await settle(pilot)


async def queue_on(pilot, clock: list[datetime], day: date):
    """Today (`4`) on `day` at 09:00 UTC; returns the due queue."""
    clock[0] = datetime(day.year, day.month, day.day, 9, 0)
    await press(pilot, "4")
    assert isinstance(pilot.app.screen, TodayScreen)
    await press(pilot, "r")  # read again: the clock moved while the screen was kept
    return pilot.app.screen.query_one("#today-due")


async def test_write_enroll_work_the_queue_day_by_day_and_read_the_counts(noor_store, tmp_path):
    store = noor_store
    store.team.add("Noor Haddad", "noor@example.com", "sourcer")
    pool = store.pools.create_pool("Backend prospects")
    ada, grace, linus = add_people(store, "Ada Lovelace", "Grace Hopper", "Linus Torvalds", pool_id=pool.id)
    clock = [datetime(2026, 3, 2, 9, 0)]
    app = make_app(store, start="pools", tmp_path=tmp_path)
    app.clock = lambda: clock[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # Monday: write the sequence.
        await press(pilot, "S")
        sequences = app.screen
        assert isinstance(sequences, SequencesScreen)
        await press(pilot, "n")
        await keyed(pilot, *SEQUENCE_KEYS, "ctrl+s")
        assert app.screen is sequences
        assert rows(sequences) == [["Warm-up", "3", "0", "0", "–"]]
        # ... enroll the pool from the browser: select the pool, mark everyone, f, enter.
        await press(pilot, "escape")
        pools = app.screen
        assert isinstance(pools, PoolsScreen)
        side = pools.query_one("#pool-list")
        side.highlighted = side.get_option_index(f"pool:{pool.id}")
        await settle(pilot)
        pools.query_one(ProspectTable).focus()
        await press(pilot, "ctrl+a", "f")
        await press(pilot, "enter")
        assert "Enrolled 3 in 'Warm-up'" in app.said[-1]
        # ... and send the three e-mails.
        queue = await queue_on(pilot, clock, MON)
        assert [r[1] for r in queue_rows(queue)] == ["Ada Lovelace", "Grace Hopper", "Linus Torvalds"]
        assert "Hello Ada, a chat about Backend prospects?" in str(queue.query_one("#due-message").render())
        await press(pilot, "d", "d", "d")
        assert queue_rows(queue) == [] and heading(queue).startswith("Touches due")
        assert [touches_of(store, p) for p in (ada, grace, linus)] == [
            [(1, "done", MON), (2, "due", WED)]
        ] * 3
        assert {pool_status(store, p) for p in (ada, grace, linus)} == {"contacted"}
        # Wednesday (two business days on): Ada replied, Grace opts out, Linus gets the LinkedIn message.
        queue = await queue_on(pilot, clock, WED)
        assert [(r[1], r[3], r[4]) for r in queue_rows(queue)] == [
            ("Ada Lovelace", "2/3", "LinkedIn"),
            ("Grace Hopper", "2/3", "LinkedIn"),
            ("Linus Torvalds", "2/3", "LinkedIn"),
        ]
        await press(pilot, "R")
        await press(pilot, "O")
        assert isinstance(app.screen, YesNo)
        await press(pilot, "y")
        await press(pilot, "d")
        assert enrollment_of(store, ada) == ("stopped", "replied")
        assert pool_status(store, ada) == "engaged"
        assert enrollment_of(store, grace) == ("stopped", "opted_out")
        assert consent_of(store, grace)[0] == "withdrawn"
        assert touches_of(store, linus)[-1] == (3, "due", THU)
        # Thursday: the call, and Linus's sequence is complete.
        queue = await queue_on(pilot, clock, THU)
        assert [(r[1], r[3], r[4]) for r in queue_rows(queue)] == [("Linus Torvalds", "3/3", "Call")]
        await press(pilot, "d")
        assert enrollment_of(store, linus) == ("completed", None)
        # The counts per step, on the sequences screen.
        await press(pilot, "2", "S")
        sequences = app.screen
        assert rows(sequences) == [["Warm-up", "3", "0", "3", "33%"]]
        steps = text_of(sequences, "#sequence-summary")
        assert "3 enrolled · 0 active · 1 completed · 2 stopped" in steps
        assert rows(sequences, "#sequence-steps") == [
            ["1", "E-mail", "+0 d", "3", "1", "1", "33%"],  # the reply and the opt-out answered step 1
            ["2", "LinkedIn", "+2 bd", "1", "0", "0", "0%"],
            ["3", "Call", "+1 d", "1", "0", "0", "0%"],
        ]
    stats = store.sequences.stats(store.sequences.by_name("Warm-up").id)
    assert [(s.step, s.sent, s.replied, s.opted_out) for s in stats.steps] == [
        (1, 3, 1, 1),
        (2, 1, 0, 0),
        (3, 1, 0, 0),
    ]
