"""The demo's interview plans, interviews and scorecards, written through the repositories after the bulk
rows (so every rule of #13 holds for them), each as if made at its moment in the demo's past
(`core.clock.pinned_at`), by the team member who would have made it.

What it promises (tests/services/test_demo_data.py): every job has a plan; applicants past the phone screen
of the open jobs have interviews, completed ones with scorecards from their panel and upcoming ones; the
person running the demo interviews for several jobs, with interviews today and this week, one scorecard
still due and (services/demo/offers.py) an offer waiting for their approval.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from pipeline_tui.core.clock import pinned_at
from pipeline_tui.core.hiring_records import RoundRecord
from pipeline_tui.core.hiring_vocabulary import RATINGS, RECOMMENDATIONS
from pipeline_tui.core.local_time import day_bounds, user_zone
from pipeline_tui.core.pipeline_templates import plan_for
from pipeline_tui.core.records import TeamMemberRecord
from pipeline_tui.core.vocabulary import ApplicationStatus, JobStatus, StageKind
from pipeline_tui.services.demo import catalogue as c
from pipeline_tui.services.demo.catalogue import JobSpec
from pipeline_tui.store import Store
from pipeline_tui.store.current_user import CurrentUser

HOUR = timedelta(hours=1)


@contextmanager
def acting_as(store: Store, member: TeamMemberRecord) -> Iterator[None]:
    """Changes made inside are recorded as `member`'s, as when they submit their own scorecard."""
    db = store.db
    kept = db.user
    db.user = CurrentUser(member.name, member=member)
    try:
        yield
    finally:
        db.user = kept


def on_the_half_hour(moment: datetime) -> datetime:
    """The next :00 or :30, as interviews are booked."""
    moment = moment.replace(second=0, microsecond=0)
    extra = (30 - moment.minute % 30) % 30
    return moment + timedelta(minutes=extra)


