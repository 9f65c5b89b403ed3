"""A job's interview plan: rounds per stage (name, duration, focus attributes to rate, questions).

Round names are unique per job (any case) because `--round NAME` names one; attributes and questions are
JSON lists in Text columns. Every change records a hiring_event (subject round, on the job, no application),
and a change of the plan its PLAN_CHANGED entry in the change log (a job's template plan and rounds rehomed
with a removed stage are part of that job's own entry), in the change's transaction. Interviews copy their round's name, so removing a round leaves them readable.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline_tui.core.change_vocabulary import ChangeKind
from pipeline_tui.core.errors import InvalidInput, NotFound, RuleViolation
from pipeline_tui.core.hiring_records import RoundRecord
from pipeline_tui.core.hiring_vocabulary import HiringAction, HiringSubject
from pipeline_tui.core.pipeline_templates import RoundSpec
from pipeline_tui.core.suggestions import unknown
from pipeline_tui.core.validation import clean_text
from pipeline_tui.store.database import Database
from pipeline_tui.store.hiring_events import record_hiring_event
from pipeline_tui.store.hiring_tables import InterviewRound
from pipeline_tui.store.job_changes import note_job_change
from pipeline_tui.store.job_rules import job_row, ordered_stages
from pipeline_tui.store.models import Stage

MIN_DURATION, MAX_DURATION = 5, 1440
NAME_LENGTH = 200


class RoundRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(
        self,
        job_id: int,
        stage: int | str,
        name: str,
        *,
        duration_min: int = 45,
        attributes: Sequence[str] = (),
        questions: Sequence[str] = (),
    ) -> RoundRecord:
        """A new round at the end of `stage` (an id, or a name in any case)."""
        clean = round_name(name)
        minutes = check_duration(duration_min)
        with self._db.transaction() as s:
            job_row(s, job_id)
            st = _stage_of(s, job_id, stage)
            _name_free(s, job_id, clean)
            row = _new_round(s, job_id, st.id, clean, minutes, attributes, questions)
            _record(self._db, s, row, HiringAction.CREATED, f"{clean} ({st.name}, {minutes} min)")
            note_job_change(s, job_id, ChangeKind.PLAN_CHANGED, f"added round {clean}")
            return _record_of(row, st.name)

    def update(
        self,
        round_id: int,
        *,
        name: str | None = None,
        stage: int | str | None = None,
        duration_min: int | None = None,
        attributes: Sequence[str] | None = None,
        questions: Sequence[str] | None = None,
    ) -> RoundRecord:
        """Change what is given; a round moved to another stage goes to that stage's end."""
        with self._db.transaction() as s:
            row = _row(s, round_id)
            changed: list[str] = []
            if name is not None:
                clean = round_name(name)
                if clean != row.name:
                    _name_free(s, row.job_id, clean, except_id=row.id)
                    changed.append(f"name: {row.name} \u2192 {clean}")
                    row.name = clean
            if stage is not None:
                st = _stage_of(s, row.job_id, stage)
                if st.id != row.stage_id:
                    changed.append(f"stage: {st.name}")
                    row.stage_id, row.position = st.id, _next_position(s, st.id)
            if duration_min is not None:
                minutes = check_duration(duration_min)
                if minutes != row.duration_min:
                    changed.append(f"duration: {row.duration_min} \u2192 {minutes} min")
                    row.duration_min = minutes
            for field, given, clean_list in (
                ("attributes", attributes, clean_attributes),
                ("questions", questions, clean_questions),
            ):
                if given is not None:
                    text = json.dumps(clean_list(given), ensure_ascii=False)
                    if text != getattr(row, field):
                        changed.append(field)
                        setattr(row, field, text)
            if changed:
                s.flush()
                _record(self._db, s, row, HiringAction.EDITED, f"{row.name}: " + "; ".join(changed))
                note_job_change(s, row.job_id, ChangeKind.PLAN_CHANGED, f"edited round {row.name}")
            return _record_of(row, _stage_name(s, row.stage_id))

    def remove(self, round_id: int) -> None:
        """Remove a round; its interviews keep the round's name (their round_id becomes empty)."""
        with self._db.transaction() as s:
            row = _row(s, round_id)
            _record(self._db, s, row, HiringAction.REMOVED, f"removed round {row.name}")
            note_job_change(s, row.job_id, ChangeKind.PLAN_CHANGED, f"removed round {row.name}")
            s.delete(row)
            s.flush()
            _renumber(s, row.stage_id)

    def move(self, round_id: int, offset: int) -> list[RoundRecord]:
        """Move a round `offset` places within its stage (clamped at the ends); the job's plan after it."""
        with self._db.transaction() as s:
            row = _row(s, round_id)
            rounds = _in_stage(s, row.stage_id)
            at = rounds.index(row)
            to = max(0, min(len(rounds) - 1, at + offset))
            if to != at:
                rounds.insert(to, rounds.pop(at))
                for pos, r in enumerate(rounds):
                    r.position = pos
                s.flush()
                _record(self._db, s, row, HiringAction.EDITED, f"{row.name}: moved to place {to + 1}")
                note_job_change(s, row.job_id, ChangeKind.PLAN_CHANGED, f"moved round {row.name}")
            return _plan(s, row.job_id)

    def for_job(self, job_id: int) -> list[RoundRecord]:
        """The job's plan: stage order, then each round's place in its stage."""
        with self._db.transaction() as s:
            job_row(s, job_id)
            return _plan(s, job_id)

    def get(self, round_id: int) -> RoundRecord:
        with self._db.transaction() as s:
            row = _row(s, round_id)
            return _record_of(row, _stage_name(s, row.stage_id))

    def find(self, job_id: int, name: str) -> RoundRecord:
        """The job's round with this name (any case); NotFound names the job's rounds."""
        with self._db.transaction() as s:
            job = job_row(s, job_id)
            plan = _plan(s, job_id)
            wanted = " ".join((name or "").split()).casefold()
            for r in plan:
                if " ".join(r.name.split()).casefold() == wanted:
                    return r
            if not plan:
                raise NotFound(
                    f"\u2018{job.title}\u2019 has no interview round {name!r}: it has no rounds yet "
                    f"(add one with `pipeline-tui round add`)"
                )
            names = ", ".join(f"\u2018{r.name}\u2019" for r in plan)
            raise NotFound(f"\u2018{job.title}\u2019 has no interview round {name!r}; its rounds: {names}")


