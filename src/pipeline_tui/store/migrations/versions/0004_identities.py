"""Identities: a person's e-mail addresses, phones and profile URLs in their own table (`identity`).

Each candidate's single e-mail, phone, LinkedIn, GitHub and website become their primary identities; the
candidate columns stay as the primary's copy (lists, search and exports read them). E-mails are copied in
one statement (they were stored canonical already); phones and URLs are made canonical in Python, in
batches of candidates, since their forms (E.164, `linkedin.com/in/<slug>`) need `phonenumbers` and URL rules.
Phones are read in the region of PIPELINE_TUI_PHONE_REGION, else GB (the app's default). A profile URL that two
people shared before (nothing refused that then) becomes the identity of the earlier record only: the later
one keeps the text in its column, and no row is lost. Self-contained: one file, no other migration imported.

Revision ID: 0004_identities
Revises: 0003_touch_kinds
"""

import os
from collections.abc import Sequence
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

from pipeline_tui.core.identities import (
    DEFAULT_PHONE_REGION,
    canonical_github,
    canonical_linkedin,
    canonical_phone,
    canonical_website,
)

revision: str = "0004_identities"
down_revision: str | None = "0003_touch_kinds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 20_000
UNIQUE = "kind <> 'phone'"
PHONE = "kind = 'phone'"
PROFILES = (("linkedin", "linkedin_url", canonical_linkedin), ("github", "github_url", canonical_github))
PROFILES += (("website", "website_url", canonical_website),)


def upgrade() -> None:
    op.create_table(
        "identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("value", sa.String(length=500), nullable=False),
        sa.Column("display", sa.String(length=500), nullable=False),
        sa.Column("is_primary", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('email','phone','linkedin','github','website')", name=op.f("ck_identity_kind")
        ),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidate.id"],
            name=op.f("fk_identity_candidate_id_candidate"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identity")),
    )
    conn = op.get_bind()
    now = datetime.now(timezone.utc).replace(tzinfo=None)  # noqa: UP017 - naive UTC, as the app writes
    conn.execute(
        sa.text(
            "INSERT INTO identity (candidate_id, kind, value, display, is_primary, created_at) "
            "SELECT id, 'email', email, email, :yes, coalesce(created_at, :now) FROM candidate "
            "WHERE email IS NOT NULL AND email <> '' ORDER BY id"
        ),
        {"yes": True, "now": now},
    )
    _move_phones_and_profiles(conn, now)
    op.create_index("uq_identity_kind_value", "identity", ["kind", "value"], unique=True,
                    sqlite_where=sa.text(UNIQUE), postgresql_where=sa.text(UNIQUE))  # fmt: skip
    op.create_index("ix_identity_phone", "identity", ["value"],
                    sqlite_where=sa.text(PHONE), postgresql_where=sa.text(PHONE))  # fmt: skip
    op.create_index("ix_identity_candidate", "identity", ["candidate_id", "kind"])


def _move_phones_and_profiles(conn: sa.Connection, now: datetime) -> None:
    region = os.environ.get("PIPELINE_TUI_PHONE_REGION") or DEFAULT_PHONE_REGION
    insert = sa.text(
        "INSERT INTO identity (candidate_id, kind, value, display, is_primary, created_at) "
        "VALUES (:cid, :kind, :value, :display, :yes, :at)"
    )
    select = sa.text(
        "SELECT id, phone, linkedin_url, github_url, website_url, created_at FROM candidate "
        "WHERE id > :after AND (phone IS NOT NULL OR linkedin_url IS NOT NULL OR github_url IS NOT NULL "
        "OR website_url IS NOT NULL) ORDER BY id LIMIT :n"
    )
    taken: set[tuple[str, str]] = set()
    after = 0
    while True:
        rows = conn.execute(select, {"after": after, "n": BATCH}).all()
        if not rows:
            return
        values = []
        for cid, phone, linkedin, github, website, created in rows:
            base = {"cid": cid, "yes": True, "at": created or now}
            if phone and phone.strip():
                value = canonical_phone(phone, region) or ""
                values.append(base | {"kind": "phone", "value": value, "display": phone.strip()[:500]})
            for (kind, _, canonical), typed in zip(PROFILES, (linkedin, github, website), strict=True):
                value = canonical(typed)
                if not value or (kind, value) in taken:
                    continue
                taken.add((kind, value))
                values.append(base | {"kind": kind, "value": value[:500], "display": typed.strip()[:500]})
        if values:
            conn.execute(insert, values)
        after = rows[-1][0]


def downgrade() -> None:
    op.drop_index("ix_identity_candidate", table_name="identity")
    op.drop_index("ix_identity_phone", table_name="identity")
    op.drop_index("uq_identity_kind_value", table_name="identity")
    op.drop_table("identity")
