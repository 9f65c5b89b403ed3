"""`pipeline-tui offer ...` on a SQLite file and on PostgreSQL: the flow from create to a hire, versions from
`edit`, the JSON contract, and each refusal as one line with a non-zero exit (the database checked after)."""

from __future__ import annotations

import json

import pytest
from cli_errors import one_line_error
from click.testing import CliRunner
from offers_data import offer_events, seed_offers

from pipeline_tui.cli import main
from pipeline_tui.store import Store


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def hiring(any_db_url):
    store = Store.open(any_db_url, actor="tester")
    data = seed_offers(store)
    yield any_db_url, data, store
    store.close()


def create(url: str, *more: str):
    return run(
        "offer", "create", "--db", url, "--email", "person7@example.com", "--job", "Backend Engineer",
        "--salary", "90,000", "--currency", "eur", *more,
    )  # fmt: skip


def test_create_approve_send_accept_hires_the_applicant(hiring):
    url, data, store = hiring
    made = create(url, "--approver", "mia@example.com", "--approver", "Raj Patel", "--start", "2099-04-01")
    assert made.exit_code == 0, made.output
    lines = made.stdout.strip().splitlines()
    offer_id = int(lines[-1])
    assert lines[0] == (
        f"Offer #{offer_id} for Barbara Liskov in Backend Engineer, version 1: 90,000.00 EUR "
        "(approval asked of Mia Chen, Raj Patel)"
    )
    assert store.offers.get(offer_id).status == "pending_approval"
    first = run("offer", "approve", str(offer_id), "--by", "mia@example.com", "--comment", "ok", "--db", url)
    assert "Mia Chen approved version 1" in first.stdout and "waiting for Raj Patel" in first.stdout
    one_line_error(
        run("offer", "approve", str(offer_id), "--by", "mia@example.com", "--db", url),
        "Mia Chen already approved version 1",
    )
    run("offer", "approve", str(offer_id), "--by", "raj@example.com", "--db", url)
    assert run("offer", "send", str(offer_id), "--db", url).exit_code == 0
    accepted = run("offer", "accept", str(offer_id), "--db", url)
    assert accepted.exit_code == 0, accepted.output
    assert (
        accepted.stdout.strip()
        == f"Offer #{offer_id} accepted: hired Barbara Liskov into Hired (Backend Engineer)"
    )
    assert store.applications.get(data["barbara"]).status == "hired"
    assert [a for a, _ in offer_events(store, offer_id)] == [
        "created", "requested", "approved", "approved", "sent", "accepted",
    ]  # fmt: skip


def test_create_without_approvers_is_approved_at_once_and_json_is_the_object(hiring):
    url, data, store = hiring
    made = create(url, "--format", "json", "--terms", "10% bonus", "--expires", "2099-01-31")
    assert made.exit_code == 0, made.output
    obj = json.loads(made.stdout)
    assert {
        k: obj[k] for k in ("application_id", "person", "job", "version", "status", "salary", "currency")
    } == {
        "application_id": data["barbara"],
        "person": "Barbara Liskov",
        "job": "Backend Engineer",
        "version": 1,
        "status": "approved",
        "salary": "90000.00",
        "currency": "EUR",
    }
    assert (obj["expires_on"], obj["terms"], obj["approvals"], obj["versions"]) == (
        "2099-01-31",
        "10% bonus",
        [],
        1,
    )
    plain = run("offer", "show", str(obj["id"]), "--db", url)
    assert "approved, version 1" in plain.stdout and "terms: 10% bonus" in plain.stdout


