"""The pool browser's side list: the built-in segments, then every pool, each with its member count.

Counts can lag the names (a million memberships take ~0.1-0.2 s to count, so the screen draws the names first
and fills the counts in from a worker): while they are on their way the last known ones stay, and a pool never
counted shows "…". Every highlight is announced as a view (OptionList posts it after the fact, so the list
cannot tell its own refills from the user's moves): the screen ignores the view it already shows.
"""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from pipeline_tui.core.records import PoolRecord, SegmentRecord
from pipeline_tui.core.segments import POLICY_SEGMENTS, SEGMENTS
from pipeline_tui.widgets.literal import literal

View = int | str


def view_key(view: View) -> str:
    """The option id of a view: "pool:7" for a pool, "seg:all" for a segment."""
    return f"pool:{view}" if isinstance(view, int) else f"seg:{view}"


class PoolList(OptionList):
    """Segments and pools; `ViewHighlighted` says which view is highlighted."""

    class ViewHighlighted(Message):
        def __init__(self, pool_list: PoolList, view: View) -> None:
            super().__init__()
            self.pool_list = pool_list
            self.view = view

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.pools: list[PoolRecord] = []
        # Member counts last shown per option id ("seg:all", "pool:7"), kept while new ones are counted.
        self.known_counts: dict[str, int] = {}
        self.counts_pending = False
        # Segments counted after the others (possible duplicates), "seg:duplicates" -> still counting.
        self.waiting: set[str] = set()
        # The segments listed (the store says which: "Due for retention" only under a policy).
        self.segment_keys = tuple(key for key in SEGMENTS if key not in POLICY_SEGMENTS)

    def show(
        self,
        pools: list[PoolRecord],
        segments: list[SegmentRecord] | None,
        view: View,
        *,
        counted: bool,
        segment_keys: tuple[str, ...] | None = None,
    ) -> View:
        """Refill the list; `counted` says the pools carry their counts (and `segments` theirs), and
        `segment_keys` which segments to list. Returns the view kept highlighted: `view`, or "all" when that
        pool (or segment) is gone."""
        self.pools = pools
        if segment_keys is not None:
            self.segment_keys = segment_keys
        self.counts_pending = not counted
        self.waiting = {f"seg:{seg.key}" for seg in segments or () if seg.member_count is None}
        if counted:
            self.known_counts = {
                f"seg:{seg.key}": seg.member_count for seg in segments or () if seg.member_count is not None
            }
            self.known_counts.update({f"pool:{p.id}": p.member_count for p in pools})
        options: list[Option | None] = [
            Option(self._label(Text(SEGMENTS[key]), f"seg:{key}"), id=f"seg:{key}")
            for key in self.segment_keys
        ]
        options.append(None)
        options.extend(Option(self._label(literal(p.name), f"pool:{p.id}"), id=f"pool:{p.id}") for p in pools)
        self.set_options(options)
        return self.highlight(view)

    def _label(self, label: Text, key: str) -> Text:
        n = self.known_counts.get(key)
        if n is not None:
            label.append(f"  {n:,}", style="dim")
        elif self.counts_pending or key in self.waiting:
            label.append("  …", style="dim")
        return label

    def counted_later(self, counts: dict[str, int]) -> None:
        """The counts of segments that were still counting when the list was filled ("seg:duplicates")."""
        for key, n in counts.items():
            self.waiting.discard(key)
            self.known_counts[key] = n
            if key.startswith("seg:") and key[4:] in self.segment_keys:
                self.replace_option_prompt(key, self._label(Text(SEGMENTS[key[4:]]), key))

    def highlight(self, view: View) -> View:
        """Highlight `view` without announcing it; a view no longer listed falls back to everyone."""
        try:
            index = self.get_option_index(view_key(view))
        except OptionDoesNotExist:
            if not self.option_count:
                return view  # not filled yet: nothing to check against
            view = "all"
            index = self.get_option_index("seg:all")
        self.highlighted = index
        return view

    def pool(self, view: View) -> PoolRecord | None:
        if isinstance(view, int):
            return next((p for p in self.pools if p.id == view), None)
        return None

    def _on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is None:
            return
        kind, _, key = event.option.id.partition(":")
        self.post_message(self.ViewHighlighted(self, int(key) if kind == "pool" else key))
