"""The jobs half of a synthetic run: jobs with the default stages, then applications with their histories.

About a tenth of the applications are made by prospects (people in both a pool and a job); the rest by new
people. `largest_job` pins the first job's active applicants, the benchmark's biggest board.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from pipeline_tui.core.vocabulary import (
    ApplicationStatus,
    JobStatus,
    ReasonCategory,
    TeamRole,
)
from pipeline_tui.services.synthetic.catalogue import (
    ACTIVE_STAGE_WEIGHTS,
    APPLICANT_SOURCES,
    CHUNK,
    CITIES,
    CLOSED_STAGE_WEIGHTS,
    DEPARTMENT_OF_ROLE,
    LEVELS,
    RECRUITERS,
    ROLES,
)
from pipeline_tui.services.synthetic.people import SyntheticRun
from pipeline_tui.services.synthetic.plan import OVERLAP_SHARE
from pipeline_tui.services.timeline import Outcome, StageRef, plan_timeline
from pipeline_tui.store.jobs import DEFAULT_STAGES

# How a job's applications end, by the job's state (weights).
PINNED_CLOSED_OUTCOMES = ((ApplicationStatus.REJECTED, 85), (ApplicationStatus.WITHDRAWN, 10),
                          (ApplicationStatus.HIRED, 5))  # fmt: skip
CLOSED_JOB_OUTCOMES = ((ApplicationStatus.REJECTED, 85), (ApplicationStatus.WITHDRAWN, 12),
                       (ApplicationStatus.HIRED, 3))  # fmt: skip
OPEN_JOB_OUTCOMES = ((ApplicationStatus.ACTIVE, 62), (ApplicationStatus.REJECTED, 28),
                     (ApplicationStatus.WITHDRAWN, 6), (ApplicationStatus.HIRED, 4))  # fmt: skip
JOB_STATUS_WEIGHTS = ((JobStatus.OPEN, 75), (JobStatus.ON_HOLD, 8), (JobStatus.CLOSED, 10),
                      (JobStatus.DRAFT, 7))  # fmt: skip


@dataclass(frozen=True)
class SeededJob:
    """What applications need of a job: its stages and the window in which things happened."""

    id: int
    status: JobStatus
    opened: datetime
    until: datetime  # nothing moved after this (closed or on hold since)
    stages: list[StageRef]
    actor: str


def _weighted(rng: random.Random, table: tuple[tuple[str, int], ...]):
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights)[0]


def make_jobs(run: SyntheticRun) -> list[SeededJob]:
    rng, now = run.rng, run.now
    job_id = run.w.next_id("job")
    stage_id = run.w.next_id("stage")
    rows, stages, seeded = [], [], []
    team = run.w.add_team((name, TeamRole.RECRUITER) for name in RECRUITERS)
    by_id = {i: name for name, i in team.items()}
    for i in range(run.plan.jobs):
        role, level, city = rng.choice(ROLES), rng.choice(LEVELS), rng.choice(CITIES)
        status = JobStatus.OPEN if i == 0 else _weighted(rng, JOB_STATUS_WEIGHTS)
        opened = (now - timedelta(days=rng.uniform(120 if i == 0 else 14, 400))).replace(microsecond=0)
        until = _paused_since(rng, now, status, opened)
        rows.append(
            {
                "id": job_id,
                "title": f"{level}{role}, {city}",
                "department": department(role),
                "location": city,
                "status": status,
                "hiring_manager_id": team[rng.choice(RECRUITERS[::-1])],
                "recruiter_id": team[rng.choice(RECRUITERS)],
                "headcount": rng.randint(1, 4),
                "opened_at": None if status == JobStatus.DRAFT else opened,
                "closed_at": until if status == JobStatus.CLOSED else None,
                "created_at": opened - timedelta(days=rng.randint(1, 10)),
            }
        )
        refs = []
        for pos, (name, kind) in enumerate(DEFAULT_STAGES):
            stages.append({"id": stage_id, "job_id": job_id, "position": pos, "name": name, "kind": kind})
            refs.append(StageRef(stage_id, name, kind))
            stage_id += 1
        seeded.append(SeededJob(job_id, status, opened, until, refs, by_id[rows[-1]["recruiter_id"]]))
        job_id += 1
    run.w.write("job", rows)
    run.w.write("stage", stages)
    return seeded


def _paused_since(rng: random.Random, now: datetime, status: JobStatus, opened: datetime) -> datetime:
    """Until when a job's pipeline moved: now for open jobs, the closing or pausing day otherwise."""
    until = now
    if status == JobStatus.CLOSED:
        until = opened + timedelta(days=rng.uniform(10, (now - opened).days - 1))
    elif status == JobStatus.ON_HOLD:
        until = now - timedelta(days=rng.uniform(3, min(40, (now - opened).days - 1)))
    return until.replace(microsecond=0)


