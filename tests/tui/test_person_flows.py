"""The person screen reached every way (board, pool browser, find anyone) and what it does: edit contact
details and consent, attach, open and remove files, erase. Real keys, real SQLite files; only the system
viewer is replaced (by a recording script, through the file opener setting)."""

from __future__ import annotations

import os
import stat
import sys
import time
from dataclasses import replace
from pathlib import Path

from board_data import make_app, seed_board
from helpers import burst, said, settle
from person_helpers import board_app, open_ada, retype, screen_text, text_of
from pools_data import build
from pools_helpers import typed

from pipeline_tui.app import PipelineApp
from pipeline_tui.screens.board.screen import BoardScreen
from pipeline_tui.screens.person.file_dialogs import AttachDialog, RemoveFileDialog
from pipeline_tui.screens.person.find_anyone import FindAnyoneDialog
from pipeline_tui.screens.person.person_form import PersonForm
from pipeline_tui.screens.person.screen import PersonScreen
from pipeline_tui.screens.pools.screen import PoolsScreen
from pipeline_tui.widgets.prospect_table import ProspectTable


def pools_app(store) -> PipelineApp:
    from board_data import record_notifications

    app = PipelineApp(store, start="pools")
    record_notifications(app)
    return app


async def test_enter_in_the_pool_browser_opens_the_person_and_esc_comes_back_to_the_same_row(store):
    d = build(store)
    app = pools_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ProspectTable)
        await pilot.press("down")
        await settle(pilot)
        row = table.cursor_row
        await pilot.press("enter")
        await settle(pilot)
        person = app.screen
        assert isinstance(person, PersonScreen) and person.candidate_id == row.id
        assert person.application_id is None
        who = text_of(person, "#who")
        assert row.full_name in who and "prospect in" in who
        assert "Pools" in text_of(person, "#elsewhere")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, PoolsScreen)
        assert app.screen.query_one(ProspectTable).cursor_row.id == row.id
    assert d is not None


async def test_the_person_screen_shows_every_application_pools_tags_and_one_timeline(store):
    _data, app = board_app(store)
    async with app.run_test(size=(120, 60)) as pilot:
        await open_ada(pilot)
        person = app.screen
        elsewhere = text_of(person, "#elsewhere")
        assert "Product Designer (open) · Applied · active" in elsewhere
        assert "Silver medalists · new" in elsewhere and "mentor, python" in elsewhere
        assert "Consent   unknown" in text_of(person, "#contact")
        timeline = text_of(person, "#activity")
        # Newest first: the note (2 days ago), applying here (3 days ago), to the designer job (6 days ago).
        lines = [line for line in timeline.splitlines() if line[:4].isdigit()]
        assert "note" in lines[0] and "stage · Backend Engineer" in lines[1]
        assert "stage · Product Designer" in lines[2]
        assert "applied into Applied" in timeline and "Strong systems background." in timeline


async def test_find_anyone_typed_in_one_burst_opens_the_person(store):
    data, app = board_app(store)
    ada = store.applications.get(data["ids"]["Ada Lovelace"])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert isinstance(app.screen, FindAnyoneDialog)
        await burst(pilot, "ada lov")
        await pilot.pause()  # the list's new height is laid out
        hits = screen_text(app)
        assert "Ada Lovelace" in hits and "person0@example.com" in hits
        assert "applicant: Backend Engineer (Applied), Product Designer (Applied)" in hits
        assert "prospect in Silver medalists" in hits
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        # Typed and entered in one burst, faster than any search returns: enter opens the latest hits' first.
        await pilot.press("ctrl+f")
        await burst(pilot, "analytical\r")
        person = app.screen
        assert isinstance(person, PersonScreen) and person.candidate_id == ada.candidate_id
        assert "Ada Lovelace" in text_of(person, "#who")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)


