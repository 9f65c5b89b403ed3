"""Import people from a file into a job (applicants) or a pool (prospects), from the TUI.

Three steps in one dialog: type the file's path and press enter; check the column mapping and the first rows
(nothing is written yet); press ctrl+s to import. Reading the target, the file and the import itself run
through `store_work` (off the UI thread; progress comes back as messages), so the app stays responsive, and
the dialog ends with the same report the CLI prints. The dialog returns the ImportResult (or None when closed
without importing) so the caller can refresh.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Checkbox, DataTable, Input, ProgressBar, Static

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.records import ImportFailure
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.services.imports import (
    ImportPlan,
    ImportResult,
    import_applicants,
    import_prospects,
    open_import,
)
from pipeline_tui.services.imports.columns import summarise
from pipeline_tui.store import Store
from pipeline_tui.widgets.fitted_table import FittedTable
from pipeline_tui.widgets.literal import literal, plain

PREVIEW_ROWS = 5
MAX_FAILURES_SHOWN = 200


def read_plan(path: str, sheet: str | None = None) -> tuple[ImportPlan, list]:
    """The file's import plan (of a workbook, the first sheet or `sheet`) and its first rows (nothing
    written); an unreadable file is said in a sentence."""
    try:
        plan = open_import(Path(path).expanduser(), sheet=sheet)
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}") from exc
    return plan, plan.preview(PREVIEW_ROWS)


def _counted(file_format: str) -> str:
    return {"csv": "rows", "xlsx": "rows"}.get(file_format, "records")


class ImportProgress(Message):
    """Rows done so far, posted from the import's worker thread."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class ImportDialog(StoreWork, ModalScreen[ImportResult | None]):
    """`ImportDialog("applicants", job_id=3)` or `ImportDialog("prospects", pool_id=7)`."""

    CSS_PATH = "import_dialog.tcss"
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("ctrl+s", "start_import", "Import", priority=True),
    ]

    def __init__(
        self, kind: str = "applicants", *, job_id: int | None = None, pool_id: int | None = None
    ) -> None:
        super().__init__()
        if kind not in ("applicants", "prospects"):
            raise ValueError(f"kind must be 'applicants' or 'prospects', not {kind!r}")
        if kind == "applicants" and job_id is None:
            raise ValueError("an applicant import needs a job_id")
        if kind == "prospects" and pool_id is None:
            raise ValueError("a prospect import needs a pool_id")
        self.kind = kind
        self.job_id = job_id
        self.pool_id = pool_id
        self.target_name = ""
        self.plan: ImportPlan | None = None
        self.result: ImportResult | None = None
        self.running = False

    # -- layout -----------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="import-dialog"):
            yield Static(id="import-title")
            yield Input(
                placeholder="Path of a CSV, Excel (.xlsx) or JSON file, or a folder of JSON Resume files",
                id="import-path",
            )
            # Shown once a workbook with several sheets is read: another sheet's name, then enter.
            yield Input(placeholder="Sheet to read instead (its name)", id="import-sheet")
            if self.kind == "prospects":
                yield Input(placeholder="Tags for everyone (comma separated, optional)", id="import-tags")
            yield Checkbox("Overwrite fields of people already here (--update)", id="import-update")
            yield Static(id="import-summary")
            with VerticalScroll(id="import-preview"):
                yield Static("Columns", classes="import-heading")
                yield DataTable(id="import-columns", cursor_type="row", zebra_stripes=True)
                yield Static("First rows", classes="import-heading")
                yield FittedTable(id="import-rows", cursor_type="row", zebra_stripes=True)
            yield ProgressBar(id="import-progress", show_eta=False)
            with VerticalScroll(id="import-report"):
                yield Static(id="import-report-text")
            with Horizontal(id="import-hints"):
                yield Static(id="import-hint")

    def on_mount(self) -> None:
        self.query_one("#import-columns", DataTable).add_columns("Column", "Goes to")
        self.query_one("#import-preview").display = False
        self.query_one("#import-sheet").display = False
        self.query_one("#import-progress").display = False
        self.query_one("#import-report").display = False
        self._hint("enter preview · esc close")
        self.query_one("#import-path", Input).focus()
        job_id, pool_id = self.job_id, self.pool_id
        if self.kind == "applicants":
            target = lambda store: store.jobs.get(job_id).title  # noqa: E731
        else:
            target = lambda store: store.pools.get(pool_id).name  # noqa: E731
        self.store_work(
            target, self._target_arrived, key="import-target", on_failed=lambda _e: self.dismiss(None)
        )

    def _target_arrived(self, name: str) -> None:
        self.target_name = name
        title = Text(f"Import {self.kind} into ", style="bold")
        title.append_text(literal(name, "bold"))
        self.query_one("#import-title", Static).update(title)

    def _hint(self, text: str) -> None:
        self.query_one("#import-hint", Static).update(text)

    # -- step 1: read and preview -----------------------------------------------------------------------

    @on(Input.Submitted, "#import-path")
    def _path_entered(self, event: Input.Submitted) -> None:
        path = event.value.strip()
        if not path:
            self.app.notify("Type the path of the file to import.", severity="warning")
            return
        if self.running:
            return
        self._hint("reading the file…")
        self.query_one("#import-sheet", Input).value = ""  # a new file: its first sheet
        self._read(path)

    @on(Input.Submitted, "#import-sheet")
    def _sheet_entered(self, event: Input.Submitted) -> None:
        path = self.query_one("#import-path", Input).value.strip()
        if self.running or not path:
            return
        self._hint("reading the sheet…")
        self._read(path, event.value.strip() or None)

    @on(Input.Submitted, "#import-tags")
    def _tags_entered(self, _event: Input.Submitted) -> None:
        self.action_start_import()

    def _read(self, path: str, sheet: str | None = None) -> None:
        self.store_work(
            lambda _store: read_plan(path, sheet),
            lambda got: self._show_preview(*got),
            key="import-read",
            exclusive=True,
            on_failed=self._read_failed,
        )

    def _read_failed(self, error: BaseException) -> None:
        self.plan = None
        self.query_one("#import-preview").display = False
        self.query_one("#import-summary", Static).update(literal(str(error), "bold red"))
        self._hint("enter preview · esc close")

    def _show_preview(self, plan: ImportPlan, preview: list) -> None:
        self.plan = plan
        self.result = None
        table = plan.table
        summary = Text()
        summary.append_text(literal(table.path.name, "bold"))
        summary.append(f"  {plain(table.describe())}, {len(table.records):,} {_counted(table.format)}")
        if table.header_found:
            summary.append(f"\n{table.header_found} (the lines above it were skipped)")
        others = [s for s in table.sheets if s != table.sheet]
        if others:
            summary.append("\nOther sheets: ")
            summary.append_text(literal(", ".join(others)))
            summary.append(" (type one in the sheet field above, then enter)", style="dim")
        self.query_one("#import-sheet").display = bool(others)
        for w in table.warnings:
            summary.append("\n⚠ ", style="yellow")
            summary.append_text(literal(w, "yellow"))
        if plan.unknown_columns:
            summary.append("\nNot recognised (kept in notes): ", style="yellow")
            summary.append_text(literal(summarise(plan.unknown_columns), "yellow"))
        self.query_one("#import-summary", Static).update(summary)
        cols = self.query_one("#import-columns", DataTable)
        cols.clear()
        for header, field in plan.mapping.describe():
            cols.add_row(literal(header), Text(field, style="dim" if field.startswith("(") else ""))
        rows = self.query_one("#import-rows", DataTable)
        rows.clear(columns=True)
        rows.add_columns(table.where.title(), "Name", "E-mail", "Title", "Company", "Tags / problem")
        for item in preview:
            if not isinstance(item, ImportFailure):
                p = item.person
                rows.add_row(
                    str(item.line),
                    literal(p.get("full_name")),
                    literal(p.get("email")),
                    literal(p.get("current_title")),
                    literal(p.get("current_company")),
                    literal(", ".join(item.tags)),
                )
            else:
                rows.add_row(str(item.line), "", "", "", "", literal(item.reason, "red"))
        self.query_one("#import-preview").display = True
        self.query_one("#import-report").display = False
        self._hint("ctrl+s import · enter re-read · esc close")

    # -- step 2: import in the background --------------------------------------------------------------

    def action_start_import(self) -> None:
        if self.running:
            return
        if self.plan is None:
            self.app.notify("Preview a file first: type its path and press enter.", severity="warning")
            return
        tags: list[str] = []
        if self.kind == "prospects":
            raw = self.query_one("#import-tags", Input).value
            tags = [t.strip() for t in raw.replace(";", ",").split(",") if t.strip()]
        update = self.query_one("#import-update", Checkbox).value
        self.running = True
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=len(self.plan.table.records), progress=0)
        bar.display = True
        self._hint("importing… (the app stays usable; esc closes when done)")
        self._run_import(self.plan, tags, update)

    def _run_import(self, plan: ImportPlan, tags: list[str], update: bool) -> None:
        kind, job_id, pool = self.kind, self.job_id, self.target_name

        def progress(done: int, total: int) -> None:
            self.post_message(ImportProgress(done, total))  # thread-safe: handled on the UI thread

        def run(store: Store) -> ImportResult:
            if kind == "applicants":
                return import_applicants(store, plan, job=job_id, update=update, progress=progress)
            return import_prospects(store, plan, pool=pool, tags=tags, update=update, progress=progress)

        # Not serial: a long import must not hold up the board's moves; its batches commit as they go.
        self.store_work(
            run, self._show_report, key="import-run", exclusive=True, on_failed=self._import_failed
        )

    def on_import_progress(self, message: ImportProgress) -> None:
        self.query_one("#import-progress", ProgressBar).update(total=message.total, progress=message.done)

    def _import_failed(self, _error: BaseException) -> None:
        self.running = False
        self._hint("ctrl+s try again · esc close")

    def _show_report(self, result: ImportResult) -> None:
        self.running = False
        self.result = result
        r = result.report
        text = Text()
        text.append(
            f"{r.total:,} rows: {r.created:,} created, {r.updated:,} updated, "
            f"{len(r.duplicates):,} skipped as duplicates, {len(r.failed):,} failed\n",
            style="bold",
        )
        if result.pool_created:
            text.append("Pool ")
            text.append_text(literal(result.target_name))
            text.append(" was created\n")
        for w in result.warnings:
            text.append("⚠ ", style="yellow")
            text.append_text(literal(w, "yellow"))
            text.append("\n")
        where = result.plan.table.where
        for c in r.conflicts[:MAX_FAILURES_SHOWN]:
            text.append(f"⚠ {where} {c.line}: ", style="yellow")
            text.append_text(literal(c.reason, "yellow"))
            text.append("\n")
        for f in r.failed[:MAX_FAILURES_SHOWN]:
            text.append(f"{where} {f.line}: ", style="red")
            text.append_text(literal(f.reason))
            text.append("\n")
        if len(r.failed) > MAX_FAILURES_SHOWN:
            text.append(f"… and {len(r.failed) - MAX_FAILURES_SHOWN:,} more failed rows\n", style="red")
        self.query_one("#import-report-text", Static).update(text)
        self.query_one("#import-preview").display = False
        self.query_one("#import-report").display = True
        self.query_one("#import-progress", ProgressBar).update(progress=r.total)
        severity = "warning" if r.failed else "information"
        self.app.notify(f"Imported into {plain(result.target_name)}: {r.created:,} created, {len(r.failed):,} failed",
                        severity=severity)  # fmt: skip
        self._hint("esc close")

    # -- closing ----------------------------------------------------------------------------------------

    def action_close(self) -> None:
        if self.running:
            self.app.notify(
                "The import is still running; it finishes on its own in a moment.", severity="warning"
            )
            return
        self.dismiss(self.result)
