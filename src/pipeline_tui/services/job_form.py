"""Saving the job form: the new team members it names and the job itself, in one unit of work.

The form lets a user type someone who is not on the team yet (name and e-mail); they are added with the
role of the field they were typed in, then the job is created or edited pointing at them. A refusal of
either (a taken e-mail, a duplicate title, headcount 0, stages the rules refuse) writes nothing at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pipeline_tui.core.records import JobRecord, TeamMemberRecord
from pipeline_tui.core.vocabulary import TeamRole

if TYPE_CHECKING:
    from pipeline_tui.store import Store


@dataclass(frozen=True)
class NewMember:
    """Someone to add to the team when the form is saved."""

    name: str
    email: str


MemberChoice = TeamMemberRecord | NewMember


@dataclass(frozen=True)
class JobDraft:
    """What the form holds. `stages` (name, kind) only for a new job: an edit leaves the stages alone."""

    title: str
    department: str | None = None
    location: str | None = None
    employment_type: str | None = None
    headcount: int = 1
    description: str | None = None
    hiring_manager: MemberChoice | None = None
    recruiter: MemberChoice | None = None
    coordinator: MemberChoice | None = None
    interviewers: Sequence[MemberChoice] = field(default_factory=tuple)
    stages: Sequence[tuple[str, str]] | None = None


def save_job(store: Store, job_id: int | None, draft: JobDraft) -> JobRecord:
    """Create (job_id None) or edit the job with its team; all of it or, when refused, none of it."""
    with store.unit() as uow:
        added: dict[str, int] = {}  # e-mail -> member id: one person typed in two fields is added once

        def member_id(choice: MemberChoice | None, role: TeamRole) -> int | None:
            if choice is None:
                return None
            if isinstance(choice, TeamMemberRecord):
                return choice.id
            if choice.email not in added:
                added[choice.email] = uow.team.add(choice.name, choice.email, role).id
            return added[choice.email]

        fields = {
            "department": draft.department,
            "location": draft.location,
            "employment_type": draft.employment_type,
            "headcount": draft.headcount,
            "description": draft.description,
            "hiring_manager_id": member_id(draft.hiring_manager, TeamRole.HIRING_MANAGER),
            "recruiter_id": member_id(draft.recruiter, TeamRole.RECRUITER),
            "coordinator_id": member_id(draft.coordinator, TeamRole.COORDINATOR),
            "interviewer_ids": [member_id(c, TeamRole.INTERVIEWER) for c in draft.interviewers],
        }
        if job_id is None:
            return uow.jobs.create_job(draft.title, stages=draft.stages, **fields)  # type: ignore[arg-type]
        return uow.jobs.update_job(job_id, title=draft.title, **fields)
