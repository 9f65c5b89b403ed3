"""Row dicts for the bulk writer, one function per table, so the builder reads as what happens."""

from __future__ import annotations

from datetime import datetime

from pipeline_tui.core.vocabulary import CLOSED_STATUSES, JobStatus, PoolStatus
from pipeline_tui.services.demo.catalogue import JobSpec, PoolSpec
from pipeline_tui.services.timeline import Outcome, Timeline


def pool_row(pid: int, spec: PoolSpec, created_at: datetime) -> dict:
    return {
        "id": pid,
        "name": spec.name,
        "description": spec.description,
        "owner": spec.owner,
        "created_at": created_at,
    }


def member_row(pid: int, cid: int, added_at: datetime, status: PoolStatus, by: str) -> dict:
    return {"pool_id": pid, "candidate_id": cid, "added_at": added_at, "added_by": by, "status": status}


def job_row(
    jid: int, spec: JobSpec, opened: datetime | None, until: datetime, created: datetime, team: dict[str, int]
) -> dict:
    return {
        "id": jid,
        "title": spec.title,
        "department": spec.department,
        "location": spec.location,
        "status": spec.status,
        "hiring_manager_id": team[spec.hiring_manager],
        "recruiter_id": team[spec.recruiter],
        "headcount": spec.headcount,
        "opened_at": opened,
        "closed_at": until if spec.status in (JobStatus.CLOSED, JobStatus.FILLED) else None,
        "created_at": created,
    }


def application_row(
    aid: int,
    cid: int,
    jid: int,
    tl: Timeline,
    outcome: Outcome,
    *,
    source: str,
    origin: int | None,
    applied: datetime,
    rating: int,
) -> dict:
    """The application's row, agreeing with its planned timeline (stage, status, version)."""
    closed = tl.status in CLOSED_STATUSES
    return {
        "id": aid,
        "candidate_id": cid,
        "job_id": jid,
        "stage_id": tl.stage.id,
        "status": tl.status,
        "rejection_reason_id": outcome.reason_id if closed else None,
        "rejection_note": outcome.note if closed else None,
        "source": source,
        "origin_pool_id": origin,
        "applied_at": applied,
        "stage_entered_at": tl.stage_entered_at,
        "rating": rating,
        "version": tl.version,
        "updated_at": tl.updated_at,
    }


def activity_row(
    cid: int, kind: str, body: str, at: datetime, actor: str, application_id: int | None = None
) -> dict:
    return {
        "candidate_id": cid,
        "application_id": application_id,
        "kind": kind,
        "body": body,
        "at": at,
        "actor": actor,
    }