# -- rules ---------------------------------------------------------------------------------------------


def round_name(name: str | None) -> str:
    clean = clean_text(name)
    if not clean:
        raise InvalidInput("an interview round needs a name")
    if len(clean) > NAME_LENGTH:
        raise InvalidInput(f"a round's name is at most {NAME_LENGTH} characters")
    return clean


def check_duration(minutes: object) -> int:
    """5 minutes to a day: what the calendar and the schema both accept."""
    if (
        isinstance(minutes, bool)
        or not isinstance(minutes, int)
        or not MIN_DURATION <= minutes <= MAX_DURATION
    ):
        raise InvalidInput(f"an interview lasts {MIN_DURATION} to {MAX_DURATION} minutes (got {minutes!r})")
    return minutes


def clean_attributes(attributes: Sequence[str]) -> list[str]:
    """Trimmed, empty ones dropped, each once (any case): a scorecard rates each attribute once."""
    if isinstance(attributes, str):
        attributes = [attributes]
    kept: list[str] = []
    seen: set[str] = set()
    for a in attributes:
        clean = clean_text(a)
        if not clean:
            continue
        if len(clean) > NAME_LENGTH:
            raise InvalidInput(f"a focus attribute is at most {NAME_LENGTH} characters")
        if clean.casefold() not in seen:
            seen.add(clean.casefold())
            kept.append(clean)
    return kept


def clean_questions(questions: Sequence[str]) -> list[str]:
    if isinstance(questions, str):
        questions = [questions]
    return [q for q in (clean_text(x, multiline=True) for x in questions) if q]


def add_template_plan(db: Database, s: Session, job_id: int, plan: Sequence[RoundSpec]) -> None:
    """A new job's default rounds, in the job's creating transaction (stages named by the template)."""
    stages = {st.name.casefold(): st for st in ordered_stages(s, job_id)}
    for spec in plan:
        st = stages.get(spec.stage.casefold())
        if st is None:
            continue
        row = _new_round(s, job_id, st.id, spec.name, spec.duration_min, spec.attributes, spec.questions)
        _record(db, s, row, HiringAction.CREATED, f"{row.name} ({st.name}, {row.duration_min} min)")


