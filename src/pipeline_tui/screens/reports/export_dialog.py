"""The Reports screen's save dialog: a report as CSV or JSON (`e`), or the HTML report (`h`), to a file named
for what it holds, the report, the job and the days ("funnel-backend-engineer-2026-09-01-to-2026-11-30.csv",
"...-last-30-days-2026-12-03.csv", "...-all-time.csv": two ranges never share a name), in the exports folder
(config `exports_dir`, as the TUI's other exports; made on first use) unless another folder is typed.

It only chooses: it returns the format and the file, and the screen writes it in a worker (through
services.report_files.write_report), so nothing is written on the UI thread. What it checks first, in one
line in the dialog: a name was given, its folder exists (a missing one is not made), and a file that is
there already is replaced only after the user says yes once.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.report_range import RangePreset
from pipeline_tui.core.report_records import ReportKind
from pipeline_tui.screens.shared.ask import YesNo
from pipeline_tui.widgets.literal import literal, plain

FORMAT_NAMES = {"csv": "CSV", "json": "JSON", "html": "HTML"}
TABLE_FORMATS = ("csv", "json")
SLUG_LENGTH = 40


@dataclass(frozen=True)
class ExportChoice:
    """What to write: `fmt` is "csv", "json" or "html"; `path` is absolute, its folder exists."""

    fmt: str
    path: Path


def slug(text: str) -> str:
    """A title as a file-name part: "Backend Engineer (Berlin)" -> "backend-engineer-berlin"."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = "".join(c if c.isalnum() else " " for c in bare.casefold()).split()
    return "-".join(words)[:SLUG_LENGTH].strip("-")


def range_name(preset: RangePreset, start: date | None, end: date | None, today: date) -> str:
    """The days as a file-name part: "last-30-days-2026-12-03" (a preset ends today), "all-time",
    "2026-09-01-to-2026-11-30", "from-2026-09-01", "until-2026-11-30"."""
    if preset is RangePreset.ALL or (preset is RangePreset.CUSTOM and start is None and end is None):
        return "all-time"
    if preset is not RangePreset.CUSTOM:
        return f"{slug(preset.label)}-{today:%Y-%m-%d}"
    if start is None:
        return f"until-{end:%Y-%m-%d}"
    return f"from-{start:%Y-%m-%d}" if end is None else f"{start:%Y-%m-%d}-to-{end:%Y-%m-%d}"


def export_name(report: ReportKind | None, job: str | None, days: str | date, fmt: str) -> str:
    """ "funnel-backend-engineer-2026-09-01-to-2026-11-30.csv" (`days` from range_name; a bare date is
    written as it is); every report at once (the HTML report) is "reports-...", no job "all-jobs"."""
    what = report.value if report is not None else "reports"
    when = days.isoformat() if isinstance(days, date) else days
    return f"{what}-{slug(job or '') or 'all-jobs'}-{when}.{fmt}"


def export_path(text: str, fmt: str, folder: Path) -> Path:
    """Where `text` (a name in `folder`, or a path; `~` is home) saves; the format's extension is added when
    the name has none. `folder` itself may be missing yet (the exports folder: made when the file is
    written); any other folder must exist. InvalidInput with the one line the dialog shows."""
    typed = text.strip()
    if not typed:
        raise InvalidInput("type a file name to save to")
    path = Path(typed).expanduser()
    path = path if path.is_absolute() else folder / path
    if path.is_dir() or typed.endswith(("/", "\\")):
        raise InvalidInput(f"{plain(path)} is a folder: add a file name")
    if not path.suffix:
        path = path.with_name(f"{path.name}.{fmt}")
    if not path.parent.is_dir() and path.parent != folder:
        raise InvalidInput(f"no folder {plain(path.parent)}: save into a folder that exists")
    return path.resolve() if path.parent.is_dir() else path


def format_of(text: str) -> str | None:
    """The format a typed name's extension names, if any."""
    suffix = Path(text.strip()).suffix.lower().lstrip(".")
    return suffix if suffix in FORMAT_NAMES else None


