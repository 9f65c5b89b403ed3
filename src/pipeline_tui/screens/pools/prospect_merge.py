"""Merge two records of one person: pick the one to keep; the other's pools, tags, notes and applications
move to it and it is deleted (the store keeps anything that would collide as a note)."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from pipeline_tui.core.records import ProspectPreview
from pipeline_tui.screens.pools.pool_dialog import PoolDialog
from pipeline_tui.widgets.literal import literal


def describe(p: ProspectPreview) -> Text:
    c = p.candidate
    text = literal(c.full_name, "bold")
    text.append(f"  #{c.id}\n", style="dim")
    text.append("  ")
    text.append_text(literal(c.email or "no e-mail"))
    if c.current_company or c.current_title:
        text.append(" · ")
        text.append_text(literal(" at ".join(x for x in (c.current_title, c.current_company) if x)))
    text.append(
        f"\n  {len(p.pools)} pools · {len(p.tags)} tags · {len(p.activities)} activities · "
        f"{len(p.applications)} applications · added {c.created_at:%Y-%m-%d}",
        style="dim",
    )
    return text


class MergeModal(PoolDialog[tuple[int, int] | None]):
    """Returns (keep_id, drop_id), or None on esc."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, first_id: int, second_id: int) -> None:
        super().__init__()
        self.ids = (first_id, second_id)
        self.people: tuple[ProspectPreview, ...] = ()
        self.chosen_early = False

    def compose(self) -> ComposeResult:
        with Vertical(id="merge", classes="dialog"):
            yield self.dialog_title(("Merge two records: which one to keep?", False))
            yield OptionList(id="merge-options")
            yield Static(
                "The other one's pools, tags, activities and applications move to the kept record; "
                "its differing details are kept in a note; then it is deleted.",
                classes="dialog-body",
            )
            yield Static("enter keep highlighted · ↑↓ choose · esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#merge-options", OptionList).focus()
        ids = self.ids
        self.store_work(
            lambda store: tuple(store.prospects.preview(i) for i in ids),
            self._arrived,
            key="merge-people",
            on_failed=lambda _error: self.dismiss(None),
        )

    def _arrived(self, people: tuple[ProspectPreview, ...]) -> None:
        self.people = people
        options = self.query_one("#merge-options", OptionList)
        options.set_options([Option(describe(p), id=str(p.candidate.id)) for p in people])
        options.highlighted = 0
        if self.chosen_early:
            self._keep(people[0].candidate.id)

    def on_key(self, event: events.Key) -> None:
        if event.key == "enter" and not self.people:
            event.stop()
            self.chosen_early = True  # keep the first one, as enter would have, once both are read

    @on(OptionList.OptionSelected, "#merge-options")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self._keep(int(event.option.id or 0))

    def _keep(self, keep: int) -> None:
        drop = next(p.candidate.id for p in self.people if p.candidate.id != keep)
        self.dismiss((keep, drop))
