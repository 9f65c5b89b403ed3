"""Pilot helpers for the Today screen, the offer form and the approval dialog: a store whose current user is
Noor, the app on Wednesday 4 March 2026 in Berlin, and the rows a section shows."""

from __future__ import annotations

from board_data import make_app
from today_data import NOOR_ACTOR, TODAY_NOW

from pipeline_tui.store import Store


def open_noor_store(tmp_path, monkeypatch):
    """For a `noor_store` fixture: a SQLite-file store whose current user is Noor; the user's zone is Berlin."""
    monkeypatch.setenv("PIPELINE_TUI_TZ", "Europe/Berlin")
    monkeypatch.setenv("PIPELINE_TUI_USER", NOOR_ACTOR)
    store = Store.open(str(tmp_path / "today.db"), actor=NOOR_ACTOR)
    yield store
    store.close()


def today_app(store: Store, *, start: str = "board"):
    return make_app(store, now=TODAY_NOW, start=start)


def section_rows(screen, section_id: str) -> list[list[str]]:
    """The rows a section shows (empty when it shows its empty note instead)."""
    section = screen.query_one(f"#{section_id}")
    table = section.table
    if not table.display:
        return []
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def empty_note(screen, section_id: str) -> str:
    note = screen.query_one(f"#{section_id} .today-empty")
    return str(note.render()) if note.display else ""
