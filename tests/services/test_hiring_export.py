"""Interviews, scorecards and offers in `export applicants --format json` and in privacy requests: the fields,
submitted scorecards only, set-based reads, and `privacy erase` scrubbing their free text (on SQLite and
PostgreSQL; on SQLite the database file itself is searched)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner
from interviews_data import another_applicant, hiring_team
from scorecards_data import held_interview, past
from sqlalchemy import event, select

from pipeline_tui.cli import main
from pipeline_tui.store import Store
from pipeline_tui.store.hiring_tables import (
    HiringEvent,
    Interview,
    Offer,
    OfferApproval,
    OfferVersion,
    Scorecard,
    ScorecardRating,
)

LOCATION = "Room Xylophage-77, Berlin"
TAKEAWAYS = "Quasiperiodic thinker"
NOTE = "Brachistochrone answer"
TERMS = "Equity 0.1% vesting-Zanzibar"
OFFER_NOTE = "Relocation to Oslo-Fjordheim"
DECLINED = "Chose Umbrellacorp instead"
COMMENT = "Approved for Hyperborea budget"
NEEDLES = (LOCATION, TAKEAWAYS, NOTE, TERMS, OFFER_NOTE, DECLINED, COMMENT)


def build(store: Store) -> dict:
    """Ada: an interview with Noor's submitted and Ola's draft scorecard (free text everywhere) and a declined
    offer with a version and an approval comment; Grace, a bystander with an interview of her own."""
    team = hiring_team(store)
    iv = store.interviews.schedule(
        team["app"].id,
        team["technical"].id,
        past(5),
        timezone="America/New_York",
        panel=[team["noor"].id, team["ola"].id],
        location=LOCATION,
    ).interview
    store.scorecards.submit(
        iv.id,
        team["noor"].id,
        overall="strong-yes",
        ratings={"Problem solving": "yes"},
        notes=TAKEAWAYS,
    )
    draft = store.scorecards.start(iv.id, team["ola"].id)
    with store.db.transaction() as s:
        s.get(ScorecardRating, (draft.id, "Problem solving")).note = NOTE
        offer = Offer(
            application_id=team["app"].id,
            version=1,
            status="declined",
            job_title="Backend Engineer",
            salary=Decimal("85000.50"),
            currency="EUR",
            start_date=date(2027, 1, 4),
            expires_on=date(2026, 12, 31),
            terms=TERMS,
            notes=OFFER_NOTE,
            decline_reason=DECLINED,
            sent_at=datetime(2026, 11, 20, 9, 0),
            resolved_at=datetime(2026, 11, 25, 9, 0),
        )
        s.add(offer)
        s.flush()
        s.add(OfferVersion(offer_id=offer.id, version=1, job_title="Backend Engineer", salary=Decimal("85000.50"),
                           currency="EUR", terms=TERMS, notes=OFFER_NOTE))  # fmt: skip
        s.add(OfferApproval(offer_id=offer.id, version=1, approver_id=team["mia"].id, decision="approved",
                            comment=COMMENT))  # fmt: skip
    grace = another_applicant(store, team["job"].id)
    theirs = held_interview(store, team, "noor", application=grace)
    store.scorecards.submit(theirs.id, team["noor"].id, overall="no", notes="Grace's own take-aways")
    return {**team, "interview": iv, "grace": grace, "grace_interview": theirs}


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_export_applicants_json_has_interviews_submitted_scorecards_and_offers(any_db_url):
    store = Store.open(any_db_url, actor="tester")
    try:
        data = build(store)
    finally:
        store.close()
    result = run("export", "applicants", "--db", any_db_url, "--job", "Backend Engineer", "--format", "json")
    assert result.exit_code == 0, result.output
    ada = next(o for o in json.loads(result.stdout) if o["email"] == "ada@example.com")
    [iv] = ada["interviews"]
    assert iv["round"] == "Technical interview" and iv["status"] == "scheduled"
    assert iv["panel"] == ["noor@example.com", "ola@example.com"] and iv["duration_min"] == 60
    starts = datetime.fromisoformat(iv["starts_at"])
    assert starts.utcoffset() is not None and starts.tzname() in ("UTC-05:00", "UTC-04:00")
    assert starts == data["interview"].starts_at
    [card] = ada["scorecards"]  # Ola's draft is not exported
    assert card["author"] == "noor@example.com" and card["overall"] == "strong-yes"
    assert card["ratings"][0] == {"attribute": "Problem solving", "rating": "yes", "note": None}
    assert card["takeaways"] == TAKEAWAYS
    assert datetime.fromisoformat(card["submitted_at"]).utcoffset() is not None
    [offer] = ada["offers"]
    assert offer == {
        "version": 1,
        "status": "declined",
        "job_title": "Backend Engineer",
        "salary": "85000.50",
        "currency": "EUR",
        "start_date": "2027-01-04",
        "expires_on": "2026-12-31",
        "sent_at": "2026-11-20T09:00:00+00:00",
        "resolved_at": "2026-11-25T09:00:00+00:00",
    }
    grace = next(o for o in json.loads(result.stdout) if o["email"] == "grace@example.com")
    assert [c["takeaways"] for c in grace["scorecards"]] == ["Grace's own take-aways"] and grace[
        "offers"
    ] == []


def test_the_export_reads_hiring_set_based_not_per_applicant(tmp_path):
    store = Store.open(str(tmp_path / "many.db"), actor="tester")
    try:
        team = hiring_team(store)
        held_interview(store, team)

        def statements() -> int:
            seen: list[str] = []
            listener = lambda *args: seen.append(args[2])  # noqa: E731 - (conn, cursor, statement, ...)
            event.listen(store.db.engine, "before_cursor_execute", listener)
            try:
                run_export(store)
            finally:
                event.remove(store.db.engine, "before_cursor_execute", listener)
            return len(seen)

        few = statements()
        assert few > 3  # the listener sees the export's statements
        for n in range(12):
            app = another_applicant(store, team["job"].id, f"Person {n}", f"p{n}@example.com")
            held_interview(store, team, application=app)
        assert statements() == few
    finally:
        store.close()


def run_export(store: Store) -> list[dict]:
    import io

    from pipeline_tui.services.export import ExportRequest, write_export

    out = io.StringIO()
    write_export(store, ExportRequest(kind="applicants", fmt="json"), out)
    return json.loads(out.getvalue())


def test_privacy_export_holds_every_interview_scorecard_offer_and_their_history(any_store):
    data = build(any_store)
    exported = any_store.privacy.export(data["ada"].id)
    json.dumps(exported)
    [app] = exported["applications"]
    [iv] = app["interviews"]
    assert iv["location"] == LOCATION and iv["timezone"] == "America/New_York"
    cards = {c["author"]: c for c in app["scorecards"]}
    assert cards["noor@example.com"]["takeaways"] == TAKEAWAYS
    assert cards["ola@example.com"]["status"] == "draft"  # everything held, drafts too
    assert cards["ola@example.com"]["ratings"][0]["note"] == NOTE
    [offer] = app["offers"]
    assert (offer["terms"], offer["notes"], offer["decline_reason"]) == (TERMS, OFFER_NOTE, DECLINED)
    assert offer["versions"][0]["terms"] == TERMS and offer["approvals"][0]["comment"] == COMMENT
    assert [(e["subject"], e["action"]) for e in app["hiring_history"]] == [
        ("interview", "scheduled"),
        ("scorecard", "drafted"),
        ("scorecard", "submitted"),
        ("scorecard", "drafted"),
    ]


def test_privacy_erase_anonymises_hiring_free_text_and_keeps_the_rest(any_store):
    data = build(any_store)
    any_store.privacy.erase(data["ada"].id)
    app_id = data["app"].id
    with any_store.db.transaction() as s:
        assert s.scalar(select(Interview.location).where(Interview.application_id == app_id)) is None
        cards = s.scalars(select(Scorecard).where(Scorecard.application_id == app_id)).all()
        assert [c.takeaways for c in cards] == [None, None]
        assert sorted(c.overall or "-" for c in cards) == ["-", "strong_yes"]  # ratings and counts stay
        notes = s.scalars(
            select(ScorecardRating.note).where(ScorecardRating.scorecard_id.in_([c.id for c in cards]))
        ).all()
        assert notes and all(n is None for n in notes)
        offer = s.scalars(select(Offer).where(Offer.application_id == app_id)).one()
        assert (offer.terms, offer.notes, offer.decline_reason, offer.salary) == (
            None,
            None,
            None,
            Decimal("85000.50"),
        )
        assert s.scalars(select(OfferVersion.terms)).all() == [None]
        assert s.scalars(select(OfferApproval.comment)).all() == [None]
        details = s.scalars(select(HiringEvent.detail).where(HiringEvent.application_id == app_id)).all()
        assert details and all(d is None for d in details)
        # The bystander keeps hers.
        grace = s.scalars(
            select(Scorecard.takeaways).where(Scorecard.application_id == data["grace"].id)
        ).all()
        assert grace == ["Grace's own take-aways"]
        assert s.scalar(
            select(HiringEvent.detail).where(HiringEvent.application_id == data["grace"].id).limit(1)
        )
    # The export of the erased person says nothing of it either.
    dumped = json.dumps(any_store.privacy.export(data["ada"].id), ensure_ascii=False)
    assert not [n for n in NEEDLES if n in dumped]


def test_privacy_erase_leaves_no_hiring_text_in_the_sqlite_file(db_path):
    store = Store.open(str(db_path), actor="dpo")
    try:
        data = build(store)
        assert _in_file(db_path), "the free text must be on disk before the erase"
        done = store.privacy.erase(data["ada"].id)
        assert done.file_scrubbed
        assert _in_file(db_path) == []
    finally:
        store.close()
    assert _in_file(db_path) == []


def _in_file(db_path: Path) -> list[str]:
    found = []
    for suffix in ("", "-wal", "-shm", "-journal"):
        p = Path(str(db_path) + suffix)
        if p.exists():
            raw = p.read_bytes()
            found += [n for n in NEEDLES if n.encode() in raw]
    return found


def test_submitted_at_is_utc_with_offset():
    from pipeline_tui.store.hiring_export import ExportedScorecard, scorecard_json

    card = ExportedScorecard(
        id=1, interview_id=1, round="R", author=None, author_name="Old name", status="submitted",
        submitted_at=datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
    )  # fmt: skip
    obj = scorecard_json(card)
    assert obj["submitted_at"] == "2026-01-02T03:04:00+00:00" and obj["author"] == "Old name"
