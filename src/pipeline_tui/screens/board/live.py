"""The board follows others' changes as they happen: the app hands it each batch (`changes_arrived`).

A batch that touches a few of this job's cards reads just those cards (and their hiring lines) in one
worker and puts each in place: only the columns they left and entered redraw, every column's cursor stays
on the card it was on, at the same row of the screen, and the focus stays in the column the user is in
(when the focused card itself moved away, the cursor stays in its column). A card that left the job (moved,
handed over, merged away) disappears. A change to the job itself (its stages, its team, its status), a
merge, an overflow batch (a burst of a thousand, a catch-up) or more than `RELOAD_OVER` cards reloads the
board once, keeping the cursor's card, the filter, the closed lane and the scroll positions.

A card a dialog of this board is acting on (reject, hire, an interview, an offer) that changes under it
is reloaded like any other; the dialog stays, with what was typed in it, and says what changed
(changed_under.py), so confirming acts on the card as it is now, in plain sight.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.screen import Screen

from pipeline_tui.core.change_records import ChangeBatch
from pipeline_tui.core.change_vocabulary import ChangeEntity, ChangeKind
from pipeline_tui.core.hiring_records import CardHiring
from pipeline_tui.core.records import BoardCard, JobRecord
from pipeline_tui.screens.board.board_data import BoardData, read_board
from pipeline_tui.screens.board.cards import BoardCards, column_of
from pipeline_tui.screens.board.changed_under import CHECK
from pipeline_tui.screens.live import changed_under_me
from pipeline_tui.widgets.literal import plain
from pipeline_tui.widgets.stage_column import CARD_HEIGHT, ColumnKey, StageColumn

if TYPE_CHECKING:
    from pipeline_tui.store import Store

# More of this job's cards than this in one batch: one board read beats reading them one by one.
RELOAD_OVER = 50


@dataclass(frozen=True)
class LivePlan:
    """What a batch asks of a board: reload it all, or read these applications' cards again."""

    reload: bool
    ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class LiveCards:
    """What one live read returns for one job: the asked cards still in the database, their hiring lines."""

    job_id: int
    asked: frozenset[int]
    cards: list[BoardCard]
    hiring: dict[int, CardHiring]


def plan_for(batch: ChangeBatch, job_id: int, cards: BoardCards) -> LivePlan | None:
    """What this board does with a batch; None when nothing it shows may have changed. A person's change
    (a rename, tags, an erase) redraws that person's card on this board too."""
    if batch.overflow:
        return LivePlan(True)
    ids: set[int] = set()
    people: dict[int, list[int]] | None = None
    for change in batch.changes:
        if (
            change.entity == ChangeEntity.JOB and change.entity_id == job_id
        ) or change.kind == ChangeKind.MERGED:
            return LivePlan(True)  # whose cards moved where is not in the log: read the board again
        if change.entity == ChangeEntity.APPLICATION:
            if change.job_id == job_id or change.entity_id in cards.by_id:
                ids.add(change.entity_id)
        elif change.candidate_id is not None and change.job_id in (job_id, None):
            if people is None:
                people = defaultdict(list)
                for card in cards.by_id.values():
                    people[card.candidate_id].append(card.application.id)
            ids.update(people.get(change.candidate_id, ()))
    if not ids:
        return None
    return LivePlan(True) if len(ids) > RELOAD_OVER else LivePlan(False, frozenset(ids))


def read_live_cards(store: Store, job_id: int, ids: frozenset[int]) -> LiveCards:
    """The changed cards and their hiring lines: one worker, two reads."""
    cards = store.applications.cards(sorted(ids))
    hiring = store.interviews.card_summaries(
        [c.application.id for c in cards if c.application.job_id == job_id]
    )
    return LiveCards(job_id, ids, cards, dict(hiring))


