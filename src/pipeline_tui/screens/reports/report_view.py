"""The right side of the Reports screen: the report's chart above its table, both drawn from one
`ReportResult` (its `chart` spec and its `table`), so they show the same figures as the CLI and the HTML."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from pipeline_tui.screens.reports.report_cells import drawn_table
from pipeline_tui.services.reports import ReportResult
from pipeline_tui.widgets.fitted_table import FittedTable
from pipeline_tui.widgets.report_chart import ReportChart

NO_ROWS = "No rows: nothing in this range for this report."
SCROLLBAR = 2


class ReportTable(FittedTable):
    """A report's rows; the cursor moves by row so a long table scrolls with ↑↓ once focused, and the first
    column (the job, pool, source, reason or sequence) stays put when a wide table scrolls sideways."""

    def __init__(self) -> None:
        super().__init__(id="report-table", cursor_type="row", zebra_stripes=True, fixed_columns=1)


class ReportView(Vertical):
    """Chart, then table (or one line when the report has no rows)."""

    result: ReportResult | None = None

    def compose(self) -> ComposeResult:
        yield ReportChart(id="report-chart")
        yield ReportTable()
        yield Static(NO_ROWS, id="report-no-rows", markup=False)

    def on_mount(self) -> None:
        self.query_one("#report-no-rows").display = False

    @property
    def table(self) -> ReportTable:
        return self.query_one(ReportTable)

    def show(self, result: ReportResult) -> None:
        self.result = result
        chart = self.query_one(ReportChart)
        chart.display = True
        chart.show(result.chart)
        self._draw_table()

    def clear(self) -> None:
        """Nothing shown (the read failed): neither chart nor rows of an earlier choice."""
        self.result = None
        self.query_one(ReportChart).display = False
        self.table.clear(columns=True)
        self.table.display = False
        self.query_one("#report-no-rows").display = False

    def on_resize(self) -> None:
        if self.result is not None:
            self._draw_table()

    def _draw_table(self) -> None:
        assert self.result is not None
        # The room the columns share: the view's width less the vertical scrollbar's.
        room = (self.size.width or self.app.size.width) - SCROLLBAR
        drawn = drawn_table(self.result.table, room)
        table = self.table
        # Columns as wide as their widest cell, set here: DataTable measures auto widths later, on idle.
        table.clear(columns=True)
        table.header_height = drawn.header_lines
        for number, (header, width) in enumerate(zip(drawn.headers, drawn.widths, strict=True)):
            table.add_column(header, width=width, key=str(number))
        table.add_rows(drawn.rows)
        table.display = bool(drawn.rows)
        self.query_one("#report-no-rows").display = not drawn.rows
