"""A job's cards in memory, per column, kept in board order: what the board shows and changes one card at a
time. Plain data (no widgets), so a move is a binary-search removal and insertion, never a reload."""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Iterable

from pipeline_tui.core.records import BoardCard, StageRecord
from pipeline_tui.core.vocabulary import CLOSED_STATUSES, ApplicationStatus
from pipeline_tui.widgets.stage_column import LANE, ColumnKey, card_order


def column_of(card: BoardCard) -> ColumnKey:
    """The closed lane for rejected and withdrawn applicants, else the stage's column."""
    return LANE if card.application.status in CLOSED_STATUSES else card.application.stage_id


def _haystack(card: BoardCard) -> str:
    parts = [card.full_name, card.current_company, card.current_title, card.application.source, *card.tags]
    return "\n".join(p for p in parts if p).casefold()


class BoardCards:
    """Every card of the open job by column (sorted by card_order) and by application id, with counts."""

    def __init__(self, stages: Iterable[StageRecord] = (), cards: Iterable[BoardCard] = ()) -> None:
        self.columns: dict[ColumnKey, list[BoardCard]] = {stage.id: [] for stage in stages}
        self.columns[LANE] = []
        self.by_id: dict[int, BoardCard] = {}
        self.statuses: Counter[str] = Counter()
        self._hay: dict[int, str] = {}  # filled in on the first filter: indexing 6,500 cards costs ~40 ms
        columns = self.columns
        for card in cards:  # already in board order, so appending keeps every list sorted
            self.by_id[card.application.id] = card
            self.statuses[card.application.status] += 1
            key = column_of(card)
            column = columns.get(key)
            if column is None:
                column = columns[key] = []
            column.append(card)

    def __len__(self) -> int:
        return len(self.by_id)

    def get(self, application_id: int) -> BoardCard | None:
        return self.by_id.get(application_id)

    def column(self, key: ColumnKey) -> list[BoardCard]:
        return self.columns.get(key, [])

    def visible(self, key: ColumnKey, needle: str) -> list[BoardCard]:
        """A column's cards that match the filter (casefolded substring of name, company, title, source, tags)."""
        cards = self.columns.get(key, [])
        if not needle:
            return cards
        hay = self._hay
        return [
            c
            for c in cards
            if needle in (hay.get(c.application.id) or hay.setdefault(c.application.id, _haystack(c)))
        ]

    def put(self, card: BoardCard) -> tuple[ColumnKey | None, ColumnKey]:
        """Replace (or add) one card; returns the column it left (None when new) and the one it is in."""
        app_id = card.application.id
        old = self.by_id.get(app_id)
        old_key = self.take(old) if old is not None else None
        new_key = column_of(card)
        insort(self.columns.setdefault(new_key, []), card, key=card_order)
        self.by_id[app_id] = card
        self.statuses[card.application.status] += 1
        self._hay.pop(app_id, None)  # indexed again when next filtered
        return old_key, new_key

    def take(self, card: BoardCard) -> ColumnKey:
        """Remove one card (found by binary search in its sorted column); returns its column."""
        key = column_of(card)
        cards = self.columns.get(key, [])
        index = bisect_left(cards, card_order(card), key=card_order)
        if not (index < len(cards) and cards[index].application.id == card.application.id):
            index = next(i for i, c in enumerate(cards) if c.application.id == card.application.id)
        del cards[index]
        del self.by_id[card.application.id]
        self.statuses[card.application.status] -= 1
        return key

    def totals(self) -> tuple[int, int, int]:
        """Active, hired, and rejected or withdrawn: the job bar's counts."""
        closed = sum(self.statuses[s] for s in CLOSED_STATUSES)
        return self.statuses[ApplicationStatus.ACTIVE], self.statuses[ApplicationStatus.HIRED], closed