def rehome_rounds(
    db: Database, s: Session, stage: Stage, remaining: Sequence[Stage], target: Stage | None
) -> None:
    """Before a stage is removed: its rounds go to `target` (where its applicants go), else to the stage
    before it that is not the hired stage, else the first such stage; the plan is never lost silently."""
    rounds = _in_stage(s, stage.id)
    if not rounds:
        return
    if target is None:
        open_stages = [st for st in remaining if st.kind != "hired"]
        earlier = [st for st in open_stages if st.position < stage.position]
        target = earlier[-1] if earlier else open_stages[0]
    start = _next_position(s, target.id)
    for offset, row in enumerate(rounds):
        row.stage_id, row.position = target.id, start + offset
        s.flush()
        _record(
            db, s, row, HiringAction.EDITED, f"{row.name}: stage {stage.name} removed, now in {target.name}"
        )


def round_attributes(row: InterviewRound | None) -> tuple[str, ...]:
    return tuple(json.loads(row.attributes or "[]")) if row is not None else ()


def round_questions(row: InterviewRound | None) -> tuple[str, ...]:
    return tuple(json.loads(row.questions or "[]")) if row is not None else ()


# -- rows ----------------------------------------------------------------------------------------------


def _new_round(
    s: Session,
    job_id: int,
    stage_id: int,
    name: str,
    minutes: int,
    attributes: Sequence[str],
    questions: Sequence[str],
) -> InterviewRound:
    row = InterviewRound(
        job_id=job_id,
        stage_id=stage_id,
        position=_next_position(s, stage_id),
        name=name,
        duration_min=minutes,
        attributes=json.dumps(clean_attributes(attributes), ensure_ascii=False),
        questions=json.dumps(clean_questions(questions), ensure_ascii=False),
    )
    s.add(row)
    s.flush()
    return row


def _record(db: Database, s: Session, row: InterviewRound, action: HiringAction, detail: str) -> None:
    record_hiring_event(
        db, s, subject=HiringSubject.ROUND, subject_id=row.id, action=action, job_id=row.job_id, detail=detail
    )


def _row(s: Session, round_id: int) -> InterviewRound:
    row = s.get(InterviewRound, round_id)
    if row is None:
        raise NotFound(f"no interview round #{round_id}")
    return row


def _stage_of(s: Session, job_id: int, stage: int | str) -> Stage:
    stages = ordered_stages(s, job_id)
    if isinstance(stage, int) and not isinstance(stage, bool):
        for st in stages:
            if st.id == stage:
                return st
        raise NotFound(f"stage #{stage} is not a stage of \u2018{job_row(s, job_id).title}\u2019")
    wanted = " ".join(str(stage).split()).casefold()
    for st in stages:
        if st.name.casefold() == wanted:
            return st
    title = job_row(s, job_id).title
    raise NotFound(unknown(f"\u2018{title}\u2019 has no stage", str(stage), [st.name for st in stages]))


def _name_free(s: Session, job_id: int, name: str, *, except_id: int | None = None) -> None:
    q = select(InterviewRound.name).where(
        InterviewRound.job_id == job_id, func.lower(InterviewRound.name) == name.lower()
    )
    if except_id is not None:
        q = q.where(InterviewRound.id != except_id)
    taken = s.scalar(q.limit(1))
    if taken is not None:
        raise RuleViolation(f"this job already has a round named \u2018{taken}\u2019: round names are unique")


def _next_position(s: Session, stage_id: int) -> int:
    top = s.scalar(select(func.max(InterviewRound.position)).where(InterviewRound.stage_id == stage_id))
    return 0 if top is None else top + 1


def _in_stage(s: Session, stage_id: int) -> list[InterviewRound]:
    q = select(InterviewRound).where(InterviewRound.stage_id == stage_id)
    return list(s.scalars(q.order_by(InterviewRound.position, InterviewRound.id)))


def _renumber(s: Session, stage_id: int) -> None:
    for pos, r in enumerate(_in_stage(s, stage_id)):
        r.position = pos


def _stage_name(s: Session, stage_id: int) -> str:
    return s.scalar(select(Stage.name).where(Stage.id == stage_id)) or ""


def _plan(s: Session, job_id: int) -> list[RoundRecord]:
    rows = s.execute(
        select(InterviewRound, Stage.name)
        .join(Stage, Stage.id == InterviewRound.stage_id)
        .where(InterviewRound.job_id == job_id)
        .order_by(Stage.position, Stage.id, InterviewRound.position, InterviewRound.id)
    ).all()
    return [_record_of(row, stage_name) for row, stage_name in rows]


def _record_of(row: InterviewRound, stage_name: str) -> RoundRecord:
    return RoundRecord(
        id=row.id,
        job_id=row.job_id,
        stage_id=row.stage_id,
        stage_name=stage_name,
        position=row.position,
        name=row.name,
        duration_min=row.duration_min,
        attributes=round_attributes(row),
        questions=round_questions(row),
    )