def test_edit_after_approval_says_it_made_a_new_version(hiring):
    url, data, store = hiring
    offer_id = int(create(url, "--approver", "mia@example.com").stdout.split()[-1])
    run("offer", "approve", str(offer_id), "--by", "mia@example.com", "--db", url)
    edited = run("offer", "edit", str(offer_id), "--salary", "95000", "--db", url)
    assert edited.exit_code == 0, edited.output
    assert edited.stdout.strip() == (
        f"Offer #{offer_id} is now version 2: 95,000.00 EUR (approval asked of Mia Chen)"
    )
    listed = json.loads(
        run("offer", "list", "--db", url, "--job", "Backend Engineer", "--format", "json").stdout
    )
    assert [(o["id"], o["version"], o["status"], o["salary"], o["versions"]) for o in listed] == [
        (offer_id, 2, "pending_approval", "95000.00", 2)
    ]
    assert listed[0]["approvals"] == [
        {"approver": "mia@example.com", "name": "Mia Chen", "decision": "pending", "comment": None,
         "decided_at": None}
    ]  # fmt: skip
    assert json.loads(run("offer", "list", "--db", url, "--status", "sent", "--format", "json").stdout) == []
    table = run("offer", "list", "--db", url)
    assert (
        f"#{offer_id}  Barbara Liskov  Backend Engineer  v2  pending approval  95,000.00 EUR" in table.stdout
    )


def test_decline_keeps_the_applicant_in_offer(hiring):
    url, data, store = hiring
    offer_id = int(create(url).stdout.split()[-1])
    run("offer", "send", str(offer_id), "--db", url)
    declined = run("offer", "decline", str(offer_id), "--reason", "Counter-offer", "--db", url)
    assert declined.stdout.strip() == (
        f"Offer #{offer_id} declined by Barbara Liskov; the application stays in Offer"
    )
    app = store.applications.get(data["barbara"])
    assert (app.status, app.stage_id) == ("active", data["stages"][3].id)
    assert run("offer", "rescind", str(offer_id), "--db", url).exit_code != 0


def test_bad_input_is_one_line_and_changes_nothing(hiring):
    url, data, store = hiring
    grace = store.applications.get(data["ids"]["Grace Hopper"])
    store.applications.reject(grace.id, None, grace.version)
    one_line_error(
        run(
            "offer",
            "create",
            "--db",
            url,
            "--application",
            str(grace.id),
            "--salary",
            "1",
            "--currency",
            "EUR",
        ),
        "Grace Hopper is rejected in Backend Engineer: no offer can be made",
    )
    one_line_error(create(url, "--salary", "abc"), "cannot read 'abc' as an amount")
    one_line_error(create(url, "--salary", "-5"), "cannot be negative")
    one_line_error(create(url, "--currency", "EURO"), "currency 'EURO' is not three letters")
    one_line_error(create(url, "--start", "2026-13-01"), "cannot read '2026-13-01' as a date")
    one_line_error(create(url, "--approver", "nobody@example.com"), "no team member")
    assert store.offers.list() == []
    first = int(create(url).stdout.split()[-1])
    one_line_error(create(url), f"Barbara Liskov already has a live offer #{first}")
    one_line_error(
        run("offer", "create", "--db", url, "--salary", "1", "--currency", "EUR"), "name the application"
    )
    one_line_error(run("offer", "accept", "999", "--db", url), "no offer #999")
    assert len(store.offers.list()) == 1


def test_show_and_list_change_no_byte_and_still_show_an_overdue_offer_expired(tmp_path):
    from datetime import date

    from sqlalchemy import update

    from pipeline_tui.store.hiring_tables import Offer

    db = tmp_path / "offers.db"
    store = Store.open(str(db), actor="tester")
    seed_offers(store)
    store.close()
    offer_id = int(create(str(db)).stdout.strip().splitlines()[-1])  # no approvers: approved at once
    assert run("offer", "send", str(offer_id), "--db", str(db)).exit_code == 0
    store = Store.open(str(db), actor="tester")
    with store.db.transaction() as s:
        s.execute(update(Offer).values(expires_on=date(2001, 1, 1)))
    store.close()
    before = db.read_bytes()
    shown = run("offer", "show", str(offer_id), "--db", str(db), "--format", "json")
    listed = run("offer", "list", "--db", str(db), "--format", "json")
    assert shown.exit_code == 0 and listed.exit_code == 0, shown.output + listed.output
    assert json.loads(shown.stdout)["status"] == "expired"
    assert [o["status"] for o in json.loads(listed.stdout)] == ["expired"]
    assert db.read_bytes() == before
