"""The import dialog with files as people have them: an Excel workbook (first sheet, then another typed in),
notes above a CSV header; real keys, the screen and the database checked."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from test_import_dialog import Host, settle, text_of, type_text  # the import dialog's own test kit
from textual.widgets import DataTable, Input

from pipeline_tui.screens.shared.import_dialog import ImportDialog
from pipeline_tui.store import Store


def workbook(folder: Path) -> Path:
    wb = openpyxl.Workbook()
    first = wb.active
    first.title = "Candidates"
    first.append(["Full Name", "Email", "Phone", "Company"])
    first.append(["Ann Lee", "ann@example.com; ann@home.org", 442079460950, "Acme"])
    first.append(["Bob Stone", "bob@example.com", "+44 20 7946 0951", "Initech"])
    archive = wb.create_sheet("Archive")
    archive.append(["Export of the old ATS"])
    archive.append([])
    archive.append(["Name", "E-mail", "Title"])
    archive.append(["Old Timer", "old@example.com", "[b]Veteran[/b]"])
    path = folder / "people.xlsx"
    wb.save(path)
    return path


@pytest.fixture
def files(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    workbook(tmp_path)
    (tmp_path / "notes.csv").write_text(
        "Exported 2026-12-01\nby the old ATS\nName,Email\nCy,cy@example.com\n"
    )
    return tmp_path


def rows_of(dialog) -> list[list[str]]:
    table = dialog.query_one("#import-rows", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_workbook_first_sheet_then_another_typed_in_then_imported(store, files):
    pool = store.pools.create_pool("Archive people")
    app = Host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open(ImportDialog("prospects", pool_id=pool.id))
        await pilot.pause()
        dialog = app.screen
        assert not dialog.query_one("#import-sheet").display
        await type_text(pilot, "people.xlsx")
        await pilot.press("enter")
        await settle(pilot)
        summary = text_of(dialog.query_one("#import-summary"))
        assert "Excel workbook, sheet 'Candidates', 2 rows" in summary
        assert "Other sheets: Archive (type one in the sheet field above, then enter)" in summary
        assert [r[:3] for r in rows_of(dialog)] == [
            ["2", "Ann Lee", "ann@example.com"],
            ["3", "Bob Stone", "bob@example.com"],
        ]
        sheet = dialog.query_one("#import-sheet", Input)
        assert sheet.display
        await pilot.press("tab")
        assert sheet.has_focus
        await type_text(pilot, "Archive")
        await pilot.press("enter")
        await settle(pilot)
        summary = text_of(dialog.query_one("#import-summary"))
        assert "sheet 'Archive', 1 rows" in summary and "header found on row 3" in summary
        assert "Other sheets: Candidates" in summary
        assert rows_of(dialog)[0][:4] == ["4", "Old Timer", "old@example.com", "[b]Veteran[/b]"]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "1 rows: 1 created" in text_of(dialog.query_one("#import-report-text"))
    assert store.pools.get(pool.id).member_count == 1
    assert store.candidates.find_by_email("old@example.com").current_title == "[b]Veteran[/b]"
    assert store.candidates.find_by_email("ann@example.com") is None  # the first sheet was not imported


async def test_a_sheet_that_does_not_exist_is_one_line_and_nothing_is_written(store, files):
    pool = store.pools.create_pool("P")
    app = Host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open(ImportDialog("prospects", pool_id=pool.id))
        await pilot.pause()
        dialog = app.screen
        await type_text(pilot, "people.xlsx")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("tab")
        await type_text(pilot, "Contacts")
        await pilot.press("enter")
        await settle(pilot)
        assert text_of(dialog.query_one("#import-summary")) == (
            "people.xlsx has no sheet 'Contacts'; its sheets are 'Candidates', 'Archive'"
        )
        assert not dialog.query_one("#import-preview").display
        await pilot.press("ctrl+s")  # nothing previewed: nothing to import
        await settle(pilot)
    assert store.pools.get(pool.id).member_count == 0


async def test_notes_above_a_csv_header_are_said_in_the_preview(store, files):
    pool = store.pools.create_pool("P")
    app = Host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open(ImportDialog("prospects", pool_id=pool.id))
        await pilot.pause()
        dialog = app.screen
        await type_text(pilot, "notes.csv")
        await pilot.press("enter")
        await settle(pilot)
        assert "header found on line 3" in text_of(dialog.query_one("#import-summary"))
        assert not dialog.query_one("#import-sheet").display
        assert rows_of(dialog)[0][:3] == ["4", "Cy", "cy@example.com"]


def _snapshot_app(tmp_path: Path):
    store = Store.open(str(tmp_path / "snap.db"), actor="tester")
    pool = store.pools.create_pool("Data engineers")
    workbook(tmp_path)
    app = Host(store)

    async def before(pilot):
        app.open(ImportDialog("prospects", pool_id=pool.id))
        await pilot.pause()
        app.screen.query_one("#import-path").value = "people.xlsx"  # relative: no tmp path in the picture
        await pilot.press("enter")
        await settle(pilot)

    return app, before


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_import_workbook_preview_snapshot(snap_compare, tmp_path, monkeypatch, size):
    monkeypatch.chdir(tmp_path)
    app, before = _snapshot_app(tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=before)
