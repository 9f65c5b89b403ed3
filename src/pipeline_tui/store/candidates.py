"""People: one candidate row per person, whether prospect or applicant. Duplicates are refused here."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pipeline_tui.core.change_vocabulary import ChangeKind
from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.duplicates import block_key, similar_names
from pipeline_tui.core.errors import InvalidInput, NotFound
from pipeline_tui.core.identities import (
    FIELD_KINDS,
    KIND_FIELDS,
    Identity,
    IdentityKind,
    canonical,
    guess_kind,
    identity,
    person_identities,
)
from pipeline_tui.core.person import EDITABLE_FIELDS, FILLABLE_FIELDS
from pipeline_tui.core.person_view import CONSENT_STATUSES
from pipeline_tui.core.records import (
    ApplicationRecord,
    CandidateApplication,
    CandidateRecord,
    IdentityRecord,
)
from pipeline_tui.core.validation import CandidateInput, clean_text, normalise_email
from pipeline_tui.store import identities
from pipeline_tui.store.change_log import note_change
from pipeline_tui.store.change_scrub import transfer_person
from pipeline_tui.store.crm_changes import (
    CONSENT_FIELDS,
    MERGED_DETAIL,
    field_words,
    identity_words,
    person_change,
    primary_words,
)
from pipeline_tui.store.database import Database
from pipeline_tui.store.enrollment_stops import merge_people
from pipeline_tui.store.erased import refuse_if_erased
from pipeline_tui.store.failures import retried_when_busy
from pipeline_tui.store.models import (
    Application,
    Candidate,
    CandidateFile,
    CandidateTag,
    Job,
    RejectionReason,
    Stage,
)
from pipeline_tui.store.models import Identity as IdentityRow

# People read per place from the full-text index for a form's look-alike check (rapidfuzz compares them).
SIMILAR_SCAN = 500

__all__ = ["EDITABLE_FIELDS", "CandidateRepository", "application_record", "applications_of"]


class CandidateRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    @retried_when_busy
    def add(self, person: CandidateInput) -> CandidateRecord:
        """Store a new person and their identities; an e-mail or profile URL someone has already raises
        DuplicateCandidate naming the existing record."""
        idents = self._identities(person)
        try:
            with self._db.transaction() as s:
                _refuse_duplicate(s, idents)
                cand = Candidate(**person.model_dump())
                s.add(cand)
                s.flush()
                identities.add_rows(s, cand.id, idents)
                note_change(s, person_change(ChangeKind.ADDED, cand.id, person.source or None))
                return CandidateRecord.model_validate(cand)
        except IntegrityError:
            # Lost a race with another writer for the same e-mail: report it the same way.
            with self._db.transaction() as s:
                _refuse_duplicate(s, idents)
            raise

    def _identities(self, person: CandidateInput) -> list[Identity]:
        return person_identities(person.model_dump(), region=self._db.phone_region)

    def find_existing(self, person: CandidateInput) -> CandidateRecord | None:
        """Who already has one of this person's e-mails or profile URLs (a form's duplicate check)."""
        with self._db.transaction() as s:
            taken = identities.owners(s, self._identities(person))
            if not taken:
                return None
            return CandidateRecord.model_validate(_candidate(s, min(cid for cid, _ in taken.values())))

    def find_by_identity(self, value: str) -> CandidateRecord | None:
        """The person with this e-mail address (any of theirs) or profile URL (LinkedIn, GitHub, website)."""
        kind = guess_kind(value)
        key = canonical(kind, value, self._db.phone_region)
        if not key:
            return None
        with self._db.transaction() as s:
            cid = identities.holder(s, kind, key)
            return None if cid is None else CandidateRecord.model_validate(_candidate(s, cid))

    # -- a person's identities (the person screen) --------------------------------------------------------

    def identities(self, candidate_id: int) -> list[IdentityRecord]:
        """Every e-mail, phone and profile of the person: by kind, each kind's primary first."""
        with self._db.transaction() as s:
            _candidate(s, candidate_id)
            return [IdentityRecord.model_validate(r) for r in identities.of_candidate(s, candidate_id)]

    @retried_when_busy
    def add_identity(self, candidate_id: int, kind: str, value: str) -> IdentityRecord:
        """Give the person another e-mail, phone or profile (primary when it is their first of its kind).
        One someone else has is refused with who has it; one they have already is returned as it is."""
        try:
            ident = identity(kind, clean_text(value) or "", self._db.phone_region)
        except ValueError:
            raise InvalidInput(f"not a kind of identity: {kind!r}") from None
        if not ident.display:
            raise InvalidInput(f"give the {ident.kind.label} to add")
        with self._db.transaction() as s:
            cand = _candidate(s, candidate_id)
            refuse_if_erased(s, candidate_id)
            identities.refuse_taken(s, [ident], except_id=candidate_id)
            if identities.add_rows(s, candidate_id, [ident]):
                note_change(s, person_change(ChangeKind.EDITED, candidate_id, identity_words([ident.kind])))
            identities.copy_primaries(s, cand)
            key = ident.value or ident.display
            row = next(r for r in identities.of_candidate(s, candidate_id)
                       if r.kind == ident.kind and (r.value or r.display) == key)  # fmt: skip
            return IdentityRecord.model_validate(row)

    @retried_when_busy
    def remove_identity(self, identity_id: int) -> None:
        """Remove one identity; when it was a primary, the person's oldest other one of its kind takes over."""
        with self._db.transaction() as s:
            row = _identity(s, identity_id)
            cand = _candidate(s, row.candidate_id)
            kind = row.kind
            s.delete(row)
            s.flush()
            identities.copy_primaries(s, cand, cleared=[kind])
            note_change(s, person_change(ChangeKind.EDITED, cand.id, identity_words([kind])))

    @retried_when_busy
    def set_primary(self, identity_id: int) -> IdentityRecord:
        """Make this identity its kind's primary: the candidate's e-mail (or phone, profile) becomes it."""
        with self._db.transaction() as s:
            row = _identity(s, identity_id)
            was_primary = row.is_primary
            identities.set_primary_row(s, row)
            identities.copy_primaries(s, _candidate(s, row.candidate_id))
            if not was_primary:
                words = primary_words(row.kind)
                note_change(s, person_change(ChangeKind.EDITED, row.candidate_id, words))
            return IdentityRecord.model_validate(row)

    def get(self, candidate_id: int) -> CandidateRecord:
        with self._db.transaction() as s:
            return CandidateRecord.model_validate(_candidate(s, candidate_id))

    def find_by_email(self, email: str) -> CandidateRecord | None:
        """The person with this address, primary or not."""
        key = normalise_email(email)
        if key is None:
            return None
        with self._db.transaction() as s:
            cid = identities.holder(s, IdentityKind.EMAIL, key)
            return None if cid is None else CandidateRecord.model_validate(_candidate(s, cid))

    def possible_duplicates(
        self, full_name: str, company: str | None, location: str | None = None
    ) -> list[CandidateRecord]:
        """People with a near-identical name (rapidfuzz: a one-letter typo is near) at the same company or
        in the same location: pointed out to the user, not refused. Only people sharing a word of the name
        in that place are compared, read from the full-text index, so it stays instant at a million."""
        places = [(column, field, value) for column, field, value in (
            ("company", "current_company", company), ("location", "location", location)) if value]  # fmt: skip
        if not places:
            return []
        with self._db.transaction() as s:
            ids: dict[int, None] = {}
            for column, _, value in places:
                found = self._db.dialect.similar_names(s, full_name, column, value, SIMILAR_SCAN)
                ids.update(dict.fromkeys(found))
            if not ids:
                return []
            rows = {
                r.id: r
                for r in s.scalars(
                    select(Candidate).where(Candidate.id.in_(list(ids)), Candidate.anonymised_at.is_(None))
                )
                if any(block_key(getattr(r, field)) == block_key(value) for _, field, value in places)
            }
            near = similar_names(full_name, [(cid, r.full_name) for cid, r in rows.items()])
            return [CandidateRecord.model_validate(rows[cid]) for cid in near[:10]]

    @retried_when_busy
    def update(
        self, candidate_id: int, *, others: dict[str, list[str]] | None = None, **fields: object
    ) -> CandidateRecord:
        """Edit contact details, summary and consent; an e-mail that belongs to someone else raises
        DuplicateCandidate naming them. A consent status that changes is dated now. `others` ({"email":
        [...], "phone": [...]}) makes those kinds' non-primary identities exactly the ones listed, in the
        same transaction (the person screen's "More e-mail" and "More phones")."""
        consent = {k: fields.pop(k) for k in ("consent_status", "consent_method") if k in fields}
        extra = self._others(others or {})
        unknown = set(fields) - set(EDITABLE_FIELDS)
        if unknown:
            raise InvalidInput(f"cannot edit {', '.join(sorted(unknown))}")
        with self._db.transaction() as s:
            cand = _candidate(s, candidate_id)
            refuse_if_erased(s, candidate_id)
            before = _edited_values(s, cand, extra)
            if consent:
                _set_consent(cand, **consent)
            current = {f: getattr(cand, f) for f in EDITABLE_FIELDS}
            current.update(fields)
            checked = CandidateInput.parse(**current)
            wanted = {i.kind: i for i in self._identities(checked)}
            changed = [k for k, f in KIND_FIELDS.items() if getattr(checked, f) != getattr(cand, f)]
            # Refused before anything changes: an e-mail or profile someone else has names who has it.
            identities.refuse_taken(s, [wanted[k] for k in changed if k in wanted], except_id=cand.id)
            for f in EDITABLE_FIELDS:
                if f not in FIELD_KINDS:
                    setattr(cand, f, getattr(checked, f))
            s.flush()
            for kind in changed:
                identities.replace_primary(s, cand, wanted.get(kind), kind)
            if extra:
                identities.replace_others(s, cand.id, extra)
            identities.copy_primaries(s, cand, cleared=changed)
            s.flush()
            _note_edit(s, cand, before, _edited_values(s, cand, extra))
            return CandidateRecord.model_validate(cand)

    def _others(self, others: dict[str, list[str]]) -> dict[IdentityKind, list[Identity]]:
        """Typed lists of further e-mails or phones as identities; a bad one is refused by name."""
        out: dict[IdentityKind, list[Identity]] = {}
        for kind_name, values in others.items():
            try:
                kind = IdentityKind(kind_name)
            except ValueError:
                raise InvalidInput(f"not a kind of identity: {kind_name!r}") from None
            out[kind] = [identity(kind, v, self._db.phone_region) for v in values if v.strip()]
        return out

    def applications(self, candidate_id: int) -> list[CandidateApplication]:
        """Every application of this person, newest first: other jobs and past searches."""
        with self._db.transaction() as s:
            _candidate(s, candidate_id)
            return applications_of(s, candidate_id)

    def count(self) -> int:
        with self._db.transaction() as s:
            return int(s.scalar(select(func.count()).select_from(Candidate)) or 0)

    # -- merging two records of one person (the steps of services.pipeline.merge_people) ------------------

    def fold_tags(self, keep_id: int, drop_id: int) -> int:
        """Give the kept person every tag of the other they lack; returns how many links were added."""
        with self._db.transaction() as s:
            kept = set(s.scalars(select(CandidateTag.tag_id).where(CandidateTag.candidate_id == keep_id)))
            theirs = list(s.scalars(select(CandidateTag.tag_id).where(CandidateTag.candidate_id == drop_id)))
            new = [t for t in theirs if t not in kept]
            if new:
                s.execute(insert(CandidateTag), [{"candidate_id": keep_id, "tag_id": t} for t in new])
            return len(new)

    def transfer_files(self, drop_id: int, keep_id: int) -> int:
        """Give every attached file of one person to another; returns how many."""
        with self._db.transaction() as s:
            result = s.execute(
                update(CandidateFile)
                .where(CandidateFile.candidate_id == drop_id)
                .values(candidate_id=keep_id)
            )
            return int(result.rowcount or 0)

    def absorb(self, keep_id: int, drop_id: int, *, take: Collection[str] = ()) -> CandidateRecord:
        """Take the fields named in `take` from the other, fill the kept person's empty fields from it, keep
        both summaries (the other's first when taken), the latest contact, the earlier start and a known
        consent; then delete the other (every identity moves; a taken kind's primary is theirs)."""
        with self._db.transaction() as s:
            keep, drop = _candidate(s, keep_id), _candidate(s, drop_id)
            identity_fields = set(FIELD_KINDS)
            theirs = {r.kind: r.id for r in identities.of_candidate(s, drop_id) if r.is_primary}
            _take_from(keep, drop, [f for f in take if f not in identity_fields])
            _fill_from(keep, drop, skip=identity_fields)
            # Every address and profile moves to the kept person, so a merged-away one finds them.
            identities.move_all(s, keep_id, drop_id)
            # Their enrollments too (if both were active in a sequence, the other's stops: merged).
            merge_people(s, drop_id, keep_id, utcnow())
            s.flush()
            s.delete(drop)
            s.flush()
            for field in take:
                row = s.get(IdentityRow, theirs.get(FIELD_KINDS[field], -1)) if field in FIELD_KINDS else None
                if row is not None and row.candidate_id == keep_id:
                    identities.set_primary_row(s, row)
            identities.copy_primaries(s, keep)
            s.flush()
            # The log follows the person: a later erase of the kept one scrubs the other's rows too.
            transfer_person(s, drop_id, keep_id)
            note_change(s, person_change(ChangeKind.MERGED, keep_id, MERGED_DETAIL))
            return CandidateRecord.model_validate(keep)


