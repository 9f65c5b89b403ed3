"""A big handoff is a few statements, so its write lock is short; what it records is unchanged."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from statement_count import statements_during

from pipeline_tui.services.imports import import_prospects
from pipeline_tui.services.pipeline import hand_over
from pipeline_tui.store.models import Application, PoolMember, StageEvent

N = 1_200


def prospects(store, tmp_path: Path, n: int = N) -> tuple[int, list[int]]:
    p = tmp_path / "people.csv"
    p.write_text(
        "Name,Email\n" + "".join(f"Person {i},p{i}@example.com\n" for i in range(n)), encoding="utf-8"
    )
    import_prospects(store, p, pool="Data Eng")
    pool = store.pools.find_by_name("Data Eng")
    with store.db.transaction() as s:
        ids = list(s.scalars(select(PoolMember.candidate_id).where(PoolMember.pool_id == pool.id)))
    return pool.id, sorted(ids)


def test_handing_over_many_people_takes_a_few_statements_and_records_each(any_store, tmp_path):
    store = any_store
    pool_id, ids = prospects(store, tmp_path)
    job = store.jobs.create_job("Data Engineer")
    first = store.jobs.stages(job.id)[0]
    already = ids[0]
    store.applications.apply(already, job.id, source="inbound")
    result = None

    def work() -> None:
        nonlocal result
        result = hand_over(store, job.id, ids, pool_id=pool_id)

    statements = statements_during(store, work)
    # Person by person this was ~7 statements each (8,000+ here); set-based it does not grow with N.
    assert statements < 60, statements
    assert result.changed == N - 1 and result.skipped == 1
    assert result.message == f"handed {N - 1} people to Data Engineer; 1 already in that job, skipped"
    with store.db.transaction() as s:
        apps = s.execute(
            select(Application.candidate_id, Application.stage_id, Application.source, Application.origin_pool_id,
                   Application.status, Application.version, Application.applied_at, Application.stage_entered_at)
            .where(Application.job_id == job.id, Application.candidate_id != already)
        ).all()  # fmt: skip
        assert sorted(a.candidate_id for a in apps) == ids[1:]
        assert {(a.stage_id, a.source, a.origin_pool_id, a.status, a.version) for a in apps} == {
            (first.id, "pool: Data Eng", pool_id, "active", 1)
        }
        assert all(a.applied_at == a.stage_entered_at for a in apps)
        events = s.execute(
            select(StageEvent.action, StageEvent.to_stage_id, StageEvent.to_stage_name, StageEvent.to_status,
                   StageEvent.note, StageEvent.actor, func.count())
            .join(Application, Application.id == StageEvent.application_id)
            .where(Application.job_id == job.id, Application.candidate_id != already)
            .group_by(StageEvent.action, StageEvent.to_stage_id, StageEvent.to_stage_name, StageEvent.to_status,
                      StageEvent.note, StageEvent.actor)
        ).all()  # fmt: skip
        assert [tuple(e) for e in events] == [
            ("handoff", first.id, first.name, "active", "pool: Data Eng", "tester", N - 1)
        ]
        statuses = dict(
            s.execute(
                select(PoolMember.candidate_id, PoolMember.status).where(PoolMember.pool_id == pool_id)
            ).all()
        )
    assert statuses[already] == "new"  # skipped: untouched
    assert {statuses[c] for c in ids[1:]} == {"converted"}
    # The board sees them, each with its history.
    app = store.candidates.applications(ids[5])[0].application
    assert [e.action for e in store.applications.history(app.id)] == ["handoff"]


def test_a_handoff_that_found_the_database_busy_is_tried_once_more(store, tmp_path, monkeypatch):
    from pipeline_tui.core.errors import DatabaseBusy
    from pipeline_tui.store.applications import ApplicationRepository

    pool_id, ids = prospects(store, tmp_path, n=3)
    job = store.jobs.create_job("Data Engineer")
    real = ApplicationRepository.open_many
    calls = []

    def busy_once(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise DatabaseBusy("the database is busy")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(ApplicationRepository, "open_many", busy_once)
    result = hand_over(store, job.id, ids, pool_id=pool_id)
    assert result.changed == 3 and len(calls) == 2
    assert len(store.applications.already_in(job.id, ids)) == 3
