"""`pipeline-tui scorecard submit|list` on a SQLite file and on PostgreSQL: submit by a panel member with
ratings and take-aways, amend, the JSON contract, and every refusal as one line with nothing written."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from cli_errors import one_line_error
from click.testing import CliRunner
from interviews_data import hiring_team, soon
from scorecards_data import held_interview

from pipeline_tui.cli import main
from pipeline_tui.store import Store


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def held(any_db_url):
    """Ada's technical interview, over, with Noor and Ola on its panel; yields (url, team, interview, store)."""
    store = Store.open(any_db_url, actor="tester")
    team = hiring_team(store)
    iv = held_interview(store, team)
    yield any_db_url, team, iv, store
    store.close()


def test_submit_prints_what_it_did_then_the_id_and_list_shows_it(held):
    url, team, iv, store = held
    result = run(
        "scorecard", "submit", str(iv.id), "--db", url, "--by", "NOOR@example.com", "--overall", "strong-yes",
        "--rate", "Problem solving=strong-yes", "--rate", "technical depth=no", "--notes", "Sharp [b]mind[/b]",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    *said, last = result.stdout.strip().splitlines()
    [card] = store.scorecards.for_application(team["app"].id)
    assert last == str(card.id)
    assert said == [
        f"Noor Haddad's scorecard for Ada Lovelace (Technical interview, interview #{iv.id}) submitted: "
        "overall strong-yes, 2 of 2 rated"
    ]
    assert (card.status, card.overall, card.takeaways) == ("submitted", "strong_yes", "Sharp [b]mind[/b]")
    assert [(r.attribute, r.rating) for r in card.ratings] == [
        ("Problem solving", "strong_yes"),
        ("Technical depth", "no"),
    ]
    listed = run("scorecard", "list", "--db", url, "--application", str(team["app"].id), "--format", "json")
    assert listed.exit_code == 0, listed.output
    [obj] = json.loads(listed.stdout)
    assert obj == {
        "id": card.id,
        "interview_id": iv.id,
        "application_id": team["app"].id,
        "round": "Technical interview",
        "author": "noor@example.com",
        "author_name": "Noor Haddad",
        "status": "submitted",
        "overall": "strong-yes",
        "ratings": [
            {"attribute": "Problem solving", "rating": "strong-yes", "note": None},
            {"attribute": "Technical depth", "rating": "no", "note": None},
        ],
        "takeaways": "Sharp [b]mind[/b]",
        "submitted_at": card.submitted_at.isoformat(),
    }
    assert datetime.fromisoformat(obj["submitted_at"]).utcoffset() is not None


def test_list_by_email_and_job_shows_submitted_only(held):
    url, team, iv, store = held
    store.scorecards.start(iv.id, team["ola"].id)  # a draft: never listed
    assert (
        run(
            "scorecard", "submit", str(iv.id), "--db", url, "--by", "Noor Haddad", "--overall", "none"
        ).exit_code
        == 0
    )
    result = run(
        "scorecard", "list", "--db", url, "--email", "ada@example.com", "--job", "backend engineer", "--format", "json"
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    [obj] = json.loads(result.stdout)
    assert (obj["author"], obj["overall"], obj["ratings"][0]["rating"]) == ("noor@example.com", None, None)
    table = run("scorecard", "list", "--db", url, "--application", str(team["app"].id))
    assert "Noor Haddad  overall no decision" in table.stdout and "Ola" not in table.stdout


def test_submit_again_amends_and_json_is_the_object(held):
    url, team, iv, store = held
    run("scorecard", "submit", str(iv.id), "--db", url, "--by", "ola@example.com", "--overall", "no")
    again = run(
        "scorecard", "submit", str(iv.id), "--db", url, "--by", "ola@example.com", "--overall", "yes",
        "--rate", "Problem solving=yes",
    )  # fmt: skip
    assert " amended: overall yes, 1 of 2 rated" in again.stdout
    as_json = run(
        "scorecard", "submit", str(iv.id), "--db", url, "--by", "ola@example.com", "--overall", "strong-yes",
        "--format", "json",
    )  # fmt: skip
    obj = json.loads(as_json.stdout)
    assert (obj["author"], obj["overall"], obj["status"]) == ("ola@example.com", "strong-yes", "submitted")
    [card] = store.scorecards.for_application(team["app"].id)
    assert card.overall == "strong_yes" and card.ratings[0].rating == "yes"


def test_before_the_interview_starts_it_is_refused(held):
    url, team, _, store = held
    later = store.interviews.schedule(
        team["app"].id, team["technical"].id, soon(days=1), timezone="Europe/Berlin", panel=[team["noor"].id]
    ).interview
    result = run(
        "scorecard", "submit", str(later.id), "--db", url, "--by", "noor@example.com", "--overall", "yes"
    )
    one_line_error(result, "once it has started")
    assert store.scorecards.for_application(team["app"].id) == []


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--by", "zed@example.com", "--overall", "yes"], ["Zed Outsider is not on the panel"]),
        (["--by", "nobody@example.com", "--overall", "yes"], ["nobody@example.com"]),
        (["--by", "noor@example.com", "--overall", "maybe"], ["unknown overall recommendation 'maybe'"]),
        (
            ["--by", "noor@example.com", "--overall", "yes", "--rate", "Charm=yes"],
            ["rate one of Problem solving"],
        ),
        (
            ["--by", "noor@example.com", "--overall", "yes", "--rate", "Problem solving=wow"],
            ["unknown rating 'wow'"],
        ),
        (["--by", "noor@example.com", "--overall", "yes", "--rate", "Problem solving"], ["ATTRIBUTE="]),
        (
            ["--by", "noor@example.com", "--overall", "yes", "--rate", "a=yes", "--rate", "A=no"],
            ["rated twice"],
        ),
        (["--by", "noor@example.com"], ["--overall"]),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(held, args, fragments):
    url, team, iv, store = held
    one_line_error(run("scorecard", "submit", str(iv.id), "--db", url, *args), *fragments)
    assert store.scorecards.for_application(team["app"].id) == []


def test_an_unknown_interview_or_application_is_one_line(held):
    url, *_ = held
    one_line_error(run("scorecard", "submit", "9999", "--db", url, "--by", "noor@example.com", "--overall", "yes"),
                   "no interview #9999")  # fmt: skip
    one_line_error(run("scorecard", "list", "--db", url, "--application", "9999"), "9999")
    one_line_error(run("scorecard", "list", "--db", url), "--application ID")
