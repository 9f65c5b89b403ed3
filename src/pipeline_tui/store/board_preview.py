"""The first cards of a board, read with the stdlib sqlite3 module before SQLAlchemy is even imported.

Start-up draws these while the real store is imported and opened (importing SQLAlchemy and the
repositories alone takes longer than the whole bare Textual app). The preview is read only when it can be
vouched for cheaply: a plain file path (no URL), an existing file with a SQLite header, opened read-only, at
exactly this build's schema revision. Anything else -- a URL, a missing, foreign, older or newer file, any
error at all -- returns None and start-up takes the ordinary path (open the store first, with its one-line
errors). The queries mirror the board's own (store/application_views.py, store/jobs.py) so the full board
replaces the preview card for card; tests/store/test_board_preview.py keeps them in step.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pipeline_tui.core.records import BoardCard, JobRecord, StageRecord
from pipeline_tui.core.vocabulary import CLOSED_STATUSES, ApplicationStatus
from pipeline_tui.store.schema import HEAD

SQLITE_HEADER = b"SQLite format 3\x00"
# Paths SQLAlchemy's URL keeps exactly as written ('%', '?', '#', '@', ':' and non-ASCII it rewrites): only
# for these can the preview say which key the opened store's URL will have, and that it is the same file.
_PLAIN_PATH = re.compile(r"[A-Za-z0-9/._+ -]+")
_ON_BOARD = (ApplicationStatus.ACTIVE, ApplicationStatus.HIRED)

_JOB_FIELDS = (
    "id", "title", "department", "location", "status", "employment_type", "description", "hiring_manager_id",
    "recruiter_id", "coordinator_id", "headcount", "opened_at", "closed_at", "created_at",
)  # fmt: skip
# The team's names beside their ids (migration 0006), as JobRecord carries them.
_TEAM_NAMES = ("hiring_manager", "recruiter", "coordinator")
_JOB_COLUMNS = ", ".join(
    [*_JOB_FIELDS, *(f"(SELECT name FROM team_member m WHERE m.id = job.{t}_id)" for t in _TEAM_NAMES)]
)
_JOB_DATES = ("opened_at", "closed_at", "created_at")
# As the job switcher lists jobs (store/jobs.py list_jobs): open first, then on hold, draft, closed.
_FIRST_JOB = (
    f"SELECT {_JOB_COLUMNS} FROM job ORDER BY CASE status WHEN 'open' THEN 0 WHEN 'on_hold' THEN 1 "
    "WHEN 'draft' THEN 2 ELSE 3 END, title, id LIMIT 1"
)
_APPLICATION = (
    "id", "candidate_id", "job_id", "stage_id", "status", "rejection_reason_id", "rejection_note", "source",
    "origin_pool_id", "applied_at", "stage_entered_at", "rating", "version",
)  # fmt: skip
_PERSON = ("full_name", "email", "current_title", "current_company", "location")
# The first cards are picked from the application rows alone, then joined: joining the person first would
# read every applicant of the column (thousands of random reads in a large candidate table) to keep 20.
_CARDS = (
    "SELECT {app}, r.name, {person} FROM (SELECT * FROM application WHERE job_id = ? AND {where} "
    "ORDER BY stage_entered_at, id LIMIT ?) a JOIN candidate c ON c.id = a.candidate_id "
    "LEFT JOIN rejection_reason r ON r.id = a.rejection_reason_id ORDER BY a.stage_entered_at, a.id"
).format(
    app=", ".join(f"a.{name}" for name in _APPLICATION),
    person=", ".join(f"c.{name}" for name in _PERSON),
    where="{where}",
)


@dataclass(frozen=True)
class BoardPreview:
    """A job's columns with their first cards and the true count of each column."""

    db_key: str  # what the opened store's `db.url` will be: the state file's key for this database
    job: JobRecord
    stages: list[StageRecord]
    # The first cards of each stage column in board order; none of the closed lane, which a board opens
    # hidden (its count is in `statuses`).
    cards: list[BoardCard]
    counts: dict[int, int]  # stage id -> cards in that column (active and hired)
    statuses: dict[str, int]  # application status -> how many the job has

    def totals(self) -> tuple[int, int, int]:
        """Active, hired, and rejected or withdrawn: the job bar's counts."""
        get = self.statuses.get
        return (
            get(ApplicationStatus.ACTIVE, 0),
            get(ApplicationStatus.HIRED, 0),
            sum(get(s, 0) for s in CLOSED_STATUSES),
        )


