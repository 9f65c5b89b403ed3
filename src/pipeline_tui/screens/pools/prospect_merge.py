"""Merge two records of one person, side by side: each person field with the two values in two columns,
the kept person's on the left. The user picks each field's value (←/1 this one, →/2 the other one) and which
record is kept (s swaps). When the names or the primary e-mails differ, enter only asks: `y` merges.

Everything else (identities, applications, pools, tags, touches, notes, files) moves to the kept person;
services.pipeline.merge_people does it in one unit of work and records it in a note."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from pipeline_tui.core.duplicates import default_picks, merge_warning
from pipeline_tui.core.person import PERSON_FIELDS
from pipeline_tui.core.records import CandidateRecord, ProspectPreview
from pipeline_tui.core.wording import counted
from pipeline_tui.screens.pools.pool_dialog import PoolDialog
from pipeline_tui.widgets.literal import literal, plain

VALUE_WIDTH = 28  # characters of a value shown per column (80 columns hold the label and both)
HINT = "↑↓ field · ←/1 ours · →/2 theirs · s swap kept · enter merge · esc cancel"
CONFIRM_HINT = "y merge anyway · esc back to picking"
MOVES = "All identities, applications, pools, tags, touches, notes and files move to the kept record."


@dataclass(frozen=True)
class MergeChoice:
    """What the dialog returns: who is kept, who is merged in, and the fields taken from the latter."""

    keep: int
    drop: int
    take: frozenset[str] = field(default_factory=frozenset)


def heading(p: ProspectPreview, role: str) -> Text:
    """A column's heading: kept or merged in, and who the record is."""
    c = p.candidate
    text = Text(f"{role}: ", style="bold")
    text.append_text(literal(c.full_name, "bold"))
    text.append(f" #{c.id}", style="dim")
    return text


def summary(p: ProspectPreview, role: str) -> str:
    """How much hangs off a record (what moves when it is merged in)."""
    counts = [
        counted(len(p.pools), "pool"),
        counted(len(p.tags), "tag"),
        counted(len(p.applications), "application"),
    ]
    return f"{role} #{p.candidate.id}: {', '.join(counts)}."


def cell(value: object, chosen: bool) -> Text:
    """One value: the chosen one bold with a marker, the other dim; an empty one a dash."""
    shown = plain(value).split("\n")[0] if value else ""
    if len(shown) > VALUE_WIDTH:
        shown = shown[: VALUE_WIDTH - 1] + "…"
    if not shown:
        return Text("—", style="dim")
    text = Text("● " if chosen else "  ", style="green" if chosen else "dim")
    text.append_text(literal(shown, "bold" if chosen else "dim"))
    return text