def applications_of(s: Session, candidate_id: int) -> list[CandidateApplication]:
    """A person's applications with job and stage named, newest first (shared by the detail screens)."""
    rows = s.execute(
        select(Application, Job.title, Job.status, Stage.name, RejectionReason.name)
        .join(Job, Job.id == Application.job_id)
        .join(Stage, Stage.id == Application.stage_id)
        .outerjoin(RejectionReason, RejectionReason.id == Application.rejection_reason_id)
        .where(Application.candidate_id == candidate_id)
        .order_by(Application.applied_at.desc(), Application.id.desc())
    ).all()
    return [
        CandidateApplication(
            application=application_record(app, reason),
            job_title=title,
            job_status=job_status,
            stage_name=stage_name,
        )
        for app, title, job_status, stage_name, reason in rows
    ]


def application_record(app: Application, reason_name: str | None = None) -> ApplicationRecord:
    data = {c: getattr(app, c) for c in ApplicationRecord.model_fields if c != "rejection_reason"}
    return ApplicationRecord(**data, rejection_reason=reason_name)


def _refuse_duplicate(s: Session, idents: list[Identity], except_id: int | None = None) -> None:
    """DuplicateCandidate naming who has one of these e-mails or profiles already."""
    identities.refuse_taken(s, idents, except_id=except_id)


