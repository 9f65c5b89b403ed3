"""The sequences report on SQLite and PostgreSQL: per sequence and step, the touches that left the queue in
the range -- done (sent or marked), replies and opt-outs counted against the step they answered (the last
one done before them, as a sequence's own stats count them), reply rate = replies / done; a reply before
anything was sent answers no step; a touch done outside the range does not count. An archived sequence is
listed only when something in the range counts in it."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from nurture_data import add_people, enroll_people, seed_sequence
from report_data import ENGINES, report_store
from sequences_data import calls_only, three_steps

from pipeline_tui.core.report_range import ReportFilter
from pipeline_tui.core.report_records import ReportKind, SequenceStepRow
from pipeline_tui.services.reports import run_report
from pipeline_tui.store.reports import sequence_steps as sequences_module

UTC = ZoneInfo("UTC")
FEBRUARY = ReportFilter(start=date(2026, 2, 2), end=date(2026, 2, 27))


def feb(d: int, hour: int = 10) -> datetime:
    return datetime(2026, 2, d, hour)


def walk(store, touch_id: int, *steps: tuple[str, datetime]) -> None:
    """Work one enrollment's touches in order: ("done" | "skip" | "replied" | "opted_out", when)."""
    act = {
        "done": store.touches.done,
        "skip": store.touches.skip,
        "replied": store.touches.replied,
        "opted_out": store.touches.opted_out,
    }
    for what, at in steps:
        result = act[what](touch_id, now=at, zone=UTC)
        if result.next is not None:
            touch_id = result.next.id


# "Warm up" (1 e-mail, 2 LinkedIn, 3 call), everyone enrolled 2026-01-15:
#   Ann  1 done Feb 3, 2 done Feb 6, replied Feb 8 (to step 2)
#   Bo   1 done Feb 3, 2 skipped Feb 6, opted out Feb 9 (to step 1: a skipped step sent nothing)
#   Cy   1 done Jan 20 (before the range), replied Feb 4 (to step 1)
#   Di   replied Feb 3 before anything was sent (answers no step)
#   Ed   1 done Feb 3, 2 done Feb 5, 3 done Mar 2 (after the range)
# "Ring round" (1 call): Fi done Feb 10; Gil done Feb 11; Hu opted out Feb 12 before the call.
# "Old news" (1 call), archived Feb 20: Ivo done Feb 4.  "Older" (1 call), archived: Jo done Jan 10.
def sequences_history(store) -> dict[str, int]:
    warm = seed_sequence(store, three_steps("Warm up").steps, name="Warm up")
    ring = seed_sequence(store, calls_only("Ring round").steps, name="Ring round")
    old = seed_sequence(store, calls_only().steps, name="Old news")
    older = seed_sequence(store, calls_only().steps, name="Older")
    ann, bo, cy, di, ed = add_people(store, "Ann Lee", "Bo Ek", "Cy Young", "Di Dot", "Ed Ito")
    first = enroll_people(store, warm, [ann, bo, cy, di, ed], on=date(2026, 1, 15))
    walk(store, first[0], ("done", feb(3)), ("done", feb(6)), ("replied", feb(8)))
    walk(store, first[1], ("done", feb(3)), ("skip", feb(6)), ("opted_out", feb(9)))
    walk(store, first[2], ("done", datetime(2026, 1, 20, 10)), ("replied", feb(4)))
    walk(store, first[3], ("replied", feb(3)))
    walk(store, first[4], ("done", feb(3)), ("done", feb(5)), ("done", datetime(2026, 3, 2, 10)))
    fi, gil, hu = add_people(store, "Fi Fox", "Gil Gray", "Hu Hall")
    first = enroll_people(store, ring, [fi, gil, hu], on=date(2026, 2, 2))
    walk(store, first[0], ("done", feb(10)))
    walk(store, first[1], ("done", feb(11)))
    walk(store, first[2], ("opted_out", feb(12)))
    (ivo,) = add_people(store, "Ivo Ink")
    walk(store, enroll_people(store, old, [ivo], on=date(2026, 2, 2))[0], ("done", feb(4)))
    (jo,) = add_people(store, "Jo Jay")
    walk(
        store, enroll_people(store, older, [jo], on=date(2026, 1, 5))[0], ("done", datetime(2026, 1, 10, 10))
    )
    store.sequences.archive(old, now=feb(20))
    store.sequences.archive(older, now=feb(20))
    return {"warm": warm, "ring": ring, "old": old, "older": older}


