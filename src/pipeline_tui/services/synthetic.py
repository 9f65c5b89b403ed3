"""Synthetic data at scale (`pipeline-tui seed --jobs N --applicants N --prospects N`, `--bench`).

Built for volume, not charm: names, companies and titles are drawn once from Faker into lists and then
combined with a seeded `random.Random`, and rows go to the store's bulk writer in chunks. Every application
still gets a consistent stage history (see timeline.py), every candidate a unique e-mail at the reserved
example.* domains (so synthetic people never collide with demo or real ones).

Shape: `prospects` people only in the CRM (tagged, in pools); `applicants` applications, about a tenth of
them by prospects (people in both a pool and a job), the rest by new people. `largest_job` pins the
biggest job's active applicants (the benchmark's 5,000). `BENCH` is the benchmark's full dataset.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from itertools import accumulate

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.validation import tag_key
from pipeline_tui.services.timeline import Outcome, StageRef, plan_timeline
from pipeline_tui.store.database import Database
from pipeline_tui.store.jobs import DEFAULT_STAGES
from pipeline_tui.store.models import POOL_STATUSES
from pipeline_tui.store.seeding import SeedWriter

OVERLAP_SHARE = 0.10  # applications made by people already in the CRM
CHUNK = 20_000
EMAIL_DOMAINS = ("example.com", "example.org", "example.net", "mail.example.com", "corp.example.org")
ROLES = (
    "Backend Engineer", "Frontend Engineer", "Full-stack Engineer", "Data Engineer", "Data Analyst",
    "Data Scientist", "Product Designer", "Product Manager", "Engineering Manager", "Site Reliability Engineer",
    "Security Engineer", "Mobile Engineer", "QA Engineer", "Account Executive", "Sales Development Rep",
    "Customer Success Manager", "Recruiter", "Finance Analyst", "Marketing Manager", "Support Specialist",
)  # fmt: skip
LEVELS = ("", "Junior ", "Senior ", "Staff ", "Lead ", "Principal ")
DEPARTMENTS = (
    "Engineering",
    "Data",
    "Design",
    "Product",
    "Sales",
    "Customer Success",
    "Finance",
    "Marketing",
)
CITIES = (
    "Berlin", "Munich", "Hamburg", "Amsterdam", "London", "Lisbon", "Warsaw", "Paris", "Barcelona",
    "Stockholm", "Vienna", "Zurich", "Dublin", "Milan", "Prague", "Copenhagen", "Remote (EU)", "Remote",
)  # fmt: skip
SKILLS = (
    "Python", "Go", "Rust", "Java", "Kotlin", "TypeScript", "React", "PostgreSQL", "Kubernetes", "AWS", "GCP",
    "Azure", "Terraform", "Kafka", "Spark", "dbt", "SQL", "Tableau", "Figma", "UX research", "Accessibility",
    "Machine learning", "Statistics", "iOS", "Android", "Security", "Salesforce", "SaaS sales", "Enterprise",
    "People management", "German speaker", "French speaker", "Remote only", "Relocation OK", "Open source",
    "Ex-founder", "Fintech", "Healthtech", "E-commerce", "B2B", "Startup", "Visa sponsorship", "Referral",
)  # fmt: skip
TAG_QUALIFIERS = (
    "senior",
    "lead",
    "2024",
    "2025",
    "2026",
    "EU",
    "US",
    "APAC",
    "meetup",
    "conference",
    "alumni",
)
POOL_THEMES = (
    "Backend engineers", "Frontend engineers", "Data people", "Designers", "Product managers",
    "Engineering leaders", "SRE & platform", "Security", "Mobile", "Sales", "Customer success",
    "Silver medalists", "Interns", "Diversity outreach", "Referrals", "Conference contacts",
)  # fmt: skip
APPLICANT_SOURCES = ("Careers page", "LinkedIn", "Referral", "Indeed", "Agency", "Sourced")
PROSPECT_SOURCES = ("LinkedIn sourcing", "GitHub", "Conference", "Referral", "Meetup", "Import")
RECRUITERS = ("Jonas Weber", "Amara Okafor", "Lena Fischer", "Sam Carter", "Mia Rossi", "Noah Berg")
ACTIVE_STAGE_WEIGHTS = (50, 25, 15, 7)
CLOSED_STAGE_WEIGHTS = (45, 30, 18, 7)
POOL_STATUS_WEIGHTS = (35, 30, 20, 10, 5)


@dataclass(frozen=True)
class SeedPlan:
    jobs: int = 0
    applicants: int = 0
    prospects: int = 0
    pools: int = 0
    tags: int = 0
    tag_links: int | None = None  # default: 3 per person
    pool_members: int | None = None  # default: 1 per prospect
    largest_job: int | None = None  # active applicants in job #1; default: no job singled out
    seed: int = 1

    def resolved(self) -> SeedPlan:
        """Defaults filled in and the numbers checked; raises InvalidInput with one sentence."""
        for name in ("jobs", "applicants", "prospects", "pools", "tags"):
            if getattr(self, name) < 0:
                raise InvalidInput(f"--{name} cannot be negative")
        plan = self
        if plan.applicants and not plan.jobs:
            raise InvalidInput("applicants need jobs to apply to: add --jobs N")
        people = plan.prospects + plan.applicants
        if plan.tag_links is None:
            plan = replace(plan, tag_links=3 * people if plan.tags else 0)
        if plan.pool_members is None:
            plan = replace(plan, pool_members=plan.prospects if plan.pools else 0)
        if plan.tag_links < 0 or plan.pool_members < 0:
            raise InvalidInput("--tag-links and --pool-members cannot be negative")
        if plan.tag_links and not plan.tags:
            raise InvalidInput("tag links need tags: add --tags N")
        if plan.pool_members and not plan.pools:
            raise InvalidInput("pool members need pools: add --pools N")
        if plan.pool_members and not plan.prospects:
            raise InvalidInput("pool members need prospects: add --prospects N")
        if plan.pool_members > plan.prospects * plan.pools:
            raise InvalidInput("more pool members than prospects times pools: lower --pool-members")
        if plan.tag_links > people * plan.tags:
            raise InvalidInput("more tag links than people times tags: lower --tag-links")
        if plan.largest_job is not None:
            if plan.largest_job < 0:
                raise InvalidInput("--largest-job cannot be negative")
            if plan.largest_job > plan.applicants:
                raise InvalidInput(
                    f"--largest-job {plan.largest_job} is more than --applicants {plan.applicants}"
                )
        return plan


BENCH = SeedPlan(
    jobs=200,
    applicants=100_000,
    prospects=910_000,  # + 90,000 people who applied without being prospects = 1,000,000 candidates
    pools=500,
    tags=2_000,
    tag_links=3_000_000,
    pool_members=1_000_000,
    largest_job=5_000,
)


@dataclass
class SeedReport:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    phase_seconds: dict[str, float] = field(default_factory=dict)

    def rate(self, table: str, phase: str | None = None) -> float:
        secs = self.phase_seconds.get(phase or table, self.seconds) or 1e-9
        return self.counts.get(table, 0) / secs


Progress = Callable[[str, int], None]


class _Names:
    """Name parts drawn from Faker once; combining them is a few random picks per person."""

    def __init__(self, rng: random.Random) -> None:
        from faker import Faker

        from pipeline_tui.services.demo.people import ascii_letters

        firsts: dict[str, str] = {}
        lasts: dict[str, str] = {}
        companies: set[str] = set()
        for i, locale in enumerate(("en_US", "en_GB", "de_DE", "fr_FR", "nl_NL", "es_ES", "pl_PL", "it_IT")):
            fake = Faker(locale)
            fake.seed_instance(rng.randrange(1 << 30) + i)
            for _ in range(150):
                first, last = fake.first_name(), fake.last_name()
                if ascii_letters(first):
                    firsts[first] = ascii_letters(first)
                if ascii_letters(last):
                    lasts[last] = ascii_letters(last)
            for _ in range(60):
                companies.add(fake.company())
        self.firsts = sorted(firsts.items())
        self.lasts = sorted(lasts.items())
        self.companies = sorted(companies)
        self.titles = [f"{lvl}{role}" for role in ROLES for lvl in LEVELS]


def seed_synthetic(
    db: Database, plan: SeedPlan, *, now: datetime | None = None, progress: Progress | None = None
) -> SeedReport:
    """Write `plan`'s synthetic data with bulk inserts; returns counts and timings."""
    plan = plan.resolved()
    started = time.perf_counter()
    now = (now or utcnow()).replace(microsecond=0)
    rng = random.Random(plan.seed)
    writer = SeedWriter(db, chunk=CHUNK)
    names = _Names(rng)
    report = SeedReport()
    gen = _Generator(writer, plan, rng, names, now, progress, report)
    gen.run()
    t = time.perf_counter()
    writer.finish()
    report.phase_seconds["finish"] = time.perf_counter() - t
    report.counts = dict(writer.written)
    report.seconds = time.perf_counter() - started
    return report


