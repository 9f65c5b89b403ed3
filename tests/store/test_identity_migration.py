"""Migration 0004_identities: a 0003 database holding people upgrades with every e-mail, phone and profile
moved into identities, none lost, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import create_engine, text

from pipeline_tui.store import Store
from pipeline_tui.store.database import resolve_url
from pipeline_tui.store.migrations import runner

T0 = datetime(2026, 3, 1, 9, 0)
PEOPLE = [
    # id, name, email, phone, linkedin, github, website
    (1, "Ann Lee", "ann@example.com", "020 7946 0958", "https://www.linkedin.com/in/AnnLee/", None, None),
    (2, "Bo Chen", None, "+49 30 1234567", None, "https://github.com/bochen/dotfiles", "http://www.bo.dev/"),
    (
        3,
        "Cy Park",
        "cy@example.com",
        "ask reception",
        "de.linkedin.com/in/annlee",
        None,
        None,
    ),  # Ann's profile
    (4, "Di Ng", None, None, None, None, None),
    (5, "Ed Ruiz", "ed@example.com", None, None, None, None),
]


def _at_0003_with_people(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        runner.upgrade(conn, "0003_touch_kinds")
    with engine.begin() as conn:
        for cid, name, email, phone, linkedin, github, website in PEOPLE:
            conn.execute(
                text(
                    "INSERT INTO candidate (id, full_name, email, phone, linkedin_url, github_url, website_url, "
                    "consent_status, created_at, updated_at) VALUES (:id, :n, :e, :p, :l, :g, :w, 'unknown', :t, :t)"
                ),
                {
                    "id": cid,
                    "n": name,
                    "e": email,
                    "p": phone,
                    "l": linkedin,
                    "g": github,
                    "w": website,
                    "t": T0,
                },
            )
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT setval(pg_get_serial_sequence('candidate', 'id'), 5)"))
    engine.dispose()


def test_upgrading_a_0003_database_moves_every_contact_field_into_identities(any_db_url, monkeypatch):
    monkeypatch.delenv("PIPELINE_TUI_PHONE_REGION", raising=False)  # the migration reads phones as GB
    _at_0003_with_people(resolve_url(any_db_url))
    store = Store.open(any_db_url, actor="tester")
    try:
        got = {
            cid: [(i.kind, i.value, i.display, i.is_primary) for i in store.candidates.identities(cid)]
            for cid, *_ in PEOPLE
        }
        assert got[1] == [
            ("email", "ann@example.com", "ann@example.com", True),
            ("phone", "+442079460958", "020 7946 0958", True),
            ("linkedin", "linkedin.com/in/annlee", "https://www.linkedin.com/in/AnnLee/", True),
        ]
        assert got[2] == [
            ("phone", "+49301234567", "+49 30 1234567", True),
            ("github", "github.com/bochen", "https://github.com/bochen/dotfiles", True),
            ("website", "bo.dev", "http://www.bo.dev/", True),
        ]
        # A phone that is no number is kept as typed; a profile two people shared stays with the first.
        assert got[3] == [
            ("email", "cy@example.com", "cy@example.com", True),
            ("phone", "", "ask reception", True),
        ]
        assert got[4] == [] and got[5] == [("email", "ed@example.com", "ed@example.com", True)]
        # Nothing lost from the candidate rows, which keep their columns as the primary's copy.
        for cid, name, email, phone, linkedin, github, website in PEOPLE:
            c = store.candidates.get(cid)
            assert (c.full_name, c.email, c.phone, c.linkedin_url, c.github_url, c.website_url) == (
                name, email, phone, linkedin, github, website,
            )  # fmt: skip
        assert store.candidates.count() == 5
        # The doors work on the moved identities, and new people go on from there.
        assert store.privacy.find("linkedin.com/in/annlee").id == 1
        assert store.privacy.find("github.com/BoChen").id == 2
        assert store.candidates.find_by_email("ED@example.com").id == 5
        store.candidates.add_identity(5, "email", "ed@home.example")
        assert store.candidates.find_by_email("ed@home.example").id == 5
    finally:
        store.close()

    # Down again: the table goes, the candidate columns are as they were.
    from alembic import command

    engine = create_engine(resolve_url(any_db_url))
    with engine.begin() as conn:
        command.downgrade(runner.config(conn), "0003_touch_kinds")
        assert conn.execute(text("SELECT count(*) FROM candidate")).scalar() == 5
        assert conn.execute(text("SELECT email FROM candidate WHERE id = 5")).scalar() == "ed@example.com"
    engine.dispose()
