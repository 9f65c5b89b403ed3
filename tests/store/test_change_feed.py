"""The activity feed read from the change log: who did what, newest first, filtered and paged; the log trimmed.

Every change comes from a real write by one of two users on one database (SQLite file and PostgreSQL); only
`at` is pinned, with an UPDATE, where a test needs changes of another day.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime

import pytest
from activity_data import mine, move, rate, team_on, work
from sqlalchemy import func, select, update

from pipeline_tui.core.change_records import FeedQuery
from pipeline_tui.store import Store, change_feed
from pipeline_tui.store.change_feed import feed_select, first_since
from pipeline_tui.store.change_tables import ChangeLog

OLD = datetime(2025, 6, 1, 12, 0)


@pytest.fixture
def team(any_db_url):
    """Ann (an e-mail) and Ben (a name) on one database, with two jobs and three applicants."""
    with team_on(any_db_url) as data:
        yield data


def test_the_feed_says_who_did_what_newest_first(team):
    work(team)
    stages = team["stages"]
    backend, design = team["backend"], team["design"]
    feed = mine(team["ben"].activity_feed.feed(FeedQuery()), team)
    assert [r.text for r in feed] == [
        "ann rated Bob Ng ★★★",
        f"Ben Ode moved Cy Dee to {stages[design.id][1].name}",
        f"Ben Ode moved Bob Ng to {stages[backend.id][2].name}",
        f"ann moved Ada Lovelace to {stages[backend.id][1].name}",
    ]
    assert [r.seq for r in feed] == sorted((r.seq for r in feed), reverse=True)
    assert [r.actor_email for r in feed] == ["ann@example.com", None, None, "ann@example.com"]
    titles = ["Backend Engineer", "Product Designer", "Backend Engineer", "Backend Engineer"]
    assert [r.job_title for r in feed] == titles
    assert feed[0].kind == "rated" and feed[0].entity == "application"


def test_filters_by_job_member_kind_and_together(team):
    work(team)
    ann, ben = team["ann"], team["ben"]
    backend = team["backend"]
    ben_id = ben.team.find("Ben Ode").id
    feeds = ann.activity_feed
    by_job = mine(feeds.feed(FeedQuery(job_id=backend.id)), team)
    assert {r.job_id for r in by_job} == {backend.id} and len(by_job) == 3
    by_ben = mine(feeds.feed(FeedQuery(actor_id=ben_id)), team)
    assert [r.subject for r in by_ben] == ["Cy Dee", "Bob Ng"]
    rated = mine(feeds.feed(FeedQuery(kinds=("rated",))), team)
    assert [r.text for r in rated] == ["ann rated Bob Ng ★★★"]
    # A kind by its label, as the filter lists it, reads the same.
    assert mine(feeds.feed(FeedQuery(kinds=("moved", "pool status"))), team) == mine(
        feeds.feed(FeedQuery(kinds=("moved",))), team
    )
    both = mine(feeds.feed(FeedQuery(job_id=backend.id, actor_id=ben_id, kinds=("moved",))), team)
    assert [r.subject for r in both] == ["Bob Ng"]
    assert feeds.feed(FeedQuery(actor_id=ben_id + 1000)) == []


def test_pages_below_the_last_seq_cover_the_feed_exactly_once(team):
    for stars in (1, 2, 3, 0, 1, 2, 3):
        rate(team["ben"], team, "Ada Lovelace", stars)
    feeds = team["ann"].activity_feed
    whole = feeds.feed(FeedQuery(limit=1000))
    pages, before = [], None
    while True:
        page = feeds.feed(FeedQuery(limit=3, before_seq=before))
        if not page:
            break
        assert len(page) <= 3
        pages.extend(page)
        before = page[-1].seq
    assert [r.seq for r in pages] == [r.seq for r in whole]
    assert len({r.seq for r in pages}) == len(pages) >= 7


def test_since_reads_only_what_was_done_since(team):
    work(team)
    ann = team["ann"]
    with ann.db.transaction() as s:  # the first two changes were made long ago
        first_two = select(ChangeLog.seq).order_by(ChangeLog.seq).limit(team["start"] + 2).subquery()
        s.execute(update(ChangeLog).where(ChangeLog.seq.in_(select(first_two.c.seq))).values(at=OLD))
    recent = ann.activity_feed.feed(FeedQuery(since=datetime(2026, 1, 1)))
    assert [r.subject for r in recent] == ["Bob Ng", "Cy Dee"]
    assert ann.activity_feed.feed(FeedQuery(since=datetime(2999, 1, 1))) == []


def test_members_and_kinds_are_those_in_the_log(team):
    work(team)
    ann = team["ann"]
    ann.team.add("Zoe Quiet", "zoe@example.com")  # on the team, never changed anything
    names = [m.name for m in ann.activity_feed.members()]
    assert "Zoe Quiet" not in names
    assert [n for n in names if n in ("ann", "Ben Ode")] == ["ann", "Ben Ode"]
    kinds = ann.activity_feed.kinds()
    assert {"moved", "rated"} <= set(kinds)
    assert kinds == sorted(kinds, key=lambda k: k.replace("_", " "))


def test_the_feed_shows_a_person_by_their_current_name(team):
    move(team["ben"], team, "Ada Lovelace", 1)
    ann = team["ann"]
    ada = ann.applications.get(team["apps"]["Ada Lovelace"])
    ann.candidates.update(ada.candidate_id, full_name="Ada King")
    [latest] = mine(ann.activity_feed.feed(FeedQuery(kinds=("moved",))), team)
    assert latest.subject == "Ada King" and "moved Ada King" in latest.text


def _age_all(store: Store) -> int:
    """Every change so far made long ago; the highest number."""
    with store.db.transaction() as s:
        s.execute(update(ChangeLog).values(at=OLD))
        return int(s.scalar(select(func.max(ChangeLog.seq))))


def test_trim_removes_old_changes_and_says_so_in_the_log(team, monkeypatch):
    monkeypatch.setattr(change_feed, "TRIM_CHUNK", 3)  # several DELETE statements for the 12+ rows
    for stars in (1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0):
        rate(team["ann"], team, "Ada Lovelace", stars)
    top = _age_all(team["ann"])
    move(team["ben"], team, "Bob Ng", 1)  # today's: kept
    ben = team["ben"]
    removed = ben.activity_feed.trim(datetime(2026, 1, 1))
    assert removed == top
    feed = ben.activity_feed.feed(FeedQuery())
    assert [r.kind for r in feed] == ["log_trimmed", "moved"]
    trim = feed[0]
    assert trim.entity == "log" and trim.entity_id == top
    assert trim.text == f"Ben Ode trimmed the activity log ({top} changes before 2026-01-01)"
    assert trim.is_trim
    # Nothing older left: nothing removed, and no second "trimmed" row.
    assert ben.activity_feed.trim(datetime(2026, 1, 1)) == 0
    assert len(ben.activity_feed.feed(FeedQuery())) == 2


def test_a_reader_behind_a_trim_gets_one_overflow_batch(team):
    ann, ben = team["ann"], team["ben"]
    batches = []
    got = threading.Event()
    watch = ben.watch(lambda b: (batches.append(b), got.set()), poll=0.2)
    watch.start()
    deadline = time.monotonic() + 5
    while watch.last_seq is None and time.monotonic() < deadline:
        time.sleep(0.05)
    watch.stop()  # Ben's laptop sleeps
    behind = watch.last_seq
    for stars in (1, 2, 3):
        rate(ann, team, "Ada Lovelace", stars)
    _age_all(ann)
    assert ann.activity_feed.trim(datetime(2026, 1, 1)) >= 3
    watch.start(behind)  # and wakes up
    assert got.wait(3.0)
    watch.stop()
    assert batches[0].overflow and batches[0].changes == ()
    assert watch.last_seq == ann.changes.latest_seq()


def test_a_reader_past_the_trimmed_rows_just_reads_the_trim(team):
    ann, ben = team["ann"], team["ben"]
    rate(ann, team, "Ada Lovelace", 2)
    _age_all(ann)
    seen = ben.changes.latest_seq()
    ann.activity_feed.trim(datetime(2026, 1, 1))
    batch = ben.changes.changes_since(seen)
    assert not batch.overflow
    assert [c.kind for c in batch.changes] == ["log_trimmed"]


def _plan(store: Store, query: FeedQuery, first_seq: int | None = None) -> str:
    sql = str(feed_select(query, first_seq).compile(store.db.engine, compile_kwargs={"literal_binds": True}))
    with store.db.engine.connect() as conn:
        return " | ".join(row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))


def test_a_page_of_one_job_or_one_member_uses_their_index(store):
    plan = _plan(store, FeedQuery(job_id=3, before_seq=500))
    assert "USING INDEX ix_change_log_job (job_id=? AND seq<?)" in plan
    assert "SCAN change_log" not in plan
    plan = _plan(store, FeedQuery(actor_id=2))
    assert "USING INDEX ix_change_log_actor (actor_id=?)" in plan
    assert "SCAN change_log" not in plan
    # A kind walks the primary key back from the newest: no sort of the whole log for one page.
    plan = _plan(store, FeedQuery(kinds=("moved",)))
    assert "USE TEMP B-TREE" not in plan
    # `since` first finds the first number made since then on the time index, and the page stops there.
    sql = str(
        first_since(datetime(2026, 1, 1)).compile(store.db.engine, compile_kwargs={"literal_binds": True})
    )
    with store.db.engine.connect() as conn:
        plan = " | ".join(row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
    assert "USING COVERING INDEX ix_change_log_at (at>?)" in plan
    plan = _plan(store, FeedQuery(since=datetime(2026, 1, 1)), first_seq=10)
    assert "USING INTEGER PRIMARY KEY (rowid>?)" in plan