class ReportExportDialog(ModalScreen[ExportChoice | None]):
    """Returns the ExportChoice, or None on esc / Cancel. `formats` to offer (the first is chosen): CSV and
    JSON for one report, ("html",) for the HTML report; `report` None for every report at once."""

    CSS_PATH = "export_dialog.tcss"
    AUTO_FOCUS = "#export-path"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        report: ReportKind | None,
        *,
        job: str | None,
        today: date,
        formats: Sequence[str] = TABLE_FORMATS,
        folder: Path | None = None,
        days: str | None = None,
    ) -> None:
        super().__init__()
        unknown = [f for f in formats if f not in FORMAT_NAMES]
        if not formats or unknown:
            raise ValueError(f"formats must be some of {sorted(FORMAT_NAMES)}: {list(formats)}")
        self.report, self.job, self.today = report, job, today
        self.days = days or today.isoformat()  # the range's file-name part (range_name)
        self.formats = tuple(formats)
        self.folder = folder or Path.cwd()

    def compose(self) -> ComposeResult:
        fmt = self.formats[0]
        with Vertical(classes="dialog"):
            yield Static(self._title(), classes="dialog-title")
            yield Label("File")
            yield Input(export_name(self.report, self.job, self.days, fmt), id="export-path")
            yield Static(Text("in ").append_text(literal(str(self.folder))), classes="export-folder")
            yield Label("Format")
            if len(self.formats) > 1:
                options = [(FORMAT_NAMES[f], f) for f in self.formats]
                yield Select(options, value=fmt, allow_blank=False, id="export-format")
            else:
                yield Static(FORMAT_NAMES[fmt], id="export-format-only", markup=False)
            error = Static("", id="export-error", markup=False)
            error.display = False
            yield error
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="export-save")
                yield Button("Cancel", id="export-cancel")
            yield Static("enter save · tab next · esc cancel", classes="dialog-hint", markup=False)

    def _title(self) -> Text:
        """ "Save Funnel · Backend Engineer"; the job is user text (literal)."""
        what = self.report.title if self.report is not None else "the HTML report"
        title = Text(f"Save {what} · ", style="bold")
        if self.report is ReportKind.SEQUENCES:
            return title.append("every sequence", style="bold")  # sequences are not per job
        return title.append_text(literal(self.job, "bold") if self.job else Text("All jobs", style="bold"))

    @property
    def fmt(self) -> str:
        if len(self.formats) == 1:
            return self.formats[0]
        return str(self.query_one("#export-format", Select).value)

    @on(Input.Changed, "#export-path")
    def _typing(self, event: Input.Changed) -> None:
        self._say("")
        named = Path(event.value.strip()).expanduser()
        where = named.parent if named.is_absolute() else self.folder / named.parent
        self.query_one(".export-folder", Static).update(Text("in ").append_text(literal(str(where))))
        typed = format_of(event.value)
        if typed in self.formats and len(self.formats) > 1:
            self.query_one("#export-format", Select).value = typed

    @on(Select.Changed, "#export-format")
    def _format_chosen(self, event: Select.Changed) -> None:
        """The file's extension follows the format chosen."""
        field = self.query_one("#export-path", Input)
        name = field.value.strip()
        if format_of(name) in FORMAT_NAMES and format_of(name) != event.value:
            field.value = str(Path(name).with_suffix(f".{event.value}"))

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-save")
    def _save(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        fmt = self.fmt
        try:
            path = export_path(self.query_one("#export-path", Input).value, fmt, self.folder)
        except InvalidInput as error:
            self._say(str(error))
            return
        choice = ExportChoice(fmt, path)
        if not path.exists():
            self.dismiss(choice)
            return
        question = Text("Replace ", style="bold").append_text(literal(path.name, "bold"))
        question.append("?", style="bold")
        body = Text("It is there already, in ").append_text(literal(str(path.parent)))
        self.app.push_screen(YesNo(question, body, yes="replace it", no="keep it"), self._replace(choice))

    def _replace(self, choice: ExportChoice):
        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(choice)
            else:
                self._say(f"{plain(choice.path.name)} kept: type another name, or save again to replace it")
                self.query_one("#export-path", Input).focus()

        return answered

    def _say(self, line: str) -> None:
        """The one line saying what is wrong (no line, no room taken)."""
        error = self.query_one("#export-error", Static)
        error.update(line)
        error.display = bool(line)

    @on(Button.Pressed, "#export-cancel")
    def _cancelled(self) -> None:
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
