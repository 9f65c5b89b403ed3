"""Offers: draft -> pending approval -> approved -> sent -> accepted | declined | expired | rescinded.

The offer row holds the current version's terms; every version's terms are in offer_version (version 1 is
written at create). Approvals are offer_approval rows per (offer, version, approver): a version's approvers
are named when it is made, and a decided version is never changed again, so editing an offer after approval
was asked for makes version N+1 and its approvals start over, while the old decisions and comments stay.
Accepting hires the applicant in the same transaction (ApplicationRepository.hire_in, the board's own hire).
Every change is one transaction with its hiring_event (store/hiring_events.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import DatabaseBusy, InvalidInput, NotFound, RuleViolation
from pipeline_tui.core.hiring_records import OfferRecord, OfferTerms
from pipeline_tui.core.hiring_vocabulary import (
    LIVE_OFFER_STATUSES,
    ApprovalDecision,
    HiringAction,
    HiringSubject,
    OfferStatus,
)
from pipeline_tui.core.local_time import aware_utc, user_zone
from pipeline_tui.core.money import show_money
from pipeline_tui.core.validation import clean_text
from pipeline_tui.store.change_log import note_change
from pipeline_tui.store.current_user import actor_of
from pipeline_tui.store.database import Database
from pipeline_tui.store.failures import retried_when_busy
from pipeline_tui.store.hiring_changes import offer_change
from pipeline_tui.store.hiring_events import record_hiring_event
from pipeline_tui.store.hiring_tables import Offer, OfferApproval, OfferVersion
from pipeline_tui.store.models import Application, Stage
from pipeline_tui.store.offer_queries import offer_records, offer_select, terms_of, waiting_select
from pipeline_tui.store.offer_rules import (
    EXPIRING,
    active_approvers,
    application_for_offer,
    approver_names,
    checked_terms,
    refuse_second_live_offer,
    require_transition,
    term_changes,
)

_TERM_FIELDS = tuple(OfferTerms.model_fields)


def local_today() -> date:
    """Today in the user's zone: an offer expiring on the 3rd is good all of the 3rd where they are. From the
    store's clock (core.clock.utcnow), so the demo's offers are checked against the demo's days."""
    return aware_utc(utcnow()).astimezone(user_zone()).date()


class OfferRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- making and changing an offer ----------------------------------------------------------------------

    @retried_when_busy
    def create(
        self,
        application_id: int,
        terms: OfferTerms,
        *,
        approvers: Sequence[int] = (),
        request_approval: bool = False,
    ) -> OfferRecord:
        """A draft, version 1, with its approvers named (they decide once approval is requested);
        `request_approval` asks them in the same transaction (without approvers: approved at once)."""
        clean = checked_terms(terms, today=local_today())
        try:
            with self._db.transaction() as s:
                app = application_for_offer(s, application_id)
                refuse_second_live_offer(s, application_id, app.full_name)
                members = active_approvers(s, approvers)
                actor = actor_of(self._db, s)
                offer = Offer(
                    application_id=application_id,
                    version=1,
                    status=OfferStatus.DRAFT,
                    created_by_id=actor.id,
                    **clean.model_dump(),
                )
                s.add(offer)
                s.flush()
                _write_version(s, offer, actor.id)
                _write_approvers(s, offer, [m.id for m in members])
                detail = f"version 1: {_money(clean)}; approvers {approver_names(members)}"
                self._event(s, offer, HiringAction.CREATED, detail)
                if request_approval:
                    self._request(s, offer)
                return self._record(s, offer.id)
        except IntegrityError:
            # Another window made a live offer between our check and our insert: the same sentence.
            with self._db.transaction() as s:
                app = application_for_offer(s, application_id)
                refuse_second_live_offer(s, application_id, app.full_name)
            raise

    @retried_when_busy
    def edit(
        self, offer_id: int, terms: OfferTerms, *, approvers: Sequence[int] | None = None
    ) -> OfferRecord:
        """A draft nobody decided on is edited in place; otherwise this makes version N+1, whose approvals
        start over (pending approval, or a draft when it has no approvers). A sent offer is not edited."""
        self._expire_before_write()
        clean = checked_terms(terms, today=local_today())
        with self._db.transaction() as s:
            offer = _locked(s, offer_id)
            if offer.status == OfferStatus.SENT:
                raise RuleViolation(
                    f"offer #{offer.id} was sent: it cannot be edited; rescind it and make a new one"
                )
            if offer.status not in LIVE_OFFER_STATUSES:
                raise RuleViolation(
                    f"offer #{offer.id} is {OfferStatus(offer.status).label}: it cannot be edited"
                )
            current = _approver_ids(s, offer)
            wanted = current if approvers is None else list(dict.fromkeys(approvers))
            members = active_approvers(s, wanted)
            changes = term_changes(terms_of(offer), clean)
            if wanted != current:
                changes.append(f"approvers {approver_names(members)}")
            if not changes:
                raise InvalidInput(f"offer #{offer.id} already has these terms: nothing changed")
            if offer.status == OfferStatus.DRAFT and not _decided(s, offer):
                self._edit_in_place(s, offer, clean, wanted, changes)
            else:
                self._new_version(s, offer, clean, wanted, changes)
            return self._record(s, offer.id)

    def _edit_in_place(
        self, s: Session, offer: Offer, terms: OfferTerms, approvers: list[int], changes: list[str]
    ) -> None:
        _set_terms(offer, terms)
        version = s.scalars(
            select(OfferVersion).where(
                OfferVersion.offer_id == offer.id, OfferVersion.version == offer.version
            )
        ).one()
        _set_terms(version, terms)
        s.execute(
            delete(OfferApproval).where(
                OfferApproval.offer_id == offer.id, OfferApproval.version == offer.version
            )
        )
        _write_approvers(s, offer, approvers)
        self._event(s, offer, HiringAction.EDITED, f"version {offer.version}: " + "; ".join(changes))

    def _new_version(
        self, s: Session, offer: Offer, terms: OfferTerms, approvers: list[int], changes: list[str]
    ) -> None:
        """Version N+1 with these terms; its approvers decide afresh (none: a draft to request again)."""
        offer.version += 1
        _set_terms(offer, terms)
        offer.status = OfferStatus.PENDING_APPROVAL if approvers else OfferStatus.DRAFT
        s.flush()
        _write_version(s, offer, actor_of(self._db, s).id)
        _write_approvers(s, offer, approvers)
        restart = "approvals restart" if approvers else "no approvers: back to draft"
        detail = f"version {offer.version}: " + "; ".join([*changes, restart])
        self._event(s, offer, HiringAction.NEW_VERSION, detail)

    @retried_when_busy
    def request_approval(self, offer_id: int) -> OfferRecord:
        """Draft -> pending approval; with no approvers -> approved at once. A draft whose version was
        already decided on (rejected) is asked again as a new version, so the rejection stays on record."""
        self._expire_before_write()
        with self._db.transaction() as s:
            offer = _locked(s, offer_id)
            if offer.status != OfferStatus.DRAFT:
                require_transition(offer, OfferStatus.PENDING_APPROVAL)
                raise RuleViolation(
                    f"offer #{offer.id} is {OfferStatus(offer.status).label}: only a draft goes for approval"
                )
            self._request(s, offer)
            return self._record(s, offer.id)

    def _request(self, s: Session, offer: Offer) -> None:
        approvers = _approver_ids(s, offer)
        members = active_approvers(s, approvers)
        if _decided(s, offer):
            self._new_version(s, offer, terms_of(offer), approvers, ["asked again"])
            if approvers:
                return
        if members:
            offer.status = OfferStatus.PENDING_APPROVAL
            detail = f"version {offer.version}: approval asked of {approver_names(members)}"
        else:
            offer.status = OfferStatus.APPROVED
            detail = f"version {offer.version}: no approvers, approved at once"
        self._event(s, offer, HiringAction.REQUESTED, detail)

    def approve(self, offer_id: int, approver_id: int, *, comment: str | None = None) -> OfferRecord:
        """One approver's yes to the current version; the last one needed makes the offer approved."""
        return self._decide(offer_id, approver_id, ApprovalDecision.APPROVED, comment)

    def reject(self, offer_id: int, approver_id: int, *, comment: str | None = None) -> OfferRecord:
        """One approver's no: the offer goes back to draft (the rejection and its comment stay)."""
        return self._decide(offer_id, approver_id, ApprovalDecision.REJECTED, comment)

    @retried_when_busy
    def _decide(
        self, offer_id: int, approver_id: int, decision: ApprovalDecision, comment: str | None
    ) -> OfferRecord:
        self._expire_before_write()
        with self._db.transaction() as s:
            offer = _locked(s, offer_id)
            (member,) = active_approvers(s, [approver_id])
            row = s.scalars(
                select(OfferApproval).where(
                    OfferApproval.offer_id == offer.id,
                    OfferApproval.version == offer.version,
                    OfferApproval.approver_id == approver_id,
                )
            ).first()
            if row is None:
                raise RuleViolation(f"{member.name} is not an approver of offer #{offer.id}")
            if row.decision != ApprovalDecision.PENDING:
                raise RuleViolation(
                    f"{member.name} already {row.decision} version {offer.version} of offer #{offer.id}"
                )
            if offer.status != OfferStatus.PENDING_APPROVAL:
                raise RuleViolation(
                    f"offer #{offer.id} is {OfferStatus(offer.status).label}: approval was not asked for yet"
                )
            row.decision = decision
            row.comment = clean_text(comment, multiline=True)
            row.decided_at = utcnow()
            s.flush()
            detail = f"{member.name} {decision} version {offer.version}"
            if decision == ApprovalDecision.REJECTED:
                offer.status = OfferStatus.DRAFT
                detail += "; back to draft"
            elif not _pending(s, offer):
                offer.status = OfferStatus.APPROVED
                detail += "; every approver approved"
            action = HiringAction.APPROVED if decision == ApprovalDecision.APPROVED else HiringAction.REJECTED
            self._event(s, offer, action, detail)
            return self._record(s, offer.id)

    # -- the offer out in the world ----------------------------------------------------------------------

    @retried_when_busy
    def send(self, offer_id: int) -> OfferRecord:
        """Approved -> sent: the candidate has it."""
        self._expire_before_write()
        with self._db.transaction() as s:
            offer = _locked(s, offer_id)
            require_transition(offer, OfferStatus.SENT)
            offer.status = OfferStatus.SENT
            offer.sent_at = utcnow()
            self._event(s, offer, HiringAction.SENT, f"version {offer.version}: {_money(terms_of(offer))}")
            return self._record(s, offer.id)

    @retried_when_busy
    def accept(self, offer_id: int) -> OfferRecord:
        """Sent -> accepted, and the applicant hired into the job's hired stage, in ONE transaction: if the
        hire is refused (no hired stage, application not active) the offer is not accepted either."""
        from pipeline_tui.store.applications import ApplicationRepository

        self._expire_before_write()
        with self._db.transaction() as s:
            offer = _locked(s, offer_id)
            require_transition(offer, OfferStatus.ACCEPTED)
            offer.status = OfferStatus.ACCEPTED
            offer.resolved_at = utcnow()
            s.flush()
            hired = ApplicationRepository(self._db).hire_in(
                s.connection(), offer.application_id, None, offer_id=offer.id
            )
            stage = s.scalar(select(Stage.name).where(Stage.id == hired.stage_id))
            self._event(s, offer, HiringAction.ACCEPTED, f"version {offer.version}; hired into {stage}")
            return self._record(s, offer.id)

    @retried_when_busy
    def decline(self, offer_id: int, *, reason: str | None = None) -> OfferRecord:
        """Sent -> declined; the application stays where it is (the card says the offer was declined)."""
        self._expire_before_write()
        with self._db.transaction() as s:
            offer = _locked(s, offer_id)
            require_transition(offer, OfferStatus.DECLINED)
            offer.status = OfferStatus.DECLINED
            offer.decline_reason = clean_text(reason, multiline=True)
            offer.resolved_at = utcnow()
            stage = s.scalar(
                select(Stage.name)
                .join(Application, Application.stage_id == Stage.id)
                .where(Application.id == offer.application_id)
            )
            given = "reason given" if offer.decline_reason else "no reason given"
            detail = f"version {offer.version} ({given}); the application stays in {stage}"
            self._event(s, offer, HiringAction.DECLINED, detail)
            return self._record(s, offer.id)

    @retried_when_busy
    def rescind(self, offer_id: int) -> OfferRecord:
        """Withdraw a live offer (any status before accepted): the application may get a new one."""
        self._expire_before_write()
        with self._db.transaction() as s:
            offer = _locked(s, offer_id)
            require_transition(offer, OfferStatus.RESCINDED)
            before = OfferStatus(offer.status).label
            offer.status = OfferStatus.RESCINDED
            offer.resolved_at = utcnow()
            self._event(s, offer, HiringAction.RESCINDED, f"version {offer.version} ({before} before)")
            return self._record(s, offer.id)

    @retried_when_busy
    def expire_overdue(self, *, today: date | None = None) -> int:
        """Offers pending approval, approved or sent whose expiry date is before `today` (the user's local
        day) become expired, each recorded; returns how many. Reads call it first, so they read true."""
        today = today or local_today()
        overdue = (Offer.status.in_(EXPIRING), Offer.expires_on < today)
        with self._db.transaction() as s:
            if s.scalar(select(Offer.id).where(*overdue).limit(1)) is None:
                return 0  # the common case: one indexed read, nothing written, no user created
            offers = s.scalars(select(Offer).where(*overdue).order_by(Offer.id).with_for_update()).all()
            now = utcnow()
            for offer in offers:
                before = OfferStatus(offer.status).label
                offer.status = OfferStatus.EXPIRED
                offer.resolved_at = now
                detail = (
                    f"version {offer.version}: expiry date {offer.expires_on.isoformat()} passed ({before})"
                )
                self._event(s, offer, HiringAction.EXPIRED, detail)
            return len(offers)

    # -- reading -------------------------------------------------------------------------------------------

    def get(self, offer_id: int) -> OfferRecord:
        self._expire_before_read()
        with self._db.transaction() as s:
            return self._record(s, offer_id)

    def for_application(self, application_id: int) -> list[OfferRecord]:
        """Every offer of the application, newest first, with its versions and approvals."""
        self._expire_before_read()
        stmt = offer_select().where(Offer.application_id == application_id).order_by(Offer.id.desc())
        with self._db.transaction() as s:
            return offer_records(s, stmt, today=local_today())

    def list(self, *, job_id: int | None = None, statuses: Sequence[str] | None = None) -> list[OfferRecord]:
        """Offers newest first, of one job and/or in these statuses (words as users type them)."""
        self._expire_before_read()
        stmt = offer_select().order_by(Offer.id.desc())
        if job_id is not None:
            stmt = stmt.where(Application.job_id == job_id)
        if statuses is not None:
            stmt = stmt.where(Offer.status.in_([_status(word) for word in statuses]))
        with self._db.transaction() as s:
            return offer_records(s, stmt, today=local_today())

    def waiting_for(self, member_id: int) -> list[OfferRecord]:
        """Offers pending approval whose current version waits for this member's decision (Today)."""
        self._expire_before_read()
        with self._db.transaction() as s:
            return offer_records(s, waiting_select(member_id), today=local_today())

    # -- inside ------------------------------------------------------------------------------------------

    def _record(self, s: Session, offer_id: int) -> OfferRecord:
        s.flush()
        found = offer_records(s, offer_select().where(Offer.id == offer_id), today=local_today())
        if not found:
            raise NotFound(f"no offer #{offer_id}")
        return found[0]

    def _event(self, s: Session, offer: Offer, action: HiringAction, detail: str) -> None:
        s.flush()
        app = s.execute(
            select(Application.job_id, Application.candidate_id).where(Application.id == offer.application_id)
        ).one()
        record_hiring_event(
            self._db,
            s,
            subject=HiringSubject.OFFER,
            subject_id=offer.id,
            action=action,
            application_id=offer.application_id,
            job_id=app.job_id,
            detail=detail,
        )
        note_change(s, offer_change(offer, app, action))

    def _expire_before_write(self) -> None:
        """A change is judged on true statuses: an offer past its expiry is expired before it is touched."""
        self.expire_overdue()

    def _expire_before_read(self) -> None:
        """Reads mark overdue offers expired; on a database opened read-only they cannot, and the records
        show them expired all the same (offer_records with today)."""
        try:
            self.expire_overdue()
        except (DBAPIError, DatabaseBusy):
            pass


