"""The import dialog and the privacy dialogs, driven with real keys; both the screen and the database checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import DataTable, Static

from pipeline_tui.config import Settings
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.screens.shared.import_dialog import ImportDialog
from pipeline_tui.screens.shared.privacy import PrivacyEraseDialog, PrivacyExportDialog
from pipeline_tui.store import Store

PEOPLE = (
    "Name,Email,Title,Company,Tags,Shoe size\n"
    "[b]Bob[/b],bob@example.com,Engineer,Acme,rust;go,44\n"
    "[@click=app.quit]Eve,eve@example.com,=SUM(A1),Initech,,\n"
    "Nobody,not-an-email,,,,\n"
)


class Host(App[None]):
    """A bare app holding the store, as PipelineApp does, to push one dialog on."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.settings = Settings()  # the exports folder (under the test's data dir)
        self.results: list = []

    def wait_for_store(self) -> Store:
        return self.store

    def open(self, screen) -> None:
        self.push_screen(screen, self.results.append)


def text_of(widget: Static) -> str:
    return str(widget.render())


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space", ".": "full_stop", "/": "slash", "_": "underscore", "-": "minus"}.get(c, c)
                        for c in text])  # fmt: skip


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def files(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "people.csv").write_text(PEOPLE, encoding="utf-8")
    return tmp_path


async def test_prospect_import_previews_then_imports_in_the_background(store, files):
    pool = store.pools.create_pool("Rust folks")
    app = Host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open(ImportDialog("prospects", pool_id=pool.id))
        await pilot.pause()
        dialog = app.screen
        assert "Import prospects into Rust folks" in text_of(dialog.query_one("#import-title"))
        await type_text(pilot, "people.csv")
        await pilot.press("enter")
        await settle(pilot)
        columns = dialog.query_one("#import-columns", DataTable)
        assert [str(columns.get_row_at(i)[1]) for i in range(columns.row_count)] == [
            "name", "email", "title", "company", "tags", "(kept in notes)"]  # fmt: skip
        rows = dialog.query_one("#import-rows", DataTable)
        assert rows.row_count == 3
        assert str(rows.get_row_at(0)[1]) == "[b]Bob[/b]"
        assert str(rows.get_row_at(1)[1]) == "[@click=app.quit]Eve"
        assert "bad e-mail" in str(rows.get_row_at(2)[5])
        assert "Shoe size" in text_of(dialog.query_one("#import-summary"))
        assert store.candidates.count() == 0  # the preview writes nothing
        await pilot.press("tab")  # to the tags field
        await type_text(pilot, "imported")
        await pilot.press("ctrl+s")
        await settle(pilot)
        report = text_of(dialog.query_one("#import-report-text"))
        assert "3 rows: 2 created, 0 updated, 0 skipped as duplicates, 1 failed" in report
        assert "line 4: bad e-mail 'not-an-email'" in report
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not dialog and app.is_running
    (result,) = app.results
    assert result.report.created == 2
    eve = store.candidates.find_by_email("eve@example.com")
    assert eve.full_name == "[@click=app.quit]Eve" and eve.current_title == "=SUM(A1)"
    assert store.pools.get(pool.id).member_count == 2
    assert store.tags.tags_for(store.candidates.find_by_email("bob@example.com").id) == [
        "go",
        "imported",
        "rust",
    ]


async def test_applicant_import_and_bad_files_are_notifications(store, files):
    job = store.jobs.create_job("Backend")
    (files / "empty.csv").write_text("", encoding="utf-8")
    app = Host(store)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open(ImportDialog("applicants", job_id=job.id))
        await pilot.pause()
        dialog = app.screen
        await pilot.press("ctrl+s")  # nothing previewed yet
        await pilot.pause()
        assert store.candidates.count() == 0
        await type_text(pilot, "missing.csv")
        await pilot.press("enter")
        await settle(pilot)
        assert "no such file" in text_of(dialog.query_one("#import-summary"))
        assert any("no such file" in n.message for n in app._notifications)
        await pilot.press(*["backspace"] * len("missing.csv"))
        await type_text(pilot, "empty.csv")
        await pilot.press("enter")
        await settle(pilot)
        assert "is empty" in text_of(dialog.query_one("#import-summary"))
        await pilot.press(*["backspace"] * len("empty.csv"))
        await type_text(pilot, "people.csv")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "2 created" in text_of(dialog.query_one("#import-report-text"))
        await pilot.press("escape")
        await pilot.pause()
    assert {c.full_name for c in store.applications.board(job.id)} == {"[b]Bob[/b]", "[@click=app.quit]Eve"}


