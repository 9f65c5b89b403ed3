"""Stand-ins until the chart widget (widgets/report_chart.py) and the export dialog (export_dialog.py) are
merged from the tui-chart helper's branch: the same calls, plain text. This module goes when they land."""

from __future__ import annotations

from textual.widgets import Static

from pipeline_tui.core.report_tables import ChartSpec
from pipeline_tui.widgets.literal import plain


class ReportChart(Static):
    """`show(spec)` as widgets/report_chart.ReportChart has it, drawn as one line per bar group."""

    def __init__(self, **kwargs) -> None:  # noqa: ANN003 - Static's own options
        super().__init__("", markup=False, **kwargs)

    def show(self, spec: ChartSpec) -> None:
        if spec.empty:
            self.update("Nothing to chart in this range")
            return
        lines = [plain(spec.title)]
        for number, label in enumerate(spec.labels):
            values = ", ".join(f"{s.name} {s.values[number]:g}" for s in spec.series)
            lines.append(f"{plain(label)}: {values}")
        self.update("\n".join(lines))


def ask_where(screen, result, *, html: bool, chosen) -> None:  # noqa: ANN001 - replaced with the dialog
    """Where the export dialog will ask for the format and path; until it is merged, says so."""
    screen.notify("Export needs the export dialog (not merged yet)", severity="warning")
