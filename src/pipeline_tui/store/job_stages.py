"""A job's stages: add, rename, reorder, set the kind, remove. Each change is one transaction with its
job_event; a removed stage's applicants move as stage events, so history and time in stage stay true."""

from __future__ import annotations

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from pipeline_tui.core.change_vocabulary import ChangeKind
from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import InvalidInput, NotFound, RuleViolation, StageHoldsApplications
from pipeline_tui.core.records import StageRecord
from pipeline_tui.core.suggestions import unknown
from pipeline_tui.core.validation import clean_text
from pipeline_tui.core.vocabulary import EventAction, JobEventAction, StageKind
from pipeline_tui.store.current_user import actor_of
from pipeline_tui.store.database import Database
from pipeline_tui.store.job_changes import note_applications, note_job_change
from pipeline_tui.store.job_rules import (
    check_kinds,
    job_row,
    ordered_stages,
    parse_kind,
    record_job_event,
    renumber,
    stage_row,
)
from pipeline_tui.store.models import Application, Stage, StageEvent


class JobStages:
    """The stage half of JobRepository."""

    _db: Database

    def stages(self, job_id: int) -> list[StageRecord]:
        with self._db.transaction() as s:
            job_row(s, job_id)
            return [StageRecord.model_validate(r) for r in ordered_stages(s, job_id)]

    def find_stage(self, job_id: int, name: str) -> StageRecord:
        """The job's stage with this name (any case); NotFound suggests the closest names."""
        wanted = " ".join(name.split()).lower()
        with self._db.transaction() as s:
            stages = ordered_stages(s, job_id)
            for st in stages:
                if st.name.lower() == wanted:
                    return StageRecord.model_validate(st)
            title = job_row(s, job_id).title
            raise NotFound(unknown(f"\u2018{title}\u2019 has no stage", name, [st.name for st in stages]))

    def add_stage(
        self,
        job_id: int,
        name: str,
        kind: str = StageKind.ACTIVE,
        *,
        after: int | None = None,
        position: int | None = None,
    ) -> StageRecord:
        """A new stage after the stage `after` (an id), at `position`, or else just before the hired stage."""
        new_name = _stage_name(name)
        new_kind = parse_kind(kind)
        with self._db.transaction() as s:
            job_row(s, job_id)
            stages = ordered_stages(s, job_id)
            _name_free(stages, new_name)
            check_kinds([st.kind for st in stages] + [new_kind])
            if after is not None:
                anchor = _own_stage(s, job_id, after)
                pos = stages.index(anchor) + 1
            elif position is not None:
                pos = max(0, min(position, len(stages)))
            else:
                hired = [i for i, st in enumerate(stages) if st.kind == StageKind.HIRED]
                pos = hired[0] if hired else len(stages)
            stage = Stage(job_id=job_id, position=pos, name=new_name, kind=new_kind)
            stages.insert(pos, stage)
            s.add(stage)
            renumber(stages)
            s.flush()
            record_job_event(self._db, s, job_id, JobEventAction.STAGE_ADDED, f"{new_name} ({new_kind})")
            note_job_change(s, job_id, ChangeKind.STAGES_CHANGED, f"added {new_name}")
            return StageRecord.model_validate(stage)

    def rename_stage(self, stage_id: int, name: str) -> StageRecord:
        """History keeps the old name: every stage event copied the name it had."""
        new_name = _stage_name(name)
        with self._db.transaction() as s:
            stage = stage_row(s, stage_id)
            old = stage.name
            if old == new_name:
                return StageRecord.model_validate(stage)
            _name_free([st for st in ordered_stages(s, stage.job_id) if st.id != stage.id], new_name)
            stage.name = new_name
            record_job_event(
                self._db, s, stage.job_id, JobEventAction.STAGE_RENAMED, f"{old} \u2192 {new_name}"
            )
            note_job_change(s, stage.job_id, ChangeKind.STAGES_CHANGED, f"renamed {old} to {new_name}")
            return StageRecord.model_validate(stage)

    def reorder_stage(self, stage_id: int, new_position: int) -> list[StageRecord]:
        with self._db.transaction() as s:
            stage = stage_row(s, stage_id)
            stages = ordered_stages(s, stage.job_id)
            old = stages.index(stage)
            stages.remove(stage)
            new = max(0, min(new_position, len(stages)))
            stages.insert(new, stage)
            renumber(stages)
            if new != old:
                detail = f"{stage.name}: {old + 1} \u2192 {new + 1}"
                record_job_event(self._db, s, stage.job_id, JobEventAction.STAGE_MOVED, detail)
                note_job_change(s, stage.job_id, ChangeKind.STAGES_CHANGED, "reordered")
            return [StageRecord.model_validate(x) for x in stages]

    def set_stage_kind(self, stage_id: int, kind: str) -> StageRecord:
        """Change what a stage means. Making a stage the hired one makes the old hired stage active (a job
        has exactly one); neither may hold applications then, whose status follows the hired stage."""
        new_kind = parse_kind(kind)
        with self._db.transaction() as s:
            stage = stage_row(s, stage_id)
            if stage.kind == new_kind:
                return StageRecord.model_validate(stage)
            stages = ordered_stages(s, stage.job_id)
            detail = f"{stage.name}: {stage.kind} \u2192 {new_kind}"
            if new_kind == StageKind.HIRED:
                for old in (st for st in stages if st.kind == StageKind.HIRED):
                    _refuse_if_held(s, old)
                    old.kind = StageKind.ACTIVE
                    detail += f" ({old.name}: hired \u2192 active)"
            if StageKind.HIRED in (stage.kind, new_kind):
                _refuse_if_held(s, stage)
            check_kinds([new_kind if st.id == stage.id else st.kind for st in stages])
            stage.kind = new_kind
            record_job_event(self._db, s, stage.job_id, JobEventAction.STAGE_KIND, detail)
            article = "an" if new_kind[0] in "aeiou" else "a"
            said = f"made {stage.name} {article} {new_kind} stage"
            note_job_change(s, stage.job_id, ChangeKind.STAGES_CHANGED, said)
            return StageRecord.model_validate(stage)

    def remove_stage(self, stage_id: int, *, move_to_stage_id: int | None = None) -> None:
        """Remove a stage; one that holds applications needs a stage of the same job to move them to."""
        with self._db.transaction() as s:
            stage = stage_row(s, stage_id)
            stages = ordered_stages(s, stage.job_id)
            remaining = [st for st in stages if st.id != stage.id]
            if stage.kind == StageKind.HIRED:
                raise RuleViolation(
                    f"\u2018{stage.name}\u2019 is the hired stage: make another stage the hired one first"
                )
            if not any(st.kind == StageKind.ACTIVE for st in remaining):
                raise RuleViolation(f"\u2018{stage.name}\u2019 is the last active stage: a job needs one")
            held = _held(s, stage.id)
            detail = stage.name
            target = None
            if held:
                if move_to_stage_id is None:
                    raise StageHoldsApplications(stage.name, held)
                target = _own_stage(s, stage.job_id, move_to_stage_id)
                if target.id == stage.id:
                    raise RuleViolation("applications cannot move to the stage being removed")
                if target.kind == StageKind.HIRED:
                    raise RuleViolation(
                        f"\u2018{target.name}\u2019 is the hired stage: hire each applicant from the board"
                    )
                self._move_all(s, stage, target)
                detail = f"{stage.name} ({held} moved to {target.name})"
            from pipeline_tui.store.interview_plan import rehome_rounds

            rehome_rounds(self._db, s, stage, remaining, target)
            # History keeps the stage's name (copied into each event); the links are cleared.
            s.execute(
                update(StageEvent).where(StageEvent.from_stage_id == stage_id).values(from_stage_id=None)
            )
            s.execute(update(StageEvent).where(StageEvent.to_stage_id == stage_id).values(to_stage_id=None))
            s.delete(stage)
            s.flush()
            renumber(remaining)
            record_job_event(self._db, s, stage.job_id, JobEventAction.STAGE_REMOVED, detail)
            note_job_change(s, stage.job_id, ChangeKind.STAGES_CHANGED, f"removed {stage.name}")

    def _move_all(self, s: Session, stage: Stage, target: Stage) -> None:
        """Every application of a removed stage moves to `target`: a 'move' event each, the stay restarted.
        A hired application stays hired only in a hired stage (the hired stage cannot be removed)."""
        now = utcnow()
        actor = actor_of(self._db, s)
        moved = s.execute(
            select(
                Application.id, Application.status, Application.stage_entered_at, Application.candidate_id
            ).where(Application.stage_id == stage.id)
        ).all()
        s.execute(
            insert(StageEvent),
            [
                {
                    "application_id": app_id,
                    "from_stage_id": None,
                    "to_stage_id": target.id,
                    "from_stage_name": stage.name,
                    "to_stage_name": target.name,
                    "from_status": status,
                    "to_status": status,
                    "action": EventAction.MOVE,
                    "note": f"stage {stage.name!r} was removed",
                    "prev_stage_entered_at": entered,
                    "at": now,
                    "actor": actor.name,
                    "actor_id": actor.id,
                }
                for app_id, status, entered, _ in moved
            ],
        )
        s.execute(
            update(Application)
            .where(Application.stage_id == stage.id)
            .values(stage_id=target.id, stage_entered_at=now, version=Application.version + 1, updated_at=now)
        )
        note_applications(s, ChangeKind.MOVED, stage.job_id, target.name, [(m[0], m[3]) for m in moved])


def _stage_name(name: str) -> str:
    clean = clean_text(name)
    if not clean:
        raise InvalidInput("a stage needs a name")
    return clean


def _name_free(stages: list[Stage], name: str) -> None:
    if any(st.name.lower() == name.lower() for st in stages):
        raise RuleViolation(f"this job already has a stage named \u2018{name}\u2019")


def _own_stage(s: Session, job_id: int, stage_id: int) -> Stage:
    target = stage_row(s, stage_id)
    if target.job_id != job_id:
        raise RuleViolation("applications can only move to another stage of the same job")
    return target


def _refuse_if_held(s: Session, stage: Stage) -> None:
    held = _held(s, stage.id)
    if held:
        raise RuleViolation(
            f"stage \u2018{stage.name}\u2019 holds {held} application(s): move them before the hired stage "
            "changes"
        )


def _held(s: Session, stage_id: int) -> int:
    """How many applications (any status) sit in a stage."""
    return int(
        s.scalar(select(func.count()).select_from(Application).where(Application.stage_id == stage_id)) or 0
    )