async def test_privacy_export_dialog_writes_json(store, files):
    person = store.candidates.add(CandidateInput(full_name="Ann [i]Lee[/i]", email="ann@example.com"))
    app = Host(store)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open(PrivacyExportDialog(person.id))
        await pilot.pause()
        assert "Ann [i]Lee[/i]" in text_of(app.screen.query_one("#privacy-title"))
        await pilot.press("enter")  # the suggested path, in the exports folder
        await settle(pilot)
    out = files / "data" / "exports" / f"candidate-{person.id}-data.json"
    assert json.loads(out.read_text())["candidate"]["email"] == "ann@example.com"
    assert app.results == [out]


async def test_privacy_erase_dialog_needs_the_typed_word(store, files):
    person = store.candidates.add(
        CandidateInput(full_name="Zed Secret", email="zed@example.com", phone="999")
    )
    app = Host(store)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open(PrivacyEraseDialog(person.id))
        await pilot.pause()
        dialog = app.screen
        await type_text(pilot, "erase")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        assert store.candidates.get(person.id).full_name == "Zed Secret"
        await pilot.press(*["backspace"] * 5)
        await type_text(pilot, "ERASE")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is not dialog
    erased = store.candidates.get(person.id)
    assert erased.full_name == f"Erased person #{person.id}" and erased.email is None and erased.phone is None
    assert app.results[0].candidate_id == person.id


async def test_escape_cancels_the_erase(store, files):
    person = store.candidates.add(CandidateInput(full_name="Kept Person", email="kept@example.com"))
    app = Host(store)
    async with app.run_test() as pilot:
        app.open(PrivacyEraseDialog(person.id))
        await pilot.pause()
        await type_text(pilot, "ERASE")
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]
    assert store.candidates.get(person.id).full_name == "Kept Person"


async def test_import_dialog_from_the_real_app(store, files):
    from pipeline_tui.app import PipelineApp

    pool = store.pools.create_pool("Pool")
    app = PipelineApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.push_screen(ImportDialog("prospects", pool_id=pool.id))
        await pilot.pause()
        await type_text(pilot, "people.csv")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ImportDialog)
    assert store.pools.get(pool.id).member_count == 2


def _snapshot_app(tmp_path: Path):
    store = Store.open(str(tmp_path / "snap.db"), actor="tester")
    pool = store.pools.create_pool("Data engineers")
    (tmp_path / "people.csv").write_text(PEOPLE, encoding="utf-8")
    app = Host(store)

    async def before(pilot):
        app.open(ImportDialog("prospects", pool_id=pool.id))
        await pilot.pause()
        app.screen.query_one("#import-path").value = "people.csv"  # relative: no tmp path in the picture
        await pilot.press("enter")
        await settle(pilot)

    return app, before


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_import_preview_snapshot(snap_compare, tmp_path, monkeypatch, size):
    monkeypatch.chdir(tmp_path)
    app, before = _snapshot_app(tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=before)


async def test_the_report_names_a_row_whose_addresses_belong_to_two_people(store, files):
    pool = store.pools.create_pool("Leads")
    ann = store.candidates.add(CandidateInput.parse(full_name="Ann Lee", email="ann@example.com")).id
    bea = store.candidates.add(
        CandidateInput.parse(full_name="Bea Stone", linkedin_url="linkedin.com/in/bea")
    ).id
    (files / "mixed.csv").write_text(
        "Name,Email,LinkedIn\nAnn Lee,ann@example.com,https://www.linkedin.com/in/bea/\n", encoding="utf-8"
    )
    app = Host(store)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open(ImportDialog("prospects", pool_id=pool.id))
        await pilot.pause()
        dialog = app.screen
        await type_text(pilot, "mixed.csv")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        report = " ".join(text_of(dialog.query_one("#import-report-text")).split())
        assert (
            f"line 2: its e-mail ann@example.com is Ann Lee's (#{ann}) but its LinkedIn linkedin.com/in/bea "
            f"is Bea Stone's (#{bea}): it was matched to Ann Lee; the LinkedIn stays with Bea Stone"
        ) in report, report
    assert store.candidates.find_by_identity("linkedin.com/in/bea").id == bea
