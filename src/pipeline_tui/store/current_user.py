"""The current user every change is recorded against, matched to a team member (see store/team.py).

The user is named by settings (`user`, PIPELINE_TUI_USER, else the login name) and matched by e-mail
(case-insensitive) or name. A member is created the first time that user writes, never by a command that
only reads: `actor_of` is called inside write transactions alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Connection, event, func, insert, select
from sqlalchemy.orm import Session

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.records import TeamMemberRecord
from pipeline_tui.core.vocabulary import TEAM_ROLES, TeamRole
from pipeline_tui.store.models import TeamMember

if TYPE_CHECKING:
    from pipeline_tui.store.database import Database

Bind = Session | Connection


@dataclass
class CurrentUser:
    """Who is using this store: the spec from settings, and the member once one is known to be committed
    (a member created in a transaction that later rolls back must not be remembered)."""

    spec: str
    member: TeamMemberRecord | None = None
    pending: set[int] = field(default_factory=set)

    @property
    def name(self) -> str:
        return self.member.name if self.member is not None else self.spec


@dataclass(frozen=True)
class Actor:
    """Who made a change: the member's id (None when unknown) and the name history shows."""

    id: int | None
    name: str | None


def parse_role(text: str | None) -> TeamRole:
    role = TeamRole.parse(text or "")
    if role is None:
        shown = ", ".join(r.replace("_", "-") for r in TEAM_ROLES)
        raise InvalidInput(f"unknown role {text!r}: use one of {shown}")
    return role


def find_member(bind: Bind, spec: str) -> TeamMember | None:
    """The member an e-mail (any case) or a name (any case, spaces collapsed) names; active ones first."""
    wanted = " ".join(spec.split()).lower()
    if not wanted:
        return None
    column = func.lower(TeamMember.email) if "@" in wanted else func.lower(TeamMember.name)
    q = select(TeamMember).where(column == wanted).order_by(TeamMember.active.desc(), TeamMember.id).limit(1)
    if isinstance(bind, Session):
        return bind.scalars(q).first()
    row = bind.execute(q).first()
    return TeamMember(**row._mapping) if row is not None else None  # a detached copy, read only


def actor_of(db: Database, bind: Bind) -> Actor:
    """The current user as the actor of a write in `bind`'s transaction, created as a recruiter when new."""
    me: CurrentUser = db.user
    if me.member is not None:
        return Actor(me.member.id, me.member.name)
    found = find_member(bind, me.spec)
    if found is not None:
        record = TeamMemberRecord.model_validate(found)
        if record.id not in me.pending:
            me.member = record
        return Actor(record.id, record.name)
    spec = " ".join(me.spec.split())
    email = spec.lower() if "@" in spec else None
    name = spec.split("@", 1)[0] if email else spec
    values = {"name": name or spec, "email": email, "role": TeamRole.RECRUITER, "active": True}
    conn = bind.connection() if isinstance(bind, Session) else bind
    new_id = conn.execute(insert(TeamMember).values(**values, created_at=utcnow())).inserted_primary_key[0]
    me.pending.add(new_id)

    def committed(_conn: Connection) -> None:
        me.pending.discard(new_id)

    event.listen(conn, "commit", committed, once=True)
    return Actor(new_id, values["name"])