class MergeModal(PoolDialog[MergeChoice | None]):
    """Returns a MergeChoice, or None on esc."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("up", "move(-1)", "Up", show=False, priority=True),
        Binding("down", "move(1)", "Down", show=False, priority=True),
        Binding("left,1", "pick(0)", "This one", priority=True),
        Binding("right,2", "pick(1)", "Theirs", priority=True),
        Binding("s", "swap", "Swap kept", priority=True),
        Binding("enter", "merge", "Merge", priority=True),
        Binding("y", "confirm", "Yes, merge", priority=True),
    ]

    def __init__(self, first_id: int, second_id: int) -> None:
        super().__init__()
        self.ids = (first_id, second_id)
        self.people: tuple[ProspectPreview, ...] = ()
        self.take: set[str] = set()
        self.picked: dict[str, int] = {}  # field -> the record whose value the user picked for it
        self.confirming = False
        self.early: list[Callable[[], None]] = []  # keys pressed before both records were read

    def compose(self) -> ComposeResult:
        with Vertical(id="merge", classes="dialog"):
            yield self.dialog_title(("Merge two records of one person", False))
            yield DataTable(id="merge-fields", cursor_type="row", zebra_stripes=True)
            yield Static("", id="merge-about", classes="dialog-body")
            yield self.error_line()
            warning = Static("", id="merge-warning", classes="dialog-error")
            warning.display = False
            yield warning
            yield Static(HINT, id="merge-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#merge-fields", DataTable).focus()
        ids = self.ids
        self.store_work(
            lambda store: tuple(store.prospects.preview(i) for i in ids),
            self._arrived,
            key="merge-people",
            on_failed=lambda _error: self.dismiss(None),
        )

    def _arrived(self, people: tuple[ProspectPreview, ...]) -> None:
        self.people = people
        self._choose()
        self._draw()
        early, self.early = self.early, []
        for step in early:
            step()

    @property
    def kept(self) -> CandidateRecord:
        return self.people[0].candidate

    @property
    def other(self) -> CandidateRecord:
        return self.people[1].candidate

    def _choose(self) -> None:
        """Which fields come from the merged-in record: the defaults for who is kept, then every pick the
        user made (by record, so a pick stays with its value when `s` swaps the sides)."""
        self.take = default_picks(self.kept, self.other)
        for name, record in self.picked.items():
            if record == self.other.id:
                self.take.add(name)
            else:
                self.take.discard(name)

    def _draw(self, row: int = 0) -> None:
        table = self.query_one("#merge-fields", DataTable)
        table.clear(columns=True)
        table.add_column("", key="field")
        table.add_column(heading(self.people[0], "Keep"), key="keep")
        table.add_column(heading(self.people[1], "Merge in"), key="other")
        for f in PERSON_FIELDS:
            taken = f.name in self.take
            table.add_row(
                Text(f.title, style="bold"),
                cell(getattr(self.kept, f.name), not taken),
                cell(getattr(self.other, f.name), taken),
                key=f.name,
            )
        table.move_cursor(row=row)
        about = f"{summary(self.people[0], 'Kept')} {summary(self.people[1], 'Merged in')} {MOVES}"
        self.query_one("#merge-about", Static).update(Text(about))

    def _later(self, step: Callable[[], None]) -> bool:
        """Keep a key pressed before the records arrived for when they do; True if it was kept."""
        if self.people:
            return False
        self.early.append(step)
        return True

    def action_move(self, step: int) -> None:
        if self._later(lambda: self.action_move(step)):
            return
        table = self.query_one("#merge-fields", DataTable)
        table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + step)))

    def action_pick(self, column: int) -> None:
        if self._later(lambda: self.action_pick(column)) or self.confirming:
            return
        self.clear_error()
        table = self.query_one("#merge-fields", DataTable)
        f = PERSON_FIELDS[table.cursor_row]
        if column == 1 and not getattr(self.other, f.name):
            self.show_error(f"Their {f.label} is empty: nothing to take.")
            return
        if column == 0 and not getattr(self.kept, f.name) and getattr(self.other, f.name):
            self.show_error(f"This record's {f.label} is empty: theirs fills it.")
            return
        self.picked[f.name] = (self.kept, self.other)[column].id
        self._choose()
        self._draw(table.cursor_row)

    def action_swap(self) -> None:
        if self._later(self.action_swap) or self.confirming:
            return
        self.clear_error()
        self.people = (self.people[1], self.people[0])
        self._choose()
        self._draw(self.query_one("#merge-fields", DataTable).cursor_row)

    def action_merge(self) -> None:
        if self._later(self.action_merge) or self.confirming:
            return
        warning = merge_warning(self.kept, self.other)
        if warning is None:
            self._done()
            return
        self._confirm_mode(True)
        line = self.query_one("#merge-warning", Static)
        line.update(literal(f"{warning} Press y to merge them anyway, esc to go back."))

    def action_confirm(self) -> None:
        if self.confirming:
            self._done()

    def action_cancel(self) -> None:
        if self.confirming:
            self._confirm_mode(False)  # back to picking: nothing merged
            return
        self.dismiss(None)

    def _confirm_mode(self, on: bool) -> None:
        """While it asks, the warning shows and the hint names only the keys that answer (y, esc)."""
        self.confirming = on
        self.query_one("#merge-warning", Static).display = on
        self.query_one("#merge-hint", Static).update(CONFIRM_HINT if on else HINT)

    def _done(self) -> None:
        self.dismiss(MergeChoice(self.kept.id, self.other.id, frozenset(self.take)))
