"""The due queue in the store (store.touches), on SQLite and PostgreSQL: what is due and in what order, the
rendered message, and what each action leaves on the touch, the enrollment, the person and their pools."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from nurture_data import THREE_STEPS, add_people, enroll_people, seed_sequence
from sqlalchemy import event, func, select, update

from pipeline_tui.core.errors import InvalidInput, NotFound, RuleViolation
from pipeline_tui.core.nurture_records import SequenceDraft, StepDraft
from pipeline_tui.store import Store
from pipeline_tui.store import touches as touches_module
from pipeline_tui.store.models import Activity, Candidate, PoolMember
from pipeline_tui.store.nurture_tables import Enrollment, Touch

BERLIN = ZoneInfo("Europe/Berlin")
# Tuesday 3 March 2026, 10:00 UTC (11:00 in Berlin).
NOW = datetime(2026, 3, 3, 10, 0)


@pytest.fixture
def queue(any_store):
    """Ada and Grace in pool Data Eng, enrolled in Warm-up on Monday 2 March (step 1 due that day)."""
    pool = any_store.pools.create_pool("Data Eng").id
    ada, grace = add_people(any_store, "Ada Lovelace", "Grace Hopper", pool_id=pool)
    seq = seed_sequence(any_store)
    t_ada, t_grace = enroll_people(
        any_store, seq, [ada, grace], on=date(2026, 3, 2), pool_id=pool, zone=BERLIN
    )
    return any_store, {
        "pool": pool,
        "ada": ada,
        "grace": grace,
        "seq": seq,
        "t_ada": t_ada,
        "t_grace": t_grace,
    }


def _rows(store, model, *where):
    with store.db.transaction() as s:
        return s.execute(select(model).where(*where)).scalars().all()


def _count(store, model, *where) -> int:
    with store.db.transaction() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def _pool_status(store, candidate_id: int, pool_id: int) -> str:
    with store.db.transaction() as s:
        return s.scalar(
            select(PoolMember.status).where(
                PoolMember.candidate_id == candidate_id, PoolMember.pool_id == pool_id
            )
        )


def _set_due(store, touch_id: int, day: date) -> None:
    with store.db.transaction() as s:
        s.execute(update(Touch).where(Touch.id == touch_id).values(due_on=day))


def test_the_queue_is_oldest_first_with_overdue_and_without_future_touches(any_store):
    ids = add_people(any_store, "Ada Lovelace", "Grace Hopper", "Linus Torvalds", "Alan Turing")
    seq = seed_sequence(any_store)
    touches = enroll_people(any_store, seq, ids, on=date(2026, 3, 1), zone=BERLIN)
    _set_due(any_store, touches[0], date(2026, 3, 3))  # today
    _set_due(any_store, touches[1], date(2026, 2, 20))  # overdue
    _set_due(any_store, touches[2], date(2026, 3, 4))  # tomorrow: not yet
    _set_due(any_store, touches[3], date(2026, 3, 1))

    due = any_store.touches.due(now=NOW, zone=BERLIN)

    assert [(t.person, t.due_on) for t in due] == [
        ("Grace Hopper", date(2026, 2, 20)),
        ("Alan Turing", date(2026, 3, 1)),
        ("Ada Lovelace", date(2026, 3, 3)),
    ]
    assert any_store.touches.count_due(now=NOW, zone=BERLIN) == 3
    # The next morning Linus is due too.
    assert any_store.touches.count_due(now=datetime(2026, 3, 4, 6, 0), zone=BERLIN) == 4


def test_keyset_pages_walk_the_whole_queue_once_in_order(any_store):
    names = [f"Person{i:02d} Test" for i in range(7)]
    ids = add_people(any_store, *names)
    seq = seed_sequence(any_store)
    touches = enroll_people(any_store, seq, ids, on=date(2026, 3, 1), zone=BERLIN)
    for touch_id, day in zip(touches, [3, 1, 2, 1, 3, 2, 1], strict=True):
        _set_due(any_store, touch_id, date(2026, 3, day))

    seen, after = [], None
    while page := any_store.touches.due(now=NOW, zone=BERLIN, limit=3, after=after):
        assert len(page) <= 3
        seen.extend(page)
        after = (page[-1].due_on, page[-1].id)

    assert len(seen) == 7
    assert [(t.due_on, t.id) for t in seen] == sorted((t.due_on, t.id) for t in seen)
    assert len({t.id for t in seen}) == 7


def test_a_due_touch_shows_its_message_rendered_for_the_person(queue):
    store, ids = queue
    [ada] = [t for t in store.touches.due(now=NOW, zone=BERLIN) if t.id == ids["t_ada"]]
    assert (ada.person, ada.email, ada.sequence, ada.step, ada.steps, ada.channel, ada.pool) == (
        "Ada Lovelace",
        "ada@example.com",
        "Warm-up",
        1,
        3,
        "email",
        "Data Eng",
    )
    assert ada.subject == "Hello Ada"
    assert ada.body == "Hi Ada,\n\nHow is Acme? The Data Eng team would love a chat.\n\ntester"
    assert ada.problem is None
    assert store.touches.get(ids["t_ada"], now=NOW, zone=BERLIN) == ada


def test_missing_values_render_empty_and_the_sender_is_the_team_member(any_store):
    any_store.team.add("Sam Sourcer", "tester@example.com")
    any_store.db.user.spec = "tester@example.com"
    [cher] = add_people(any_store, "Cher", current_company=None, email=None)
    seq = seed_sequence(
        any_store,
        steps=[
            StepDraft(
                channel="linkedin", body="[{{ last_name }}|{{ company }}|{{ pool }}] {{ sender_email }}"
            )
        ],
    )
    enroll_people(any_store, seq, [cher], on=date(2026, 3, 2), zone=BERLIN)
    [touch] = any_store.touches.due(now=NOW, zone=BERLIN)
    assert touch.body == "[||] tester@example.com"
    assert touch.email is None and touch.pool is None


def test_a_template_edited_after_the_touch_came_due_keeps_its_old_text(queue):
    store, ids = queue
    step2 = store.touches.done(ids["t_ada"], now=NOW, zone=BERLIN).next  # Ada's step 2: due on Friday
    edited = (
        THREE_STEPS[0].model_copy(update={"subject": "New subject for {{ first_name }}", "body": "New body"}),
        THREE_STEPS[1].model_copy(update={"body": "Edited follow-up for {{ first_name }}"}),
        THREE_STEPS[2],
    )
    store.sequences.update(ids["seq"], SequenceDraft(name="Warm-up", steps=edited), now=NOW, zone=BERLIN)

    # Grace's step 1 came due before the edit: it keeps the text it had.
    [grace] = store.touches.due(now=NOW, zone=BERLIN)
    assert (grace.subject, grace.body.split("\n")[0]) == ("Hello Grace", "Hi Grace,")
    assert store.touches.done(grace.id, now=NOW, zone=BERLIN).touch.subject == "Hello Grace"
    # Ada's step 2 was not due yet: it follows the edit.
    friday = store.touches.get(step2.id, now=datetime(2026, 3, 6, 8, 0), zone=BERLIN)
    assert friday.body == "Edited follow-up for Ada"


def test_done_logs_the_message_moves_the_pool_and_schedules_the_next_step(queue):
    store, ids = queue
    result = store.touches.done(ids["t_ada"], now=NOW, zone=BERLIN)

    assert result.touch.status == "done"
    assert result.touch.delivery == "manual"
    assert result.touch.subject == "Hello Ada"
    assert result.touch.body.startswith("Hi Ada,")
    assert result.enrollment_status == "active"
    # Step 2 waits 3 days after the moment it was done: Friday 6 March.
    assert (result.next.step, result.next.channel, result.next.due_on) == (2, "linkedin", date(2026, 3, 6))
    [touch] = _rows(store, Touch, Touch.id == ids["t_ada"])
    assert touch.done_at == NOW and touch.actor == "tester"
    [activity] = _rows(store, Activity, Activity.candidate_id == ids["ada"])
    assert activity.kind == "email"
    assert activity.body == "Hello Ada\n\n" + touch.body
    assert touch.activity_id == activity.id
    [ada] = _rows(store, Candidate, Candidate.id == ids["ada"])
    assert ada.last_contacted_at == NOW
    assert _pool_status(store, ids["ada"], ids["pool"]) == "contacted"
    assert _pool_status(store, ids["grace"], ids["pool"]) == "new"
    # Ada left today's queue; her next step shows on its day.
    assert [t.person for t in store.touches.due(now=NOW, zone=BERLIN)] == ["Grace Hopper"]
    later = store.touches.due(now=datetime(2026, 3, 6, 8, 0), zone=BERLIN)
    assert [(t.person, t.step, t.body) for t in later if t.person == "Ada Lovelace"] == [
        ("Ada Lovelace", 2, "Ada, did you see my e-mail?")
    ]


def test_a_call_step_logs_its_note_and_the_last_step_completes_the_enrollment(queue):
    store, ids = queue
    step2 = store.touches.done(ids["t_ada"], now=NOW, zone=BERLIN).next
    step3 = store.touches.skip(step2.id, now=datetime(2026, 3, 6, 9, 0), zone=BERLIN).next
    assert (step3.channel, step3.due_on) == ("call", date(2026, 3, 10))  # 2 business days after a Friday

    end = store.touches.done(step3.id, now=datetime(2026, 3, 10, 9, 0), zone=BERLIN)

    assert end.next is None and end.enrollment_status == "completed"
    [enrollment] = _rows(store, Enrollment, Enrollment.candidate_id == ids["ada"])
    assert (enrollment.status, enrollment.ended_at) == ("completed", datetime(2026, 3, 10, 9, 0))
    # Newest first: the call's note, then step 1's e-mail (the skipped step 2 logged nothing).
    assert [(a.kind, a.body.split("\n")[0]) for a in store.activities.for_candidate(ids["ada"])] == [
        ("call", "Call Ada Lovelace about Engineer"),
        ("email", "Hello Ada"),
    ]


def test_skip_logs_nothing_and_schedules_the_next_step(queue):
    store, ids = queue
    result = store.touches.skip(ids["t_ada"], now=NOW, zone=BERLIN)
    assert result.touch.status == "skipped"
    assert result.next.step == 2 and result.next.due_on == date(2026, 3, 6)
    assert _count(store, Activity) == 0
    assert _pool_status(store, ids["ada"], ids["pool"]) == "new"
    [ada] = _rows(store, Candidate, Candidate.id == ids["ada"])
    assert ada.last_contacted_at is None


def test_snooze_moves_the_touch_to_a_later_day(queue):
    store, ids = queue
    result = store.touches.snooze(ids["t_ada"], date(2026, 3, 4), now=NOW, zone=BERLIN)
    assert result.touch.status == "due" and result.touch.due_on == date(2026, 3, 4)
    assert [t.person for t in store.touches.due(now=NOW, zone=BERLIN)] == ["Grace Hopper"]
    tomorrow = store.touches.due(now=datetime(2026, 3, 4, 7, 0), zone=BERLIN)
    assert [t.person for t in tomorrow] == ["Grace Hopper", "Ada Lovelace"]


@pytest.mark.parametrize("until", [date(2026, 3, 3), date(2026, 3, 1)])
def test_snoozing_to_today_or_earlier_is_refused(queue, until):
    store, ids = queue
    with pytest.raises(InvalidInput) as refused:
        store.touches.snooze(ids["t_ada"], until, now=NOW, zone=BERLIN)
    assert str(refused.value) == f"snooze until a day after today (2026-03-03): {until:%Y-%m-%d} is not"
    [touch] = _rows(store, Touch, Touch.id == ids["t_ada"])
    assert touch.due_on == date(2026, 3, 2)


def test_replied_stops_the_sequence_logs_a_note_and_engages_the_person(queue):
    store, ids = queue
    store.pools.set_status(ids["pool"], [ids["ada"]], "contacted")
    other = store.pools.create_pool("Converted ones").id
    store.pools.add_to_pool(other, [ids["ada"]], status="converted")

    result = store.touches.replied(ids["t_ada"], now=NOW, zone=BERLIN)

    assert (result.touch.status, result.enrollment_status, result.stop_reason) == (
        "replied",
        "stopped",
        "replied",
    )
    assert result.next is None
    [enrollment] = _rows(store, Enrollment, Enrollment.candidate_id == ids["ada"])
    assert (enrollment.status, enrollment.stop_reason, enrollment.ended_at) == ("stopped", "replied", NOW)
    [note] = store.activities.for_candidate(ids["ada"])
    assert (note.kind, note.body) == ("note", "Replied to Warm-up (step 1)")
    assert _pool_status(store, ids["ada"], ids["pool"]) == "engaged"
    assert _pool_status(store, ids["ada"], other) == "converted"
    assert _count(store, Touch, Touch.enrollment_id == enrollment.id, Touch.status == "due") == 0


def test_opted_out_withdraws_consent_and_marks_every_pool_not_interested(queue):
    store, ids = queue
    other = store.pools.create_pool("Rust folks").id
    store.pools.add_to_pool(other, [ids["grace"]], status="engaged")

    result = store.touches.opted_out(ids["t_grace"], now=NOW, zone=BERLIN)

    assert (result.touch.status, result.enrollment_status, result.stop_reason) == (
        "opted_out",
        "stopped",
        "opted_out",
    )
    [grace] = _rows(store, Candidate, Candidate.id == ids["grace"])
    assert (grace.consent_status, grace.consent_at, grace.consent_method) == (
        "withdrawn",
        NOW,
        "opted out of sequence Warm-up",
    )
    [note] = store.activities.for_candidate(ids["grace"])
    assert note.body == "Opted out of Warm-up (step 1)"
    assert _pool_status(store, ids["grace"], ids["pool"]) == "not_interested"
    assert _pool_status(store, ids["grace"], other) == "not_interested"
    assert _pool_status(store, ids["ada"], ids["pool"]) == "new"


def _snapshot(store) -> tuple:
    with store.db.transaction() as s:
        return (
            s.execute(select(Touch.id, Touch.status, Touch.due_on, Touch.done_at).order_by(Touch.id)).all(),
            s.execute(
                select(Enrollment.id, Enrollment.status, Enrollment.ended_at).order_by(Enrollment.id)
            ).all(),
            s.scalar(select(func.count()).select_from(Activity)),
            s.execute(
                select(PoolMember.candidate_id, PoolMember.status).order_by(PoolMember.candidate_id)
            ).all(),
            s.execute(select(Candidate.id, Candidate.consent_status, Candidate.last_contacted_at)).all(),
        )


@pytest.mark.parametrize("action", ["done", "skip", "replied", "opted_out", "snooze"])
def test_a_touch_already_acted_on_is_refused_and_nothing_is_written(queue, action):
    store, ids = queue
    store.touches.done(ids["t_ada"], now=NOW, zone=BERLIN)
    before = _snapshot(store)

    call = getattr(store.touches, action)
    args = (date(2026, 3, 9),) if action == "snooze" else ()
    with pytest.raises(
        RuleViolation,
        match=re.escape(f"Ada Lovelace's step 1 is already done by tester (touch #{ids['t_ada']})"),
    ):
        call(ids["t_ada"], *args, now=NOW, zone=BERLIN)
    with pytest.raises(NotFound, match="no touch #9999"):
        call(9999, *args, now=NOW, zone=BERLIN)

    assert _snapshot(store) == before


def test_two_windows_pressing_done_on_one_touch_log_it_once(queue):
    store, ids = queue
    # Both windows read the touch while it was due; the second press finds it done.
    first = store.touches.get(ids["t_ada"], now=NOW, zone=BERLIN)
    second = store.touches.get(ids["t_ada"], now=NOW, zone=BERLIN)
    assert first == second
    store.touches.done(first.id, now=NOW, zone=BERLIN)
    with pytest.raises(RuleViolation, match="already done"):
        store.touches.done(second.id, now=NOW, zone=BERLIN)
    assert _count(store, Activity, Activity.candidate_id == ids["ada"]) == 1
    assert _count(store, Touch, Touch.enrollment_id == first.enrollment_id) == 2
    with pytest.raises(RuleViolation, match="already done"):
        store.touches.get(ids["t_ada"], now=NOW, zone=BERLIN)


def test_business_days_skip_the_weekend(any_store):
    [ada] = add_people(any_store, "Ada Lovelace")
    steps = [
        StepDraft(channel="call", wait_days=0, business_days=True),
        StepDraft(channel="call", wait_days=2, business_days=True),
        StepDraft(channel="other", wait_days=1),
    ]
    seq = seed_sequence(any_store, steps=steps)
    # Enrolled on Saturday 7 March: a wait of 0 business days is Monday.
    [first] = enroll_people(any_store, seq, [ada], on=date(2026, 3, 7), zone=BERLIN)
    assert any_store.touches.count_due(now=datetime(2026, 3, 8, 12, 0), zone=BERLIN) == 0
    [touch] = any_store.touches.due(now=datetime(2026, 3, 9, 8, 0), zone=BERLIN)
    assert touch.id == first and touch.due_on == date(2026, 3, 9)

    # Done on Friday 13 March: two business days later is Tuesday 17 March.
    second = any_store.touches.done(first, now=datetime(2026, 3, 13, 15, 0), zone=BERLIN).next
    assert second.due_on == date(2026, 3, 17)
    # Calendar days count the weekend: done on Saturday 14 March, due Sunday 15 March.
    third = any_store.touches.done(second.id, now=datetime(2026, 3, 14, 10, 0), zone=BERLIN).next
    assert third.due_on == date(2026, 3, 15)


def test_due_days_follow_the_users_wall_clock_across_dst(any_store):
    [ada] = add_people(any_store, "Ada Lovelace")
    seq = seed_sequence(
        any_store,
        steps=[
            StepDraft(channel="call", wait_days=0),
            StepDraft(channel="call", wait_days=1),
            StepDraft(channel="call", wait_days=7),
        ],
    )
    [first] = enroll_people(any_store, seq, [ada], on=date(2026, 3, 27), zone=BERLIN)
    # 23:30 UTC on Saturday 28 March is 00:30 on Sunday 29 March in Berlin (the night clocks go forward):
    # one day later is Monday 30 March there, though in UTC it is still the 28th.
    second = any_store.touches.done(first, now=datetime(2026, 3, 28, 23, 30), zone=BERLIN).next
    assert second.due_on == date(2026, 3, 30)
    assert any_store.touches.count_due(now=datetime(2026, 3, 29, 21, 59), zone=BERLIN) == 0
    assert any_store.touches.count_due(now=datetime(2026, 3, 29, 22, 0), zone=BERLIN) == 1  # 00:00 CEST

    # Done at 00:30 on Sunday 25 October in Berlin (22:30 UTC the 24th, still summer time); the clocks go
    # back that night. Seven days later is Sunday 1 November, which starts at 23:00 UTC on 31 October.
    with any_store.db.transaction() as s:
        s.execute(update(Touch).where(Touch.id == second.id).values(due_on=date(2026, 10, 24)))
    third = any_store.touches.done(second.id, now=datetime(2026, 10, 24, 22, 30), zone=BERLIN).next
    assert third.due_on == date(2026, 11, 1)
    assert any_store.touches.count_due(now=datetime(2026, 10, 31, 22, 59), zone=BERLIN) == 0
    assert any_store.touches.count_due(now=datetime(2026, 10, 31, 23, 0), zone=BERLIN) == 1


def test_a_press_that_read_the_touch_before_another_window_marked_it_done_is_refused(queue, monkeypatch):
    store, ids = queue
    other = Store.open(store.db.engine.url.render_as_string(hide_password=False), actor="tester")
    read_due = touches_module._due_row
    raced: list[int] = []

    def read_then_lose_the_race(s, touch_id):
        row = read_due(s, touch_id)
        if not raced:  # the other window presses done between this window's read and its write
            raced.append(touch_id)
            other.touches.done(touch_id, now=NOW, zone=BERLIN)
        return row

    monkeypatch.setattr(touches_module, "_due_row", read_then_lose_the_race)
    try:
        with pytest.raises(RuleViolation, match="already done"):
            store.touches.done(ids["t_ada"], now=NOW, zone=BERLIN)
    finally:
        other.close()
    assert raced == [ids["t_ada"]]
    assert _count(store, Activity, Activity.candidate_id == ids["ada"]) == 1
    assert (
        _count(
            store,
            Touch,
            Touch.enrollment_id == _rows(store, Touch, Touch.id == ids["t_ada"])[0].enrollment_id,
        )
        == 2
    )


def _statements_during(store, work) -> int:
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(store.db.engine, "before_cursor_execute", count)
    try:
        work()
    finally:
        event.remove(store.db.engine, "before_cursor_execute", count)
    return len([s for s in seen if s.lstrip().upper().startswith("SELECT")])


def test_a_page_is_one_query_however_many_touches_it_holds(any_store):
    ids = add_people(any_store, *[f"Person{i:02d} Test" for i in range(30)])
    seq = seed_sequence(any_store)
    enroll_people(any_store, seq, ids[:2], on=date(2026, 3, 2), zone=BERLIN)
    two = _statements_during(any_store, lambda: any_store.touches.due(now=NOW, zone=BERLIN))
    enroll_people(any_store, seq, ids[2:], on=date(2026, 3, 2), zone=BERLIN)
    thirty = _statements_during(any_store, lambda: any_store.touches.due(now=NOW, zone=BERLIN))
    assert len(any_store.touches.due(now=NOW, zone=BERLIN)) == 30
    assert thirty == two <= 2  # the page, and (before the user's first write) who the sender is


def test_a_touch_whose_template_no_longer_renders_shows_why_and_cannot_be_done(queue):
    store, ids = queue
    with store.db.transaction() as s:  # cannot be saved through sequences: a row written by hand
        s.execute(update(Touch).where(Touch.id == ids["t_ada"]).values(subject="Hi", body="{{ nickname }}"))
    by_id = {t.id: t for t in store.touches.due(now=NOW, zone=BERLIN)}
    assert by_id[ids["t_ada"]].problem == "step 1 body: 'nickname' is undefined"
    assert (by_id[ids["t_ada"]].subject, by_id[ids["t_ada"]].body) == ("", "")
    assert by_id[ids["t_grace"]].problem is None
    before = _snapshot(store)
    with pytest.raises(InvalidInput, match=f"touch #{ids['t_ada']} cannot be written: step 1 body"):
        store.touches.done(ids["t_ada"], now=NOW, zone=BERLIN)
    assert _snapshot(store) == before
    assert store.touches.skip(ids["t_ada"], now=NOW, zone=BERLIN).next.step == 2


def test_a_linkedin_step_logs_a_linkedin_message_with_its_body(queue):
    store, ids = queue
    step2 = store.touches.done(ids["t_ada"], now=NOW, zone=BERLIN).next
    done = store.touches.done(step2.id, now=datetime(2026, 3, 6, 9, 0), zone=BERLIN)
    assert (done.touch.subject, done.touch.body) == (None, "Ada, did you see my e-mail?")
    latest = store.activities.for_candidate(ids["ada"])[0]
    assert (latest.kind, latest.body) == ("linkedin", "Ada, did you see my e-mail?")