@pytest.fixture(scope="module", params=ENGINES)
def history(request, tmp_path_factory):
    with report_store(request.param, tmp_path_factory.mktemp("sequences")) as store:
        yield store, sequences_history(store)


def rows(found: list[SequenceStepRow]) -> list[tuple]:
    return [
        (
            r.sequence,
            r.step,
            r.channel,
            r.touches_done,
            r.replies,
            r.opt_outs,
            None if r.reply_rate is None else round(r.reply_rate, 4),
        )
        for r in found
    ]


def test_february(history):
    store, _ = history
    # Warm up step 1: done by Ann, Bo, Ed (Cy's was in January); Cy's reply and Bo's opt-out answer it.
    # Step 2: done by Ann and Ed (Bo's was skipped); Ann's reply answers it. Step 3: Ed's was in March.
    # Di's reply came before anything was sent: it answers no step. Older had nothing in February.
    assert rows(store.reports.sequences(FEBRUARY, UTC)) == [
        ("Old news", 1, "call", 1, 0, 0, 0.0),
        ("Ring round", 1, "call", 2, 0, 0, 0.0),
        ("Warm up", 1, "email", 3, 1, 1, 0.3333),
        ("Warm up", 2, "linkedin", 2, 1, 0, 0.5),
        ("Warm up", 3, "call", 0, 0, 0, None),
    ]


def test_all_time_agrees_with_each_sequences_own_stats(history):
    store, ids = history
    found = store.reports.sequences(ReportFilter(), UTC)
    assert rows(found) == [
        ("Old news", 1, "call", 1, 0, 0, 0.0),
        ("Older", 1, "call", 1, 0, 0, 0.0),
        ("Ring round", 1, "call", 2, 0, 0, 0.0),
        ("Warm up", 1, "email", 4, 1, 1, 0.25),
        ("Warm up", 2, "linkedin", 2, 1, 0, 0.5),
        ("Warm up", 3, "call", 1, 0, 0, 0.0),
    ]
    # One counting rule: `sequence stats` says the same, step by step.
    for name, key in (("Warm up", "warm"), ("Ring round", "ring"), ("Old news", "old"), ("Older", "older")):
        stats = store.sequences.stats(ids[key])
        assert [(s.step, s.sent, s.replied, s.opted_out) for s in stats.steps] == [
            (r.step, r.touches_done, r.replies, r.opt_outs) for r in found if r.sequence == name
        ]
    warm = store.sequences.stats(ids["warm"])
    assert (warm.replied_unsent, warm.opted_out_unsent) == (1, 0)  # Di's
    assert store.sequences.stats(ids["ring"]).opted_out_unsent == 1  # Hu's


def test_a_range_with_nothing_lists_the_live_sequences_with_zeros(history):
    store, _ = history
    december = ReportFilter(start=date(2025, 12, 1), end=date(2025, 12, 31))
    assert rows(store.reports.sequences(december, UTC)) == [
        ("Ring round", 1, "call", 0, 0, 0, None),
        ("Warm up", 1, "email", 0, 0, 0, None),
        ("Warm up", 2, "linkedin", 0, 0, 0, None),
        ("Warm up", 3, "call", 0, 0, 0, None),
    ]


def test_a_job_does_not_change_it(history):
    store, _ = history
    per_job = FEBRUARY.model_copy(update={"job_id": 12345})
    assert store.reports.sequences(per_job, UTC) == store.reports.sequences(FEBRUARY, UTC)


def test_the_json_is_the_cli_contract(history):
    store, _ = history
    result = run_report(store, ReportKind.SEQUENCES, FEBRUARY, UTC)
    assert result.json()[2] == {
        "sequence": "Warm up",
        "step": 1,
        "channel": "email",
        "touches_done": 3,
        "replies": 1,
        "opt_outs": 1,
        "reply_rate": pytest.approx(1 / 3),
    }


def test_one_statement_for_every_sequence(history):
    store, _ = history
    (statement,) = sequences_module.statements(store.db.dialect, FEBRUARY, UTC)
    assert set(statement.params) == {"lo", "hi"}
    with store.db.transaction() as s:
        found = sorted((r.sequence, int(r.step), int(r.done)) for r in statement.rows(s))
    assert found == [
        ("Old news", 1, 1),
        ("Ring round", 1, 2),
        ("Warm up", 1, 3),
        ("Warm up", 2, 2),
        ("Warm up", 3, 0),
    ]
