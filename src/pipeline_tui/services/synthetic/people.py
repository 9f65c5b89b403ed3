"""The people half of a synthetic run: tags, pools, and prospects with their tags, pools and touches.

`SyntheticRun` holds what the whole run shares (the writer, the plan, one seeded generator, the next free
candidate id); applications.py adds jobs and applications to the same run.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from itertools import accumulate
from typing import TypeVar

from pipeline_tui.core.validation import tag_key
from pipeline_tui.core.vocabulary import POOL_STATUSES, ActivityKind
from pipeline_tui.services.synthetic.catalogue import (
    CHUNK,
    CITIES,
    EMAIL_DOMAINS,
    POOL_STATUS_WEIGHTS,
    POOL_THEMES,
    PROSPECT_SOURCES,
    RECRUITERS,
    SKILLS,
    TAG_QUALIFIERS,
)
from pipeline_tui.services.synthetic.names import SyntheticNames
from pipeline_tui.services.synthetic.plan import SeedPlan
from pipeline_tui.store.seeding import SeedWriter

Progress = Callable[[str, int], None]
T = TypeVar("T")


class SyntheticRun:
    def __init__(
        self,
        writer: SeedWriter,
        plan: SeedPlan,
        rng: random.Random,
        names: SyntheticNames,
        now: datetime,
        progress: Progress | None,
        phase_seconds: dict[str, float],
    ) -> None:
        self.w = writer
        self.plan = plan
        self.rng = rng
        self.names = names
        self.now = now
        self.progress = progress
        self.phase_seconds = phase_seconds
        self.next_cid = writer.next_id("candidate")
        self.prospect_first = self.next_cid
        people = plan.prospects + plan.applicants
        self.link_mean = plan.tag_links / people if people else 0.0
        self.member_mean = plan.pool_members / plan.prospects if plan.prospects else 0.0
        self.tag_ids: list[int] = []
        self.tag_cum: list[float] = []
        self.pool_ids: list[int] = []
        self.pool_cum: list[float] = []

    def timed(self, phase: str, fn: Callable[[], T]) -> T:
        t = time.perf_counter()
        result = fn()
        self.phase_seconds[phase] = self.phase_seconds.get(phase, 0.0) + time.perf_counter() - t
        return result

    # -- tags and pools -------------------------------------------------------------------------------

    def make_tags(self) -> None:
        existing = self.w.existing_tags()
        ids: list[int] = []
        rows = []
        next_id = self.w.next_id("tag")
        for name in tag_names(self.plan.tags):
            key = tag_key(name)
            if key in existing:
                ids.append(existing[key])
                continue
            rows.append({"id": next_id, "name": name, "name_key": key})
            ids.append(next_id)
            next_id += 1
        self.w.write("tag", rows)
        self.tag_ids = ids
        # Popular tags are much more common than rare ones (Zipf-like).
        self.tag_cum = list(accumulate(1.0 / (i + 1) ** 0.9 for i in range(len(ids))))

    def make_pools(self) -> None:
        taken = self.w.existing_pool_names()
        rows = []
        next_id = self.w.next_id("pool")
        rng = self.rng
        for i in range(self.plan.pools):
            theme = POOL_THEMES[i % len(POOL_THEMES)]
            city = CITIES[(i // len(POOL_THEMES)) % len(CITIES)]
            round_ = i // (len(POOL_THEMES) * len(CITIES))
            name = f"{theme} – {city}" + (f" ({round_ + 1})" if round_ else "")
            while name.lower() in taken:
                name += " *"
            taken.add(name.lower())
            rows.append(
                {
                    "id": next_id,
                    "name": name,
                    "description": f"{theme} around {city}, kept warm for future openings.",
                    "owner": rng.choice(RECRUITERS),
                    "created_at": self.now - timedelta(days=rng.uniform(30, 1000)),
                }
            )
            next_id += 1
        self.w.write("pool", rows)
        self.pool_ids = [r["id"] for r in rows]
        self.pool_cum = list(accumulate(1.0 / (i + 1) ** 0.8 for i in range(len(rows))))

    # -- people ---------------------------------------------------------------------------------------

    def person(self, source: str, created_at: datetime) -> dict:
        rng, names = self.rng, self.names
        cid = self.next_cid
        self.next_cid += 1
        first, first_a = rng.choice(names.firsts)
        last, last_a = rng.choice(names.lasts)
        contacted = None
        if rng.random() < 0.3:
            span = (self.now - created_at).total_seconds()
            contacted = (created_at + timedelta(seconds=rng.uniform(0, span))).replace(microsecond=0)
        return {
            "id": cid,
            "full_name": f"{first} {last}",
            "email": f"{first_a}.{last_a}{cid}@{rng.choice(EMAIL_DOMAINS)}",
            "phone": f"+49 {rng.randint(150, 179)} {rng.randint(1000000, 9999999)}"
            if rng.random() < 0.6
            else None,
            "location": rng.choice(CITIES),
            "current_title": rng.choice(names.titles),
            "current_company": rng.choice(names.companies),
            "linkedin_url": f"https://www.linkedin.com/in/{first_a}-{last_a}-{cid}"
            if rng.random() < 0.7
            else None,
            "github_url": None,
            "website_url": None,
            "source": source,
            "summary": None,
            "consent_status": "unknown",
            "consent_at": None,
            "anonymised_at": None,
            "last_contacted_at": contacted,
            "created_at": created_at,
            "updated_at": contacted or created_at,
        }

    def tags_for(self, cid: int, links: list[dict]) -> None:
        k = spread_count(self.rng, self.link_mean, len(self.tag_ids))
        if not k:
            return
        chosen: set[int] = set()
        while len(chosen) < k:
            chosen.update(self.rng.choices(self.tag_ids, cum_weights=self.tag_cum, k=k - len(chosen)))
        links.extend({"candidate_id": cid, "tag_id": t} for t in chosen)

    def touch(self, person: dict, activities: list[dict]) -> None:
        """The logged e-mail behind a person's last_contacted_at."""
        if person["last_contacted_at"] is not None:
            activities.append(
                {
                    "candidate_id": person["id"],
                    "application_id": None,
                    "kind": ActivityKind.EMAIL,
                    "body": "Reached out about open roles",
                    "at": person["last_contacted_at"],
                    "actor": RECRUITERS[person["id"] % len(RECRUITERS)],
                }
            )

    def make_prospects(self) -> None:
        rng, plan = self.rng, self.plan
        self.prospect_first = self.next_cid
        done = 0
        while done < plan.prospects:
            n = min(CHUNK, plan.prospects - done)
            people, links, members, activities = [], [], [], []
            for _ in range(n):
                created = (self.now - timedelta(days=rng.uniform(1, 1100))).replace(microsecond=0)
                person = self.person(rng.choice(PROSPECT_SOURCES), created)
                people.append(person)
                self.touch(person, activities)
                self.tags_for(person["id"], links)
                self.memberships(person["id"], created, members)
            self.w.write("candidate", people, progress=self.progress)
            self.w.write_identities(people)
            self.w.write("candidate_tag", links)
            self.w.write("pool_member", members)
            self.w.write("activity", activities)
            done += n

    def memberships(self, cid: int, created: datetime, members: list[dict]) -> None:
        """Pool memberships for a new prospect: popular pools more often, each added after `created`."""
        rng = self.rng
        k = spread_count(rng, self.member_mean, len(self.pool_ids))
        if not k:
            return
        chosen: set[int] = set()
        while len(chosen) < k:
            chosen.update(rng.choices(self.pool_ids, cum_weights=self.pool_cum, k=k - len(chosen)))
        span = (self.now - created).total_seconds()
        for pid in chosen:
            members.append(
                {
                    "pool_id": pid,
                    "candidate_id": cid,
                    "added_at": (created + timedelta(seconds=rng.uniform(0, span))).replace(microsecond=0),
                    "added_by": rng.choice(RECRUITERS),
                    "status": rng.choices(POOL_STATUSES, weights=POOL_STATUS_WEIGHTS)[0],
                }
            )


def spread_count(rng: random.Random, mean: float, most: int) -> int:
    """A whole number with the given mean, spread 0..2*mean (so some people have none, some many)."""
    if mean <= 0:
        return 0
    base = int(mean)
    k = rng.randint(0, 2 * base) if base else 0
    if rng.random() < mean - base:
        k += 1
    return min(k, most)


def tag_names(n: int) -> list[str]:
    """n distinct tag names: skills first, then skill + qualifier, then numbered cohorts."""
    names = list(SKILLS[:n])
    for q in TAG_QUALIFIERS:
        for s in SKILLS:
            if len(names) >= n:
                return names
            names.append(f"{s} ({q})")
    i = 1
    while len(names) < n:
        names.append(f"Cohort {i}")
        i += 1
    return names
