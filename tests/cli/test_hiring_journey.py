"""The issue's "done when", from the CLI alone: one applicant from Applied through two interviews with
submitted scorecards to an approved, accepted offer and a hire, and the exported JSON shows all of it.
On a SQLite file and on PostgreSQL; every step's output and the database are checked."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from click.testing import CliRunner
from interviews_data import hiring_team

from pipeline_tui.cli import main
from pipeline_tui.store import Store


def run(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, (args, result.output, result.stderr)
    return result


def last_line_id(result) -> int:
    return int(result.stdout.strip().splitlines()[-1])


def test_one_applicant_from_applied_to_hired_through_the_cli(any_db_url, monkeypatch):
    monkeypatch.setenv("PIPELINE_TUI_TZ", "Europe/Berlin")
    store = Store.open(any_db_url, actor="raj@example.com")
    data = hiring_team(store)
    app_id = data["app"].id
    db = ("--db", any_db_url)
    # Two interviews that took place yesterday (a past time is accepted and said so).
    yesterday = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%d")
    ids = []
    for round_name, at, panel in (
        ("Technical interview", "10:00", "noor@example.com,ola@example.com"),
        ("Team interview", "14:00", "mia@example.com"),
    ):
        result = run(
            "interview", "schedule", *db, "--application", str(app_id), "--round", round_name,
            "--at", f"{yesterday} {at}", "--tz", "Europe/Berlin", "--panel", panel,
        )  # fmt: skip
        assert "past" in result.output
        ids.append(last_line_id(result))
    for interview_id in ids:
        run("interview", "complete", *db, str(interview_id))
    run(
        "scorecard", "submit", *db, str(ids[0]), "--by", "noor@example.com", "--overall", "strong-yes",
        "--rate", "Problem solving=strong-yes", "--rate", "Technical depth=yes", "--notes", "Clear thinker",
    )  # fmt: skip
    run("scorecard", "submit", *db, str(ids[0]), "--by", "ola@example.com", "--overall", "yes")
    run("scorecard", "submit", *db, str(ids[1]), "--by", "mia@example.com", "--overall", "none")
    run("applicant", "move", *db, "--application", str(app_id), "--to", "Offer")

    created = run(
        "offer", "create", *db, "--application", str(app_id), "--salary", "95000", "--currency", "EUR",
        "--start", "2027-02-01", "--approver", "mia@example.com",
    )  # fmt: skip
    offer_id = last_line_id(created)
    run("offer", "approve", *db, str(offer_id), "--by", "mia@example.com", "--comment", "Go")
    run("offer", "send", *db, str(offer_id))
    accepted = run("offer", "accept", *db, str(offer_id))
    assert "hired" in accepted.output.lower()

    final = store.applications.get(app_id)
    assert final.status == "hired"
    exported = json.loads(run("export", "applicants", *db, "--format", "json").stdout)
    (ada,) = [row for row in exported if row["email"] == "ada@example.com"]
    assert ada["status"] == "hired"
    assert [i["round"] for i in ada["interviews"]] == ["Technical interview", "Team interview"]
    assert all(i["status"] == "completed" for i in ada["interviews"])
    assert sorted(s["overall"] or "none" for s in ada["scorecards"]) == ["none", "strong-yes", "yes"]
    (offer,) = ada["offers"]
    assert offer["status"] == "accepted" and offer["currency"] == "EUR" and offer["version"] == 1
    assert "95000" in str(offer["salary"])
    hire = ada["history"][-1]
    assert hire["action"] == "hire" and hire["offer_id"] == offer_id  # the hire names the offer it came from
    store.close()