def _edited_values(
    s: Session, cand: Candidate, extra: dict[IdentityKind, list[Identity]]
) -> tuple[dict[str, object], dict[IdentityKind, object]]:
    """What an edit may change: each field and consent, and the identities of the kinds it rewrites."""
    fields = {f: getattr(cand, f) for f in (*EDITABLE_FIELDS, *CONSENT_FIELDS)}
    rows = identities.of_candidate(s, cand.id) if extra else []
    kinds = {k: sorted((r.value or r.display, r.is_primary) for r in rows if r.kind == k) for k in extra}
    return fields, kinds


def _note_edit(s: Session, cand: Candidate, before: tuple, after: tuple) -> None:
    """EDITED with the names of what changed (never the values); nothing when nothing did. A kind whose
    identities changed is said once ("e-mail addresses"), not also as its primary's field."""
    kinds = [k for k in before[1] if before[1][k] != after[1][k]]
    covered = {KIND_FIELDS[k] for k in kinds}
    fields = [f for f in before[0] if before[0][f] != after[0][f] and f not in covered]
    words = [w for w in (field_words(fields), identity_words(kinds) if kinds else None) if w]
    if words:
        note_change(s, person_change(ChangeKind.EDITED, cand.id, ", ".join(words)))


def _set_consent(cand: Candidate, **consent: object) -> None:
    """Consent status (dated when it changes) and how it was given; an empty method clears it."""
    if consent.get("consent_status") is not None:
        status = str(consent["consent_status"]).strip().lower()
        if status not in CONSENT_STATUSES:
            raise InvalidInput(f"consent is one of {', '.join(CONSENT_STATUSES)}, not {status!r}")
        if status != cand.consent_status:
            cand.consent_status, cand.consent_at = status, utcnow()
    if "consent_method" in consent:
        method = consent["consent_method"]
        cand.consent_method = (clean_text(str(method)) or "")[:200] or None if method is not None else None


