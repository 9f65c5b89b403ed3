"""Files attached to a person (a CV, a portfolio: any type), kept in the database itself.

The bytes live in `candidate_file.content`, not as a path on one machine: in team mode everyone shares one
PostgreSQL, and a path would not travel. The size limit comes from the caller (config); a file over it is
refused before anything is written.
"""

from __future__ import annotations

import mimetypes

from sqlalchemy import delete, select

from pipeline_tui.core.change_vocabulary import ChangeKind
from pipeline_tui.core.errors import InvalidInput, NotFound
from pipeline_tui.core.person_view import FileRecord, size_text
from pipeline_tui.core.validation import clean_text
from pipeline_tui.store.change_log import note_change
from pipeline_tui.store.crm_changes import file_words, person_change
from pipeline_tui.store.current_user import actor_of
from pipeline_tui.store.database import Database
from pipeline_tui.store.erased import refuse_if_erased
from pipeline_tui.store.failures import retried_when_busy
from pipeline_tui.store.models import Candidate, CandidateFile
from pipeline_tui.store.person_detail import FILE_COLUMNS


class FileRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    @retried_when_busy
    def attach(self, candidate_id: int, name: str, content: bytes, *, max_size: int) -> FileRecord:
        """Store a file for the person; over `max_size` bytes it is refused and nothing is written."""
        clean = (clean_text(name) or "").replace("/", "_").replace("\\", "_")[:255]
        if not clean:
            raise InvalidInput("the file needs a name")
        if len(content) > max_size:
            raise InvalidInput(
                f"{clean} is {size_text(len(content))}, over the limit of {size_text(max_size)}; nothing attached"
            )
        media_type = mimetypes.guess_type(clean)[0]
        with self._db.transaction() as s:
            if s.get(Candidate, candidate_id) is None:
                raise NotFound(f"no candidate #{candidate_id}")
            refuse_if_erased(s, candidate_id)
            row = CandidateFile(
                candidate_id=candidate_id,
                name=clean,
                media_type=media_type,
                size=len(content),
                content=content,
                added_by=actor_of(self._db, s).name,
            )
            s.add(row)
            s.flush()
            note_change(s, person_change(ChangeKind.FILE_ADDED, candidate_id, file_words(media_type)))
            return _record(row)

    def for_candidate(self, candidate_id: int) -> list[FileRecord]:
        with self._db.transaction() as s:
            rows = s.execute(
                select(*FILE_COLUMNS)
                .where(CandidateFile.candidate_id == candidate_id)
                .order_by(CandidateFile.added_at.desc(), CandidateFile.id.desc())
            ).all()
            return [FileRecord.model_validate(r._asdict()) for r in rows]

    def content(self, file_id: int) -> tuple[FileRecord, bytes]:
        """The file's record and its bytes (to open it or export it)."""
        with self._db.transaction() as s:
            row = s.get(CandidateFile, file_id)
            if row is None:
                raise NotFound(f"no file #{file_id} (it was removed)")
            return _record(row), bytes(row.content)

    @retried_when_busy
    def remove(self, file_id: int) -> None:
        with self._db.transaction() as s:
            whose = s.execute(
                select(CandidateFile.candidate_id, CandidateFile.media_type).where(
                    CandidateFile.id == file_id
                )
            ).first()
            gone = s.execute(delete(CandidateFile).where(CandidateFile.id == file_id)).rowcount
            if not gone or whose is None:
                raise NotFound(f"no file #{file_id} (it was removed)")
            words = file_words(whose.media_type)
            note_change(s, person_change(ChangeKind.FILE_REMOVED, whose.candidate_id, words))


def _record(row: CandidateFile) -> FileRecord:
    return FileRecord(
        id=row.id,
        candidate_id=row.candidate_id,
        name=row.name,
        media_type=row.media_type,
        size=row.size,
        added_at=row.added_at,
        added_by=row.added_by,
    )
