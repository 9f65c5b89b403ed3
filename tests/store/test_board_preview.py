"""The start-up preview (store/board_preview.py): the board's first cards read with sqlite3 alone.

It must show exactly what the store's own board read shows (same records, order, counts), choose the same
job, leave the file untouched, never import SQLAlchemy, and decline (None) whatever it cannot vouch for, so
the ordinary start-up path reports it."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from collections import Counter

import pytest
from board_data import seed_board

from pipeline_tui.core.vocabulary import CLOSED_STATUSES
from pipeline_tui.screens.board.screen import read_first_board
from pipeline_tui.store import Store, preview_key, read_board_preview


def columns(cards) -> dict[object, list]:
    out: dict[object, list] = {}
    for card in cards:
        key = "lane" if card.application.status in CLOSED_STATUSES else card.application.stage_id
        out.setdefault(key, []).append(card)
    return out


@pytest.fixture
def board(store):
    """The seeded board with one rejection (a reason, a note) and one withdrawal in the closed lane, which
    the preview counts but does not read."""
    data = seed_board(store)
    reasons = store.applications.rejection_reasons()
    turing = store.applications.get(data["ids"]["Alan Turing"])
    store.applications.reject(turing.id, reasons[0].id, turing.version, note="not now")
    linus = store.applications.get(data["ids"]["Linus Torvalds"])
    store.applications.withdraw(linus.id, None, linus.version)
    return data


@pytest.mark.parametrize("cards", [1, 2, 20])
def test_the_preview_is_the_first_cards_of_the_store_board(store, db_path, board, cards):
    job = board["backend"].id
    full = store.applications.board(job, include_closed=True)
    preview = read_board_preview(str(db_path), job, cards=cards)
    assert preview is not None
    assert preview.job == store.jobs.get(job)
    assert preview.stages == store.jobs.stages(job)
    shown, expected = columns(preview.cards), columns(full)
    assert set(shown) == set(expected) - {"lane"}  # a board opens with its closed lane hidden
    for key, column in shown.items():
        assert column == expected[key][:cards]  # the same records (tags, reason, dates), in board order
    assert preview.counts == {k: len(v) for k, v in expected.items() if k != "lane"}
    statuses = Counter(c.application.status for c in full)
    assert preview.statuses == dict(statuses)
    assert preview.totals() == (
        statuses["active"],
        statuses["hired"],
        statuses["rejected"] + statuses["withdrawn"],
    )


def test_the_preview_opens_the_job_the_board_would_open(store, db_path, board):
    design = board["design"].id
    assert read_board_preview(str(db_path), design, cards=5).job.id == design
    first = read_first_board(store, None).job.id  # what the board opens with no (valid) last job
    for remembered in (None, 999, "3", True):
        assert read_board_preview(str(db_path), remembered, cards=5).job.id == first


def test_the_preview_key_is_the_opened_stores_url(store, db_path, tmp_path, monkeypatch):
    seed_board(store)
    monkeypatch.chdir(tmp_path)
    spaced = tmp_path / "with space.db"
    with sqlite3.connect(db_path) as src, sqlite3.connect(spaced) as dst:
        src.backup(dst)
    for value in ("pipeline.db", str(db_path), "./pipeline.db", str(spaced)):
        key = preview_key(value)
        opened = Store.open(value)
        try:
            assert key == opened.db.url
            assert read_board_preview(value, None, cards=3).db_key == key
        finally:
            opened.close()


def test_the_preview_never_changes_the_file(store, db_path, board):
    store.close()
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    assert read_board_preview(str(db_path), None, cards=5) is not None
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


def _with_revision(path, revision):
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda p, t: f"sqlite:///{p}", id="url"),
        pytest.param(lambda p, t: str(t / "missing.db"), id="missing"),
        pytest.param(lambda p, t: str(t), id="folder"),
        pytest.param(lambda p, t: (t / "a.txt").write_text("SQLite format 2 no") and str(t / "a.txt"), id="not-sqlite"),
        pytest.param(lambda p, t: sqlite3.connect(t / "e.db").execute("CREATE TABLE x (y)") and str(t / "e.db"), id="foreign"),
        pytest.param(lambda p, t: _with_revision(p, "0001_baseline") or str(p), id="older"),
        pytest.param(lambda p, t: _with_revision(p, "9999_from_the_future") or str(p), id="newer"),
        pytest.param(lambda p, t: "", id="empty"),
    ],
)  # fmt: skip
def test_what_the_preview_cannot_vouch_for_takes_the_ordinary_path(store, db_path, tmp_path, make):
    seed_board(store)
    store.close()
    value = make(db_path, tmp_path)
    assert read_board_preview(value, None, cards=5) is None


def test_a_database_without_jobs_or_with_an_odd_path_is_not_previewed(store, db_path, tmp_path):
    assert read_board_preview(str(db_path), None, cards=5) is None  # no jobs: the board says so itself
    seed_board(store)
    odd = tmp_path / "odd%20name.db"  # SQLAlchemy's URL would read '%20' as a space: another file
    with sqlite3.connect(db_path) as src, sqlite3.connect(odd) as dst:
        src.backup(dst)
    assert preview_key(str(odd)) is None and read_board_preview(str(odd), None, cards=5) is None


def test_the_facade_and_the_preview_do_not_import_sqlalchemy(store, db_path):
    seed_board(store)
    code = (
        "import sys\n"
        "import pipeline_tui.app, pipeline_tui.cli\n"
        "from pipeline_tui.store import read_board_preview\n"
        f"assert read_board_preview({str(db_path)!r}, None, cards=5) is not None\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
