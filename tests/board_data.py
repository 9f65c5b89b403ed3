"""Fixed board data for the stage-board tests and snapshots: every timestamp is pinned, and the app's clock
is frozen at NOW, so days in stage and time in stage never drift."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import insert, select, update

from pipeline_tui.app import PipelineApp
from pipeline_tui.config import Settings
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.store import Store
from pipeline_tui.store.models import Application, Candidate, PoolMember, StageEvent

NOW = datetime(2026, 3, 2, 9, 0)

# name, title, company, source, tags, stage index, days in job before NOW, days in current stage, rating
PEOPLE = [
    ("Ada Lovelace", "Staff Engineer", "Analytical Engines", "Referral", ("python", "mentor"), 0, 3, 3, 2),
    ("Grace Hopper", "Principal Engineer", "US Navy", "LinkedIn", ("cobol",), 0, 10, 10, 3),
    ("Alan Turing", "Researcher", "Bletchley Park", "Careers page", (), 0, 20, 20, 0),
    ("Katherine Johnson", "Mathematician", "NASA", "Referral", ("math", "space", "python"), 1, 12, 5, 1),
    ("Linus Torvalds", "Kernel Hacker", "Linux Foundation", "GitHub", ("c",), 1, 30, 9, 0),
    ("Margaret Hamilton", "Director", "Hamilton Technologies", "Conference", ("apollo",), 2, 25, 15, 3),
    ("Dennis Ritchie", "Engineer", "Bell Labs", "Referral", ("c", "unix"), 2, 18, 2, 2),
    ("Barbara Liskov", "Professor", "MIT", "LinkedIn", (), 3, 40, 1, 3),
    ("Ken Thompson", "Engineer", "Google", "Referral", ("go",), 4, 60, 7, 3),
]
STRANGE = ["[b]Bob[/b]", "Ann [/x]", "[@click=app.quit]Eve", "Mal\x1b[31mory"]


def make_app(store: Store, *, now: datetime = NOW, tmp_path=None, start: str = "board") -> PipelineApp:
    settings = Settings(db=store.db.url)
    if tmp_path is not None:
        settings = Settings(db=store.db.url, state_file=tmp_path / "state.json")
    app = PipelineApp(store, settings, start=start)
    app.clock = lambda: now
    record_notifications(app)
    return app


def record_notifications(app: PipelineApp) -> list[str]:
    """Keep the text of every notification in `app.said` (tests read it through helpers.said)."""
    seen: list[str] = []
    notify = app.notify

    def recording(message: str, **options) -> None:
        seen.append(str(message))
        notify(message, **options)

    app.notify = recording  # type: ignore[method-assign]
    app.said = seen  # type: ignore[attr-defined]
    return seen


def seed_board(store: Store, *, strange: bool = False) -> dict:
    """Two open jobs and one on hold; the first holds PEOPLE spread over its stages with fixed histories."""
    backend = store.jobs.create_job(
        "Backend Engineer", department="Engineering", location="Berlin", opened_at=NOW - timedelta(days=90)
    )
    design = store.jobs.create_job(
        "Product Designer", department="Design", location="Remote", opened_at=NOW - timedelta(days=30)
    )
    store.jobs.create_job("Data Analyst", status="on_hold", opened_at=NOW - timedelta(days=10))
    stages = store.jobs.stages(backend.id)
    people = list(PEOPLE)
    if strange:
        people += [
            (name, "Engineer", "Acme [i]Inc[/i]", "Web", ("[red]x[/red]",), 0, 4, 4, 1) for name in STRANGE
        ]
    ids: dict[str, int] = {}
    for i, (name, title, company, source, tags, stage_index, applied_days, stage_days, rating) in enumerate(
        people
    ):
        email = f"person{i}@example.com"
        cand = store.candidates.add(
            CandidateInput.parse(
                full_name=name,
                email=email,
                current_title=title,
                current_company=company,
                source=source,
                phone=f"+49 30 1234 {i:03d}",
                location="Berlin",
                linkedin_url=f"https://linkedin.com/in/p{i}",
            )
        )
        if "\x1b" in name:  # the store cleans input; write the raw escape sequence behind its back
            with store.db.transaction() as s:
                s.execute(update(Candidate).where(Candidate.id == cand.id).values(full_name=name))
        app = store.applications.apply(
            cand.id, backend.id, source=source, at=NOW - timedelta(days=applied_days)
        )
        version = app.version
        # Walk through the stages: arrivals spread evenly, the last one stage_days before NOW.
        for step in range(1, stage_index + 1):
            frac = step / stage_index
            at = NOW - timedelta(days=applied_days) + (timedelta(days=applied_days - stage_days) * frac)
            rec = store.applications.move_to_stage(app.id, stages[step].id, version, at=at)
            version = rec.version
        if rating:
            version = store.applications.set_rating(app.id, rating, version).version
        if tags:
            store.tags.tag([cand.id], tags)
        ids[name] = app.id
    # One person also in the designer job and in a pool, for the detail screen.
    ada = store.applications.get(ids["Ada Lovelace"])
    store.applications.apply(ada.candidate_id, design.id, source="Sourcing", at=NOW - timedelta(days=6))
    pool = store.pools.create_pool("Silver medalists")
    store.pools.add_to_pool(pool.id, [ada.candidate_id], added_by="tester")
    store.activities.add(
        ada.candidate_id,
        "note",
        "Strong systems background.\nWants to stay in Berlin.",
        application_id=ids["Ada Lovelace"],
        at=NOW - timedelta(days=2),
    )
    with store.db.transaction() as s:  # pin what the store stamps with "now"
        s.execute(update(PoolMember).values(added_at=NOW - timedelta(days=50)))
        # The preview's "Added:" date: a snapshot taken on another day draws the same screen.
        s.execute(update(Candidate).values(created_at=NOW - timedelta(days=120)))
    return {"backend": backend, "design": design, "stages": stages, "ids": ids}


def stage_of(store: Store, application_id: int) -> tuple[int, str]:
    rec = store.applications.get(application_id)
    return rec.stage_id, rec.status


def events(store: Store, application_id: int) -> list[str]:
    return [e.action for e in store.applications.history(application_id)]


def bulk_job(store: Store, title: str, count: int, *, stage_index: int = 0) -> int:
    """A job with `count` active applicants, written with Core bulk inserts (the repositories are per-row)."""
    job = store.jobs.create_job(title)
    stages = store.jobs.stages(job.id)
    with store.db.transaction() as s:
        first = (s.scalar(select(Candidate.id).order_by(Candidate.id.desc()).limit(1)) or 0) + 1
        s.execute(
            insert(Candidate),
            [
                {
                    "id": first + i,
                    "full_name": f"Bulk Person {i:05d}",
                    "email": f"bulk{first + i}@example.com",
                    "current_title": "Engineer",
                    "current_company": f"Company {i % 97}",
                    "source": "Import",
                    "created_at": NOW,
                    "updated_at": NOW,
                }
                for i in range(count)
            ],
        )
        s.execute(
            insert(Application),
            [
                {
                    "candidate_id": first + i,
                    "job_id": job.id,
                    "stage_id": stages[stage_index].id,
                    "status": "active",
                    "source": "Import",
                    "applied_at": NOW - timedelta(days=i % 30),
                    "stage_entered_at": NOW - timedelta(days=i % 30, minutes=i),
                    "rating": i % 4,
                    "version": 1,
                    "updated_at": NOW,
                }
                for i in range(count)
            ],
        )
        app_ids = s.scalars(select(Application.id).where(Application.job_id == job.id)).all()
        s.execute(
            insert(StageEvent),
            [
                {
                    "application_id": a,
                    "to_stage_id": stages[stage_index].id,
                    "to_stage_name": stages[stage_index].name,
                    "to_status": "active",
                    "action": "applied",
                    "at": NOW,
                }
                for a in app_ids
            ],
        )
    return job.id
