"""The change-log entries of a job's own writes (created, edited, its team, status, stages, interview plan).

A job's entry names the job in `subject` as it was called then ("Ann changed the stages of Data Engineer
(added Take-home)"), and its `job_id`, so the activity feed of one job and that job's boards see it. When
a job's write also changes applications (closing it rejects the active ones, removing a stage moves its
applicants), each application gets its own board entry, as the board's own writes do.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline_tui.core.change_records import Change
from pipeline_tui.core.change_vocabulary import ChangeEntity, ChangeKind
from pipeline_tui.store.change_log import note_change, note_changes
from pipeline_tui.store.models import Job

# The job's team as update_job names its fields: a change to one of them is TEAM_CHANGED, not JOB_EDITED.
TEAM_WORDS = ("hiring manager", "recruiter", "coordinator", "interviewers")


def note_job_change(s: Session, job_id: int, kind: ChangeKind, detail: str | None = None) -> None:
    """Note one entry about the job (its title read in this transaction, usually from the session)."""
    job = s.get(Job, job_id)
    title = job.title if job is not None else s.scalar(select(Job.title).where(Job.id == job_id))
    note_change(s, Change(ChangeEntity.JOB, job_id, kind, subject=title, detail=detail, job_id=job_id))


def note_job_edit(s: Session, job_id: int, changed: Iterable[str]) -> None:
    """update_job's `changed` ("title: A → B", "headcount: 1 → 2", "recruiter", "interviewers") as at most
    two entries: JOB_EDITED naming the fields, TEAM_CHANGED naming the roles."""
    fields = [part.split(":", 1)[0] for part in changed]
    team = [f for f in fields if f in TEAM_WORDS]
    plain = [f for f in fields if f not in TEAM_WORDS]
    if plain:
        note_job_change(s, job_id, ChangeKind.JOB_EDITED, ", ".join(plain))
    if team:
        note_job_change(s, job_id, ChangeKind.TEAM_CHANGED, ", ".join(team))


def note_applications(
    s: Session, kind: ChangeKind, job_id: int, detail: str, apps: Iterable[tuple[int, int]]
) -> None:
    """One board entry per application a job's write changed; `apps` is (application id, candidate id)."""
    note_changes(
        s,
        [
            Change(ChangeEntity.APPLICATION, app_id, kind, detail=detail, job_id=job_id, candidate_id=cid)
            for app_id, cid in apps
        ],
    )
