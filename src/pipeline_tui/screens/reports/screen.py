"""The Reports screen (mode "reports", key `5`): the seven reports of the measured pipeline, each as a chart
above its table, for one job or all and a range of days.

The header says what is shown ("Funnel · Backend Engineer · last 365 days · 120 applications"). `j` picks
the job, `r` the next range preset, `R` types from–to, `e` exports the report, `h` saves all seven as one
HTML file. Every read runs in a worker; each carries a number, and a result that arrives after a newer
choice was made is dropped, so a burst of keys shows the last choice only. The screen reads again each time
it is shown (the board may have changed what it counts).
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen, Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from pipeline_tui.core.local_time import to_local, user_zone
from pipeline_tui.core.report_range import ReportFilter
from pipeline_tui.core.report_records import ReportKind
from pipeline_tui.screens.reports.job_picker import PickedJob, ReportJobPicker
from pipeline_tui.screens.reports.range_dialog import DayRange, ReportRangeDialog
from pipeline_tui.screens.reports.reading import ReportRead, read_report
from pipeline_tui.screens.reports.report_view import ReportView
from pipeline_tui.screens.reports.saving import ReportSaving
from pipeline_tui.screens.reports.selection import ReportSelection, header_parts
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.widgets.footer import KeyFooter
from pipeline_tui.widgets.literal import literal

READING = "reading…"
NOT_READ = "not read (ctrl+r reads again)"
NARROW = 100


def report_options(short: bool) -> list[Option]:
    """The seven reports, by title ("Time in stage") or, short, by the CLI's name ("Stages")."""
    return [Option(kind.value.capitalize() if short else kind.title, id=kind.value) for kind in ReportKind]


class ReportsScreen(ReportSaving, StoreWork, Screen):
    """One report at a time; the list on the left picks which (↑↓), the keys below pick job and days."""

    CSS_PATH = "reports.tcss"
    # Under 100 columns the list names the reports short ("Stages"), so the table keeps the width.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW, "-wide")]
    BINDINGS = [
        Binding("5", "app.show_tool('reports')", "Reports", show=False, tooltip="This screen: every report"),
        Binding("j", "pick_job", "Job", tooltip="Report on one job or all jobs"),
        Binding("r", "next_range", "Range", tooltip="Next range: last 30, 90, 365 days, all time"),
        Binding("R", "type_range", "From–to", tooltip="Type the days: from YYYY-MM-DD to YYYY-MM-DD"),
        Binding("e", "export", "Export", tooltip="Save this report as a CSV or JSON file"),
        Binding("h", "save_html", "HTML", tooltip="Save all seven reports as one HTML file"),
        Binding("ctrl+r", "reload", "Reload", show=False, tooltip="Read the report again"),
        Binding("tab", "app.focus_next", "List ↔ table", show=False),
        Binding("shift+tab", "app.focus_previous", "List ↔ table", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.zone = user_zone()
        self.selection = ReportSelection()
        self.shown: ReportRead | None = None  # what the chart and table show now
        self._asked = 0  # the number of the latest read; an older one's result is dropped
        self._cohorts: dict[ReportFilter, int] = {}  # cohort sizes read since the data was last re-read
        self._left = False  # suspended for another screen, not for one of this screen's dialogs
        self._short = False  # the list names the reports short (a narrow terminal)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="reports-bar")
        yield Static("", id="reports-note", markup=False)
        with Horizontal(id="reports-body"):
            yield OptionList(*report_options(self._short), id="reports-list")
            yield ReportView(id="reports-view")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.on_resize()
        self.query_one("#reports-list", OptionList).highlighted = 0
        self.query_one("#reports-list").focus()
        self.load()

    def on_resize(self) -> None:
        short = self.size.width < NARROW
        if short is self._short:
            return
        self._short = short
        listed = self.query_one("#reports-list", OptionList)
        listed.set_options(report_options(short))
        listed.highlighted = list(ReportKind).index(self.selection.kind)

    def on_screen_suspend(self) -> None:
        self._left = not isinstance(self.app.screen, ModalScreen)

    def on_screen_resume(self) -> None:
        if self._left:
            self._left = False
            self.load(fresh=True)  # shown again: the data may have changed on the board or the pools

    @property
    def today(self) -> date:
        """The app's today in the user's zone: presets end on it (tests pin the app's clock)."""
        return to_local(self.pipeline.clock(), self.zone).date()

    # -- reading ------------------------------------------------------------------------------------------

    def load(self, *, fresh: bool = False) -> None:
        """Read the selection's report; `fresh` forgets the cohort sizes counted before (data may differ)."""
        if fresh:
            self._cohorts.clear()
        self._asked += 1
        number, selection, today, zone = self._asked, self.selection, self.today, self.zone
        cohorts = dict(self._cohorts)  # the worker reads a copy, never the dict the UI thread writes
        self._draw_header(None)
        self.query_one(ReportView).loading = True  # no figures of the choice before under the new header
        self.store_work(
            lambda store: read_report(store, selection, today, zone, cohorts.get),
            lambda read: self._arrived(read, number, today),
            key="report",
            exclusive=True,
            on_failed=lambda _error: self._failed(number),
        )

    def _arrived(self, read: ReportRead, number: int, today: date) -> None:
        if number != self._asked:
            return  # a newer choice was made while this one was read: it is drawn instead
        self.shown = read
        self.query_one(ReportView).loading = False
        if read.result.kind not in (ReportKind.JOURNEY, ReportKind.SEQUENCES):
            self._cohorts[read.selection.filter(today)] = read.count
        self.query_one(ReportView).show(read.result)
        self._draw_header(read.count)

    def _failed(self, number: int) -> None:
        """The one message has been shown (screens/work.py); no figures of another choice stay drawn."""
        if number != self._asked:
            return
        self.shown = None
        view = self.query_one(ReportView)
        view.loading = False
        view.clear()
        self._draw_header(None, NOT_READ)

    def _draw_header(self, count: int | None, instead: str = READING) -> None:
        title, job, days, counted = header_parts(self.selection, count)
        bar = Text(no_wrap=True, overflow="ellipsis")
        bar.append(title, style="bold")
        bar.append(" · ")
        bar.append_text(literal(job))
        bar.append(f" · {days} · ")
        bar.append(counted or instead, style="" if counted else "dim italic")
        self.query_one("#reports-bar", Static).update(bar)
        note = self.selection.note()
        shown = self.query_one("#reports-note", Static)
        shown.update(note)
        shown.display = bool(note)

    def choose(self, selection: ReportSelection) -> None:
        """Show `selection` (a report, job or range picked): its header at once, its figures once read."""
        if selection == self.selection:
            return
        self.selection = selection
        self.load()

    # -- keys ---------------------------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#reports-list")
    def _report_picked(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id is not None:
            self.choose(self.selection.for_kind(ReportKind(event.option.id)))

    def action_pick_job(self) -> None:
        def picked(job: PickedJob | None) -> None:
            if job is not None:
                self.choose(self.selection.for_job(job.job_id, job.title))

        self.app.push_screen(ReportJobPicker(self.selection.job_id), picked)

    def action_next_range(self) -> None:
        self.choose(self.selection.next_preset())

    def action_type_range(self) -> None:
        start, end = self.selection.days(self.today)

        def typed(days: DayRange | None) -> None:
            if days is not None:
                self.choose(self.selection.typed_range(days.start, days.end))

        self.app.push_screen(ReportRangeDialog(start, end), typed)

    def action_reload(self) -> None:
        self.load(fresh=True)
