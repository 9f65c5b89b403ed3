"""Fixed talent-pool data for the browser's tests and snapshots (fixed timestamps, awkward names included).

Not a test module by itself: `build(store)` fills a fresh store and returns the ids tests need.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update

from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.store.models import Candidate, PoolMember

BASE = datetime(2025, 3, 2, 9, 30)

PEOPLE = [
    # name, email, title, company, location, source, tags, summary
    (
        "Ada Lovelace",
        "ada@example.com",
        "Staff Engineer",
        "Analytical Engines",
        "London",
        "referral",
        ["rust", "Python"],
        "Wrote the first program; open to staff roles",
    ),
    (
        "Grace Hopper",
        "grace@example.com",
        "Compiler Lead",
        "Navy Labs",
        "Arlington",
        "event",
        ["compilers", "rust"],
        None,
    ),
    (
        "Linus Torvalds",
        "linus@example.com",
        "Kernel Maintainer",
        "Linux Foundation",
        "Portland",
        "github",
        ["c", "kernel"],
        None,
    ),
    (
        "Margaret Hamilton",
        "margaret@example.com",
        "Flight Software Lead",
        "MIT",
        "Boston",
        "referral",
        ["python", "safety"],
        "Apollo guidance software",
    ),
    (
        "[b]Bob[/b] Tables",
        "bob@example.com",
        "Data Engineer",
        "Robert'); DROP TABLE--",
        "Berlin",
        "linkedin",
        ["sql"],
        None,
    ),
    ("Ann [/x] Lee", "ann@example.com", "SRE", "Hooli", "Dublin", "linkedin", ["kubernetes"], None),
    (
        "[@click=app.quit]Eve",
        "eve@example.com",
        "Security Engineer",
        "Initech",
        "Paris",
        "inbound",
        ["security"],
        None,
    ),
    (
        "Zoë Ünicode 山田",
        "zoe@example.com",
        "ML Engineer",
        "Globex",
        "Tokyo",
        "event",
        ["ml", "python"],
        None,
    ),
    ("Chen Wei", None, "Backend Engineer", "Hooli", "Singapore", "agency", [], None),
    ("Dana Scully", "dana@example.com", "Data Scientist", "FBI", "Washington", "referral", ["ml"], None),
]


@dataclass
class PoolData:
    ids: dict[str, int]
    data_eng: int
    rust_pool: int
    empty_pool: int
    open_job: int
    closed_job: int


def build(store) -> PoolData:
    ids: dict[str, int] = {}
    for i, (name, email, title, company, location, source, tags, summary) in enumerate(PEOPLE):
        cand = store.candidates.add(
            CandidateInput.parse(
                full_name=name,
                email=email,
                current_title=title,
                current_company=company,
                location=location,
                source=source,
                summary=summary,
            )
        )
        ids[name] = cand.id
        if tags:
            store.tags.tag([cand.id], tags)
        with store.db.transaction() as s:
            s.execute(
                update(Candidate)
                .where(Candidate.id == cand.id)
                .values(
                    created_at=BASE + timedelta(days=i),
                    updated_at=BASE + timedelta(days=i),
                    last_contacted_at=(BASE + timedelta(days=20 + i)) if i % 3 == 0 else None,
                )
            )
    data_eng = store.pools.create_pool("Data Eng", description="Data engineers for the platform team").id
    rust_pool = store.pools.create_pool("Rust folks").id
    empty_pool = store.pools.create_pool("Empty pool").id
    store.pools.add_to_pool(data_eng, [ids[n] for n in list(ids)[:7]])
    store.pools.add_to_pool(rust_pool, [ids["Ada Lovelace"], ids["Grace Hopper"], ids["Chen Wei"]])
    store.pools.set_status(data_eng, [ids["Ada Lovelace"]], "contacted")
    store.pools.set_status(data_eng, [ids["Grace Hopper"]], "engaged")
    with store.db.transaction() as s:
        s.execute(update(PoolMember).values(added_at=BASE + timedelta(days=30)))
    store.activities.add(
        ids["Ada Lovelace"], "email", "Sent intro about the kubecon talk", at=BASE + timedelta(days=40)
    )
    open_job = store.jobs.create_job("Platform Engineer").id
    closed_job = store.jobs.create_job("Old Role").id
    store.jobs.set_status(closed_job, "closed")
    # Dana was a finalist elsewhere: rejected at interview.
    app = store.applications.apply(ids["Dana Scully"], open_job, source="inbound", at=BASE)
    stages = store.jobs.stages(open_job)
    interview = next(st for st in stages if st.name == "Interview")
    moved = store.applications.move_to_stage(app.id, interview.id, app.version, at=BASE + timedelta(days=2))
    reason = store.applications.rejection_reasons()[0]
    store.applications.reject(moved.id, reason.id, moved.version)
    return PoolData(ids, data_eng, rust_pool, empty_pool, open_job, closed_job)
