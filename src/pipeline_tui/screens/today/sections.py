"""The Today screen's sections: a heading, a table of rows (row key: what `enter` opens) or an empty note.

Each section is one TodaySection, so a later section (the nurture sequences' "Touches due") is one more
instance with its own rows; nothing in the screen's layout counts them.
"""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from pipeline_tui.core.hiring_records import DueScorecard, InterviewRecord, OfferRecord
from pipeline_tui.core.local_time import show_time, to_local
from pipeline_tui.services.offer_form import show_salary
from pipeline_tui.widgets.fitted_table import FittedTable
from pipeline_tui.widgets.literal import literal

Row = tuple[str, tuple[Text, ...]]  # (row key, cells)

INTERVIEW_COLUMNS = ("When", "Person", "Job", "Round", "Panel")
SCORECARD_COLUMNS = ("Interview", "Person", "Job", "Round")
APPROVAL_COLUMNS = ("Person", "Job", "Salary", "Version")


class SectionTable(FittedTable):
    """One section's rows; `enter` opens the highlighted one."""

    BINDINGS = [Binding("enter", "select_cursor", "Open", tooltip="Open the highlighted row")]


class TodaySection(Vertical):
    """A heading with the row count, the rows, or what would be listed here and how to get some."""

    def __init__(self, title: str, columns: Sequence[str], empty: str, *, id: str) -> None:
        super().__init__(id=id, classes="today-section")
        self.title = title
        self.columns = tuple(columns)
        self.empty = empty

    def compose(self) -> ComposeResult:
        yield Static(Text(self.title, style="bold"), classes="today-heading")
        table = SectionTable(cursor_type="row", zebra_stripes=True, classes="today-rows")
        table.display = False
        yield table
        yield Static(self.empty, classes="today-empty", markup=False)

    def on_mount(self) -> None:
        self.table.add_columns(*self.columns)

    @property
    def table(self) -> SectionTable:
        return self.query_one(SectionTable)

    def show(self, rows: Sequence[Row]) -> None:
        """Draw these rows (keeping the cursor on the same row key when it is still listed)."""
        table = self.table
        keep = self.current_key
        table.clear()
        for key, cells in rows:
            table.add_row(*cells, key=key)
        if keep is not None and keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep), animate=False)
        table.display = bool(rows)
        self.query_one(".today-empty", Static).display = not rows
        heading = Text(self.title, style="bold")
        if rows:
            heading.append(f"  {len(rows):,}", style="dim")
        self.query_one(".today-heading", Static).update(heading)

    @property
    def current_key(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


def panel_names(interview: InterviewRecord) -> Text:
    return literal(", ".join(m.name for m in interview.panel) or "—")


def interview_rows(interviews: Sequence[InterviewRecord], zone: ZoneInfo, *, today: bool) -> list[Row]:
    """Today's rows show the time only; the week's the day too."""
    rows = []
    for interview in interviews:
        local = to_local(interview.starts_at, zone)
        when = f"{local:%H:%M}" if today else show_time(interview.starts_at, zone)
        cells = (
            Text(when),
            literal(interview.person),
            literal(interview.job),
            literal(interview.round_name),
            panel_names(interview),
        )
        rows.append((f"interview:{interview.id}", cells))
    return rows


def scorecard_rows(due: Sequence[DueScorecard], zone: ZoneInfo) -> list[Row]:
    rows = []
    for item in due:
        interview = item.interview
        local = to_local(interview.starts_at, zone)
        cells = (
            Text(f"{local:%a} {local.day} {local:%b}"),
            literal(interview.person),
            literal(interview.job),
            literal(interview.round_name),
        )
        rows.append((f"scorecard:{interview.id}", cells))
    return rows


def approval_rows(offers: Sequence[OfferRecord]) -> list[Row]:
    rows = []
    for offer in offers:
        cells = (
            literal(offer.person),
            literal(offer.job),
            Text(show_salary(offer.terms)),
            Text(str(offer.version)),
        )
        rows.append((f"offer:{offer.id}", cells))
    return rows
