"""The hiring team: people who work in the app (name, e-mail, role, active), found by e-mail or name."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline_tui.core.change_records import Change
from pipeline_tui.core.change_vocabulary import ChangeEntity, ChangeKind
from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import InvalidInput, NotFound
from pipeline_tui.core.records import TeamMemberRecord
from pipeline_tui.core.suggestions import unknown
from pipeline_tui.core.validation import clean_text, normalise_email
from pipeline_tui.core.vocabulary import TeamRole
from pipeline_tui.store.change_log import note_change
from pipeline_tui.store.current_user import CurrentUser, actor_of, find_member, parse_role
from pipeline_tui.store.database import Database
from pipeline_tui.store.models import TeamMember


class TeamRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, name: str, email: str | None, role: str = TeamRole.RECRUITER) -> TeamMemberRecord:
        clean = clean_text(name)
        if not clean:
            raise InvalidInput("a team member needs a name")
        address = normalise_email(email)
        kind = parse_role(role)
        with self._db.transaction() as s:
            if address is not None:
                taken = s.scalars(select(TeamMember).where(TeamMember.email == address)).first()
                if taken is not None and self._stands_in_for_me(taken):
                    return self._claim(s, taken, clean, kind)
                if taken is not None:
                    raise InvalidInput(f"{address} already belongs to team member {taken.name!r}")
            member = TeamMember(name=clean, email=address, role=kind, active=True, created_at=utcnow())
            s.add(member)
            s.flush()
            note_change(s, member_change(member, ChangeKind.MEMBER_ADDED, kind.label))
            return TeamMemberRecord.model_validate(member)

    def _stands_in_for_me(self, member: TeamMember) -> bool:
        """The member made for the current user on their first write (named after their e-mail's local
        part): adding themselves by that e-mail names it, instead of being refused as taken. That first
        write may well be adding their team, whose change-log lines need someone to have made them."""
        spec = " ".join(self._db.user.spec.split()).lower()
        return member.email == spec and member.name == spec.split("@", 1)[0]

    def _claim(self, s: Session, member: TeamMember, name: str, role: TeamRole) -> TeamMemberRecord:
        member.name, member.role = name, role
        s.flush()
        record = TeamMemberRecord.model_validate(member)
        if self._db.user.member is not None and self._db.user.member.id == member.id:
            self._db.user.member = record
        note_change(s, member_change(member, ChangeKind.MEMBER_EDITED, f"named, {role.label}"))
        return record

    def list(self, *, active_only: bool = False) -> list[TeamMemberRecord]:
        with self._db.transaction() as s:
            q = select(TeamMember).order_by(func.lower(TeamMember.name), TeamMember.id)
            if active_only:
                q = q.where(TeamMember.active.is_(True))
            return [TeamMemberRecord.model_validate(m) for m in s.scalars(q)]

    def get(self, member_id: int) -> TeamMemberRecord:
        with self._db.transaction() as s:
            member = s.get(TeamMember, member_id)
            if member is None:
                raise NotFound(f"no team member #{member_id}")
            return TeamMemberRecord.model_validate(member)

    def find(self, spec: str) -> TeamMemberRecord:
        """The member an e-mail or a name names; NotFound suggests the closest names and e-mails."""
        with self._db.transaction() as s:
            return TeamMemberRecord.model_validate(self._find(s, spec))

    def deactivate(self, spec: str) -> TeamMemberRecord:
        """Mark a member inactive (kept: history and jobs still name them)."""
        with self._db.transaction() as s:
            member = self._find(s, spec)
            if member.active:
                note_change(s, member_change(member, ChangeKind.MEMBER_EDITED, "deactivated"))
            member.active = False
            s.flush()
            if self._db.user.member is not None and self._db.user.member.id == member.id:
                self._db.user.member = TeamMemberRecord.model_validate(member)
            return TeamMemberRecord.model_validate(member)

    def current(self) -> TeamMemberRecord | None:
        """The current user's member, or None before their first write (reading never creates one)."""
        me: CurrentUser = self._db.user
        if me.member is not None:
            return me.member
        with self._db.transaction() as s:
            found = find_member(s, me.spec)
            if found is None:
                return None
            record = TeamMemberRecord.model_validate(found)
            if record.id not in me.pending:
                me.member = record
            return record

    def ensure_current(self) -> TeamMemberRecord:
        """The current user's member, created now when they have none (a write: for "assign to me")."""
        with self._db.transaction() as s:
            actor = actor_of(self._db, s)
            return TeamMemberRecord.model_validate(s.get(TeamMember, actor.id))

    def is_current(self, spec: str) -> bool:
        """Whether `spec` names the current user the way settings do (any case)."""
        return " ".join(spec.split()).lower() == " ".join(self._db.user.spec.split()).lower()

    def _find(self, s: Session, spec: str) -> TeamMember:
        found = find_member(s, spec)
        if found is not None:
            return found
        rows = s.execute(select(TeamMember.name, TeamMember.email)).all()
        choices = sorted({n for n, _ in rows} | {e for _, e in rows if e})
        raise NotFound(unknown("no team member", spec, choices))


def member_change(member: TeamMember, kind: ChangeKind, detail: str | None) -> Change:
    """A team member's entry: their name as it is now in `subject` (kept as written)."""
    return Change(ChangeEntity.TEAM_MEMBER, member.id, kind, subject=member.name, detail=detail)


def member_ids_exist(s: Session, ids: list[int | None]) -> None:
    """Refuse a job team naming a member that does not exist."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return
    found = set(s.scalars(select(TeamMember.id).where(TeamMember.id.in_(wanted))))
    missing = sorted(wanted - found)
    if missing:
        raise NotFound(f"no team member #{missing[0]}")
