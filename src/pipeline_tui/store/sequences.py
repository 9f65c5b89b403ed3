"""Nurture sequences: named, ordered steps (channel, wait, templates) that enrollments walk through.

A draft is checked whole before anything is written (sequence_rows.checked_draft); an edit applies to steps
not yet due (sequence_edits.apply_edit); archiving stops everyone still in the sequence.
"""

from __future__ import annotations

import builtins
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from pipeline_tui.core.change_vocabulary import ChangeKind
from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import InvalidInput, RuleViolation
from pipeline_tui.core.local_time import naive_utc
from pipeline_tui.core.nurture_records import SequenceDraft, SequenceRecord, SequenceStats
from pipeline_tui.core.nurture_vocabulary import StopReason
from pipeline_tui.store.change_log import note_change
from pipeline_tui.store.crm_changes import sequence_change
from pipeline_tui.store.current_user import actor_of
from pipeline_tui.store.database import Database
from pipeline_tui.store.enrollment_stops import stop_for_sequence
from pipeline_tui.store.nurture_tables import Sequence as SequenceRow
from pipeline_tui.store.nurture_tables import SequenceStep
from pipeline_tui.store.sequence_edits import apply_edit
from pipeline_tui.store.sequence_rows import (
    checked_draft,
    records_of,
    refuse_taken_name,
    sequence_named,
    sequence_row,
)
from pipeline_tui.store.sequence_stats import sequence_stats


class SequenceRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, draft: SequenceDraft) -> SequenceRecord:
        """A new sequence with its steps; a bad draft is one InvalidInput and nothing is written."""
        checked = checked_draft(draft)
        try:
            with self._db.transaction() as s:
                refuse_taken_name(s, checked.name)
                actor = actor_of(self._db, s)
                now = utcnow()
                row = SequenceRow(
                    name=checked.name,
                    description=checked.description,
                    created_at=now,
                    updated_at=now,
                    actor_id=actor.id,
                    actor=actor.name,
                )
                s.add(row)
                s.flush()
                s.execute(
                    insert(SequenceStep), [{"sequence_id": row.id} | st.values() for st in checked.steps]
                )
                note_change(s, sequence_change(ChangeKind.SEQUENCE_CREATED, row.id, row.name))
                return records_of(s, [row])[0]
        except IntegrityError:
            raise InvalidInput(f"a sequence named {checked.name!r} exists") from None

    def update(
        self,
        sequence_id: int,
        draft: SequenceDraft,
        *,
        now: datetime | None = None,
        zone: ZoneInfo | None = None,
    ) -> SequenceRecord:
        """New name, description and steps. Touches whose day has come keep the message they were due with;
        later ones follow the edit (channel, template, and their day worked out again from the new wait)."""
        checked = checked_draft(draft)
        at = naive_utc(now or utcnow())
        try:
            with self._db.transaction() as s:
                row = sequence_row(s, sequence_id)
                if row.archived_at is not None:
                    raise RuleViolation(f"sequence {row.name!r} is archived")
                refuse_taken_name(s, checked.name, except_id=row.id)
                apply_edit(s, row.id, checked.steps, at, zone)
                actor = actor_of(self._db, s)
                row.name = checked.name
                row.description = checked.description
                row.updated_at = at
                row.actor_id, row.actor = actor.id, actor.name
                s.flush()
                note_change(s, sequence_change(ChangeKind.SEQUENCE_EDITED, row.id, row.name))
                return records_of(s, [row])[0]
        except IntegrityError:
            raise InvalidInput(f"a sequence named {checked.name!r} exists") from None

    def archive(self, sequence_id: int, *, now: datetime | None = None) -> SequenceRecord:
        """Archived: listed no more, enrolls no one; everyone active in it is stopped (archived)."""
        at = naive_utc(now or utcnow())
        with self._db.transaction() as s:
            row = sequence_row(s, sequence_id)
            if row.archived_at is not None:
                raise RuleViolation(f"sequence {row.name!r} is already archived")
            stop_for_sequence(s, row.id, StopReason.ARCHIVED, at)
            note_change(s, sequence_change(ChangeKind.SEQUENCE_ARCHIVED, row.id, row.name))
            row.archived_at = at
            row.updated_at = at
            s.flush()
            return records_of(s, [row])[0]

    def get(self, sequence_id: int) -> SequenceRecord:
        with self._db.transaction() as s:
            return records_of(s, [sequence_row(s, sequence_id)])[0]

    def by_name(self, name: str) -> SequenceRecord:
        """Case-insensitive exact; NotFound says the closest name when one is near."""
        with self._db.transaction() as s:
            return records_of(s, [sequence_named(s, name)])[0]

    def list(self, *, include_archived: bool = False) -> builtins.list[SequenceRecord]:
        """By name, with the people active in each and ever enrolled."""
        with self._db.transaction() as s:
            q = select(SequenceRow).order_by(SequenceRow.name)
            if not include_archived:
                q = q.where(SequenceRow.archived_at.is_(None))
            return records_of(s, builtins.list(s.scalars(q)))

    def stats(self, sequence_id: int) -> SequenceStats:
        """Per step of the sequence now: sent, skipped, due, replied and opted out (counted against the
        message they answered), from two aggregates."""
        with self._db.transaction() as s:
            row = sequence_row(s, sequence_id)
            return sequence_stats(s, row)
