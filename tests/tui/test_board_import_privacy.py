"""The import dialog and the privacy dialogs reached from the board (`i`) and the detail screen (`e`, `E`)."""

from __future__ import annotations

import json

from board_data import make_app, seed_board
from helpers import said, settle
from sqlalchemy import func, select

from pipeline_tui.config import load_settings
from pipeline_tui.screens.board.screen import BoardScreen
from pipeline_tui.screens.person.screen import PersonScreen
from pipeline_tui.screens.shared.import_dialog import ImportDialog
from pipeline_tui.screens.shared.privacy import PrivacyEraseDialog, PrivacyExportDialog
from pipeline_tui.store.models import Application

KEYS = {" ": "space", ".": "full_stop", "/": "slash", "_": "underscore", "-": "minus", "@": "at"}


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[KEYS.get(c, c) for c in text])


async def test_i_imports_applicants_into_the_open_job(store, tmp_path, monkeypatch):
    data = seed_board(store)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "people.csv").write_text(
        "Name,Email,Title\nNew Person,new@example.com,Engineer\n[b]Bob[/b],bob@example.com,Tester\n",
        encoding="utf-8",
    )
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen) and board.job.id == data["backend"].id
        before = len(board.cards)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, ImportDialog)
        await type_text(pilot, "people.csv")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is board
        shown = [c.full_name for c in board.cards.by_id.values()]
        assert len(shown) == before + 2
        assert "[b]Bob[/b]" in shown and "New Person" in shown
    with store.db.transaction() as s:
        active = s.scalar(
            select(func.count())
            .select_from(Application)
            .where(Application.job_id == data["backend"].id, Application.status.in_(("active", "hired")))
        )
    assert active == len(shown)
    bob = store.candidates.find_by_email("bob@example.com")
    assert [a.job_title for a in store.candidates.applications(bob.id)] == ["Backend Engineer"]


async def test_detail_screen_privacy_export_and_erase(store, tmp_path, monkeypatch):
    seed_board(store)
    monkeypatch.chdir(tmp_path)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = app.screen
        card = board.current_card
        person = store.candidates.get(card.candidate_id)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert isinstance(app.screen, PrivacyExportDialog)
        field = app.screen.query_one("#privacy-path")
        exports = app.settings.exports_dir
        assert exports == tmp_path / "data" / "exports" and not exports.exists()
        assert field.value == str(exports / f"candidate-{person.id}-data.json")
        await pilot.press("enter")  # the suggested path, in the exports folder (created for it)
        await settle(pilot)
        written = exports / f"candidate-{person.id}-data.json"
        exported = json.loads(written.read_text(encoding="utf-8"))
        assert person.full_name in json.dumps(exported)
        assert not list(tmp_path.glob("*.json"))  # nothing in the folder the app was started in
        assert f"to {written}" in said(app)[-1]
        assert isinstance(app.screen, PersonScreen)
        await pilot.press("E")
        await settle(pilot)
        assert isinstance(app.screen, PrivacyEraseDialog)
        await type_text(pilot, "ERASE")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is board
        names = [c.full_name for c in board.cards.by_id.values()]
        assert person.full_name not in names
    erased = store.candidates.get(person.id)
    assert erased.anonymised_at is not None and erased.full_name != person.full_name and erased.email is None
    # The application stays, so the funnel still counts it.
    assert store.applications.get(card.application.id).job_id == card.application.job_id


async def test_notifications_show_user_text_literally(store):
    seed_board(store)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.notify("Pool [@click=app.quit]Eve and Ann [/x] \x1b[31m", title="[b]x[/b]", markup=True)
        await settle(pilot)
        await settle(pilot)
        assert app.is_running
        (note,) = list(app._notifications)
        assert note.message == "Pool [@click=app.quit]Eve and Ann [/x] \ufffd[31m"
        assert note.title == "[b]x[/b]" and note.markup is False


async def test_privacy_export_of_a_bare_file_name_goes_to_the_configured_exports_folder(
    store, tmp_path, monkeypatch
):
    seed_board(store)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PIPELINE_TUI_EXPORTS_DIR", str(tmp_path / "requests"))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        person = store.candidates.get(app.screen.current_card.candidate_id)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        app.screen.query_one("#privacy-path").value = ""
        await type_text(pilot, "ann.json")
        await pilot.press("enter")
        await settle(pilot)
        written = tmp_path / "requests" / "ann.json"
        assert person.full_name in written.read_text(encoding="utf-8")
        assert not (tmp_path / "ann.json").exists()
        assert f"to {written}" in said(app)[-1]


def test_the_exports_folder_comes_from_the_environment_then_the_config_file(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('exports_dir = "~/hiring/exports"\n', encoding="utf-8")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert load_settings(config_file=config).exports_dir == tmp_path / "hiring" / "exports"
    monkeypatch.setenv("PIPELINE_TUI_EXPORTS_DIR", str(tmp_path / "env-exports"))
    assert load_settings(config_file=config).exports_dir == tmp_path / "env-exports"
    monkeypatch.delenv("PIPELINE_TUI_EXPORTS_DIR")
    assert load_settings(config_file=tmp_path / "none.toml").exports_dir == tmp_path / "data" / "exports"
