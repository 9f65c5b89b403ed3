"""Sequences on SQLite and PostgreSQL: a draft is checked whole (one clear line, nothing written), names are
unique whatever their case, and an edit applies to steps not yet due."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sequences_data import calls_only, person, three_steps
from sqlalchemy import text

from pipeline_tui.core.errors import InvalidInput, NotFound, RuleViolation
from pipeline_tui.core.nurture_records import SequenceDraft, StepDraft

BERLIN = ZoneInfo("Europe/Berlin")


def sequence_rows(store) -> int:
    with store.db.transaction() as s:
        return s.execute(text("SELECT count(*) FROM sequence")).scalar_one()


def test_a_sequence_is_stored_with_its_steps_and_found_by_name(any_store):
    made = any_store.sequences.add(three_steps())
    assert [(st.position, st.channel, st.wait_days, st.business_days) for st in made.steps] == [
        (1, "email", 0, False),
        (2, "linkedin", 3, False),
        (3, "call", 2, True),
    ]
    found = any_store.sequences.by_name("  warm   UP ")
    assert found.id == made.id and found.steps == made.steps and found.has_email_steps
    assert any_store.sequences.get(made.id).description == "keep the pool warm"
    with pytest.raises(NotFound, match=r"no sequence named 'Warm upp', did you mean 'Warm up'\?"):
        any_store.sequences.by_name("Warm upp")


def test_the_list_is_in_name_order_with_counts_and_hides_archived(any_store):
    store = any_store
    warm = store.sequences.add(three_steps("Warm up"))
    ring = store.sequences.add(calls_only("Alpha calls"))
    store.sequences.add(calls_only("Old one"))
    ann, bo = person(store, "Ann Lee", "ann@example.org"), person(store, "Bo Ek", "bo@example.org")
    store.enrollments.enroll(warm.id, [ann, bo])
    store.sequences.archive(store.sequences.by_name("Old one").id)
    listed = store.sequences.list()
    assert [(s.name, s.active, s.enrolled) for s in listed] == [("Alpha calls", 0, 0), ("Warm up", 2, 2)]
    assert [s.name for s in store.sequences.list(include_archived=True)] == [
        "Alpha calls",
        "Old one",
        "Warm up",
    ]
    assert ring.id in {s.id for s in listed}


def _one_step(**step) -> SequenceDraft:
    return SequenceDraft(name="Bad", steps=(StepDraft(channel="call"), StepDraft(**step)))


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (
            _one_step(channel="email", subject="Hi {{ frist_name }}", body="x"),
            r"step 2 subject: unknown placeholder \{\{ frist_name \}\}",
        ),
        (
            _one_step(channel="email", subject="Hi", body="Hi\nthere {{ first_name }"),
            r"step 2 body, line 2, column 21: unexpected '}'",
        ),
        (_one_step(channel="linkedin", body="{{ ''.__class__ }}"), r"step 2 body: only placeholders"),
        (_one_step(channel="call", wait_days=-1), r"step 2: the wait cannot be negative"),
        (_one_step(channel="fax"), r"unknown channel 'fax' in step 2: use email, linkedin, call or other"),
        (_one_step(channel="email", body="no subject"), r"step 2: an e-mail needs a subject"),
        (_one_step(channel="linkedin"), r"step 2: a LinkedIn message needs a body"),
        (SequenceDraft(name="No steps"), r"at least one step"),
        (SequenceDraft(name="   ", steps=(StepDraft(channel="call"),)), r"needs a name"),
        (
            SequenceDraft(name="Long", steps=tuple(StepDraft(channel="call") for _ in range(21))),
            r"at most 20 steps",
        ),
    ],
)
def test_a_bad_draft_is_one_clear_line_and_writes_nothing(any_store, draft, message):
    with pytest.raises(InvalidInput, match=message):
        any_store.sequences.add(draft)
    assert sequence_rows(any_store) == 0


def test_a_name_is_taken_whatever_its_case(any_store):
    any_store.sequences.add(three_steps("Warm up"))
    with pytest.raises(InvalidInput, match="a sequence named 'WARM UP' exists"):
        any_store.sequences.add(three_steps("WARM UP"))
    other = any_store.sequences.add(calls_only("Other"))
    with pytest.raises(InvalidInput, match="a sequence named 'warm up' exists"):
        any_store.sequences.update(other.id, calls_only("warm up"))
    assert sequence_rows(any_store) == 2


def test_a_bad_edit_changes_nothing(any_store):
    made = any_store.sequences.add(three_steps())
    bad = three_steps("Renamed").model_copy(update={"steps": (StepDraft(channel="call", wait_days=-2),)})
    with pytest.raises(InvalidInput, match="step 1: the wait cannot be negative"):
        any_store.sequences.update(made.id, bad)
    assert any_store.sequences.get(made.id) == made


def _due(store, cid: int) -> tuple[int, str, date, str | None, str | None]:
    (enrollment,) = store.enrollments.for_person(cid)
    touch = enrollment.touches[-1]
    return touch.step, touch.channel, touch.due_on, touch.subject, touch.body


def test_edits_apply_to_steps_not_yet_due(any_store):
    store = any_store
    made = store.sequences.add(three_steps())
    now = datetime(2026, 3, 2, 9, 0)  # a Monday
    today_one = person(store, "Ann Lee", "ann@example.org")
    store.enrollments.enroll(made.id, [today_one], now=now, zone=BERLIN)
    later = SequenceDraft(
        name="Warm up",
        steps=(
            StepDraft(channel="email", wait_days=4, subject="New {{ first_name }}", body="New body"),
            StepDraft(channel="call", wait_days=1),
            StepDraft(channel="other", wait_days=1),
        ),
    )
    tomorrow = person(store, "Bo Ek", "bo@example.org")
    store.enrollments.enroll(made.id, [tomorrow], now=datetime(2026, 3, 3, 9), zone=BERLIN)
    # Ann's step 1 is due today: it keeps the old templates; Bo's is due tomorrow: it follows the edit (its
    # channel, its template, and four days after he enrolled).
    store.sequences.update(made.id, later, now=now, zone=BERLIN)
    assert _due(store, today_one) == (
        1,
        "email",
        date(2026, 3, 2),
        "Hi {{ first_name }}",
        "Hello {{ full_name }}",
    )
    assert _due(store, tomorrow) == (1, "email", date(2026, 3, 7), None, None)
    assert [st.channel for st in store.sequences.get(made.id).steps] == ["email", "call", "other"]


def test_a_later_touch_follows_the_new_wait_and_channel(any_store):
    store = any_store
    made = store.sequences.add(three_steps())
    cid = person(store, "Ann Lee", "ann@example.org")
    store.enrollments.enroll(made.id, [cid], now=datetime(2026, 3, 2, 9), zone=BERLIN)
    # Step 1 waits 5 days now (due Saturday the 7th), as a LinkedIn message: the touch moves, nothing is held.
    edited = three_steps().model_copy(
        update={"steps": (StepDraft(channel="linkedin", wait_days=5, body="Hey"), *three_steps().steps[1:])}
    )
    store.sequences.update(made.id, edited, now=datetime(2026, 3, 1, 12), zone=BERLIN)
    assert _due(store, cid) == (1, "linkedin", date(2026, 3, 7), None, None)


def test_a_removed_step_under_a_due_touch_completes_the_enrollment(any_store):
    store = any_store
    made = store.sequences.add(calls_only())
    cid = person(store, "Ann Lee")
    store.enrollments.enroll(made.id, [cid], now=datetime(2026, 3, 2, 9), zone=BERLIN)
    with store.db.transaction() as s:  # the person is at step 2 of a two-step sequence
        s.execute(text("UPDATE touch SET step = 2"))
    store.sequences.update(made.id, calls_only(), now=datetime(2026, 3, 2, 10), zone=BERLIN)
    (enrollment,) = store.enrollments.for_person(cid)
    assert enrollment.status == "completed" and enrollment.touches[-1].status == "stopped"


def test_archiving_stops_everyone_and_refuses_edits_and_a_second_archive(any_store):
    store = any_store
    made = store.sequences.add(calls_only())
    cid = person(store, "Ann Lee")
    store.enrollments.enroll(made.id, [cid])
    archived = store.sequences.archive(made.id)
    assert archived.archived_at is not None and archived.active == 0
    (enrollment,) = store.enrollments.for_person(cid)
    assert (enrollment.status, enrollment.stop_reason, enrollment.touches[0].status) == (
        "stopped",
        "archived",
        "stopped",
    )
    with pytest.raises(RuleViolation, match="sequence 'Ring round' is already archived"):
        store.sequences.archive(made.id)
    with pytest.raises(RuleViolation, match="sequence 'Ring round' is archived"):
        store.sequences.update(made.id, calls_only())


def test_stats_count_answers_against_the_message_they_answered(any_store):
    store = any_store
    made = store.sequences.add(three_steps())
    ids = [person(store, f"P {i}", f"p{i}@example.org") for i in range(4)]
    store.enrollments.enroll(made.id, ids)
    with store.db.transaction() as s:
        # P0: step 1 done, replied while step 2 was due -> a reply to step 1.
        # P1: step 1 done, step 2 done. P2: step 1 skipped, opted out at step 2 -> no step (nothing sent).
        # P3: still due at step 1.
        rows = s.execute(text("SELECT e.candidate_id, e.id FROM enrollment e")).all()
        enr = {cid: eid for cid, eid in rows}
        s.execute(
            text(
                "UPDATE touch SET status = 'done', done_at = '2026-03-02 10:00:00' WHERE enrollment_id IN (:a, :b)"
            ),
            {"a": enr[ids[0]], "b": enr[ids[1]]},
        )
        s.execute(
            text(
                "UPDATE touch SET status = 'skipped', done_at = '2026-03-02 10:00:00' WHERE enrollment_id = :c"
            ),
            {"c": enr[ids[2]]},
        )
        for cid, status in ((ids[0], "replied"), (ids[1], "done"), (ids[2], "opted_out")):
            s.execute(
                text(
                    "INSERT INTO touch (enrollment_id, step, channel, due_on, status) VALUES (:e, 2, 'linkedin', '2026-03-05', :st)"
                ),
                {"e": enr[cid], "st": status},
            )
    stats = store.sequences.stats(made.id)
    by_step = {st.step: st for st in stats.steps}
    assert (by_step[1].sent, by_step[1].skipped, by_step[1].due, by_step[1].replied) == (2, 1, 1, 1)
    assert by_step[1].reply_rate == 0.5
    assert (by_step[2].sent, by_step[2].replied, by_step[2].opted_out) == (1, 0, 0)
    assert (stats.replied_unsent, stats.opted_out_unsent) == (0, 1)
    assert by_step[3].reply_rate is None
    assert (stats.enrolled, stats.active) == (4, 4)