class BoardLive:
    """Mixin for BoardScreen (whose attributes and methods it uses)."""

    job: JobRecord | None
    wanted_job: int | None
    cards: BoardCards
    hiring: dict[int, CardHiring]
    query_text: str
    _columns: dict[ColumnKey, StageColumn]

    def _init_live(self) -> None:
        self._acting: tuple[int, Screen] | None = None  # the card a dialog of this board acts on, the dialog
        self._said_under: str | None = None  # what that dialog is to be told once its card is read again
        self._reloading = False  # a live reload of the whole board is on its way
        self._reload_again = False  # and another batch asked for one meanwhile

    def acting_on(self, application_id: int | None, screen: Screen) -> None:
        """A dialog (or the person screen) is being opened on this card: tell it when the card changes."""
        self._acting = (application_id, screen) if application_id is not None else None
        self._said_under = None

    # -- a batch arrives --------------------------------------------------------------------------------

    def changes_arrived(self, batch: ChangeBatch) -> None:
        job = self.job
        if job is None or getattr(self, "_preview", None) is not None or not self._shows_wanted():
            return  # the board being read (or switched to) is read after these changes anyway
        plan = plan_for(batch, job.id, self.cards)
        if plan is None:
            return
        self._note_acting_changed(batch)
        if plan.reload:
            self.reload_board()
            return
        job_id, ids = job.id, plan.ids
        # On the writer thread, like reload_card: after this session's writes queued before it.
        self.store_work(
            lambda store: read_live_cards(store, job_id, ids), self._put_live, key="live", serial=True
        )

    def _shows_wanted(self) -> bool:
        """No other job is on its way to this board (the first board is shown without asking for one)."""
        return self.job is not None and self.wanted_job in (None, self.job.id)

    def _note_acting_changed(self, batch: ChangeBatch) -> None:
        acting = self._acting_dialog()
        if acting is None:
            return
        change = changed_under_me(batch, application_id=acting[0])
        if change is not None:
            self._said_under = f"{change.text} {CHECK}"

    def _acting_dialog(self) -> tuple[int, Screen] | None:
        """The card and dialog still open over this board, if any."""
        acting = self._acting
        if acting is not None and acting[1] not in self.app.screen_stack:  # type: ignore[attr-defined]
            self._acting = acting = None
        return acting

    # -- a few cards ------------------------------------------------------------------------------------

    def _put_live(self, found: LiveCards) -> None:
        job = self.job
        if job is None or job.id != found.job_id or not self._shows_wanted():
            return
        acting = self._acting_dialog()
        acting_version = self._version_of(acting[0]) if acting is not None else None
        got = {card.application.id: card for card in found.cards}
        touched: list[ColumnKey] = []
        for app_id in found.asked:
            old, card = self.cards.get(app_id), got.get(app_id)
            if old is not None:
                touched.append(column_of(old))
            if card is not None and card.application.job_id == job.id:
                touched.append(column_of(card))
        places = self._places(touched)
        for app_id in found.asked:
            self._put_one(app_id, got.get(app_id), found.hiring.get(app_id))
        self._restore_places(places)
        self._update_bar()  # type: ignore[attr-defined]  # the job bar's counts
        if acting is not None and self._version_of(acting[0]) != acting_version:
            self._tell_acting(acting)

    def _put_one(self, app_id: int, card: BoardCard | None, hiring: CardHiring | None) -> None:
        held = self.cards.get(app_id)
        job = self.job
        if card is None or job is None or card.application.job_id != job.id:
            if held is not None:
                self.cards.take(held)
            self.hiring.pop(app_id, None)
            return
        if held is not None and held.application.version > card.application.version:
            return  # this session's own newer write already landed
        if hiring is not None:
            self.hiring[app_id] = hiring
        else:
            self.hiring.pop(app_id, None)
        if not self._queued.get(app_id):  # type: ignore[attr-defined]
            self._written.pop(app_id, None)  # type: ignore[attr-defined]
        self.cards.put(card)

    def _version_of(self, app_id: int) -> int | None:
        card = self.cards.get(app_id)
        return card.application.version if card is not None else None

    def _tell_acting(self, acting: tuple[int, Screen]) -> None:
        """The dialog's card was read again: say so in the dialog (or, for one without a line for it, in a
        warning notice). The person screen says it itself (screens/person/live.py)."""
        app_id, dialog = acting
        if hasattr(dialog, "changes_arrived"):
            return
        text = self._said_under
        if text is None:
            card = self.cards.get(app_id)
            name = plain(card.full_name) if card is not None else "This applicant"
            text = f"{name} was changed by others {CHECK}"
        self._said_under = None
        tell = getattr(dialog, "changed_under_you", None)
        if tell is not None:
            tell(text)
        else:
            self.notify(text, severity="warning", timeout=10)  # type: ignore[attr-defined]

    # -- where each column's cursor is ----------------------------------------------------------------

    def _places(self, keys: list[ColumnKey]) -> dict[ColumnKey, tuple[int, int, int]]:
        """For each column: the cursor's application, its index and the list's scroll offset."""
        places = {}
        for key in dict.fromkeys(keys):
            column = self._columns.get(key)
            if column is None:
                continue
            current = column.cards.current
            if current is not None:
                places[key] = (current.application.id, column.cards.cursor, int(column.cards.scroll_offset.y))
            else:
                places[key] = (-1, column.cards.cursor, int(column.cards.scroll_offset.y))
        return places

    def _restore_places(self, places: dict[ColumnKey, tuple[int, int, int]]) -> None:
        """Show each column's cards again with its cursor on the same card (else at the same index) and that
        card on the same row of the screen: cards arriving or leaving above it do not shift the view."""
        for key, (app_id, index, scrolled) in places.items():
            column = self._columns[key]
            cards = column.cards
            visible = self.cards.visible(key, self.query_text)
            keep = self.cards.get(app_id)
            cards.empty_text = "No matches" if self.query_text else "No applicants"
            cards.set_cards(visible, keep=keep if keep is not None and column_of(keep) == key else None)
            column.set_count(len(visible), self._column_total(key), bool(self.query_text))  # type: ignore[attr-defined]
            cards.scroll_to(
                y=max(0, scrolled + (cards.cursor - index) * CARD_HEIGHT), animate=False, immediate=True
            )

    # -- the whole board --------------------------------------------------------------------------------

    def reload_board(self) -> None:
        """Read the board again (once, however many batches ask meanwhile), keeping what the user sees."""
        if self._reloading:
            self._reload_again = True
            return
        job = self.job
        if job is None:
            return
        self._reloading, self._reload_again = True, False
        job_id = job.id
        # Not the "board" key: a job the user opens meanwhile must not be cancelled by this read (and this
        # read's board is not drawn once another job is wanted).
        self.store_work(
            lambda store: read_board(store, job_id),
            self._redraw,
            key="live-board",
            on_failed=lambda _error: self._reloaded(),
        )

    def _redraw(self, data: BoardData) -> None:
        if self.job is not None and self.job.id == data.job.id and self._shows_wanted():
            acting = self._acting_dialog()
            acting_version = self._version_of(acting[0]) if acting is not None else None
            current = self.current_card  # type: ignore[attr-defined]
            places = self._places(list(self._columns))
            focus = current.application.id if current is not None else None
            shown = self._current  # type: ignore[attr-defined]
            column = shown.key if shown is not None else None  # the user's column, even when empty
            self._draw_board(data, focus)  # type: ignore[attr-defined]
            # The new columns are laid out in the next refresh: the places are put back then.
            self.call_after_refresh(self._after_redraw, places, column)  # type: ignore[attr-defined]
            if acting is not None and self._version_of(acting[0]) != acting_version:
                self._tell_acting(acting)
        self._reloaded()

    def _after_redraw(self, places: dict[ColumnKey, tuple[int, int, int]], column: ColumnKey | None) -> None:
        self._restore_places({k: v for k, v in places.items() if k in self._columns})
        target = self._columns.get(column) if column is not None else None
        if target is not None and target.display and self.focused is not target.cards:  # type: ignore[attr-defined]
            self._focus_list(target.cards)  # type: ignore[attr-defined]

    def _reloaded(self) -> None:
        self._reloading = False
        if self._reload_again:
            self.reload_board()
