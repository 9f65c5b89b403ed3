"""The scorecard visibility rule, and the scorecards due for a panel member, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from interviews_data import another_applicant, hiring_team, soon
from scorecards_data import acting_as, held_interview, past

from pipeline_tui.core.hiring_records import RatingRecord


@pytest.fixture
def team(any_store):
    return hiring_team(any_store)


def seen(store, team, viewer):
    view = store.scorecards.view(team["app"].id, team[viewer].id if viewer else None)
    return sorted((c.author.name.split()[0], c.status) for c in view.scorecards), view.hidden


def test_an_interviewer_sees_only_their_own_until_they_submit(any_store, team):
    iv = held_interview(any_store, team, "noor", "ola", "mia")
    any_store.scorecards.submit(iv.id, team["ola"].id, overall="strong_no", notes="Ola's view")
    noor_draft = any_store.scorecards.start(iv.id, team["noor"].id)
    assert seen(any_store, team, "noor") == ([("Noor", "draft")], 1)
    with acting_as(any_store, team["noor"]):
        any_store.scorecards.save(noor_draft.id, overall="yes", takeaways=None, ratings=[], submit=True)
    assert seen(any_store, team, "noor") == ([("Noor", "submitted"), ("Ola", "submitted")], 0)
    view = any_store.scorecards.view(team["app"].id, team["noor"].id)
    ola = next(c for c in view.scorecards if c.author.name == "Ola Berg")
    assert ola.takeaways == "Ola's view" and ola.overall == "strong_no"


def test_before_any_scorecard_of_their_own_an_interviewer_sees_nothing_but_the_count(any_store, team):
    iv = held_interview(any_store, team, "noor", "ola", "mia")
    any_store.scorecards.submit(iv.id, team["ola"].id, overall="yes")
    any_store.scorecards.submit(iv.id, team["mia"].id, overall="no")
    view = any_store.scorecards.view(team["app"].id, team["noor"].id)
    assert (view.scorecards, view.hidden, view.submitted) == ((), 2, 2)
    assert seen(any_store, team, None) == ([], 2)  # nobody known: nothing shown
    assert seen(any_store, team, "zed") == ([], 2)  # not on this job's team at all


def test_the_hiring_manager_and_recruiter_see_every_submitted_one_but_no_draft(any_store, team):
    iv = held_interview(any_store, team, "noor", "ola")
    any_store.scorecards.submit(iv.id, team["ola"].id, overall="yes")
    any_store.scorecards.start(iv.id, team["noor"].id)
    for boss in ("mia", "raj"):
        assert seen(any_store, team, boss) == ([("Ola", "submitted")], 0)


def test_the_hiring_manager_on_the_panel_sees_their_own_draft_too(any_store, team):
    iv = held_interview(any_store, team, "noor", "mia")
    any_store.scorecards.start(iv.id, team["mia"].id)
    any_store.scorecards.submit(iv.id, team["noor"].id, overall="yes")
    assert seen(any_store, team, "mia") == ([("Mia", "draft"), ("Noor", "submitted")], 0)


def test_nobody_sees_another_members_draft(any_store, team):
    iv = held_interview(any_store, team, "noor", "ola", "mia")
    ola_draft = any_store.scorecards.start(iv.id, team["ola"].id)
    with acting_as(any_store, team["ola"]):
        any_store.scorecards.save(
            ola_draft.id,
            overall="no",
            takeaways="secret draft",
            ratings=[RatingRecord(attribute="Problem solving", rating="no")],
        )
    any_store.scorecards.submit(iv.id, team["noor"].id, overall="yes")
    for viewer in ("noor", "mia", "raj"):
        names, hidden = seen(any_store, team, viewer)
        assert ("Ola", "draft") not in names and hidden == 0
    assert seen(any_store, team, "ola") == ([("Ola", "draft")], 1)


def test_submitting_for_one_interview_opens_the_whole_application(any_store, team):
    first = held_interview(any_store, team, "noor", when=past(30))
    second = held_interview(any_store, team, "ola", when=past(3))
    any_store.scorecards.submit(first.id, team["noor"].id, overall="yes")
    assert seen(any_store, team, "ola") == ([], 1)
    any_store.scorecards.submit(second.id, team["ola"].id, overall="no")
    assert seen(any_store, team, "ola") == ([("Noor", "submitted"), ("Ola", "submitted")], 0)


def test_scorecards_of_another_application_neither_open_nor_show(any_store, team):
    other = another_applicant(any_store, team["job"].id)
    theirs = held_interview(any_store, team, "noor", "ola", application=other)
    any_store.scorecards.submit(theirs.id, team["noor"].id, overall="yes")
    ada = held_interview(any_store, team, "noor", "ola")
    any_store.scorecards.submit(ada.id, team["ola"].id, overall="no")
    assert seen(any_store, team, "noor") == ([], 1)


# -- due --------------------------------------------------------------------------------------------------


def due(store, team, who, now=None):
    return [(d.interview.id, d.scorecard_id) for d in store.scorecards.due_for(team[who].id, now=now)]


def test_due_after_an_interview_is_over_until_submitted(any_store, team):
    over = held_interview(any_store, team, "noor", "ola", when=past(5))
    running = held_interview(any_store, team, "noor", when=datetime.now(UTC) - timedelta(minutes=10))
    held_interview(any_store, team, "noor", when=soon(days=1))
    assert due(any_store, team, "noor") == [(over.id, None)]  # the running one (60 min) is not over yet
    later = datetime.now(UTC) + timedelta(hours=2)
    assert due(any_store, team, "noor", now=later) == [(over.id, None), (running.id, None)]
    draft = any_store.scorecards.start(over.id, team["noor"].id)
    assert due(any_store, team, "noor") == [(over.id, draft.id)]
    any_store.scorecards.submit(over.id, team["noor"].id, overall="yes")
    assert due(any_store, team, "noor") == []
    assert due(any_store, team, "ola") == [(over.id, None)]
    [record] = any_store.scorecards.due_for(team["ola"].id)
    assert (record.interview.person, record.interview.round_name) == ("Ada Lovelace", "Technical interview")
    assert due(any_store, team, "mia") == []


def test_completed_interviews_are_due_even_before_their_end(any_store, team):
    iv = held_interview(any_store, team, "noor", when=datetime.now(UTC) - timedelta(minutes=5))
    assert due(any_store, team, "noor") == []
    any_store.interviews.complete(iv.id)
    assert due(any_store, team, "noor") == [(iv.id, None)]


def test_nothing_is_due_for_cancelled_no_show_or_closed_applications(any_store, team):
    missed = held_interview(any_store, team, "noor", when=past(8))
    any_store.interviews.no_show(missed.id)
    other = another_applicant(any_store, team["job"].id)
    theirs = held_interview(any_store, team, "noor", application=other)
    assert due(any_store, team, "noor") == [(theirs.id, None)]
    app = any_store.applications.get(other.id)
    reason = any_store.applications.rejection_reasons()[0].id
    any_store.applications.reject(app.id, reason, app.version)
    assert due(any_store, team, "noor") == []
    mine = held_interview(any_store, team, "noor")
    assert due(any_store, team, "noor") == [(mine.id, None)]
    any_store.privacy.erase(team["ada"].id)
    assert due(any_store, team, "noor") == []
