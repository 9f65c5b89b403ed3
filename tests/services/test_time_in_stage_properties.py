"""Time in stage over random event logs, through a real SQLite store: whatever sequence of moves, rejections,
hires, reopens and undos a recruiter makes, the stays computed from the log are sound.

The store's clock is replaced by one the test advances, so stays last seconds to weeks, as on a real board.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack, contextmanager
from datetime import datetime, timedelta
from itertools import count
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline_tui.core import clock
from pipeline_tui.core.errors import RuleViolation
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.store import Store

ACTIONS = ("move", "reject", "withdraw", "hire", "reopen", "undo")
_emails = count()


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 5, 9, 0)

    def __call__(self) -> datetime:
        return self.now


@contextmanager
def store_clock(fake: FakeClock):
    """Every loaded pipeline_tui module that took `utcnow` from core.clock reads the fake clock instead."""
    real = clock.utcnow
    with ExitStack() as stack:
        for name, module in list(sys.modules.items()):
            if name.startswith("pipeline_tui.") and getattr(module, "utcnow", None) is real:
                stack.enter_context(mock.patch.object(module, "utcnow", fake))
        yield


@pytest.fixture(scope="module")
def board(tmp_path_factory):
    st_ = Store.open(str(tmp_path_factory.mktemp("stays") / "stays.db"), actor="tester")
    job = st_.jobs.create_job("Backend Engineer")
    yield st_, job.id, [s.id for s in st_.jobs.stages(job.id)]
    st_.close()


def _do(store: Store, app, action: str, target: int):
    a = store.applications
    if action == "move":
        return a.move_to_stage(app.id, target, app.version)
    if action == "reject":
        return a.reject(app.id, None, app.version)
    if action == "withdraw":
        return a.withdraw(app.id, None, app.version)
    if action == "hire":
        return a.hire(app.id, app.version)
    if action == "reopen":
        return a.reopen(app.id, app.version)
    return a.undo_last_move(app.id, app.version)


steps = st.lists(
    st.tuples(st.sampled_from(ACTIONS), st.integers(0, 4), st.integers(1, 30 * 86400)), max_size=14
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps, wait=st.integers(0, 30 * 86400))
def test_stays_are_sound_over_any_event_log(board, steps, wait):
    store, job_id, stage_ids = board
    fake = FakeClock()
    with store_clock(fake):
        person = store.candidates.add(
            CandidateInput.parse(full_name="Stay Tester", email=f"s{next(_emails)}@x.org")
        )
        app = store.applications.apply(person.id, job_id)
        for action, target, seconds in steps:
            fake.now += timedelta(seconds=seconds)
            try:
                app = _do(store, app, action, stage_ids[target])
            except RuleViolation:
                continue
        fake.now += timedelta(seconds=wait)
        stays = store.applications.stage_stays(app.id)
        history = store.applications.history(app.id)
        current = store.applications.get(app.id)

    # An undo and the change it reversed are no stays: what stands is the log without both.
    reversed_ids = {e.undoes_event_id for e in history if e.undoes_event_id is not None}
    standing = [e for e in history if e.action != "undo" and e.id not in reversed_ids]
    changes = [e for e in standing[1:] if e.from_stage_name != e.to_stage_name]
    # A stay starts only where the standing log changes stage: rejections, withdrawals and hires in place
    # create none.
    assert len(stays) == 1 + len(changes)
    assert [s.stage_name for s in stays] == [history[0].to_stage_name] + [e.to_stage_name for e in changes]
    assert all(
        e.from_stage_name == e.to_stage_name
        for e in history
        if e.action == "undo"
        and e.undoes_event_id in {u.id for u in history if u.action in ("reject", "withdraw")}
    )
    # Non-negative, back to back, and together exactly the time since applying.
    assert all(s.seconds >= 0 for s in stays)
    for before, after in zip(stays, stays[1:], strict=False):
        assert before.left_at == after.entered_at
        assert before.seconds == (before.left_at - before.entered_at).total_seconds()
    assert stays[-1].left_at is None
    assert stays[0].entered_at == history[0].at
    assert sum(s.seconds for s in stays) == pytest.approx((fake.now - history[0].at).total_seconds())
    # The last stay is where the card is, since when the board says it entered that stage.
    assert stays[-1].stage_name == next(s.name for s in store.jobs.stages(job_id) if s.id == current.stage_id)
    assert stays[-1].entered_at == current.stage_entered_at


def test_undoing_a_move_leaves_the_stay_the_board_shows(board):
    store, job_id, stage_ids = board
    fake = FakeClock()
    with store_clock(fake):
        person = store.candidates.add(
            CandidateInput.parse(full_name="Undo Tester", email=f"u{next(_emails)}@x.org")
        )
        app = store.applications.apply(person.id, job_id)
        fake.now += timedelta(days=3)
        app = store.applications.move_to_stage(app.id, stage_ids[1], app.version)
        fake.now += timedelta(hours=1)
        app = store.applications.undo_last_move(app.id, app.version)
        stays = store.applications.stage_stays(app.id)
    assert stays[-1].entered_at == app.stage_entered_at