class _Generator:
    def __init__(self, writer, plan, rng, names, now, progress, report) -> None:
        self.w: SeedWriter = writer
        self.plan: SeedPlan = plan
        self.rng: random.Random = rng
        self.names: _Names = names
        self.now: datetime = now
        self.progress = progress
        self.report: SeedReport = report
        self.next_cid = writer.next_id("candidate")
        people = plan.prospects + plan.applicants
        self.link_mean = plan.tag_links / people if people else 0.0
        self.member_mean = plan.pool_members / plan.prospects if plan.prospects else 0.0

    def timed(self, phase: str, fn) -> None:
        t = time.perf_counter()
        fn()
        self.report.phase_seconds[phase] = self.report.phase_seconds.get(phase, 0.0) + time.perf_counter() - t

    def run(self) -> None:
        self.timed("tags", self.make_tags)
        self.timed("pools", self.make_pools)
        self.prospect_first = self.next_cid
        self.timed("prospects", self.make_prospects)
        self.timed("jobs", self.make_jobs)
        self.timed("applications", self.make_applications)

    # -- tags and pools -------------------------------------------------------------------------------

    def make_tags(self) -> None:
        existing = self.w.existing_tags()
        ids: list[int] = []
        rows = []
        next_id = self.w.next_id("tag")
        for name in _tag_names(self.plan.tags):
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
        k = _count(self.rng, self.link_mean, len(self.tag_ids))
        if not k:
            return
        chosen: set[int] = set()
        while len(chosen) < k:
            chosen.update(self.rng.choices(self.tag_ids, cum_weights=self.tag_cum, k=k - len(chosen)))
        links.extend({"candidate_id": cid, "tag_id": t} for t in chosen)

    def touch(self, person: dict, activities: list[dict]) -> None:
        if person["last_contacted_at"] is not None:
            activities.append(
                {
                    "candidate_id": person["id"],
                    "application_id": None,
                    "kind": "email",
                    "body": "Reached out about open roles",
                    "at": person["last_contacted_at"],
                    "actor": RECRUITERS[person["id"] % len(RECRUITERS)],
                }
            )

    def make_prospects(self) -> None:
        rng, plan = self.rng, self.plan
        done = 0
        statuses = POOL_STATUSES
        while done < plan.prospects:
            n = min(CHUNK, plan.prospects - done)
            people, links, members, activities = [], [], [], []
            for _ in range(n):
                created = (self.now - timedelta(days=rng.uniform(1, 1100))).replace(microsecond=0)
                person = self.person(rng.choice(PROSPECT_SOURCES), created)
                people.append(person)
                self.touch(person, activities)
                self.tags_for(person["id"], links)
                k = _count(rng, self.member_mean, len(self.pool_ids))
                if k:
                    chosen: set[int] = set()
                    while len(chosen) < k:
                        chosen.update(
                            rng.choices(self.pool_ids, cum_weights=self.pool_cum, k=k - len(chosen))
                        )
                    span = (self.now - created).total_seconds()
                    for pid in chosen:
                        members.append(
                            {
                                "pool_id": pid,
                                "candidate_id": person["id"],
                                "added_at": (created + timedelta(seconds=rng.uniform(0, span))).replace(
                                    microsecond=0
                                ),
                                "added_by": rng.choice(RECRUITERS),
                                "status": rng.choices(statuses, weights=POOL_STATUS_WEIGHTS)[0],
                            }
                        )
            self.w.write("candidate", people, progress=self.progress)
            self.w.write("candidate_tag", links)
            self.w.write("pool_member", members)
            self.w.write("activity", activities)
            done += n

    # -- jobs and applications ------------------------------------------------------------------------

    def make_jobs(self) -> None:
        rng, plan = self.rng, self.plan
        job_id = self.w.next_id("job")
        stage_id = self.w.next_id("stage")
        jobs, stages = [], []
        self.jobs: list[dict] = []
        for i in range(plan.jobs):
            role = rng.choice(ROLES)
            level = rng.choice(LEVELS)
            city = rng.choice(CITIES)
            if i == 0:
                status = "open"
            else:
                status = rng.choices(("open", "on_hold", "closed", "draft"), weights=(75, 8, 10, 7))[0]
            opened = (self.now - timedelta(days=rng.uniform(120 if i == 0 else 14, 400))).replace(
                microsecond=0
            )
            until = self.now
            if status == "closed":
                until = opened + timedelta(days=rng.uniform(10, (self.now - opened).days - 1))
            elif status == "on_hold":
                until = self.now - timedelta(days=rng.uniform(3, min(40, (self.now - opened).days - 1)))
            until = until.replace(microsecond=0)
            jobs.append(
                {
                    "id": job_id,
                    "title": f"{level}{role}, {city}",
                    "department": _department(role),
                    "location": city,
                    "status": status,
                    "hiring_manager": rng.choice(RECRUITERS[::-1]),
                    "recruiter": rng.choice(RECRUITERS),
                    "headcount": rng.randint(1, 4),
                    "opened_at": None if status == "draft" else opened,
                    "closed_at": until if status == "closed" else None,
                    "created_at": opened - timedelta(days=rng.randint(1, 10)),
                }
            )
            refs = []
            for pos, (name, kind) in enumerate(DEFAULT_STAGES):
                stages.append({"id": stage_id, "job_id": job_id, "position": pos, "name": name, "kind": kind})
                refs.append(StageRef(stage_id, name, kind))
                stage_id += 1
            self.jobs.append({"id": job_id, "status": status, "opened": opened, "until": until, "stages": refs,
                              "actor": jobs[-1]["recruiter"]})  # fmt: skip
            job_id += 1
        self.w.write("job", jobs)
        self.w.write("stage", stages)

    def split_applications(self) -> list[int]:
        """How many applications each job gets: job 1 pinned by --largest-job, the rest skewed at random."""
        rng, plan = self.rng, self.plan
        total = plan.applicants
        counts = [0] * len(self.jobs)
        open_jobs = [i for i, j in enumerate(self.jobs) if j["status"] != "draft"]
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
        return counts

    def make_applications(self) -> None:
        rng, plan = self.rng, self.plan
        if not plan.applicants:
            return
        reasons = self.w.reasons()
        rejected = [r.id for r in reasons if r.category == "rejected"] or [None]
        withdrew = [r.id for r in reasons if r.category == "withdrew"] or [None]
        counts = self.split_applications()
        overlap_n = min(int(plan.applicants * OVERLAP_SHARE), plan.prospects)
        overlap = rng.sample(range(self.prospect_first, self.prospect_first + plan.prospects), overlap_n)
        # Which applications (by position) are made by prospects: exactly overlap_n of them.
        overlap_slots = set(rng.sample(range(plan.applicants), overlap_n))
        position = 0
        app_id = self.w.next_id("application")
        people, links, apps, events, activities = [], [], [], [], []

        def flush() -> None:
            self.w.write("candidate", people, progress=self.progress)
            self.w.write("candidate_tag", links)
            self.w.write("activity", activities)
            self.w.write("application", apps, progress=self.progress)
            self.w.write("stage_event", events)
            for buf in (people, links, apps, events, activities):
                buf.clear()

        for j, job in enumerate(self.jobs):
            n = counts[j]
            pinned_active = plan.largest_job if (j == 0 and plan.largest_job is not None) else None
            for k in range(n):
                outcome = self.outcome(job, pinned_active, k, rejected, withdrew)
                window = (job["until"] - job["opened"]).total_seconds()
                min_age = min(window * 0.8, 86400 * (1 + 4 * outcome.stage_index))
                applied = job["until"] - timedelta(seconds=rng.uniform(min_age, window))
                applied = applied.replace(microsecond=0)
                position += 1
                if position - 1 in overlap_slots:
                    cid = overlap.pop()
                    source = "Sourced"
                else:
                    source = rng.choice(APPLICANT_SOURCES)
                    person = self.person(source, applied)
                    person["consent_status"] = "given"
                    person["consent_at"] = applied
                    if person["last_contacted_at"] is not None:
                        person["last_contacted_at"] = max(person["last_contacted_at"], applied)
                        person["updated_at"] = person["last_contacted_at"]
                    people.append(person)
                    self.touch(person, activities)
                    self.tags_for(person["id"], links)
                    cid = person["id"]
                tl = plan_timeline(rng, job["stages"], outcome, application_id=app_id, applied_at=applied,
                                   now=job["until"], actor=job["actor"], source=source)  # fmt: skip
                closed = tl.status in ("rejected", "withdrawn")
                apps.append(
                    {
                        "id": app_id,
                        "candidate_id": cid,
                        "job_id": job["id"],
                        "stage_id": tl.stage.id,
                        "status": tl.status,
                        "rejection_reason_id": outcome.reason_id if closed else None,
                        "rejection_note": None,
                        "source": source,
                        "origin_pool_id": None,
                        "applied_at": applied,
                        "stage_entered_at": tl.stage_entered_at,
                        "rating": rng.randint(0, 3) if tl.stage.kind != "applied" else 0,
                        "version": tl.version,
                        "updated_at": tl.updated_at,
                    }
                )
                events.extend(tl.events)
                app_id += 1
                if len(apps) >= CHUNK:
                    flush()
        flush()

    def outcome(
        self, job: dict, pinned_active: int | None, k: int, rejected: list, withdrew: list
    ) -> Outcome:
        rng = self.rng
        if pinned_active is not None:
            status = (
                "active"
                if k < pinned_active
                else rng.choices(("rejected", "withdrawn", "hired"), (85, 10, 5))[0]
            )
        elif job["status"] == "closed":
            status = rng.choices(("rejected", "withdrawn", "hired"), (85, 12, 3))[0]
        else:
            status = rng.choices(("active", "rejected", "withdrawn", "hired"), (62, 28, 6, 4))[0]
        hired_index = len(job["stages"]) - 1
        if status == "hired":
            return Outcome(hired_index, "hired")
        weights = ACTIVE_STAGE_WEIGHTS if status == "active" else CLOSED_STAGE_WEIGHTS
        stage = rng.choices(range(len(weights)), weights)[0]
        if status == "rejected":
            return Outcome(stage, "rejected", rng.choice(rejected))
        if status == "withdrawn":
            return Outcome(stage, "withdrawn", rng.choice(withdrew))
        return Outcome(stage)


def _count(rng: random.Random, mean: float, most: int) -> int:
    """A whole number with the given mean, spread 0..2*mean (so some people have none, some many)."""
    if mean <= 0:
        return 0
    base = int(mean)
    k = rng.randint(0, 2 * base) if base else 0
    if rng.random() < mean - base:
        k += 1
    return min(k, most)


def _tag_names(n: int) -> list[str]:
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


def _department(role: str) -> str:
    for key, dept in (
        ("Data", "Data"),
        ("Design", "Design"),
        ("Product Manager", "Product"),
        ("Account", "Sales"),
        ("Sales", "Sales"),
        ("Customer", "Customer Success"),
        ("Support", "Customer Success"),
        ("Finance", "Finance"),
        ("Marketing", "Marketing"),
        ("Recruiter", "People"),
    ):
        if key in role:
            return dept
    return "Engineering"
