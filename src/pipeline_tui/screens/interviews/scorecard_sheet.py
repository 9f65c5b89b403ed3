"""One scorecard in full, read only (`enter` on the person screen's Scorecards): every attribute with its
rating and note, the overall recommendation and the key take-aways, all as typed."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from pipeline_tui.core.hiring_records import ScorecardRecord
from pipeline_tui.core.hiring_vocabulary import NO_DECISION, Rating, Recommendation, ScorecardStatus
from pipeline_tui.core.local_time import show_time
from pipeline_tui.widgets.literal import literal


def _word(words: type[Rating] | type[Recommendation], word: str | None, unset: str) -> str:
    found = words.parse(word) if word else None
    return found.label if found is not None else unset


def sheet(card: ScorecardRecord) -> Group:
    """The scorecard as the dialog draws it."""
    head = literal(card.author.name, "bold")
    head.append(" · ")
    head.append_text(literal(card.round_name))
    if card.status == ScorecardStatus.SUBMITTED and card.submitted_at is not None:
        head.append(f" · submitted {show_time(card.submitted_at)}", style="dim")
    else:
        head.append(" · draft", style="yellow")
    table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False, header_style="dim", expand=True)
    table.add_column("Attribute", ratio=2)
    table.add_column("Rating", ratio=1)
    table.add_column("Note", ratio=3)
    for rating in card.ratings:
        table.add_row(
            literal(rating.attribute),
            Text(_word(Rating, rating.rating, "not rated"), style="bold" if rating.rating else "dim"),
            literal(rating.note or "", multiline=True),
        )
    overall = Text("Overall: ", style="bold")
    overall.append(_word(Recommendation, card.overall, NO_DECISION), style="bold italic")
    takeaways = (
        literal(card.takeaways, multiline=True) if card.takeaways else Text("No take-aways.", style="dim")
    )
    return Group(
        head, Text(""), table, Text(""), overall, Text(""), Text("Key take-aways", style="bold"), takeaways
    )


class ScorecardSheet(ModalScreen[None]):
    CSS_PATH = "scorecard.tcss"
    BINDINGS = [Binding("escape,enter", "close", "Close")]

    def __init__(self, card: ScorecardRecord) -> None:
        super().__init__()
        self.card = card

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            with VerticalScroll(id="sheet-body"):
                yield Static(sheet(self.card), id="sheet")
            yield Static("esc / enter close", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