class DemoHiring:
    """Draws the hiring history from its own seeded generator over the company's rows."""

    def __init__(self, store: Store, company, *, seed: int) -> None:  # noqa: ANN001 - a DemoCompany
        self.store = store
        self.company = company
        self.now: datetime = company.now
        self.rng = random.Random(seed + c.HIRING_SEED_OFFSET)
        self.counts: Counter[str] = Counter()
        self.zone = user_zone()
        self.specs = {spec.title: spec for spec in c.JOBS}
        self.members: dict[int, TeamMemberRecord] = {}
        self.entered: dict[tuple[int, int], datetime] = {}  # (application, stage) -> when it got there
        for event in company.events:
            if event["from_stage_id"] != event["to_stage_id"]:
                self.entered[(event["application_id"], event["to_stage_id"])] = event["at"]
        self.my_slots = self._my_slots()
        self.due_left = 1  # completed interviews whose scorecard the demo user still owes
        self.other_upcoming = c.OTHER_UPCOMING

    # -- the team and the plans ------------------------------------------------------------------------

    def add_team_and_plans(self) -> None:
        store = self.store
        with pinned_at(self.now - timedelta(days=120)):
            self.me = store.team.ensure_current()
        self.members = {m.id: m for m in store.team.list()}
        for job in self.company.jobs:
            spec = self.specs[job["title"]]
            with pinned_at(job["created_at"] + HOUR):
                for stage, name, minutes, attributes, questions in self._plan_of(spec):
                    store.rounds.add(
                        job["id"],
                        stage,
                        name,
                        duration_min=minutes,
                        attributes=attributes,
                        questions=questions,
                    )
                    self.counts["interview_round"] += 1
                if spec.title in c.DEMO_USER_JOBS:
                    team = [self.company.team[n] for n in c.INTERVIEWERS[spec.domain]]
                    store.jobs.update_job(job["id"], interviewer_ids=[*team, self.me.id])

    def _plan_of(self, spec: JobSpec):  # noqa: ANN202 - rows of (stage, name, minutes, attributes, questions)
        rounds = [(r.stage, r.name, r.duration_min, r.attributes, r.questions) for r in plan_for(spec.stages)]
        return rounds + list(c.EXTRA_ROUNDS.get(spec.title, ()))

    # -- interviews ------------------------------------------------------------------------------------

    def add_interviews(self) -> None:
        """Applicants of the open jobs past their phone screen: the rounds of the stage they are in (held,
        or still ahead), and for those at the offer stage the rounds of the stage before it."""
        for job in self.company.jobs:
            if job["status"] != JobStatus.OPEN:
                continue
            spec = self.specs[job["title"]]
            rounds = self.store.rounds.for_job(job["id"])
            stages = sorted(
                (s for s in self.company.stages if s["job_id"] == job["id"]), key=lambda s: s["position"]
            )
            apps = [a for a in self.company.applications if a["job_id"] == job["id"]]
            for app in sorted(apps, key=lambda a: a["id"]):
                if app["status"] != ApplicationStatus.ACTIVE:
                    continue
                index = next(i for i, s in enumerate(stages) if s["id"] == app["stage_id"])
                if index < 2:
                    continue
                self._interviews_of(spec, job, app, stages, index, rounds)

    def _interviews_of(self, spec, job, app, stages, index, rounds) -> None:  # noqa: ANN001 - rows
        stage = stages[index]
        entered = self.entered.get((app["id"], stage["id"]), app["stage_entered_at"])
        if stage["kind"] == StageKind.OFFER:
            before = stages[index - 1]
            since = self.entered.get((app["id"], before["id"]), entered - timedelta(days=10))
            for one in [r for r in rounds if r.stage_id == before["id"]][-1:]:  # their last interview
                self.held(spec, job, app, one, since, entered)
            return
        mine = [r for r in rounds if r.stage_id == stage["id"]]
        if not mine:
            return
        ahead = self.rng.random() < c.SCHEDULED_SHARE or self.now - entered < timedelta(hours=30)
        if ahead:
            self.upcoming(spec, job, app, mine[0], entered)
        else:
            self.held(spec, job, app, mine[0], entered, self.now)

    def panel_for(self, spec: JobSpec, job: dict, one: RoundRecord, *, with_me: bool) -> list[int]:
        """The recruiter screens alone; other rounds: one or two interviewers of the field, and the hiring
        manager now and then; the demo user on their jobs' panels when asked."""
        if "screen" in one.name.lower():
            panel = [job["recruiter_id"]]
        else:
            names = list(c.INTERVIEWERS[spec.domain])
            panel = [self.company.team[n] for n in self.rng.sample(names, k=1 if with_me else 2)]
            if self.rng.random() < 0.15:
                panel.append(job["hiring_manager_id"])
        if with_me and self.me.id not in panel:
            panel.append(self.me.id)
        return panel

    def _schedule(self, spec, job, app, one, starts_at: datetime, booked: datetime, panel):  # noqa: ANN001, ANN202
        zone = next((z for city, z in c.JOB_ZONES.items() if city in spec.location), "Europe/Berlin")
        where = self.rng.choice(c.LOCATIONS).format(slug=f"{job['id']}-{app['id']}-{one.id}")
        with pinned_at(booked), acting_as(self.store, self.members[job["recruiter_id"]]):
            result = self.store.interviews.schedule(
                app["id"], one.id, starts_at.replace(tzinfo=UTC), timezone=zone, location=where, panel=panel
            )
        self.counts["interview"] += 1
        return result.interview

    def held(self, spec, job, app, one: RoundRecord, since: datetime, until: datetime) -> None:  # noqa: ANN001
        """An interview that took place between `since` and `until`, completed, with its scorecards."""
        room = until - since - timedelta(minutes=one.duration_min) - 3 * HOUR
        if room <= timedelta(0):
            return
        starts = on_the_half_hour(since + room * self.rng.uniform(0.2, 0.8))
        ends = starts + timedelta(minutes=one.duration_min)
        owes = self.due_left > 0 and spec.title in c.DEMO_USER_JOBS and self.now - ends < timedelta(days=7)
        with_me = owes or (spec.title in c.DEMO_USER_JOBS and self.rng.random() < 0.3)
        panel = self.panel_for(spec, job, one, with_me=with_me)
        booked = max(since + HOUR, starts - timedelta(days=self.rng.randint(1, 4)))
        interview = self._schedule(spec, job, app, one, starts, min(booked, starts - HOUR), panel)
        with (
            pinned_at(ends + timedelta(minutes=10)),
            acting_as(self.store, self.members[job["recruiter_id"]]),
        ):
            self.store.interviews.complete(interview.id)
        for member_id in panel:
            if owes and member_id == self.me.id:
                self.due_left -= 1
                continue
            written = ends + timedelta(hours=self.rng.uniform(0.5, 20))
            self.scorecard(interview.id, one, self.members[member_id], min(written, self.now - HOUR))

    def scorecard(self, interview_id: int, one: RoundRecord, author: TeamMemberRecord, at: datetime) -> None:
        rng = self.rng
        overall = None
        if rng.random() >= c.NO_DECISION_SHARE:
            overall = str(rng.choices(RECOMMENDATIONS, weights=c.RECOMMENDATION_WEIGHTS)[0])
        ratings = {a: str(rng.choices(RATINGS, weights=c.RATING_WEIGHTS)[0]) for a in one.attributes}
        with pinned_at(at), acting_as(self.store, author):
            self.store.scorecards.submit(
                interview_id, author.id, overall=overall, ratings=ratings, notes=rng.choice(c.TAKEAWAYS)
            )
        self.counts["scorecard"] += 1

    def upcoming(self, spec, job, app, one: RoundRecord, entered: datetime) -> None:  # noqa: ANN001
        """An interview still ahead: in one of the demo user's slots (today, this week) on their jobs,
        else in the next days without them."""
        if spec.title in c.DEMO_USER_JOBS and self.my_slots:
            starts, with_me = self.my_slots.pop(0), True
        elif self.other_upcoming <= 0:
            return
        else:
            self.other_upcoming -= 1
            day = self.now + timedelta(days=self.rng.randint(1, 8))
            starts, with_me = day.replace(hour=self.rng.choice((8, 9, 12, 13, 14)), minute=0, second=0), False
        panel = self.panel_for(spec, job, one, with_me=with_me)
        booked = max(entered + HOUR, min(self.now - HOUR, starts - timedelta(days=2)))
        self._schedule(spec, job, app, one, starts, booked, panel)

    def _my_slots(self) -> list[datetime]:
        """Naive UTC starts for the demo user's interviews: today at TODAY_HOURS (local), then one a day
        at 11:00 local for the next four days (the rest of this week, and into the next)."""
        today = self.now.replace(tzinfo=UTC).astimezone(self.zone).date()
        slots = []
        start, _ = day_bounds(today, self.zone)
        for hour in c.TODAY_HOURS:
            slots.append((start + timedelta(hours=hour)).astimezone(UTC).replace(tzinfo=None))
        for days in range(1, 5):
            day_start, _ = day_bounds(today + timedelta(days=days), self.zone)
            slots.append((day_start + timedelta(hours=11)).astimezone(UTC).replace(tzinfo=None))
        return slots
