"""The builder: turns the catalogue into rows, in short steps that each draw from one seeded generator.

Every step draws from `self.rng` in a fixed order, so the same seed and `now` give the same demo; a step
that draws differently (a new `rng` call, a reordered loop) changes every row after it.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from pipeline_tui.core.validation import tag_key
from pipeline_tui.core.vocabulary import (
    ActivityKind,
    ApplicationStatus,
    JobStatus,
    PoolStatus,
    ReasonCategory,
    TeamRole,
)
from pipeline_tui.services.demo import catalogue as c
from pipeline_tui.services.demo.catalogue import JobSpec, PoolSpec
from pipeline_tui.services.demo.people import DemoPeople, ascii_letters
from pipeline_tui.services.demo.rows import activity_row, application_row, job_row, member_row, pool_row
from pipeline_tui.services.demo.twins import add_twins
from pipeline_tui.services.timeline import Outcome, StageRef, Timeline, plan_timeline
from pipeline_tui.store.seeding import Reason, SeedWriter

ID_TABLES = ("candidate", "job", "stage", "application", "pool", "tag")


def team_of(jobs, pools, recruiters) -> list[tuple[str, str]]:
    """The demo's hiring team: each job's hiring manager and recruiter, the recruiters who log touches, and
    the sourcers who own pools (one member per name; the first role named wins)."""
    return (
        [(j.hiring_manager, TeamRole.HIRING_MANAGER) for j in jobs]
        + [(j.recruiter, TeamRole.RECRUITER) for j in jobs]
        + [(r, TeamRole.RECRUITER) for r in recruiters]
        + [(p.owner, TeamRole.SOURCER) for p in pools]
    )


def interviewers_of(jobs) -> list[tuple[str, str, str]]:
    """The interviewers of the jobs' fields (after everyone else, so the other members keep their ids),
    each with a work address: panels are invited by e-mail."""
    names = dict.fromkeys(name for j in jobs for name in c.INTERVIEWERS[j.domain])
    return [(name, TeamRole.INTERVIEWER, team_email(name)) for name in names]


def team_email(name: str) -> str:
    return ".".join(ascii_letters(part) for part in name.split()) + "@" + c.TEAM_DOMAIN


class DemoCompany:
    """The demo's rows as they are built, and the ids handed out so far."""

    def __init__(self, writer: SeedWriter, *, now: datetime, seed: int) -> None:
        self.writer = writer
        self.now = now
        self.rng = random.Random(seed)
        self.people = DemoPeople(self.rng, seed)
        reasons = writer.reasons()
        self.rejected_reasons = [r for r in reasons if r.category == ReasonCategory.REJECTED]
        self.withdrew_reasons = [r for r in reasons if r.category == ReasonCategory.WITHDREW]
        self.ids = {name: writer.next_id(name) for name in ID_TABLES}
        self.candidates: list[dict] = []
        self.by_id: dict[int, dict] = {}
        self.jobs: list[dict] = []
        self.stages: list[dict] = []
        self.pools: list[dict] = []
        self.applications: list[dict] = []
        self.events: list[dict] = []
        self.activities: list[dict] = []
        self.members: dict[tuple[int, int], dict] = {}
        self.tags: list[dict] = []
        self.tag_ids: dict[str, int] = {}
        self.links: set[tuple[int, int]] = set()
        self.pool_ids: dict[str, int] = {}
        self.prospects_by_domain: dict[str, list[int]] = {}
        self.handed: set[int] = set()  # prospects already handed over to a job
        self.silver: list[tuple[int, datetime]] = []  # rejected finalists and when
        self.job_interviewers: list[dict] = []

    def build(self) -> None:
        """Every step, in the order the demo has always been drawn."""
        self.team = self.writer.add_team(team_of(c.JOBS, c.POOLS, c.RECRUITERS))
        self.team = self.writer.add_team(interviewers_of(c.JOBS))
        self.add_pools()
        for spec in c.POOLS:
            for _ in range(spec.prospects):
                self.add_prospect(spec)
        for spec in c.POOLS:
            self.draw_into(spec)
        for spec in c.JOBS:
            self.add_job(spec)
        self.add_silver_medalists()
        self.add_contact_history()
        add_twins(self)  # last: every row drawn before stays as it was

    team: dict[str, int]

    def write(self) -> None:
        w = self.writer
        w.write("candidate", self.candidates)
        w.write_identities(self.candidates)
        w.write("job", self.jobs)
        w.write("stage", self.stages)
        w.write("job_interviewer", self.job_interviewers)
        w.write("pool", self.pools)
        w.write("tag", self.tags)
        w.write("candidate_tag", ({"candidate_id": cid, "tag_id": t} for cid, t in sorted(self.links)))
        w.write("pool_member", (self.members[k] for k in sorted(self.members)))
        w.write("application", self.applications)
        w.write("stage_event", self.events)
        w.write("activity", self.activities)
        w.finish()

    # -- ids, people and tags -------------------------------------------------------------------------

    def new_id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table] - 1

    def add_person(self, cid: int, domain: str, source: str, created_at: datetime) -> dict:
        person = self.people.person(cid, domain, source=source, created_at=created_at)
        self.candidates.append(person)
        self.by_id[cid] = person
        return person

    def tag(self, cid: int, name: str) -> None:
        key = tag_key(name)
        if key not in self.tag_ids:
            self.tag_ids[key] = self.new_id("tag")
            self.tags.append({"id": self.tag_ids[key], "name": name, "name_key": key})
        self.links.add((cid, self.tag_ids[key]))

    def tag_person(self, cid: int, domain: str, n: int) -> None:
        """n tags of the person's field, and now and then a general one."""
        rng = self.rng
        for name in rng.sample(c.TAGS[domain], k=min(n, len(c.TAGS[domain]))):
            self.tag(cid, name)
        if rng.random() < c.GENERAL_TAG_SHARE:
            self.tag(cid, rng.choice(c.GENERAL_TAGS))

    def add_member(self, pool: str, cid: int, added_at: datetime, status: PoolStatus, by: str) -> None:
        pid = self.pool_ids[pool]
        self.members[(pid, cid)] = member_row(pid, cid, added_at, status, by)

    # -- pools and prospects --------------------------------------------------------------------------

    def add_pools(self) -> None:
        for spec in c.POOLS:
            pid = self.new_id("pool")
            self.pool_ids[spec.name] = pid
            self.pools.append(
                pool_row(pid, spec, self.now - timedelta(days=self.rng.randint(*c.POOL_AGE_DAYS)))
            )

    def add_prospect(self, spec: PoolSpec) -> None:
        """A person only in the CRM, in `spec`'s pool with a random status (never converted: that is kept
        for real handoffs)."""
        rng = self.rng
        cid = self.new_id("candidate")
        added = self.now - timedelta(days=rng.uniform(*c.PROSPECT_AGE_DAYS), minutes=rng.randint(0, 600))
        person = self.add_person(cid, spec.domain, rng.choice(c.PROSPECT_SOURCES), added)
        if rng.random() < c.PROSPECT_CONSENT_SHARE:
            person["consent_status"] = "given"
            person["consent_at"] = added + timedelta(days=rng.randint(0, 5))
        self.prospects_by_domain.setdefault(spec.domain, []).append(cid)
        statuses, weights = zip(*c.POOL_STATUS_WEIGHTS, strict=True)
        status = rng.choices(statuses, weights=weights)[0]
        if status == PoolStatus.CONVERTED:
            status = PoolStatus.CONTACTED
        self.add_member(spec.name, cid, added, status, spec.owner)
        self.tag_person(cid, spec.domain, rng.randint(*c.PROSPECT_TAGS))

    def draw_into(self, spec: PoolSpec) -> None:
        """Prospects of other fields also added to `spec`'s pool (people in two pools)."""
        rng = self.rng
        drawn: list[int] = []
        for domain, n in spec.drawn_from:
            drawn += rng.sample(self.prospects_by_domain[domain], n)
        for cid in drawn:
            earliest = self.by_id[cid]["created_at"] + timedelta(hours=1)
            added = max(self.now - timedelta(days=rng.uniform(1, spec.drawn_within_days)), earliest)
            self.add_member(spec.name, cid, added, rng.choice(spec.drawn_statuses), spec.owner)
            if spec.drawn_tag:
                self.tag(cid, spec.drawn_tag)

    # -- jobs and applicants --------------------------------------------------------------------------

    def add_job(self, spec: JobSpec) -> None:
        """The job, its stages and (unless it is a draft) its applicants with their histories."""
        jid = self.new_id("job")
        now = self.now
        opened = now - timedelta(days=spec.opened_days_ago) if spec.status != JobStatus.DRAFT else None
        until = now - timedelta(days=spec.paused_days_ago)
        self.jobs.append(
            job_row(
                jid, spec, opened, until, (opened or now - timedelta(days=3)) - timedelta(days=4), self.team
            )
        )
        self.job_interviewers += [
            {"job_id": jid, "team_member_id": self.team[name]} for name in c.INTERVIEWERS[spec.domain]
        ]
        refs = []
        for pos, (name, kind) in enumerate(spec.stages):
            sid = self.new_id("stage")
            self.stages.append({"id": sid, "job_id": jid, "position": pos, "name": name, "kind": kind})
            refs.append(StageRef(sid, name, kind))
        if opened is None:
            return
        handoffs = spec.handoffs if spec.handoff_pool else 0
        for outcome in self.outcomes(spec, len(refs) - 1):
            handed = self.add_applicant(spec, jid, refs, outcome, until, handoff=handoffs > 0)
            handoffs -= handed

    def outcomes(self, spec: JobSpec, hired_index: int) -> list[Outcome]:
        """Where each of the job's applicants ends up, shuffled."""
        rng = self.rng
        outcomes: list[Outcome] = []
        for idx, n in enumerate(spec.active):
            outcomes += [Outcome(idx) for _ in range(n)]
        outcomes += [Outcome(hired_index, ApplicationStatus.HIRED) for _ in range(spec.hired)]
        weights = list(c.REJECTED_AT_WEIGHTS[:hired_index]) + [1] * max(
            0, hired_index - len(c.REJECTED_AT_WEIGHTS)
        )
        for _ in range(spec.rejected):
            at_stage = rng.choices(range(hired_index), weights=weights)[0]
            reason = self.rejection_reason(closed=spec.status in (JobStatus.CLOSED, JobStatus.FILLED))
            note = rng.choice(c.NOTES) if rng.random() < c.REJECTION_NOTE_SHARE else None
            outcomes.append(Outcome(at_stage, ApplicationStatus.REJECTED, reason.id, note))
        for _ in range(spec.withdrawn):
            at_stage = rng.randrange(hired_index)
            reason_id = rng.choice(self.withdrew_reasons).id
            outcomes.append(Outcome(at_stage, ApplicationStatus.WITHDRAWN, reason_id))
        rng.shuffle(outcomes)
        return outcomes

    def rejection_reason(self, *, closed: bool) -> Reason:
        """A closed job's rejections often say the position was filled; otherwise any reason of ours."""
        if closed and self.rng.random() < c.POSITION_FILLED_SHARE:
            filled = next(
                (r for r in self.rejected_reasons if r.name.startswith(c.POSITION_FILLED_PREFIX)), None
            )
            if filled:
                return filled
        return self.rng.choice(self.rejected_reasons)

    def add_applicant(
        self,
        spec: JobSpec,
        jid: int,
        refs: list[StageRef],
        outcome: Outcome,
        until: datetime,
        *,
        handoff: bool,
    ) -> bool:
        """One application with its history; True when it was a prospect handed over from the job's pool."""
        rng = self.rng
        # People further along applied earlier: they needed the time to get there.
        window = spec.opened_days_ago - spec.paused_days_ago
        days = rng.uniform(min(2 + 5 * outcome.stage_index, window - 1), window)
        applied = (until - timedelta(days=days, minutes=rng.randint(0, 300))).replace(microsecond=0)
        aid = self.new_id("application")
        cid = None
        if handoff and outcome.status == ApplicationStatus.ACTIVE:
            cid = self.handoff_candidate(spec.handoff_pool, applied)
        if cid is not None:
            self.handed.add(cid)
            origin = self.pool_ids[spec.handoff_pool]
            self.members[(origin, cid)]["status"] = PoolStatus.CONVERTED
            source = f"pool: {spec.handoff_pool}"
        else:
            origin = None
            cid, source = self.add_applicant_person(spec, applied)
        tl = plan_timeline(rng, refs, outcome, application_id=aid, applied_at=applied, now=until,
                           actor=spec.recruiter, source=source, handoff=origin is not None)  # fmt: skip
        self.events.extend(tl.events)
        self.applications.append(
            application_row(
                aid,
                cid,
                jid,
                tl,
                outcome,
                source=source,
                origin=origin,
                applied=applied,
                rating=self.rating(tl, outcome),
            )  # fmt: skip
        )
        self.after_application(spec, cid, aid, tl, outcome)
        return origin is not None

    def add_applicant_person(self, spec: JobSpec, applied: datetime) -> tuple[int, str]:
        """A new person who applied (consent given on applying), sometimes tagged."""
        cid = self.new_id("candidate")
        source = self.rng.choice(c.APPLICANT_SOURCES)
        person = self.add_person(cid, spec.domain, source, applied)
        person["consent_status"] = "given"
        person["consent_at"] = applied
        if self.rng.random() < c.APPLICANT_TAG_SHARE:
            self.tag_person(cid, spec.domain, self.rng.randint(*c.APPLICANT_TAGS))
        return cid, source

    def rating(self, tl: Timeline, outcome: Outcome) -> int:
        """0 to 3 stars, higher for people further along; none yet in the applied stage."""
        if outcome.stage_index == 0:
            return 0
        return min(3, max(0, round(self.rng.gauss(1 + outcome.stage_index * 0.4, 0.8))))

    def after_application(self, spec: JobSpec, cid: int, aid: int, tl: Timeline, outcome: Outcome) -> None:
        """A recruiter's note now and then; finalists remembered as silver medalists, some who withdrew
        kept warm in their field's pool."""
        rng = self.rng
        if rng.random() < c.NOTE_ACTIVITY_SHARE:
            at = tl.events[min(1, len(tl.events) - 1)]["at"] + timedelta(hours=2)
            self.activities.append(
                activity_row(
                    cid, ActivityKind.NOTE, rng.choice(c.NOTES), at, spec.recruiter, application_id=aid
                )
            )
        if tl.status == ApplicationStatus.REJECTED and outcome.stage_index >= c.SILVER_FROM_STAGE:
            self.silver.append((cid, tl.updated_at))
        elif tl.status == ApplicationStatus.WITHDRAWN and rng.random() < c.WARM_WITHDRAWN_SHARE:
            pool = next((p for p in c.POOLS if p.domain == spec.domain and p.prospects), None)
            if pool:
                added = min(tl.updated_at + timedelta(days=1), self.now)
                self.add_member(pool.name, cid, added, PoolStatus.CONTACTED, spec.recruiter)

    def handoff_candidate(self, pool_name: str, applied: datetime) -> int | None:
        """A prospect of the pool's field, in the CRM well before `applied`, not yet handed to a job."""
        domain = next(p.domain for p in c.POOLS if p.name == pool_name)
        for cid in self.prospects_by_domain[domain]:
            if cid not in self.handed and self.by_id[cid]["created_at"] < applied - timedelta(days=2):
                return cid
        return None

    # -- after the jobs -------------------------------------------------------------------------------

    def add_silver_medalists(self) -> None:
        spec = next(p for p in c.POOLS if p.name == c.SILVER_MEDALISTS)
        for cid, when in self.silver:
            status = self.rng.choice(c.SILVER_STATUSES)
            self.add_member(spec.name, cid, min(when + timedelta(days=1), self.now), status, spec.owner)
            self.tag(cid, c.SILVER_TAG)

    def add_contact_history(self) -> None:
        """Touches (e-mail, call, meeting) for people in a contacted status and a few others;
        last_contacted_at always matches a logged touch."""
        rng = self.rng
        in_touch = {cid for (_, cid), m in self.members.items() if m["status"] != PoolStatus.NEW}
        for cid in sorted(in_touch | set(rng.sample(sorted(self.by_id), c.EXTRA_CONTACTED))):
            if rng.random() < c.UNCONTACTED_SHARE:
                continue
            self.add_touch(self.by_id[cid])

    def add_touch(self, person: dict) -> None:
        rng = self.rng
        bucket = rng.random()
        _, fewest, most = next(age for age in c.CONTACT_AGES if bucket < age[0])
        days = rng.uniform(fewest, most)
        when = max(self.now - timedelta(days=days), person["created_at"] + timedelta(hours=1))
        when = min(when.replace(microsecond=0), self.now)
        kind = rng.choices(tuple(c.TOUCH_BODIES), weights=c.TOUCH_WEIGHTS)[0]
        body = rng.choice(c.TOUCH_BODIES[kind]).format(role=person["current_title"] or "open")
        self.activities.append(activity_row(person["id"], kind, body, when, rng.choice(c.RECRUITERS)))
        person["last_contacted_at"] = when
        person["updated_at"] = max(person["updated_at"], when)