def _take_from(keep: Candidate, drop: Candidate, fields: Collection[str]) -> None:
    """The merge dialog's picks: these fields get the other record's value (an empty one is not taken); a
    taken summary goes first, the kept one after it."""
    for name in fields:
        value = getattr(drop, name)
        if not value:
            continue
        if name == "summary":
            if keep.summary and keep.summary != value:
                value = f"{value}\n\n{keep.summary}"
            keep.summary = drop.summary = value
        else:
            setattr(keep, name, value)


def _fill_from(keep: Candidate, drop: Candidate, skip: set[str]) -> None:
    for name in FILLABLE_FIELDS:
        if name in skip:
            continue  # identities: moved as rows, their primaries copied after
        if not getattr(keep, name) and getattr(drop, name):
            setattr(keep, name, getattr(drop, name))
    if drop.summary and drop.summary != keep.summary:
        keep.summary = f"{keep.summary}\n\n{drop.summary}" if keep.summary else drop.summary
    if drop.last_contacted_at and (
        keep.last_contacted_at is None or drop.last_contacted_at > keep.last_contacted_at
    ):
        keep.last_contacted_at = drop.last_contacted_at
    if drop.created_at and drop.created_at < keep.created_at:
        keep.created_at = drop.created_at
    if keep.consent_status == "unknown" and drop.consent_status != "unknown":
        keep.consent_status, keep.consent_at = drop.consent_status, drop.consent_at


def _identity(s: Session, identity_id: int) -> IdentityRow:
    row = s.get(IdentityRow, identity_id)
    if row is None:
        raise NotFound(f"no identity #{identity_id}")
    return row


def _candidate(s: Session, candidate_id: int) -> Candidate:
    cand = s.get(Candidate, candidate_id)
    if cand is None:
        raise NotFound(f"no candidate #{candidate_id}")
    return cand
