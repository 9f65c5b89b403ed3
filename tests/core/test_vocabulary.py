"""The vocabulary: enum members are the stored words, labels are what a user reads, and a pool status can be
typed the way people say it."""

from __future__ import annotations

import pytest

from pipeline_tui.core.vocabulary import (
    ACTIVITY_KINDS,
    APPLICATION_STATUSES,
    CLOSED_STATUSES,
    CLOSING_ACTIONS,
    EVENT_ACTIONS,
    JOB_STATUSES,
    OPENING_ACTIONS,
    POOL_STATUS_RANK,
    POOL_STATUSES,
    REASON_CATEGORIES,
    STAGE_KINDS,
    UNDOABLE_ACTIONS,
    ApplicationStatus,
    EventAction,
    JobStatus,
    PoolStatus,
)


@pytest.mark.parametrize(
    "typed",
    ["not interested", "uninterested", "not_interested", "Not-Interested", "  NOT   interested ", "not_keen"],
)
def test_not_interested_however_it_is_typed(typed):
    assert PoolStatus.parse(typed) is PoolStatus.NOT_INTERESTED


@pytest.mark.parametrize("status", list(PoolStatus))
def test_every_status_parses_from_its_word_and_its_label(status):
    assert PoolStatus.parse(status.value) is status
    assert PoolStatus.parse(status.label) is status
    assert PoolStatus.parse(status.label.upper()) is status


@pytest.mark.parametrize("typed", ["", "   ", "interested", "hired", "not", "new contacted", "_"])
def test_unknown_words_parse_to_none(typed):
    assert PoolStatus.parse(typed) is None


def test_labels_are_the_words_on_screen():
    assert {s: s.label for s in PoolStatus} == {
        PoolStatus.NEW: "new",
        PoolStatus.CONTACTED: "contacted",
        PoolStatus.ENGAGED: "engaged",
        PoolStatus.NOT_INTERESTED: "not interested",
        PoolStatus.CONVERTED: "converted",
    }


def test_members_are_the_stored_words():
    """Swapping a literal for a member changes nothing: equal, same hash, same text when formatted."""
    assert ApplicationStatus.REJECTED == "rejected"
    assert {"rejected": 1}[ApplicationStatus.REJECTED] == 1
    assert f"{JobStatus.ON_HOLD}" == str(JobStatus.ON_HOLD) == "on_hold"
    assert "withdraw" in CLOSING_ACTIONS


def test_the_stored_vocabulary_is_unchanged():
    """These words are in every database written so far (and in CHECK constraints): they must not change."""
    # Migration 0006 added 'filled' and folded the stage kinds applied, screen and interview into 'active'.
    assert JOB_STATUSES == ("draft", "open", "on_hold", "filled", "closed")
    assert STAGE_KINDS == ("active", "offer", "hired")
    assert APPLICATION_STATUSES == ("active", "rejected", "hired", "withdrawn")
    assert EVENT_ACTIONS == ("applied", "move", "reject", "hire", "withdraw", "reopen", "undo", "handoff")
    assert POOL_STATUSES == ("new", "contacted", "engaged", "not_interested", "converted")
    # Words may be added (with a migration widening the CHECK: 0003 added the last three), never changed.
    assert ACTIVITY_KINDS == ("note", "email", "call", "meeting", "linkedin", "text", "other")
    assert REASON_CATEGORIES == ("rejected", "withdrew")


def test_action_groups():
    assert CLOSED_STATUSES == ("rejected", "withdrawn")
    assert CLOSING_ACTIONS == {EventAction.REJECT: "rejected", EventAction.WITHDRAW: "withdrawn"}
    assert set(CLOSING_ACTIONS.values()) == set(CLOSED_STATUSES)
    assert OPENING_ACTIONS == ("applied", "handoff")
    assert EventAction.UNDO not in UNDOABLE_ACTIONS
    assert not set(OPENING_ACTIONS) & set(UNDOABLE_ACTIONS)


def test_status_rank_orders_every_status_with_converted_furthest():
    assert set(POOL_STATUS_RANK) == set(PoolStatus)
    assert sorted(PoolStatus, key=POOL_STATUS_RANK.get) == [
        PoolStatus.NEW,
        PoolStatus.CONTACTED,
        PoolStatus.NOT_INTERESTED,
        PoolStatus.ENGAGED,
        PoolStatus.CONVERTED,
    ]
