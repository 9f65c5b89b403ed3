"""Pilot helpers for the Activity screen: a fixed change log (real writes by three team members, their times
pinned with an UPDATE), the app's clock at board_data.NOW (Monday 2 March 2026, 09:00 UTC), and what the
screen shows (header, rows)."""

from __future__ import annotations

from datetime import datetime, timedelta

from board_data import NOW, seed_board
from helpers import press, settle
from sqlalchemy import delete, select, update

from pipeline_tui.screens.activity.screen import ActivityScreen
from pipeline_tui.store import Store
from pipeline_tui.store.change_tables import ChangeLog

ANN = "Ann [b]Lee[/b]"  # a name with markup: shown literally
RAJ = "Raj Patel"
DESIGN = "Product [i]Designer[/i]"
# When each change of seed_activity was made, oldest first: last year, this year, yesterday, today.
TIMES = [
    datetime(2025, 11, 20, 14, 5),
    datetime(2026, 1, 12, 10, 30),
    datetime(2026, 2, 27, 16, 45),
    NOW - timedelta(days=1, hours=2),
    NOW - timedelta(hours=1, minutes=20),
    NOW - timedelta(minutes=40),
    NOW - timedelta(minutes=5),
]


def open_as(store: Store, actor: str) -> Store:
    """Another user's store on the same database (as a second app instance would have it)."""
    return Store.open(store.db.url, actor=actor)


def move(store: Store, app_id: int, stage_id: int) -> None:
    rec = store.applications.get(app_id)
    store.applications.move_to_stage(app_id, stage_id, rec.version)


def seed_activity(store: Store) -> dict:
    """The board's people (markup names too), then a log of exactly seven changes by tester, Ann and Raj:
    moves, a rejection and a rating on two jobs, at TIMES."""
    data = seed_board(store, strange=True)
    store.jobs.update_job(data["design"].id, title=DESIGN)
    ann = store.team.add(ANN, "ann@example.com")
    raj = store.team.add(RAJ, "raj@example.com")
    ids, stages = data["ids"], data["stages"]
    design_app = store.applications.apply(
        store.applications.get(ids["Grace Hopper"]).candidate_id, data["design"].id, source="Web"
    )
    with store.db.transaction() as s:  # the seeding's own changes: not part of the fixed log
        s.execute(delete(ChangeLog))
    theirs = {"ann": open_as(store, "ann@example.com"), "raj": open_as(store, "raj@example.com")}
    try:
        move(theirs["ann"], ids["Alan Turing"], stages[1].id)
        rec = theirs["raj"].applications.get(ids["Linus Torvalds"])
        theirs["raj"].applications.reject(ids["Linus Torvalds"], None, rec.version)
        rec = theirs["ann"].applications.get(ids["[b]Bob[/b]"])
        theirs["ann"].applications.set_rating(rec.id, 3, rec.version)
        move(store, ids["Grace Hopper"], stages[1].id)
        design_stages = store.jobs.stages(data["design"].id)
        move(theirs["raj"], design_app.id, design_stages[1].id)
        move(theirs["ann"], ids["Ada Lovelace"], stages[1].id)
        move(theirs["ann"], ids["Katherine Johnson"], stages[2].id)
    finally:
        for other in theirs.values():
            other.close()
    pin_times(store)
    return {**data, "ann": ann, "raj": raj, "design_app": design_app.id}


def pin_times(store: Store) -> None:
    """Give the log's rows TIMES, in order (the store stamped them with the real now)."""
    with store.db.transaction() as s:
        seqs = s.scalars(select(ChangeLog.seq).order_by(ChangeLog.seq)).all()
        assert len(seqs) == len(TIMES), f"the fixed log has {len(seqs)} changes, not {len(TIMES)}"
        for seq, at in zip(seqs, TIMES, strict=True):
            s.execute(update(ChangeLog).where(ChangeLog.seq == seq).values(at=at))


def rows(screen: ActivityScreen) -> list[list[str]]:
    table = screen.table
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def what(screen: ActivityScreen) -> list[str]:
    return [row[2] for row in rows(screen)]


def header(screen: ActivityScreen) -> str:
    return str(screen.query_one("#activity-bar").render())


async def open_activity(pilot) -> ActivityScreen:
    await settle(pilot)
    await press(pilot, "6")
    screen = pilot.app.screen
    assert isinstance(screen, ActivityScreen)
    return screen
