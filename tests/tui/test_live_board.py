"""The board follows others' changes as they happen: two apps on one database (a SQLite file and PostgreSQL),
one moves a card, the other's board shows it within 2 s with a literal notice, keeping its cursor, filter
and scroll; a burst of 1,000 changes is one reload during which keys are answered; a dialog whose card
changes under it stays, says so, and confirming never overwrites what the other person did."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

from board_data import bulk_job, events, make_app, seed_board
from helpers import press, settle
from sqlalchemy import select
from textual.widgets import Input

from pipeline_tui.core.change_records import Change, ChangeEntity, ChangeKind
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.screens.board.reject import RejectModal
from pipeline_tui.screens.board.screen import BoardScreen
from pipeline_tui.store import Store
from pipeline_tui.store.change_log import note_change
from pipeline_tui.store.change_tables import ChangeLog
from pipeline_tui.widgets.stage_column import CARD_HEIGHT, LANE

WITHIN = 2.0  # seconds: the promise


def live_app(store: Store, state_dir):
    state_dir.mkdir(parents=True, exist_ok=True)
    app = make_app(store, tmp_path=state_dir)
    app.settings = replace(app.settings, live_poll=0.2)
    return app


async def following(pilot) -> None:
    """Wait until the app follows the log (its watch started and connected)."""
    app = pilot.app
    for _ in range(200):
        if app.live is not None and app.live.connected:
            return
        await pilot.pause(0.02)
    raise AssertionError("the app never started following the change log")


async def until(pilot, seen, *, within: float = WITHIN, since: float | None = None) -> float:
    """Wait, without pressing a key, until `seen()` holds; how long that took since `since` (default: now),
    failing after `within`."""
    started = time.monotonic() if since is None else since
    while not seen():
        if time.monotonic() - started > within:
            raise AssertionError(f"not seen within {within} s")
        await pilot.pause(0.02)
    elapsed = time.monotonic() - started
    await settle(pilot)
    return elapsed


def names(board: BoardScreen, key) -> list[str]:
    return [c.full_name for c in board.column(key).cards.cards]


def header(board: BoardScreen, key) -> list[str]:
    return str(board.column(key).header.render()).split()


def focused_name(board: BoardScreen) -> str | None:
    card = board.current_card
    return card.full_name if card is not None else None


def drawn(app) -> str:
    """What the terminal shows now (the compositor's lines)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def logged(store: Store, change: Change) -> None:
    """The log holds this change as the write's own note puts it there. Writes that do not note theirs yet
    (helpers writes-ats and writes-crm add them) get it noted here, in a transaction of its own, as others'
    boards would then read it."""
    with store.db.connection() as c:
        found = c.execute(
            select(ChangeLog.seq).where(
                ChangeLog.entity == change.entity,
                ChangeLog.entity_id == change.entity_id,
                ChangeLog.kind == change.kind,
            )
        ).first()
    if found is None:
        with store.db.transaction() as s:
            note_change(s, change)


def move(store: Store, application_id: int, stage_id: int) -> None:
    store.applications.move_to_stage(application_id, stage_id, store.applications.get(application_id).version)


async def test_a_move_in_one_app_moves_the_card_on_the_others_board(any_db_url, tmp_path):
    """The issue's test: two `App.run_test()` apps on one database; `>` in one, the other shows it."""
    mine = Store.open(any_db_url, actor="me@example.com")
    data = seed_board(mine)
    theirs = Store.open(any_db_url, actor="Ann")
    stages, grace = data["stages"], data["ids"]["Grace Hopper"]
    a, b = live_app(mine, tmp_path / "a"), live_app(theirs, tmp_path / "b")
    try:
        async with a.run_test(size=(120, 40)) as pa, b.run_test(size=(120, 40)) as pb:
            await settle(pa)
            await settle(pb)
            await following(pa)
            board, other = a.screen, b.screen
            await press(pa, "down", "down")  # my cursor on Ada, below Grace in Applied
            assert focused_name(board) == "Ada Lovelace"
            await press(pb, "down")
            assert focused_name(other) == "Grace Hopper"
            pressed = time.monotonic()
            await pb.press("greater_than_sign")  # Ann moves Grace to the next stage
            took = await until(pa, lambda: "Grace Hopper" in names(board, stages[1].id), since=pressed)
            assert mine.applications.get(grace).stage_id == stages[1].id  # the database holds it
            assert took < WITHIN
            print(f"seen on the other board after {took:.2f} s")
            assert "Grace Hopper" not in names(board, stages[0].id)
            assert header(board, stages[0].id) == ["Applied", "2"]
            assert header(board, stages[1].id)[-1] == "3"
            assert "Grace Hopper" in drawn(a)  # drawn in its new column, not only held
            assert f"Ann moved Grace Hopper to {stages[1].name}" in a.said
            # Nothing of mine moved: the cursor is still on Ada, in the column I was in.
            assert focused_name(board) == "Ada Lovelace"
            assert board.focused is board.column(stages[0].id).cards
            # The card's new version is the one my next key acts on: my `>` moves Grace on, not refused.
            await press(pa, "right", "end")
            assert focused_name(board) == "Grace Hopper"
            await press(pa, "greater_than_sign")
            assert mine.applications.get(grace).stage_id == stages[2].id
            assert not any("Not done" in text for text in a.said)
            await until(pb, lambda: "Grace Hopper" in names(other, stages[2].id))
            assert f"me moved Grace Hopper to {stages[2].name}" in b.said
    finally:
        theirs.close()
        mine.close()


async def test_a_card_added_or_rejected_by_someone_else_appears_and_leaves(tmp_path):
    url = str(tmp_path / "team.db")
    mine = Store.open(url, actor="me@example.com")
    data = seed_board(mine)
    theirs = Store.open(url, actor="Ann")
    stages, alan = data["stages"], data["ids"]["Alan Turing"]
    app = live_app(mine, tmp_path / "a")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await following(pilot)
            board = app.screen
            person = theirs.candidates.add(
                CandidateInput.parse(full_name="Hedy Lamarr", email="hedy@example.com")
            )
            hedy = theirs.applications.apply(person.id, data["backend"].id, source="Referral")
            logged(
                theirs,
                Change(
                    ChangeEntity.APPLICATION,
                    hedy.id,
                    ChangeKind.APPLIED,
                    detail=stages[0].name,
                    job_id=hedy.job_id,
                    candidate_id=person.id,
                ),
            )
            await until(pilot, lambda: "Hedy Lamarr" in names(board, stages[0].id))
            assert header(board, stages[0].id) == ["Applied", "4"]
            reason = next(r for r in theirs.applications.rejection_reasons() if r.category == "rejected")
            theirs.applications.reject(alan, reason.id, theirs.applications.get(alan).version)
            await until(pilot, lambda: "Alan Turing" not in names(board, stages[0].id))
            assert "Alan Turing" in names(board, LANE)  # in the closed lane (hidden until c)
            assert "1 rejected/withdrawn" in str(board.query_one("#job-bar").render())
            assert f"Ann rejected Alan Turing ({reason.name})" in app.said
    finally:
        theirs.close()
        mine.close()


def ids_by_name(store: Store, job_id: int) -> dict[str, int]:
    return {c.full_name: c.application.id for c in store.applications.board(job_id, include_closed=True)}


def on_screen_row(board: BoardScreen, key) -> int:
    """Where the column's cursor card is drawn, in lines from the top of the list."""
    cards = board.column(key).cards
    return cards.cursor * CARD_HEIGHT - int(cards.scroll_offset.y)


async def test_cursor_filter_and_scroll_stay_as_they_were(tmp_path):
    url = str(tmp_path / "team.db")
    mine = Store.open(url, actor="me@example.com")
    job_id = bulk_job(mine, "Platform Engineer", 40)
    theirs = Store.open(url, actor="Ann")
    stages, ids = mine.jobs.stages(job_id), ids_by_name(mine, job_id)
    app = live_app(mine, tmp_path / "a")
    app.state.set(app.db_key, "last_job", job_id)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await following(pilot)
            board = app.screen
            applied = stages[0].id
            await press(pilot, "slash", *"person", "space", *"0000", "enter")  # Bulk Person 00000 to 00009
            await press(pilot, *["down"] * 7)
            assert names(board, applied)[:3] == [
                "Bulk Person 00009",
                "Bulk Person 00008",
                "Bulk Person 00007",
            ]
            assert focused_name(board) == "Bulk Person 00002"
            row, scrolled = on_screen_row(board, applied), board.column(applied).cards.scroll_offset.y
            assert scrolled > 0  # the list is scrolled: the cursor is below the first screenful
            # Ann moves two of the cards above my cursor and one the filter hides.
            for name in ("Bulk Person 00009", "Bulk Person 00005", "Bulk Person 00025"):
                move(theirs, ids[name], stages[1].id)
            await until(pilot, lambda: len(board.column(stages[1].id).cards.cards) == 2)
            await until(pilot, lambda: header(board, stages[1].id)[-1] == "2/3")
            assert names(board, stages[1].id) == ["Bulk Person 00009", "Bulk Person 00005"]
            assert "Bulk Person 00009" not in names(board, applied)
            assert header(board, applied)[-1] == "8/37"
            # My cursor is on the same card, drawn on the same row; the filter is as I typed it.
            assert focused_name(board) == "Bulk Person 00002"
            assert board.focused is board.column(applied).cards
            assert on_screen_row(board, applied) == row
            assert board.column(applied).cards.scroll_offset.y == scrolled - 2 * CARD_HEIGHT
            assert board.query_one("#board-filter", Input).value == "person 0000"
            assert board.query_text == "person 0000"
            # Ann moves the very card my cursor is on: the cursor stays in my column, on the card now there.
            move(theirs, ids["Bulk Person 00002"], stages[1].id)
            await until(pilot, lambda: "Bulk Person 00002" in names(board, stages[1].id))
            assert board.focused is board.column(applied).cards
            assert focused_name(board) == "Bulk Person 00001"
            assert "filter person 0000 10 matches" in str(board.query_one("#job-bar").render())
            assert mine.applications.get(ids["Bulk Person 00002"]).stage_id == stages[1].id
    finally:
        theirs.close()
        mine.close()


async def test_a_burst_of_a_thousand_changes_is_one_reload_and_keys_are_answered(any_db_url, tmp_path):
    mine = Store.open(any_db_url, actor="me@example.com")
    job_id = bulk_job(mine, "Platform Engineer", 1000)
    theirs = Store.open(any_db_url, actor="Ann")
    stages = mine.jobs.stages(job_id)
    app = live_app(mine, tmp_path / "a")
    app.state.set(app.db_key, "last_job", job_id)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await following(pilot)
            board = app.screen
            assert len(board.column(stages[0].id).cards.cards) == 1000
            # Count the board's reads from here on; each waits until the test lets it go on, so a key
            # pressed meanwhile is answered while the reload is still on its way (never after it).
            reads, card_reads, gate = [], [], threading.Event()
            board_read, cards_read = mine.applications.board, mine.applications.cards

            def counted_board(*args, **kwargs):
                reads.append(time.monotonic())
                gate.wait(10)
                return board_read(*args, **kwargs)

            def counted_cards(*args, **kwargs):
                card_reads.append(args)
                return cards_read(*args, **kwargs)

            mine.applications.board = counted_board
            mine.applications.cards = counted_cards
            with theirs.unit() as uow:  # an import-sized burst: 1,000 moves in one transaction
                for card in theirs.applications.board(job_id):
                    uow.applications.move_to_stage(
                        card.application.id, stages[1].id, card.application.version
                    )
            for _ in range(200):
                if reads:
                    break
                await pilot.pause(0.02)
            assert len(reads) == 1  # the reload is on its way, held at the gate
            await pilot.press("right")  # answered now, on the board as it is
            assert board.focused is board.column(stages[1].id).cards
            gate.set()
            await until(pilot, lambda: len(board.column(stages[1].id).cards.cards) == 1000, within=10)
            assert len(reads) == 1 and card_reads == []  # one board read, not a thousand card reads
            assert board.column(stages[0].id).cards.cards == []
            assert header(board, stages[1].id)[-1] == "1000"
            assert board.focused is board.column(stages[1].id).cards  # still the column I went to
            assert "Ann made 1,000 changes; reloaded what is shown" in app.said
            assert len(mine.applications.board(job_id)) == 1000
            assert {c.application.stage_id for c in board_read(job_id)} == {stages[1].id}
    finally:
        theirs.close()
        mine.close()


async def test_a_dialog_whose_card_changes_under_it_stays_says_so_and_never_overwrites(tmp_path):
    url = str(tmp_path / "team.db")
    mine = Store.open(url, actor="me@example.com")
    data = seed_board(mine)
    theirs = Store.open(url, actor="Ann")
    stages, alan, grace = data["stages"], data["ids"]["Alan Turing"], data["ids"]["Grace Hopper"]
    app = live_app(mine, tmp_path / "a")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await following(pilot)
            board = app.screen
            assert focused_name(board) == "Alan Turing"
            await press(pilot, "x", "2", "tab", *"Wants", "space", *"Go")  # reason 2, a note half typed
            dialog = app.screen
            assert isinstance(dialog, RejectModal)
            line = dialog.query_one("#changed-under")
            assert not line.display
            move(theirs, alan, stages[1].id)  # Ann moves Alan while my reject dialog is open
            told = f"Ann moved Alan Turing to {stages[1].name} meanwhile; reloaded: check before you confirm"
            await until(pilot, lambda: line.display)
            assert str(line.render()) == told
            assert app.screen is dialog  # the dialog stays, with what I typed
            assert dialog.query_one("#reject-note", Input).value == "Wants Go"
            assert "Alan Turing" in names(board, stages[1].id)  # the board behind it shows Alan moved
            shown = drawn(app)  # drawn in the dialog, over two lines
            assert f"Ann moved Alan Turing to {stages[1].name} meanwhile; reloaded:" in shown
            assert "before you confirm" in shown
            await press(pilot, "enter")  # confirmed after being told: on Alan as he is now
            rec = mine.applications.get(alan)
            assert rec.status == "rejected" and rec.stage_id == stages[1].id  # Ann's move is kept
            assert rec.rejection_note == "Wants Go"
            assert events(mine, alan)[-2:] == ["move", "reject"]
            assert not any("Not done" in text for text in app.said)
            assert "Alan Turing" in names(board, LANE)
            # Ann rejects Grace while my reject dialog for her is open: mine does nothing over hers.
            assert focused_name(board) == "Grace Hopper"
            await press(pilot, "x", "3", "tab", *"mine")
            dialog = app.screen
            reason = next(r for r in theirs.applications.rejection_reasons() if r.category == "rejected")
            theirs.applications.reject(grace, reason.id, theirs.applications.get(grace).version, note="hers")
            await until(pilot, lambda: dialog.query_one("#changed-under").display)
            assert f"Ann rejected Grace Hopper ({reason.name}) meanwhile" in str(
                dialog.query_one("#changed-under").render()
            )
            await press(pilot, "enter")
            assert "Grace Hopper is already rejected: nothing done" in app.said
            rec = mine.applications.get(grace)
            assert rec.rejection_reason == reason.name and rec.rejection_note == "hers"
            assert events(mine, grace)[-1] == "reject" and events(mine, grace).count("reject") == 1
    finally:
        theirs.close()
        mine.close()


async def test_a_form_without_a_line_for_it_is_told_by_a_warning(tmp_path):
    url = str(tmp_path / "team.db")
    mine = Store.open(url, actor="me@example.com")
    data = seed_board(mine)
    theirs = Store.open(url, actor="Ann")
    stages, alan = data["stages"], data["ids"]["Alan Turing"]
    app = live_app(mine, tmp_path / "a")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await following(pilot)
            await press(pilot, "O")  # a new offer for Alan
            form = app.screen
            assert type(form).__name__ == "OfferForm"
            move(theirs, alan, stages[2].id)
            told = f"Ann moved Alan Turing to {stages[2].name} meanwhile; reloaded: check before you confirm"
            await until(pilot, lambda: told in app.said)
            assert app.screen is form
    finally:
        theirs.close()
        mine.close()


async def test_a_change_to_the_job_reloads_the_board_once_keeping_my_place(tmp_path):
    url = str(tmp_path / "team.db")
    mine = Store.open(url, actor="me@example.com")
    data = seed_board(mine)
    theirs = Store.open(url, actor="Ann")
    stages, job = data["stages"], data["backend"]
    app = live_app(mine, tmp_path / "a")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await following(pilot)
            board = app.screen
            await press(pilot, "right", "down", "c")  # Katherine, in Phone screen; the closed lane shown
            await press(pilot, "left", "left", "left", "left", "down")
            before = focused_name(board), board.focused
            theirs.jobs.rename_stage(stages[1].id, "Recruiter call")
            logged(
                theirs,
                Change(ChangeEntity.JOB, job.id, ChangeKind.STAGES_CHANGED, subject=job.title, job_id=job.id),
            )
            await until(pilot, lambda: header(board, stages[1].id)[:2] == ["Recruiter", "call"])
            assert (focused_name(board), board.column(before[1].key).cards is board.focused) == (
                before[0],
                True,
            )
            assert board.column(LANE).display and board.show_lane  # the closed lane stays shown
            assert names(board, stages[1].id) == ["Linus Torvalds", "Katherine Johnson"]
    finally:
        theirs.close()
        mine.close()


def test_what_a_batch_asks_of_a_board():
    from datetime import datetime

    from pipeline_tui.core.change_records import ChangeBatch, ChangeRecord
    from pipeline_tui.core.records import BoardCard
    from pipeline_tui.screens.board.cards import BoardCards
    from pipeline_tui.screens.board.live import RELOAD_OVER, plan_for

    def change(entity, entity_id, kind, *, job_id=None, candidate_id=None):
        return ChangeRecord(
            0,
            datetime(2026, 1, 1),
            entity,
            entity_id,
            kind,
            None,
            "Ann",
            None,
            None,
            job_id,
            candidate_id,
            "x",
        )

    def card(app_id: int, candidate_id: int) -> BoardCard:
        at = datetime(2026, 1, 1)
        return BoardCard.model_validate(
            {
                "application": {
                    "id": app_id,
                    "candidate_id": candidate_id,
                    "job_id": 1,
                    "stage_id": 10,
                    "status": "active",
                    "applied_at": at,
                    "stage_entered_at": at,
                    "rating": 0,
                    "version": 1,
                },
                "candidate_id": candidate_id,
                "full_name": f"P{candidate_id}",
            }
        )

    cards = BoardCards([], [card(100, 7), card(101, 8)])
    app, cand, job = ChangeEntity.APPLICATION, ChangeEntity.CANDIDATE, ChangeEntity.JOB

    def plan(*changes, overflow=False):
        return plan_for(ChangeBatch(tuple(changes), 1, overflow=overflow), 1, cards)

    assert plan(change(app, 5, ChangeKind.MOVED, job_id=2)) is None  # another job's board
    assert plan(change(job, 2, ChangeKind.STAGES_CHANGED, job_id=2)) is None
    assert plan(change(cand, 9, ChangeKind.TAGGED, candidate_id=9)) is None  # not on this board
    assert plan(overflow=True).reload
    assert plan(change(job, 1, ChangeKind.STAGES_CHANGED, job_id=1)).reload
    assert plan(change(cand, 3, ChangeKind.MERGED, candidate_id=3)).reload
    moved = plan(
        change(app, 5, ChangeKind.APPLIED, job_id=1), change(app, 101, ChangeKind.HANDED_OVER, job_id=2)
    )
    assert not moved.reload and moved.ids == {5, 101}  # a new card, and one that left for another job
    assert plan(change(cand, 7, ChangeKind.EDITED, candidate_id=7)).ids == {100}  # a person on this board
    many = [change(app, i, ChangeKind.MOVED, job_id=1) for i in range(RELOAD_OVER + 1)]
    assert plan(*many).reload and not plan(*many[:RELOAD_OVER]).reload