async def test_find_anyone_from_the_pools_by_email_and_from_a_text_field(store):
    build(store)
    app = pools_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")  # in the query bar: ctrl+f still finds anyone
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert isinstance(app.screen, FindAnyoneDialog)
        await typed(pilot, "grace@exam")
        await settle(pilot)
        assert "Grace Hopper" in text_of(app.screen, "#find-hits")
        await typed(pilot, "zzzz")
        await settle(pilot)
        assert "No one found." in text_of(app.screen, "#find-status")
        await pilot.press("enter")  # nothing to open: the dialog stays
        await settle(pilot)
        assert isinstance(app.screen, FindAnyoneDialog)


async def test_edit_contact_details_consent_and_summary(store):
    data, app = board_app(store)
    ada = store.applications.get(data["ids"]["Ada Lovelace"])
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ada(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PersonForm)
        await retype(pilot, form, "phone", "+44 20 7946 0958")
        form.query_one("#f-consent_status").value = "given"
        form.query_one("#f-consent_method").value = "e-mail reply"
        form.query_one("#f-summary").text = "Poet of [b]numbers[/b]"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        saved = store.candidates.get(ada.candidate_id)
        assert (saved.phone, saved.consent_status, saved.consent_method) == (
            "+44 20 7946 0958",
            "given",
            "e-mail reply",
        )
        assert saved.summary == "Poet of [b]numbers[/b]"
        assert "+44 20 7946 0958" in text_of(app.screen, "#contact")
        assert "given" in text_of(app.screen, "#contact") and "via e-mail reply" in text_of(
            app.screen, "#contact"
        )
        assert "Poet of [b]numbers[/b]" in text_of(app.screen, "#summary")


async def test_an_email_that_belongs_to_someone_else_says_who_has_it(store):
    data, app = board_app(store)
    ada = store.applications.get(data["ids"]["Ada Lovelace"])
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ada(pilot)
        await pilot.press("e")
        await settle(pilot)
        await retype(pilot, app.screen, "email", "PERSON1@example.com")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonForm)
        message = text_of(app.screen, "#form-message")
        assert "person1@example.com already belongs to Grace Hopper" in message
        await pilot.press("escape")
        await settle(pilot)
    assert store.candidates.get(ada.candidate_id).email == "person0@example.com"


def recording_opener(tmp_path: Path) -> tuple[str, Path]:
    """A stand-in for xdg-open: copies the file it is given next to a record of its path."""
    record = tmp_path / "opened"
    script = tmp_path / "opener.py"
    script.write_text(
        "import shutil, sys\n"
        f"shutil.copy(sys.argv[1], {str(record) + '.bytes'!r})\n"
        f"open({str(record)!r}, 'w').write(sys.argv[1])\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return f"{sys.executable} {script}", record


def wait_for(path: Path) -> None:
    """The viewer runs on its own: wait (bounded) until the recording script has written its record."""
    for _ in range(200):
        if path.exists() and path.read_text():
            return
        time.sleep(0.05)
    raise AssertionError(f"{path} never written")


async def test_attach_open_and_remove_a_file(store, tmp_path):
    data, app = board_app(store)
    opener, record = recording_opener(tmp_path)
    app.settings = replace(app.settings, file_opener=opener, max_file_mb=0.01)  # 10 KB
    cv = tmp_path / "Ada CV.pdf"
    cv.write_bytes(b"%PDF-1.7 " + bytes(range(256)))
    big = tmp_path / "big.pdf"
    big.write_bytes(b"x" * 20_000)
    ada = store.applications.get(data["ids"]["Ada Lovelace"])
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ada(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AttachDialog)
        for bad, says in (
            (big, "big.pdf is 19.5 KB, over the limit of 10.2 KB; nothing attached"),
            (tmp_path / "missing.pdf", f"cannot read {tmp_path / 'missing.pdf'}: No such file or directory"),
            (tmp_path, "is a folder; name a file"),
        ):
            app.screen.query_one("#attach-path").value = str(bad)
            await pilot.press("enter")
            await settle(pilot)
            assert says in str(app.screen.query_one("#attach-message").content)
            assert store.files.for_candidate(ada.candidate_id) == []
        app.screen.query_one("#attach-path").value = str(cv)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        (kept,) = store.files.for_candidate(ada.candidate_id)
        assert kept.name == "Ada CV.pdf" and kept.size == cv.stat().st_size
        assert "Ada CV.pdf" in text_of(app.screen, "#files")
        await pilot.press("o")
        await settle(pilot)
        wait_for(record)
        opened = Path(record.read_text())
        assert opened.name == "Ada CV.pdf" and oct(opened.parent.stat().st_mode & 0o777) == "0o700"
        assert Path(str(record) + ".bytes").read_bytes() == cv.read_bytes()
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, RemoveFileDialog)
        await pilot.press("n")  # keep it
        await settle(pilot)
        assert len(store.files.for_candidate(ada.candidate_id)) == 1
        await pilot.press("x", "y")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert store.files.for_candidate(ada.candidate_id) == []
        assert "No files" in text_of(app.screen, "#no-files")
        assert "Removed Ada CV.pdf" in said(app)