def sqlite_file(value: str) -> Path | None:
    """The SQLite file a plain `--db` path names, when cheap checks vouch for it: it exists, is a file, its
    header says SQLite and its path is one SQLAlchemy keeps as written. None for anything else (URLs too)."""
    value = value.strip()
    if not value or "://" in value:
        return None
    try:
        path = Path(value).expanduser().resolve()
        if not _PLAIN_PATH.fullmatch(str(path)) or not path.is_file():
            return None
        with path.open("rb") as file:
            if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return None
    except (OSError, RuntimeError, ValueError):
        return None
    return path


def preview_key(value: str) -> str | None:
    """The URL `Store.open(value).db.url` will have (see database.resolve_url), or None when not vouched for."""
    path = sqlite_file(value)
    return f"sqlite:///{path}" if path is not None else None


def read_preview(value: str, remembered_job: object, *, cards: int) -> BoardPreview | None:
    """The remembered job's board (else the first job's, as the board picks it), with the first `cards`
    cards of each column; None whenever the ordinary start-up path should decide instead."""
    path = sqlite_file(value)
    if path is None:
        return None
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=0.2)
    except sqlite3.Error:
        return None
    try:
        return _read(conn, f"sqlite:///{path}", remembered_job, cards)
    except (sqlite3.Error, ValueError, TypeError, LookupError):
        return None  # whatever this is, the store's own open will say it properly
    finally:
        conn.close()


def _read(conn: sqlite3.Connection, key: str, remembered: object, limit: int) -> BoardPreview | None:
    revision = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    if revision != [(HEAD,)]:
        return None  # new, older (to upgrade), newer or damaged: the store decides
    conn.execute("BEGIN")  # one snapshot for every read below
    job = _job(conn, remembered)
    if job is None:
        return None
    stages = [
        StageRecord(id=row[0], job_id=row[1], position=row[2], name=row[3], kind=row[4])
        for row in conn.execute(
            "SELECT id, job_id, position, name, kind FROM stage WHERE job_id = ? ORDER BY position, id",
            (job.id,),
        )
    ]
    statuses: dict[str, int] = {}
    counts: dict[int, int] = {}
    for stage_id, status, count in conn.execute(
        "SELECT stage_id, status, count(*) FROM application WHERE job_id = ? GROUP BY stage_id, status",
        (job.id,),
    ):
        statuses[status] = statuses.get(status, 0) + count
        if status in _ON_BOARD:
            counts[stage_id] = counts.get(stage_id, 0) + count
    rows = []
    for stage in stages:
        rows += conn.execute(
            _CARDS.format(where="stage_id = ? AND status IN (?, ?)"), (job.id, stage.id, *_ON_BOARD, limit)
        ).fetchall()
    return BoardPreview(key, job, stages, _cards(conn, rows), counts, statuses)


def _job(conn: sqlite3.Connection, remembered: object) -> JobRecord | None:
    row = None
    if isinstance(remembered, int) and not isinstance(remembered, bool):
        row = conn.execute(f"SELECT {_JOB_COLUMNS} FROM job WHERE id = ?", (remembered,)).fetchone()
    if row is None:
        row = conn.execute(_FIRST_JOB).fetchone()
    if row is None:
        return None
    job = dict(zip((*_JOB_FIELDS, *_TEAM_NAMES), row, strict=True))
    for name in _JOB_DATES:
        job[name] = _datetime(job[name])
    return JobRecord.model_validate(job)


def _cards(conn: sqlite3.Connection, rows: list[tuple]) -> list[BoardCard]:
    """The rows as BoardCards, tags included (all of a person's tags, ordered as the store orders them)."""
    people = sorted({row[1] for row in rows})
    tags: dict[int, list[str]] = {}
    if people:
        marks = ", ".join("?" * len(people))
        for candidate_id, name in conn.execute(
            "SELECT ct.candidate_id, t.name FROM candidate_tag ct JOIN tag t ON t.id = ct.tag_id "
            f"WHERE ct.candidate_id IN ({marks}) ORDER BY ct.candidate_id, t.name_key",
            people,
        ):
            tags.setdefault(candidate_id, []).append(name)
    n = len(_APPLICATION)
    out = []
    for row in rows:
        application = dict(zip(_APPLICATION, row, strict=False))
        application["applied_at"] = _datetime(application["applied_at"])
        application["stage_entered_at"] = _datetime(application["stage_entered_at"])
        application["rejection_reason"] = row[n]
        out.append(
            BoardCard.model_validate(
                {
                    "application": application,
                    "candidate_id": application["candidate_id"],
                    "tags": tuple(tags.get(application["candidate_id"], ())),
                    **dict(zip(_PERSON, row[n + 1 :], strict=True)),
                }
            )
        )
    return out


def _datetime(value: object) -> datetime | None:
    """A DATETIME column as SQLAlchemy's SQLite type stores it ('YYYY-MM-DD HH:MM:SS.ffffff')."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"unexpected stored time {value!r}")
    return datetime.fromisoformat(value)