def department(role: str) -> str:
    for key, dept in DEPARTMENT_OF_ROLE:
        if key in role:
            return dept
    return "Engineering"


def split_applications(run: SyntheticRun, jobs: list[SeededJob]) -> list[int]:
    """How many applications each job gets: job 1 pinned by --largest-job, the rest skewed at random."""
    rng, plan = run.rng, run.plan
    total = plan.applicants
    counts = [0] * len(jobs)
    open_jobs = [i for i, j in enumerate(jobs) if j.status != JobStatus.DRAFT]
    if not total:
        return counts
    cap = None
    if plan.largest_job is not None:
        closed_extra = min(total - plan.largest_job, plan.largest_job * 3 // 10)
        counts[0] = plan.largest_job + closed_extra
        total -= counts[0]
        open_jobs = [i for i in open_jobs if i != 0]
        cap = max(plan.largest_job - 1, 1)
        if total and not open_jobs:
            counts[0] += total
            return counts
    weights = [rng.lognormvariate(0, 0.9) for _ in open_jobs]
    scale = total / sum(weights) if weights else 0
    for i, w in zip(open_jobs, weights, strict=True):
        counts[i] = int(w * scale)
    leftover = total - sum(counts[i] for i in open_jobs)
    order = sorted(open_jobs, key=lambda i: counts[i])
    for n in range(leftover):
        counts[order[n % len(order)]] += 1
    if cap is not None:
        _cap_below_largest(counts, open_jobs, cap)
    return counts


def _cap_below_largest(counts: list[int], open_jobs: list[int], cap: int) -> None:
    """No other job outgrows the pinned largest one: the excess fills the smallest jobs first."""
    excess = sum(max(0, counts[i] - cap) for i in open_jobs)
    for i in open_jobs:
        counts[i] = min(counts[i], cap)
    for i in sorted(open_jobs, key=lambda i: counts[i]):
        if not excess:
            break
        add = min(excess, cap - counts[i])
        counts[i] += add
        excess -= add
    counts[0] += excess  # only when every other job is full


class _Buffers:
    """Rows waiting for the next chunk write, flushed together so each chunk is consistent."""

    def __init__(self, run: SyntheticRun) -> None:
        self.run = run
        self.people: list[dict] = []
        self.links: list[dict] = []
        self.apps: list[dict] = []
        self.events: list[dict] = []
        self.activities: list[dict] = []

    def flush(self) -> None:
        w, progress = self.run.w, self.run.progress
        w.write("candidate", self.people, progress=progress)
        w.write_identities(self.people)
        w.write("candidate_tag", self.links)
        w.write("activity", self.activities)
        w.write("application", self.apps, progress=progress)
        w.write("stage_event", self.events)
        for buf in (self.people, self.links, self.apps, self.events, self.activities):
            buf.clear()


def make_applications(run: SyntheticRun, jobs: list[SeededJob]) -> None:
    rng, plan = run.rng, run.plan
    if not plan.applicants:
        return
    reasons = run.w.reasons()
    rejected = [r.id for r in reasons if r.category == ReasonCategory.REJECTED] or [None]
    withdrew = [r.id for r in reasons if r.category == ReasonCategory.WITHDREW] or [None]
    counts = split_applications(run, jobs)
    overlap_n = min(int(plan.applicants * OVERLAP_SHARE), plan.prospects)
    overlap = rng.sample(range(run.prospect_first, run.prospect_first + plan.prospects), overlap_n)
    # Which applications (by position) are made by prospects: exactly overlap_n of them.
    overlap_slots = set(rng.sample(range(plan.applicants), overlap_n))
    position = 0
    app_id = run.w.next_id("application")
    buffers = _Buffers(run)
    for j, job in enumerate(jobs):
        pinned_active = plan.largest_job if (j == 0 and plan.largest_job is not None) else None
        for k in range(counts[j]):
            outcome = _outcome(rng, job, pinned_active, k, rejected, withdrew)
            applied = _applied_at(rng, job, outcome)
            if position in overlap_slots:
                cid, source = overlap.pop(), "Sourced"
            else:
                cid, source = _new_applicant(run, buffers, applied)
            position += 1
            _add_application(run, buffers, job, outcome, app_id, cid, source, applied)
            app_id += 1
            if len(buffers.apps) >= CHUNK:
                buffers.flush()
    buffers.flush()


def _applied_at(rng: random.Random, job: SeededJob, outcome: Outcome) -> datetime:
    """People further along applied earlier: they needed the time to get there."""
    window = (job.until - job.opened).total_seconds()
    min_age = min(window * 0.8, 86400 * (1 + 4 * outcome.stage_index))
    return (job.until - timedelta(seconds=rng.uniform(min_age, window))).replace(microsecond=0)


def _new_applicant(run: SyntheticRun, buffers: _Buffers, applied: datetime) -> tuple[int, str]:
    """A new person who applied (consent given on applying), with tags and a touch like any prospect."""
    source = run.rng.choice(APPLICANT_SOURCES)
    person = run.person(source, applied)
    person["consent_status"] = "given"
    person["consent_at"] = applied
    if person["last_contacted_at"] is not None:
        person["last_contacted_at"] = max(person["last_contacted_at"], applied)
        person["updated_at"] = person["last_contacted_at"]
    buffers.people.append(person)
    run.touch(person, buffers.activities)
    run.tags_for(person["id"], buffers.links)
    return person["id"], source


def _add_application(
    run: SyntheticRun,
    buffers: _Buffers,
    job: SeededJob,
    outcome: Outcome,
    app_id: int,
    cid: int,
    source: str,
    applied: datetime,
) -> None:
    rng = run.rng
    tl = plan_timeline(rng, job.stages, outcome, application_id=app_id, applied_at=applied, now=job.until,
                       actor=job.actor, source=source)  # fmt: skip
    closed = tl.status in (ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN)
    buffers.apps.append(
        {
            "id": app_id,
            "candidate_id": cid,
            "job_id": job.id,
            "stage_id": tl.stage.id,
            "status": tl.status,
            "rejection_reason_id": outcome.reason_id if closed else None,
            "rejection_note": None,
            "source": source,
            "origin_pool_id": None,
            "applied_at": applied,
            "stage_entered_at": tl.stage_entered_at,
            "rating": rng.randint(0, 3) if tl.stage != job.stages[0] else 0,
            "version": tl.version,
            "updated_at": tl.updated_at,
        }
    )
    buffers.events.extend(tl.events)


def _outcome(
    rng: random.Random, job: SeededJob, pinned_active: int | None, k: int, rejected: list, withdrew: list
) -> Outcome:
    """Where the k-th application of `job` ends: the pinned number stay active, the rest by the job's state."""
    if pinned_active is not None:
        status = ApplicationStatus.ACTIVE if k < pinned_active else _weighted(rng, PINNED_CLOSED_OUTCOMES)
    elif job.status == JobStatus.CLOSED:
        status = _weighted(rng, CLOSED_JOB_OUTCOMES)
    else:
        status = _weighted(rng, OPEN_JOB_OUTCOMES)
    hired_index = len(job.stages) - 1
    if status == ApplicationStatus.HIRED:
        return Outcome(hired_index, ApplicationStatus.HIRED)
    weights = ACTIVE_STAGE_WEIGHTS if status == ApplicationStatus.ACTIVE else CLOSED_STAGE_WEIGHTS
    stage = rng.choices(range(len(weights)), weights)[0]
    if status == ApplicationStatus.REJECTED:
        return Outcome(stage, ApplicationStatus.REJECTED, rng.choice(rejected))
    if status == ApplicationStatus.WITHDRAWN:
        return Outcome(stage, ApplicationStatus.WITHDRAWN, rng.choice(withdrew))
    return Outcome(stage)
