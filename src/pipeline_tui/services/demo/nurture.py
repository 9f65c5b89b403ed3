"""The demo's nurture sequences, written through the repositories after the hiring history (so every rule of
#14 holds for them), each as if done at its moment in the demo's past (`core.clock.pinned_at`), by the person
running the demo.

What it promises (tests/services/test_demo_data.py): two sequences (a three-step e-mail / LinkedIn / call one
counted in business days, and a two-step re-engagement of past finalists), people of a pool enrolled in each
in batches over the past weeks, and the queue worked on each past weekday (done, replied, opted out, skipped,
some left): so today there are touches due today, overdue ones and later ones, and `sequence stats` counts
something at every step.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from pipeline_tui.core.clock import naive, pinned_at
from pipeline_tui.core.nurture_records import SequenceDraft, SequenceRecord, StepDraft
from pipeline_tui.core.nurture_schedule import is_business_day, local_day
from pipeline_tui.core.vocabulary import PoolStatus
from pipeline_tui.services.demo import catalogue as c
from pipeline_tui.services.demo.catalogue import SequenceSpec
from pipeline_tui.services.demo.hiring import DemoHiring, acting_as

MINUTE = timedelta(minutes=1)
# Pool members a sourcer would pick for a sequence (the store refuses the others anyway, and counts them).
PICKED_STATUSES = (PoolStatus.NEW, PoolStatus.CONTACTED, PoolStatus.ENGAGED)


def add_nurture(hiring: DemoHiring, *, seed: int) -> None:
    DemoNurture(hiring, seed=seed).build()


def draft_of(spec: SequenceSpec) -> SequenceDraft:
    return SequenceDraft(
        name=spec.name,
        description=spec.description,
        steps=tuple(
            StepDraft(
                channel=ch, wait_days=wait, business_days=spec.business_days, subject=subject, body=body
            )
            for ch, wait, subject, body in spec.steps
        ),
    )


class DemoNurture:
    def __init__(self, hiring: DemoHiring, *, seed: int) -> None:
        self.store = hiring.store
        self.company = hiring.company
        self.now: datetime = hiring.now
        self.zone = hiring.zone
        self.me = hiring.me
        self.counts = hiring.counts
        self.rng = random.Random(seed + c.NURTURE_SEED_OFFSET)
        self.today = local_day(self.now, self.zone)

    def at(self, day: date, hour: float) -> datetime:
        """Naive UTC of `hour` on `day`'s wall clock, never later than the demo's now."""
        local = datetime.combine(day, time(), tzinfo=self.zone) + timedelta(hours=hour)
        return min(naive(local), self.now - MINUTE)

    def build(self) -> None:
        with acting_as(self.store, self.me):
            for spec in c.SEQUENCES:
                seq = self.add_sequence(spec)
                self.enroll(seq, spec)
            self.work_the_queue()

    def add_sequence(self, spec: SequenceSpec) -> SequenceRecord:
        written = self.today - timedelta(days=max(spec.enrolled_days_ago) + 1)
        with pinned_at(self.at(written, c.QUEUE_HOUR)):
            seq = self.store.sequences.add(draft_of(spec))
        self.counts["sequence"] += 1
        return seq

    def enroll(self, seq: SequenceRecord, spec: SequenceSpec) -> None:
        """A batch of the pool's people on each of the spec's days, enrolled before that day's queue."""
        pool_id = self.company.pool_ids[spec.pool]
        first = self.at(self.today - timedelta(days=max(spec.enrolled_days_ago)), c.QUEUE_HOUR)
        people = sorted(
            cid
            for (pid, cid), row in self.company.members.items()
            if pid == pool_id and row["status"] in PICKED_STATUSES and row["added_at"] < first
        )
        picked = self.rng.sample(people, k=min(spec.people, len(people)))
        days = sorted(spec.enrolled_days_ago, reverse=True)
        for n, days_ago in enumerate(days):
            batch = sorted(picked[n :: len(days)])
            moment = self.at(self.today - timedelta(days=days_ago), c.QUEUE_HOUR - 0.5)
            with pinned_at(moment):
                result = self.store.enrollments.enroll(
                    seq.id, batch, pool_id=pool_id, now=moment, zone=self.zone
                )
            self.counts["enrollment"] += result.enrolled

    def work_the_queue(self) -> None:
        """Each past weekday's queue, worked at the same hour; today's is left for the person running it."""
        oldest = max(days for spec in c.SEQUENCES for days in spec.enrolled_days_ago)
        outcomes, weights = zip(*c.TOUCH_OUTCOME_WEIGHTS, strict=True)
        let_slip: set[int] = set()
        for back in range(oldest, 0, -1):
            day = self.today - timedelta(days=back)
            if not is_business_day(day):
                continue
            moment = self.at(day, c.QUEUE_HOUR)
            for touch in self.store.touches.due(now=moment, zone=self.zone, limit=10_000):
                if touch.id in let_slip:
                    continue
                outcome = self.rng.choices(outcomes, weights)[0]
                if outcome in ("replied", "opted_out") and touch.step == 1:
                    outcome = "done"  # people answer a message they were sent: the first one goes out
                moment += MINUTE
                if outcome == "left":
                    let_slip.add(touch.id)
                else:
                    self.act(outcome, touch.id, moment)

    def act(self, outcome: str, touch_id: int, moment: datetime) -> None:
        touches = self.store.touches
        action = {
            "done": touches.done,
            "replied": touches.replied,
            "opted_out": touches.opted_out,
            "skip": touches.skip,
        }[outcome]
        with pinned_at(moment):
            action(touch_id, now=moment, zone=self.zone)
        self.counts[f"touch_{outcome}"] += 1
