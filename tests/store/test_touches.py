"""Touches on SQLite and PostgreSQL: every channel of the vocabulary is stored, stamps last-contacted, and
moves the person from new to contacted in every pool they are in, never backwards."""

from __future__ import annotations

from datetime import datetime

import pytest

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.core.vocabulary import TOUCH_KINDS


def statuses(store, cid: int) -> dict[str, str]:
    return {m.pool_name: m.status for m in store.pools.memberships(cid)}


@pytest.mark.parametrize("channel", [k.value for k in TOUCH_KINDS])
def test_a_touch_by_any_channel_moves_new_to_contacted_only(any_store, channel):
    store = any_store
    pools = {n: store.pools.create_pool(n).id for n in ("New", "Engaged", "No", "Done")}
    ann = store.candidates.add(CandidateInput.parse(full_name="Ann")).id
    bo = store.candidates.add(CandidateInput.parse(full_name="Bo")).id
    for name, status in (
        ("New", "new"),
        ("Engaged", "engaged"),
        ("No", "not_interested"),
        ("Done", "converted"),
    ):
        store.pools.add_to_pool(pools[name], [ann], status=status)
    store.pools.add_to_pool(pools["New"], [bo])
    result = store.activities.log_touch([ann], channel, "hello")
    assert result.changed == 1
    assert statuses(store, ann) == {
        "New": "contacted",
        "Engaged": "engaged",
        "No": "not_interested",
        "Done": "converted",
    }
    assert statuses(store, bo) == {"New": "new"}  # not touched
    assert [a.kind for a in store.activities.for_candidate(ann)] == [channel]
    assert store.candidates.get(ann).last_contacted_at is not None


def test_a_single_touch_activity_counts_too_and_a_note_does_not(any_store):
    store = any_store
    pool = store.pools.create_pool("Data Eng").id
    ann = store.candidates.add(CandidateInput.parse(full_name="Ann")).id
    store.pools.add_to_pool(pool, [ann])
    store.activities.add(ann, "note", "looks good")
    assert statuses(store, ann) == {"Data Eng": "new"}
    store.activities.add(ann, "text", "", at=datetime(2026, 1, 2, 9, 0))
    assert statuses(store, ann) == {"Data Eng": "contacted"}


def test_a_note_is_no_touch_channel(any_store):
    ann = any_store.candidates.add(CandidateInput.parse(full_name="Ann")).id
    with pytest.raises(InvalidInput, match="LinkedIn message, Text message, Other"):
        any_store.activities.log_touch([ann], "note", "x")