def _locked(s: Session, offer_id: int) -> Offer:
    """The offer, its row locked until the change commits (PostgreSQL; SQLite writes one at a time)."""
    offer = s.scalars(select(Offer).where(Offer.id == offer_id).with_for_update()).first()
    if offer is None:
        raise NotFound(f"no offer #{offer_id}")
    return offer


def _set_terms(row: Offer | OfferVersion, terms: OfferTerms) -> None:
    for name in _TERM_FIELDS:
        setattr(row, name, getattr(terms, name))


def _write_version(s: Session, offer: Offer, actor_id: int | None) -> None:
    s.add(
        OfferVersion(
            offer_id=offer.id,
            version=offer.version,
            actor_id=actor_id,
            created_at=utcnow(),
            **{name: getattr(offer, name) for name in _TERM_FIELDS},
        )
    )


def _write_approvers(s: Session, offer: Offer, approvers: Sequence[int]) -> None:
    for position, member_id in enumerate(approvers):
        s.add(
            OfferApproval(
                offer_id=offer.id,
                version=offer.version,
                approver_id=member_id,
                position=position,
                decision=ApprovalDecision.PENDING,
            )
        )
    s.flush()


def _approvals(s: Session, offer: Offer) -> list[OfferApproval]:
    return list(
        s.scalars(
            select(OfferApproval)
            .where(OfferApproval.offer_id == offer.id, OfferApproval.version == offer.version)
            .order_by(OfferApproval.position, OfferApproval.id)
        )
    )


def _approver_ids(s: Session, offer: Offer) -> list[int]:
    return [a.approver_id for a in _approvals(s, offer)]


def _decided(s: Session, offer: Offer) -> bool:
    """Whether anyone decided on the current version: then it is never changed again."""
    return any(a.decision != ApprovalDecision.PENDING for a in _approvals(s, offer))


def _pending(s: Session, offer: Offer) -> bool:
    return any(a.decision == ApprovalDecision.PENDING for a in _approvals(s, offer))


def _money(terms: OfferTerms) -> str:
    return show_money(terms.salary, terms.currency)


def _status(word: str) -> OfferStatus:
    status = OfferStatus.parse(word)
    if status is None:
        shown = ", ".join(s.label for s in OfferStatus)
        raise InvalidInput(f"unknown offer status {word!r}: use one of {shown}")
    return status
