"""Where a handed-over person came from: the pool browsed, or, from a segment, the pool they joined last; and
converted in the pools they are in. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from pools_data import build
from sqlalchemy import select, update

from pipeline_tui.services.pipeline import hand_over
from pipeline_tui.store.models import Application, PoolMember

T0 = datetime(2026, 3, 1, 9, 0)


@pytest.fixture
def data(any_store):
    return any_store, build(any_store)


def statuses(store, cid: int) -> dict[str, str]:
    return {m.pool_name: m.status for m in store.pools.memberships(cid)}


def application(store, cid: int, job_id: int) -> Application:
    with store.db.transaction() as s:
        app = s.scalar(
            select(Application).where(Application.candidate_id == cid, Application.job_id == job_id)
        )
        s.expunge(app)
        return app


def test_handoff_from_a_segment_records_the_latest_pool_and_converts_everywhere(data):
    store, d = data
    ada, grace, linus, margaret = (
        d.ids[n] for n in ("Ada Lovelace", "Grace Hopper", "Linus Torvalds", "Margaret Hamilton")
    )
    dana = d.ids["Dana Scully"]  # in no pool
    # Ada joined Data Eng first and Rust folks later; Grace the other way round.
    with store.db.transaction() as s:
        for pool, cid, days in (
            (d.data_eng, ada, 1),
            (d.rust_pool, ada, 5),
            (d.rust_pool, grace, 1),
            (d.data_eng, grace, 5),
        ):
            s.execute(
                update(PoolMember)
                .where(PoolMember.pool_id == pool, PoolMember.candidate_id == cid)
                .values(added_at=T0 + timedelta(days=days))
            )
    result = hand_over(store, d.open_job, [ada, grace, linus])
    assert result.changed == 3
    ada_app, grace_app, linus_app = (application(store, c, d.open_job) for c in (ada, grace, linus))
    assert (ada_app.source, ada_app.origin_pool_id) == ("pool: Rust folks", d.rust_pool)
    assert (grace_app.source, grace_app.origin_pool_id) == ("pool: Data Eng", d.data_eng)
    assert (linus_app.source, linus_app.origin_pool_id) == ("pool: Data Eng", d.data_eng)
    assert statuses(store, ada) == {"Data Eng": "converted", "Rust folks": "converted"}
    assert statuses(store, grace) == {"Data Eng": "converted", "Rust folks": "converted"}
    assert statuses(store, linus) == {"Data Eng": "converted"}
    assert statuses(store, margaret) == {"Data Eng": "new"}  # not handed over: untouched
    # Someone in no pool: no pool to name, nothing to convert.
    other_job = store.jobs.create_job("Data Scientist").id
    hand_over(store, other_job, [dana])
    dana_app = application(store, dana, other_job)
    assert (dana_app.source, dana_app.origin_pool_id) == ("talent pools", None)
    assert statuses(store, dana) == {}


def test_handoff_from_a_pool_converts_only_in_that_pool(data):
    store, d = data
    ada = d.ids["Ada Lovelace"]
    rust_before = statuses(store, ada)["Rust folks"]
    hand_over(store, d.open_job, [ada], pool_id=d.data_eng)
    app = application(store, ada, d.open_job)
    assert (app.source, app.origin_pool_id) == ("pool: Data Eng", d.data_eng)
    assert statuses(store, ada) == {"Data Eng": "converted", "Rust folks": rust_before}
    assert rust_before != "converted"


def test_people_already_in_the_job_keep_their_statuses(data):
    store, d = data
    grace = d.ids["Grace Hopper"]
    store.applications.apply(grace, d.open_job, source="inbound")
    result = hand_over(store, d.open_job, [grace])
    assert (result.changed, result.skipped) == (0, 1)
    assert statuses(store, grace) == {"Data Eng": "engaged", "Rust folks": "new"}
