"""Two people (two Store objects, two threads) changing the same record at the same moment.

The interleaving is forced, not hoped for: both sides are held at a barrier after they have read the record and
passed the version check, and only then race to write. Exactly one may win; the loser must get the
stale-version (or duplicate) error and nothing of theirs may be written.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from pipeline_tui.core.errors import AlreadyApplied, DuplicateCandidate, StaleVersion
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.store import Store
from pipeline_tui.store import applications as applications_module
from pipeline_tui.store import candidates as candidates_module
from pipeline_tui.store.applications import count_events

BARRIER_TIMEOUT = 30


def second_store(store: Store) -> Store:
    """Another connection pool on the same database: a second user or a second window."""
    return Store.open(store.db.engine.url.render_as_string(hide_password=False), actor="other")


def run_both(*calls: Callable[[], object]) -> list[tuple[str, object]]:
    """Run the calls in threads at once; each result is ('ok', value) or ('error', exception)."""
    results: list[tuple[str, object] | None] = [None] * len(calls)

    def worker(i: int, call: Callable[[], object]) -> None:
        try:
            results[i] = ("ok", call())
        except Exception as exc:  # the test inspects what each side got
            results[i] = ("error", exc)

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a racing writer hung"
    return [r for r in results if r is not None]


def hold_after_first_calls(monkeypatch, module, name: str, parties: int) -> threading.Barrier:
    """Wrap module.name so its first `parties` calls wait for each other after running."""
    barrier = threading.Barrier(parties, timeout=BARRIER_TIMEOUT)
    original = getattr(module, name)
    calls = {"n": 0}
    lock = threading.Lock()

    def held(*args, **kwargs):
        with lock:
            calls["n"] += 1
            wait = calls["n"] <= parties
        result = original(*args, **kwargs)
        if wait:
            barrier.wait()
        return result

    monkeypatch.setattr(module, name, held)
    barrier.calls = calls  # lets a test prove both sides really reached the barrier
    return barrier


@pytest.fixture
def race(any_store):
    job = any_store.jobs.create_job("Backend Engineer")
    stages = any_store.jobs.stages(job.id)
    ann = any_store.candidates.add(CandidateInput.parse(full_name="Ann Lee", email="ann@example.com"))
    app = any_store.applications.apply(ann.id, job.id)
    other = second_store(any_store)
    yield any_store, other, job, stages, ann, app
    other.close()


def test_two_sessions_moving_one_card_exactly_one_wins(race, monkeypatch):
    mine, theirs, _job, stages, _ann, app = race
    held = hold_after_first_calls(monkeypatch, applications_module, "_check_version", 2)
    results = run_both(
        lambda: mine.applications.move_to_stage(app.id, stages[1].id, app.version),
        lambda: theirs.applications.move_to_stage(app.id, stages[2].id, app.version),
    )
    assert held.calls["n"] == 2, "both writers passed the version check before either wrote"
    wins = [v for kind, v in results if kind == "ok"]
    losses = [v for kind, v in results if kind == "error"]
    assert len(wins) == 1 and len(losses) == 1, results
    assert isinstance(losses[0], StaleVersion), repr(losses[0])
    final = mine.applications.get(app.id)
    assert (final.stage_id, final.version) == (wins[0].stage_id, app.version + 1)
    history = theirs.applications.history(app.id)
    assert [e.action for e in history] == ["applied", "move"]
    assert history[-1].to_stage_id == final.stage_id
    assert count_events(mine.db) == 2


def test_move_racing_a_reject_exactly_one_wins(race, monkeypatch):
    mine, theirs, _job, stages, _ann, app = race
    held = hold_after_first_calls(monkeypatch, applications_module, "_check_version", 2)
    results = run_both(
        lambda: mine.applications.move_to_stage(app.id, stages[3].id, app.version),
        lambda: theirs.applications.reject(app.id, None, app.version, note="no"),
    )
    assert held.calls["n"] == 2
    wins = [v for kind, v in results if kind == "ok"]
    losses = [v for kind, v in results if kind == "error"]
    assert len(wins) == 1 and len(losses) == 1 and isinstance(losses[0], StaleVersion), results
    final = mine.applications.get(app.id)
    assert (final.status, final.stage_id) == (wins[0].status, wins[0].stage_id)
    assert len(mine.applications.history(app.id)) == 2


def test_the_loser_can_reload_and_try_again(race):
    mine, theirs, _job, stages, _ann, app = race
    mine.applications.move_to_stage(app.id, stages[1].id, app.version)
    with pytest.raises(StaleVersion) as info:
        theirs.applications.move_to_stage(app.id, stages[2].id, app.version)
    fresh = theirs.applications.get(app.id)
    assert info.value.current_version == fresh.version
    moved = theirs.applications.move_to_stage(app.id, stages[2].id, fresh.version)
    assert moved.stage_id == stages[2].id
    assert [e.actor for e in mine.applications.history(app.id)] == ["tester", "tester", "other"]


def test_many_writers_no_change_and_no_event_is_lost(race):
    """Four threads keep moving one card back and forth, reloading when they lose. Every successful change
    leaves exactly one event and one version step; every failure leaves nothing."""
    mine, theirs, _job, stages, _ann, app = race
    stores = [mine, theirs, mine, theirs]
    outcome = {"ok": 0, "stale": 0}
    lock = threading.Lock()
    start = threading.Barrier(len(stores), timeout=BARRIER_TIMEOUT)

    def writer(store: Store) -> None:
        start.wait()
        for _ in range(6):
            current = store.applications.get(app.id)
            target = stages[2] if current.stage_id == stages[1].id else stages[1]
            try:
                store.applications.move_to_stage(app.id, target.id, current.version)
            except StaleVersion:
                with lock:
                    outcome["stale"] += 1
            else:
                with lock:
                    outcome["ok"] += 1

    results = run_both(*[lambda s=s: writer(s) for s in stores])
    assert all(kind == "ok" for kind, _ in results), results
    assert outcome["ok"] + outcome["stale"] == 24
    assert outcome["ok"] >= 1
    final = mine.applications.get(app.id)
    assert final.version == app.version + outcome["ok"]
    history = mine.applications.history(app.id)
    assert len(history) == 1 + outcome["ok"]
    # The log is a consistent chain: every move starts where the previous one ended.
    for before, after in zip(history, history[1:], strict=False):
        assert after.from_stage_id == before.to_stage_id
    assert history[-1].to_stage_id == final.stage_id


def test_two_sessions_adding_the_same_email(any_store, monkeypatch):
    other = second_store(any_store)
    try:
        held = hold_after_first_calls(monkeypatch, candidates_module, "_refuse_duplicate", 2)
        results = run_both(
            lambda: any_store.candidates.add(
                CandidateInput.parse(full_name="Ann Lee", email="ann@example.com")
            ),
            lambda: other.candidates.add(CandidateInput.parse(full_name="Ann L.", email=" ANN@example.com")),
        )
        # Both passed the duplicate check; the loser was stopped by the unique index and told who won.
        assert held.calls["n"] == 3
    finally:
        other.close()
    wins = [v for kind, v in results if kind == "ok"]
    losses = [v for kind, v in results if kind == "error"]
    assert len(wins) == 1 and len(losses) == 1, results
    assert isinstance(losses[0], DuplicateCandidate), repr(losses[0])
    assert losses[0].existing_id == wins[0].id
    assert any_store.candidates.count() == 1


def test_two_sessions_applying_the_same_person(race, monkeypatch):
    mine, theirs, _job, _stages, _ann, _app = race
    job = mine.jobs.create_job("Second job")
    bo = mine.candidates.add(CandidateInput.parse(full_name="Bo"))
    held = hold_after_first_calls(monkeypatch, applications_module, "_refuse_second_application", 2)
    results = run_both(
        lambda: mine.applications.apply(bo.id, job.id),
        lambda: theirs.applications.apply(bo.id, job.id),
    )
    assert held.calls["n"] == 3
    wins = [v for kind, v in results if kind == "ok"]
    losses = [v for kind, v in results if kind == "error"]
    assert len(wins) == 1 and len(losses) == 1, results
    assert isinstance(losses[0], AlreadyApplied), repr(losses[0])
    assert losses[0].application_id == wins[0].id
    assert [e.action for e in mine.applications.history(wins[0].id)] == ["applied"]
    assert count_events(mine.db) == 2


def test_two_sessions_creating_the_same_new_tag(any_store):
    """Two sourcers tag the same person with a tag nobody has used yet, at the same moment: both succeed,
    there is one tag and one link."""
    from sqlalchemy import event

    from pipeline_tui.store.models import Tag

    ann = any_store.candidates.add(CandidateInput.parse(full_name="Ann"))
    bo = any_store.candidates.add(CandidateInput.parse(full_name="Bo"))
    other = second_store(any_store)
    barrier = threading.Barrier(2, timeout=BARRIER_TIMEOUT)
    seen = {"n": 0}
    lock = threading.Lock()

    def both_about_to_insert(_mapper, _connection, _target):
        with lock:
            seen["n"] += 1
            wait = seen["n"] <= 2
        if wait:  # both looked the tag up and found nothing; now both insert it
            barrier.wait()

    event.listen(Tag, "before_insert", both_about_to_insert)
    try:
        results = run_both(
            lambda: any_store.tags.tag([ann.id, bo.id], ["Kubernetes"]),
            lambda: other.tags.tag([ann.id], [" kubernetes "]),
        )
    finally:
        event.remove(Tag, "before_insert", both_about_to_insert)
        other.close()
    assert seen["n"] == 2
    assert all(kind == "ok" for kind, _ in results), results
    # Whichever spelling won the race is the tag's name; there is one tag, on two people.
    assert [(t.name.lower(), t.candidate_count) for t in any_store.tags.all_tags()] == [("kubernetes", 2)]
    assert [n.lower() for n in any_store.tags.tags_for(ann.id)] == ["kubernetes"]
    assert sum(r.changed for _, r in results) == 2


def test_two_sessions_adding_the_same_person_to_a_pool(any_store):
    """Two sourcers add the same prospect to the same pool at the same moment: one membership, no error."""
    from sqlalchemy import event

    pool = any_store.pools.create_pool("Rust folks")
    ann = any_store.candidates.add(CandidateInput.parse(full_name="Ann"))
    # Both users are team members already: a first write would otherwise take SQLite's write lock early.
    any_store.team.add("tester", None, "sourcer")
    any_store.team.add("other", None, "sourcer")
    other = second_store(any_store)
    barrier = threading.Barrier(2, timeout=BARRIER_TIMEOUT)
    seen = {"n": 0}
    lock = threading.Lock()

    def both_checked(conn, _cursor, statement, _params, _context, _many):
        if not statement.lstrip().upper().startswith("INSERT INTO POOL_MEMBER"):
            return
        with lock:
            seen["n"] += 1
            wait = seen["n"] <= 2
        if wait:  # both found Ann missing from the pool; now both insert her
            barrier.wait()

    engines = [any_store.db.engine, other.db.engine]
    for engine in engines:
        event.listen(engine, "before_cursor_execute", both_checked)
    try:
        results = run_both(
            lambda: any_store.pools.add_to_pool(pool.id, [ann.id]),
            lambda: other.pools.add_to_pool(pool.id, [ann.id], status="contacted"),
        )
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", both_checked)
        other.close()
    assert seen["n"] >= 2
    assert all(kind == "ok" for kind, _ in results), results
    assert sorted(r.changed for _, r in results) == [0, 1]
    assert any_store.pools.get(pool.id).member_count == 1
    assert [m.candidate_id for m in any_store.pools.memberships(ann.id)] == [ann.id]