async def test_open_without_any_viewer_says_so(store, tmp_path):
    data, app = board_app(store)
    app.settings = replace(app.settings, file_opener="no-such-viewer-xyz")
    ada = store.applications.get(data["ids"]["Ada Lovelace"])
    store.files.attach(ada.candidate_id, "cv.pdf", b"cv", max_size=100)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_ada(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert any(
            "no program to open files with here (no-such-viewer-xyz was not found)" in s for s in said(app)
        )
        assert app.is_running


async def test_erase_from_the_person_screen_takes_them_off_the_board_and_out_of_the_file(db_path):
    from pipeline_tui.store import Store

    store = Store.open(str(db_path))
    try:
        data = seed_board(store)
        ada = store.applications.get(data["ids"]["Ada Lovelace"])
        store.files.attach(ada.candidate_id, "cv.pdf", b"%PDF the qwertyuiop-cv-9911 of Ada", max_size=1000)
        needles = [b"Ada Lovelace", b"person0@example.com", b"+49 30 1234 000", b"qwertyuiop-cv-9911"]
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_ada(pilot)
            board_screen = app.screen_stack[-2]
            await pilot.press("E")
            await settle(pilot)
            await typed(pilot, "ERASE")
            await pilot.press("enter")
            await settle(pilot)
            person = app.screen
            assert isinstance(person, PersonScreen)
            assert "Erased person" in text_of(person, "#who") and "withdrawn" in text_of(person, "#contact")
            assert "Data erased" in text_of(person, "#who")
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is board_screen
            shown = [c.full_name for s in board_screen.stages for c in board_screen.column(s.id).cards.cards]
            assert "Grace Hopper" in shown  # the others are all there
            assert "Ada Lovelace" not in shown and not any(n.startswith("Erased person") for n in shown)
        for application in store.candidates.applications(ada.candidate_id):
            assert application.application.status in ("withdrawn", "rejected", "hired")
        assert store.candidates.get(ada.candidate_id).consent_status == "withdrawn"
    finally:
        store.close()
    for suffix in ("", "-wal", "-shm"):
        path = Path(str(db_path) + suffix)
        if path.exists():
            raw = path.read_bytes()
            assert not [n for n in needles if n in raw], (path.name, [n for n in needles if n in raw])
    assert os.path.exists(db_path)


async def test_find_anyone_is_in_the_keys_help_of_every_tool(store):
    _data, app = board_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for tool in ("b", "t"):
            await pilot.press(tool)
            await settle(pilot)
            await pilot.press("question_mark")
            await settle(pilot)
            await pilot.pause()
            _node, binding, enabled, _tip = app.screen.active_bindings["ctrl+f"]  # what the panel lists
            assert binding.description == "Find anyone" and enabled, tool
            if tool == "b":  # the app's keys come last in the list: scrolled to its end
                app.screen.query_one("KeyPanel").scroll_end(animate=False, immediate=True)
                await settle(pilot)
                assert "Find anyone" in screen_text(app) and "^f" in screen_text(app)
            await pilot.press("question_mark")
            await settle(pilot)
