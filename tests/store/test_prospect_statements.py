"""What the pool browser's count-then-page sends to the database: the page reuses what the count learnt.

The screen counts a view and then reads its first page in one worker; a second count of the same pool or the
same words (only to choose the page's query plan) doubled the store's part of a search or a pool's first page
at a million people. Asserted as statements sent, on SQLite and PostgreSQL, never as time."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from pools_data import build
from sqlalchemy import event


@pytest.fixture
def data(any_store):
    return any_store, build(any_store)


@contextmanager
def statements(store):
    """Every SQL statement the store sends while the block runs, in order."""
    sent: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany) -> None:
        sent.append(" ".join(statement.split()))

    event.listen(store.db.engine, "before_cursor_execute", seen)
    try:
        yield sent
    finally:
        event.remove(store.db.engine, "before_cursor_execute", seen)


def test_a_pools_first_page_counts_its_members_once_and_reads_the_pool_once(data):
    store, d = data
    with statements(store) as sent:
        total = store.prospects.count(d.data_eng)
        rows = store.prospects.page(d.data_eng, sort="name", limit=100)
    assert total == len(rows) > 0
    member_counts = [s for s in sent if s.startswith("SELECT count(*)") and "FROM pool_member" in s]
    assert len(member_counts) == 1, sent
    # The page itself checks the pool exists once, not once for its ids and again for its columns.
    pool_reads = [s for s in sent if "FROM pool WHERE pool.id" in s]
    assert len(pool_reads) == 2, sent  # one for count, one for page


def test_a_searchs_first_page_does_not_count_the_matches_again(data):
    store, _d = data
    with statements(store) as sent:
        total = store.prospects.count("all", "engineer")
        rows = store.prospects.page("all", "engineer", sort="name", limit=100)
    assert total == len(rows) > 0
    full_text_counts = [s for s in sent if s.startswith("SELECT count(*) FROM candidate_fts")]
    assert len(full_text_counts) <= 1, sent


def test_the_plan_hints_never_change_the_answer_after_the_data_changes(data):
    """The remembered pool size and match count only choose a plan: a page read after people joined or
    left the pool (without a count in between) still shows exactly the members."""
    store, d = data
    store.prospects.count(d.data_eng)
    before = {r.id for r in store.prospects.page(d.data_eng)}
    newcomer = next(i for i in d.ids.values() if i not in before)
    store.pools.add_to_pool(d.data_eng, [newcomer])
    after = {r.id for r in store.prospects.page(d.data_eng)}
    assert after == before | {newcomer}
