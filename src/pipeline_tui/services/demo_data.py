"""Realistic demo data: a small company's hiring, with weeks of pipeline history and a sourcing CRM.

Deterministic: the same seed and `now` give the same rows (Faker and `random.Random` are both seeded), so
tests can count on it. Times are relative to `now` so time in stage, stale cards and "not contacted in 90 days"
mean something whenever the demo is opened. Written through the store's bulk writer in a second or so.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import RuleViolation
from pipeline_tui.core.validation import tag_key
from pipeline_tui.services.timeline import Outcome, StageRef, plan_timeline
from pipeline_tui.store.database import Database
from pipeline_tui.store.jobs import DEFAULT_STAGES
from pipeline_tui.store.seeding import Reason, SeedWriter

DEMO_SEED = 2026
LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "nl_NL", "es_ES", "pl_PL", "sv_SE", "it_IT")
LOCALE_WEIGHTS = (18, 14, 22, 8, 8, 8, 8, 6, 8)
MAIL_DOMAINS = (
    "gmail.com", "outlook.com", "proton.me", "posteo.de", "web.de", "icloud.com", "fastmail.com",
    "gmx.net", "hey.com", "yahoo.co.uk", "mailbox.org",
)  # fmt: skip
CITIES = (
    "Berlin", "Munich", "Hamburg", "Cologne", "Amsterdam", "Rotterdam", "London", "Manchester", "Lisbon",
    "Porto", "Warsaw", "Kraków", "Paris", "Lyon", "Barcelona", "Madrid", "Stockholm", "Milan", "Vienna",
    "Zurich", "Dublin", "Remote (EU)",
)  # fmt: skip
RECRUITERS = ("Jonas Weber", "Amara Okafor", "Lena Fischer")

# Tags by the field a person works in; GENERAL tags go on anyone.
TAGS = {
    "backend": ("Python", "Go", "Rust", "Java", "Kotlin", "PostgreSQL", "Kubernetes", "AWS", "GCP",
                "Distributed systems", "Kafka", "Open source"),
    "design": ("Figma", "Design systems", "UX research", "Prototyping", "Accessibility", "Illustration",
               "Motion design"),
    "data": ("SQL", "dbt", "Python", "Tableau", "Looker", "Statistics", "Machine learning",
             "Experimentation"),
    "sales": ("SaaS sales", "Enterprise", "German speaker", "Salesforce", "New business",
              "Account management"),
    "leadership": ("People management", "Hiring manager", "Ex-founder", "Org design", "Kubernetes"),
    "success": ("Customer success", "Onboarding", "German speaker", "Zendesk", "Account management"),
}  # fmt: skip
GENERAL_TAGS = (
    "Remote only",
    "Relocation OK",
    "Visa sponsorship",
    "Referral",
    "Conference contact",
    "Boomerang",
)
TITLES = {
    "backend": ("Backend Engineer", "Senior Software Engineer", "Staff Engineer", "Platform Engineer",
                "Site Reliability Engineer", "Software Engineer"),
    "design": ("Product Designer", "Senior UX Designer", "UI Designer", "Design Lead", "UX Researcher"),
    "data": ("Data Analyst", "Analytics Engineer", "Data Scientist", "BI Developer", "Senior Data Analyst"),
    "sales": ("Account Executive", "Senior Account Executive", "Sales Development Rep", "Key Account Manager"),
    "leadership": ("Engineering Manager", "Head of Engineering", "Team Lead", "Director of Engineering"),
    "success": ("Customer Success Manager", "Support Team Lead", "Onboarding Specialist",
                "Account Manager"),
}  # fmt: skip
APPLICANT_SOURCES = ("Careers page", "LinkedIn", "Referral", "Indeed", "Agency", "Sourced", "LinkedIn")
PROSPECT_SOURCES = ("LinkedIn sourcing", "GitHub", "Conference", "Referral", "Meetup", "Past applicant")
NOTES = (
    "Strong systems design; ask about on-call experience.",
    "Portfolio is excellent, case study on onboarding especially.",
    "Wants to start after the summer, notice period three months.",
    "Referred by a former colleague, very positive feedback.",
    "Salary expectation at the top of the band.",
    "Prefers hybrid, two days in the office at most.",
    "Great take-home: clear tests and a thoughtful README.",
    "Needs visa sponsorship; check with People Ops before the offer.",
)
TOUCH_BODIES = {
    "email": ("Intro e-mail about our {role} opening", "Shared the engineering blog post and asked for a chat",
              "Follow-up: still open to a conversation later this year?", "Sent the team's hiring plan for Q1"),
    "call": ("Call: happy where they are, open again in six months", "Call: interested, wants remote flexibility",
             "Quick call after the meetup, asked about team size"),
    "meeting": ("Coffee chat at the office", "Met at the Berlin tech meetup", "Lunch with the hiring manager"),
}  # fmt: skip


@dataclass(frozen=True)
class JobSpec:
    title: str
    department: str
    location: str
    status: str
    hiring_manager: str
    recruiter: str
    headcount: int
    opened_days_ago: int
    domain: str
    active: tuple[int, ...]  # active applicants per stage (the last, hired-kind stage excluded)
    hired: int
    rejected: int
    withdrawn: int
    stages: tuple[tuple[str, str], ...] = DEFAULT_STAGES
    paused_days_ago: int = 0  # on hold or closed since then: nothing moved after it


JOBS: tuple[JobSpec, ...] = (
    JobSpec("Senior Backend Engineer", "Engineering", "Berlin (hybrid)", "open", "Priya Raman", "Jonas Weber",
            2, 70, "backend", (10, 7, 6, 2), 1, 12, 3),
    JobSpec("Product Designer", "Design", "Remote (EU)", "open", "Sofia Lindqvist", "Amara Okafor",
            1, 55, "design", (8, 5, 4, 1), 1, 9, 2),
    JobSpec("Data Analyst", "Data", "Amsterdam", "open", "Tom Bakker", "Lena Fischer", 2, 45, "data",
            (7, 4, 4, 3, 1), 1, 8, 1,
            stages=(("Applied", "applied"), ("Phone screen", "screen"), ("Take-home task", "interview"),
                    ("Onsite", "interview"), ("Offer", "offer"), ("Hired", "hired"))),
    JobSpec("Account Executive, DACH", "Sales", "Munich", "open", "Markus Hoffmann", "Lena Fischer",
            3, 30, "sales", (6, 4, 3, 1), 1, 5, 1),
    JobSpec("Engineering Manager, Platform", "Engineering", "Berlin", "on_hold", "Priya Raman", "Jonas Weber",
            1, 80, "leadership", (4, 3, 2, 1), 1, 6, 1, paused_days_ago=18),
    JobSpec("Customer Success Lead", "Customer Success", "London", "closed", "Grace Adeyemi", "Amara Okafor",
            1, 100, "success", (0, 0, 0, 0), 1, 14, 2, paused_days_ago=12),
    JobSpec("Staff Security Engineer", "Engineering", "Remote (EU)", "draft", "Priya Raman", "Jonas Weber",
            1, 0, "backend", (0, 0, 0, 0), 0, 0, 0),
)  # fmt: skip


@dataclass(frozen=True)
class PoolSpec:
    name: str
    description: str
    owner: str
    domain: str
    prospects: int  # people only in the CRM, created for this pool


POOLS: tuple[PoolSpec, ...] = (
    PoolSpec("Backend engineers – Europe", "Senior backend and platform people we would hire tomorrow.",
             "Jonas Weber", "backend", 110),
    PoolSpec("Product & design", "Designers and researchers met at events or via referrals.",
             "Amara Okafor", "design", 65),
    PoolSpec("Data & analytics", "Analysts, analytics engineers and data scientists.", "Lena Fischer",
             "data", 60),
    PoolSpec("Sales – DACH", "German-speaking account executives and SDRs.", "Lena Fischer", "sales", 40),
    PoolSpec("Leadership bench", "Future engineering managers and heads of.", "Jonas Weber", "leadership", 30),
    PoolSpec("Silver medalists", "Finalists we could not hire last time: first call for the next opening.",
             "Amara Okafor", "backend", 0),
)  # fmt: skip
POOL_STATUS_WEIGHTS = (
    ("new", 34),
    ("contacted", 30),
    ("engaged", 20),
    ("not_interested", 12),
    ("converted", 4),
)


@dataclass
class DemoSummary:
    path: str | None
    counts: dict[str, int] = field(default_factory=dict)
    featured_job_id: int | None = None  # the busiest board, where the demo opens


class _People:
    """Realistic people from several locales, with unique e-mail addresses derived from their names."""

    def __init__(self, rng: random.Random, seed: int) -> None:
        from faker import Faker  # slow to import; only demo data needs it

        self.rng = rng
        self.fakers = {}
        for i, locale in enumerate(LOCALES):
            fake = Faker(locale)
            fake.seed_instance(seed + i)
            self.fakers[locale] = fake
        self.emails: set[str] = set()

    def person(self, cid: int, domain: str, *, source: str, created_at: datetime) -> dict:
        rng = self.rng
        locale = rng.choices(LOCALES, weights=LOCALE_WEIGHTS)[0]
        fake = self.fakers[locale]
        first, last = fake.first_name(), fake.last_name()
        full = f"{first} {last}"
        handle = f"{ascii_letters(first)}.{ascii_letters(last)}".strip(".") or f"person{cid}"
        email = f"{handle}@{rng.choice(MAIL_DOMAINS)}"
        n = 2
        while email in self.emails:
            email = f"{handle}{n}@{rng.choice(MAIL_DOMAINS)}"
            n += 1
        self.emails.add(email)
        title = rng.choice(TITLES[domain])
        senior = rng.random() < 0.35
        if senior and not title.startswith(("Senior", "Staff", "Head", "Director", "Lead")):
            title = f"Senior {title}"
        company = fake.company()
        slug = handle.replace(".", "-")
        return {
            "id": cid,
            "full_name": full,
            "email": email,
            "phone": fake.phone_number() if rng.random() < 0.7 else None,
            "location": rng.choice(CITIES),
            "current_title": title,
            "current_company": company,
            "linkedin_url": f"https://www.linkedin.com/in/{slug}" if rng.random() < 0.8 else None,
            "github_url": f"https://github.com/{ascii_letters(first)[:1]}{ascii_letters(last)}"
            if domain in ("backend", "data") and rng.random() < 0.5
            else None,
            "website_url": f"https://{slug}.design" if domain == "design" and rng.random() < 0.5 else None,
            "source": source,
            "summary": f"{title} at {company}; {rng.randint(2, 15)} years of experience."
            if rng.random() < 0.4
            else None,
            "consent_status": "unknown",
            "consent_at": None,
            "anonymised_at": None,
            "last_contacted_at": None,
            "created_at": created_at,
            "updated_at": created_at,
        }


def ascii_letters(text: str) -> str:
    """Lower-case ASCII letters of a name, for e-mail handles ("Zięcik" -> "ziecik")."""
    folded = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L").replace("ß", "ss"))
    return "".join(c for c in folded.lower() if "a" <= c <= "z")


def build_demo(db: Database, *, now: datetime | None = None, seed: int = DEMO_SEED) -> DemoSummary:
    """Fill an empty database with the demo company. Refuses a database that already holds data."""
    writer = SeedWriter(db, chunk=5_000)
    if not writer.is_empty():
        raise RuleViolation(
            "the database already holds people, jobs or pools; demo data only goes into a new, empty database"
        )
    now = (now or utcnow()).replace(microsecond=0)
    rng = random.Random(seed)
    people = _People(rng, seed)
    reasons = writer.reasons()
    rejected_reasons = [r for r in reasons if r.category == "rejected"]
    withdrew_reasons = [r for r in reasons if r.category == "withdrew"]

    ids = {name: writer.next_id(name) for name in ("candidate", "job", "stage", "application", "pool", "tag")}

    def new_id(name: str) -> int:
        ids[name] += 1
        return ids[name] - 1

    candidates: list[dict] = []
    jobs: list[dict] = []
    stages: list[dict] = []
    applications: list[dict] = []
    events: list[dict] = []
    activities: list[dict] = []
    members: dict[tuple[int, int], dict] = {}
    tag_ids: dict[str, int] = {}
    tags: list[dict] = []
    links: set[tuple[int, int]] = set()
    domain_of: dict[int, str] = {}

    def tag(cid: int, name: str) -> None:
        key = tag_key(name)
        if key not in tag_ids:
            tag_ids[key] = new_id("tag")
            tags.append({"id": tag_ids[key], "name": name, "name_key": key})
        links.add((cid, tag_ids[key]))

    def tag_person(cid: int, domain: str, n: int) -> None:
        for name in rng.sample(TAGS[domain], k=min(n, len(TAGS[domain]))):
            tag(cid, name)
        if rng.random() < 0.3:
            tag(cid, rng.choice(GENERAL_TAGS))

    # -- pools and prospects --------------------------------------------------------------------------
    pool_ids: dict[str, int] = {}
    pool_rows = []
    for spec in POOLS:
        pid = new_id("pool")
        pool_ids[spec.name] = pid
        pool_rows.append(
            {
                "id": pid,
                "name": spec.name,
                "description": spec.description,
                "owner": spec.owner,
                "created_at": now - timedelta(days=rng.randint(200, 400)),
            }
        )

    def add_member(pid: int, cid: int, added_at: datetime, status: str, by: str) -> None:
        members[(pid, cid)] = {
            "pool_id": pid,
            "candidate_id": cid,
            "added_at": added_at,
            "added_by": by,
            "status": status,
        }

    prospects_by_domain: dict[str, list[int]] = {}
    for spec in POOLS:
        for _ in range(spec.prospects):
            cid = new_id("candidate")
            added = now - timedelta(days=rng.uniform(1, 380), minutes=rng.randint(0, 600))
            person = people.person(cid, spec.domain, source=rng.choice(PROSPECT_SOURCES), created_at=added)
            if rng.random() < 0.3:
                person["consent_status"] = "given"
                person["consent_at"] = added + timedelta(days=rng.randint(0, 5))
            candidates.append(person)
            domain_of[cid] = spec.domain
            prospects_by_domain.setdefault(spec.domain, []).append(cid)
            status = rng.choices(
                [s for s, _ in POOL_STATUS_WEIGHTS], weights=[w for _, w in POOL_STATUS_WEIGHTS]
            )[0]
            status = "contacted" if status == "converted" else status  # converted is kept for real handoffs
            add_member(pool_ids[spec.name], cid, added, status, spec.owner)
            tag_person(cid, spec.domain, rng.randint(1, 3))
    # Some people sit in two pools: senior engineers and analysts on the leadership bench.
    by_id = {c["id"]: c for c in candidates}
    bench = pool_ids["Leadership bench"]
    for cid in rng.sample(prospects_by_domain["backend"], 14) + rng.sample(prospects_by_domain["data"], 6):
        added = max(now - timedelta(days=rng.uniform(1, 120)), by_id[cid]["created_at"] + timedelta(hours=1))
        add_member(bench, cid, added, rng.choice(("new", "contacted")), "Jonas Weber")
        tag(cid, "People management")

    # -- jobs, stages, applicants ---------------------------------------------------------------------
    handoffs = {
        "Senior Backend Engineer": ("Backend engineers – Europe", 6),
        "Data Analyst": ("Data & analytics", 3),
    }
    handed: set[int] = set()
    silver: list[tuple[int, datetime]] = []
    for spec in JOBS:
        jid = new_id("job")
        opened = now - timedelta(days=spec.opened_days_ago) if spec.status != "draft" else None
        until = now - timedelta(days=spec.paused_days_ago)
        jobs.append(
            {
                "id": jid,
                "title": spec.title,
                "department": spec.department,
                "location": spec.location,
                "status": spec.status,
                "hiring_manager": spec.hiring_manager,
                "recruiter": spec.recruiter,
                "headcount": spec.headcount,
                "opened_at": opened,
                "closed_at": until if spec.status == "closed" else None,
                "created_at": (opened or now - timedelta(days=3)) - timedelta(days=4),
            }
        )
        refs = []
        for pos, (name, kind) in enumerate(spec.stages):
            sid = new_id("stage")
            stages.append({"id": sid, "job_id": jid, "position": pos, "name": name, "kind": kind})
            refs.append(StageRef(sid, name, kind))
        if opened is None:
            continue
        hired_index = len(refs) - 1
        outcomes: list[Outcome] = []
        for idx, n in enumerate(spec.active):
            outcomes += [Outcome(idx) for _ in range(n)]
        outcomes += [Outcome(hired_index, "hired") for _ in range(spec.hired)]
        for _ in range(spec.rejected):
            at_stage = rng.choices(
                range(hired_index), weights=[8, 5, 3, 1, 1][:hired_index] + [1] * max(0, hired_index - 5)
            )[0]
            reason = _pick_reason(rng, rejected_reasons, closed=spec.status == "closed")
            note = rng.choice(NOTES) if rng.random() < 0.25 else None
            outcomes.append(Outcome(at_stage, "rejected", reason.id, note))
        for _ in range(spec.withdrawn):
            outcomes.append(Outcome(rng.randrange(hired_index), "withdrawn", rng.choice(withdrew_reasons).id))
        rng.shuffle(outcomes)
        pool_name, n_handoff = handoffs.get(spec.title, (None, 0))
        window = spec.opened_days_ago - spec.paused_days_ago
        for outcome in outcomes:
            # People further along applied earlier: they needed the time to get there.
            min_days = 2 + 5 * outcome.stage_index
            days = rng.uniform(min(min_days, window - 1), window)
            applied = (until - timedelta(days=days, minutes=rng.randint(0, 300))).replace(microsecond=0)
            aid = new_id("application")
            origin = None
            cid = None
            if pool_name and n_handoff and outcome.status == "active":
                cid = _handoff_candidate(prospects_by_domain, by_id, pool_name, handed, applied)
            if cid is not None:
                n_handoff -= 1
                handed.add(cid)
                origin = pool_ids[pool_name]
                members[(origin, cid)]["status"] = "converted"
                source = f"Pool: {pool_name}"
            else:
                cid = new_id("candidate")
                source = rng.choice(APPLICANT_SOURCES)
                person = people.person(cid, spec.domain, source=source, created_at=applied)
                person["consent_status"] = "given"
                person["consent_at"] = applied
                candidates.append(person)
                by_id[cid] = person
                domain_of[cid] = spec.domain
                if rng.random() < 0.45:
                    tag_person(cid, spec.domain, rng.randint(1, 2))
            tl = plan_timeline(
                rng,
                refs,
                outcome,
                application_id=aid,
                applied_at=applied,
                now=until,
                actor=spec.recruiter,
                source=source,
                handoff=origin is not None,
            )
            events.extend(tl.events)
            rating = (
                0
                if tl.stage.kind == "applied"
                else min(3, max(0, round(rng.gauss(1 + outcome.stage_index * 0.4, 0.8))))
            )
            applications.append(
                {
                    "id": aid,
                    "candidate_id": cid,
                    "job_id": jid,
                    "stage_id": tl.stage.id,
                    "status": tl.status,
                    "rejection_reason_id": outcome.reason_id
                    if tl.status in ("rejected", "withdrawn")
                    else None,
                    "rejection_note": outcome.note if tl.status in ("rejected", "withdrawn") else None,
                    "source": source,
                    "origin_pool_id": origin,
                    "applied_at": applied,
                    "stage_entered_at": tl.stage_entered_at,
                    "rating": rating,
                    "version": tl.version,
                    "updated_at": tl.updated_at,
                }
            )
            if rng.random() < 0.3:
                activities.append(
                    {
                        "candidate_id": cid,
                        "application_id": aid,
                        "kind": "note",
                        "body": rng.choice(NOTES),
                        "at": tl.events[min(1, len(tl.events) - 1)]["at"] + timedelta(hours=2),
                        "actor": spec.recruiter,
                    }
                )
            if tl.status == "rejected" and outcome.stage_index >= 2:
                silver.append((cid, tl.updated_at))
            elif tl.status == "withdrawn" and rng.random() < 0.5:
                # Withdrew but liked us: kept warm in their field's pool.
                pool = next((p for p in POOLS if p.domain == spec.domain and p.prospects), None)
                if pool:
                    add_member(
                        pool_ids[pool.name],
                        cid,
                        min(tl.updated_at + timedelta(days=1), now),
                        "contacted",
                        spec.recruiter,
                    )

    for cid, when in silver:
        status = rng.choice(("new", "contacted", "engaged"))
        add_member(
            pool_ids["Silver medalists"], cid, min(when + timedelta(days=1), now), status, "Amara Okafor"
        )
        tag(cid, "Silver medalist")

    # -- contact history: last_contacted_at always matches a logged touch ------------------------------
    contacted = sorted(
        {cid for (_, cid), m in members.items() if m["status"] != "new"} | set(rng.sample(sorted(by_id), 60))
    )
    for cid in contacted:
        person = by_id[cid]
        if rng.random() < 0.15:
            continue
        bucket = rng.random()
        days = (
            rng.uniform(0.2, 30)
            if bucket < 0.4
            else rng.uniform(30, 90)
            if bucket < 0.65
            else rng.uniform(91, 420)
        )
        when = max(now - timedelta(days=days), person["created_at"] + timedelta(hours=1)).replace(
            microsecond=0
        )
        when = min(when, now)
        kind = rng.choices(("email", "call", "meeting"), weights=(6, 3, 1))[0]
        body = rng.choice(TOUCH_BODIES[kind]).format(role=person["current_title"] or "open")
        activities.append(
            {
                "candidate_id": cid,
                "application_id": None,
                "kind": kind,
                "body": body,
                "at": when,
                "actor": rng.choice(RECRUITERS),
            }
        )
        person["last_contacted_at"] = when
        person["updated_at"] = max(person["updated_at"], when)

    writer.write("candidate", candidates)
    writer.write("job", jobs)
    writer.write("stage", stages)
    writer.write("pool", pool_rows)
    writer.write("tag", tags)
    writer.write("candidate_tag", ({"candidate_id": c, "tag_id": t} for c, t in sorted(links)))
    writer.write("pool_member", (members[k] for k in sorted(members)))
    writer.write("application", applications)
    writer.write("stage_event", events)
    writer.write("activity", activities)
    writer.finish()
    path = db.sqlite_path
    return DemoSummary(
        path=str(path) if path else None, counts=dict(writer.written), featured_job_id=jobs[0]["id"]
    )


def _handoff_candidate(
    prospects_by_domain: dict[str, list[int]],
    by_id: dict[int, dict],
    pool_name: str,
    handed: set[int],
    applied: datetime,
) -> int | None:
    """A prospect of the pool's field, in the CRM well before `applied`, not yet handed to a job."""
    domain = next(p.domain for p in POOLS if p.name == pool_name)
    for cid in prospects_by_domain[domain]:
        if cid not in handed and by_id[cid]["created_at"] < applied - timedelta(days=2):
            return cid
    return None


def _pick_reason(rng: random.Random, reasons: list[Reason], *, closed: bool) -> Reason:
    if closed and rng.random() < 0.5:
        filled = next((r for r in reasons if r.name.startswith("Position filled")), None)
        if filled:
            return filled
    return rng.choice(reasons)
