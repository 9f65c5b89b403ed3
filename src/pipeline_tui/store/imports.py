"""Bulk import of people: batched Core inserts, each batch one transaction, matched by e-mail.

Why batches: a 100,000-row file must go in at close to raw insert speed, yet a crash (or Ctrl-C) half way
must leave whole people only: a person, their application or pool membership, tags and notes are written
in the same transaction. Re-running the same file then finds everyone already written (by e-mail, or by
name + phone/company/LinkedIn when there is no e-mail) and finishes the rest without duplicates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import DateTime, and_, func, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import InvalidInput, NotFound
from pipeline_tui.core.records import ImportFailure, ImportReport
from pipeline_tui.core.validation import clean_tag, tag_key
from pipeline_tui.store.candidates import EDITABLE_FIELDS
from pipeline_tui.store.database import Database
from pipeline_tui.store.models import (
    APPLICATION_STATUSES,
    POOL_STATUSES,
    Activity,
    Application,
    Candidate,
    CandidateTag,
    Job,
    Pool,
    PoolMember,
    RejectionReason,
    Stage,
    StageEvent,
    Tag,
)
from pipeline_tui.store.search import reindex_candidates, search_triggers_suspended

BATCH_SIZE = 1000
# Bound parameters per IN (...) list: safe for SQLite's and PostgreSQL's limits.
_IN_CHUNK = 900

# Every field of a person an import can fill: the same ones a user can edit.
PERSON_FIELDS = EDITABLE_FIELDS
# Column lengths of the candidate table: checked per row so one long cell fails its row, not the batch.
FIELD_LIMITS = {
    "full_name": 200,
    "email": 320,
    "phone": 64,
    "location": 200,
    "current_title": 200,
    "current_company": 200,
    "linkedin_url": 500,
    "github_url": 500,
    "website_url": 500,
    "source": 100,
}


@dataclass(slots=True)
class HistoryEntry:
    """One stage_event as an export wrote it, restored when a new application is created."""

    action: str
    to_stage: str | None
    from_stage: str | None = None
    to_status: str | None = None
    from_status: str | None = None
    at: datetime | None = None
    actor: str | None = None
    reason: str | None = None
    note: str | None = None


@dataclass(slots=True)
class PersonRow:
    """One validated row of an import file: the person and what the file says about their pipeline."""

    line: int
    person: dict[str, str | None]
    tags: tuple[str, ...] = ()
    note: str | None = None
    stage: str | None = None
    status: str | None = None
    applied_at: datetime | None = None
    stage_entered_at: datetime | None = None
    last_contacted_at: datetime | None = None
    created_at: datetime | None = None
    rejection_note: str | None = None
    rating: int | None = None
    rejection_reason: str | None = None
    pools: tuple[tuple[str, str | None], ...] = ()
    history: tuple[HistoryEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class ApplicantTarget:
    job_id: int
    stage_id: int | None = None  # None: the row's stage when the job has it, else the first stage
    source: str | None = None  # for rows that name no source


@dataclass(frozen=True, slots=True)
class ProspectTarget:
    pool_name: str
    tags: tuple[str, ...] = ()


@dataclass
class _Run:
    """State that spans batches: who the file already named (duplicates within the file)."""

    seen_emails: dict[str, int] = field(default_factory=dict)
    seen_keys: dict[tuple, int] = field(default_factory=dict)
    created: int = 0
    updated: int = 0
    duplicates: list[ImportFailure] = field(default_factory=list)
    failed: list[ImportFailure] = field(default_factory=list)
    applications: int = 0
    memberships: int = 0
    pools_created: list[str] = field(default_factory=list)
    unknown_stages: dict[str, int] = field(default_factory=dict)
    done: int = 0


Progress = Callable[[int, int], None]


class ImportRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def import_people(
        self,
        rows: Iterable[PersonRow | ImportFailure],
        target: ApplicantTarget | ProspectTarget,
        *,
        total: int | None = None,
        update_existing: bool = False,
        dry_run: bool = False,
        batch_size: int = BATCH_SIZE,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Write rows in batches; each batch commits on its own (or rolls back when `dry_run`).

        Rows that are ImportFailure (failed validation upstream) are counted as failed. `progress(done, total)`
        is called after every batch; an exception raised from it stops the import between two batches.
        """
        if isinstance(target, ApplicantTarget):
            self._check_job(target)
        elif not target.pool_name.strip():
            raise InvalidInput("a pool needs a name")
        run = _Run()
        batch: list[PersonRow] = []
        for row in rows:
            if isinstance(row, ImportFailure):
                run.failed.append(row)
                run.done += 1
                continue
            batch.append(row)
            if len(batch) >= batch_size:
                self._write_batch(batch, target, run, update_existing, dry_run)
                run.done += len(batch)
                batch = []
                if progress:
                    progress(run.done, total or run.done)
        if batch:
            self._write_batch(batch, target, run, update_existing, dry_run)
            run.done += len(batch)
        if progress:
            progress(run.done, total or run.done)
        warnings = [
            f"{n} row(s) named the stage {name!r}, which this job does not have: they went to the first stage"
            " and the stage is kept in their notes"
            for name, n in run.unknown_stages.items()
        ]
        return ImportReport(
            total=run.done,
            created=run.created,
            updated=run.updated,
            duplicates=tuple(run.duplicates),
            failed=tuple(sorted(run.failed, key=lambda f: f.line)),
            applications_added=run.applications,
            memberships_added=run.memberships,
            pools_created=tuple(dict.fromkeys(run.pools_created)),
            warnings=tuple(warnings),
            dry_run=dry_run,
        )

    def _check_job(self, target: ApplicantTarget) -> None:
        with self._db.transaction() as s:
            if s.get(Job, target.job_id) is None:
                raise NotFound(f"no job #{target.job_id}")
            if target.stage_id is not None:
                stage = s.get(Stage, target.stage_id)
                if stage is None or stage.job_id != target.job_id:
                    raise InvalidInput("that stage is not one of this job's stages")

    def _write_batch(
        self,
        batch: list[PersonRow],
        target: ApplicantTarget | ProspectTarget,
        run: _Run,
        update_existing: bool,
        dry_run: bool,
    ) -> None:
        for attempt in range(3):
            # Work on a copy of the cross-batch state so a retried or rolled-back batch counts once.
            trial = _Run(seen_emails=dict(run.seen_emails), seen_keys=dict(run.seen_keys))
            try:
                with self._db.transaction() as s:
                    with search_triggers_suspended(s.connection()) as suspended:
                        written = _Batch(s, self._db.actor, target, trial, update_existing)
                        written.write(batch)
                        if suspended:
                            fresh = written.new_ids
                            reindex_candidates(s, [c for c in written.candidate_ids if c not in fresh])
                            reindex_candidates(s, [c for c in written.candidate_ids if c in fresh], new=True)
                    if dry_run:
                        raise _DryRun
                break
            except _DryRun:
                break
            except (IntegrityError, OperationalError):
                # Another writer added one of these people meanwhile (or wrote first): the retry sees them.
                if attempt == 2:
                    raise
        run.seen_emails, run.seen_keys = trial.seen_emails, trial.seen_keys
        run.created += trial.created
        run.updated += trial.updated
        run.duplicates.extend(trial.duplicates)
        run.failed.extend(trial.failed)
        run.applications += trial.applications
        run.memberships += trial.memberships
        run.pools_created.extend(p for p in trial.pools_created if p not in run.pools_created)
        for name, n in trial.unknown_stages.items():
            run.unknown_stages[name] = run.unknown_stages.get(name, 0) + n


class _DryRun(Exception):
    """Raised inside a dry run's batch so its transaction rolls back."""


def identity_key(person: dict[str, str | None]) -> tuple:
    """Who a row without e-mail is: the same name with the same phone, LinkedIn and company (values the
    row leaves empty do not count against a match)."""
    return (
        (person.get("full_name") or "").lower(),
        person.get("phone") or "",
        (person.get("linkedin_url") or "").lower().rstrip("/"),
        (person.get("current_company") or "").lower(),
    )


def _compatible(row_key: tuple, known_key: tuple) -> bool:
    """Same person when every identifying value the row gives agrees (a missing one is no conflict)."""
    return all(not mine or mine == theirs for mine, theirs in zip(row_key[1:], known_key[1:], strict=True))


class _Batch:
    """One transaction's worth of rows."""

    def __init__(
        self,
        s: Session,
        actor: str,
        target: ApplicantTarget | ProspectTarget,
        run: _Run,
        update_existing: bool,
    ) -> None:
        self.s = s
        self.actor = actor
        self.target = target
        self.run = run
        self.update_existing = update_existing
        self.now = utcnow()
        self.candidate_ids: list[int] = []
        # People created in this batch: nothing can link to them yet, so no lookups are needed for them.
        self.new_ids: set[int] = set()
        # Links written by this batch, so a second pass (row pools, target tags) does not repeat one.
        self.memberships_written: set[tuple[int, int]] = set()
        self.tag_links_written: set[tuple[int, int]] = set()

    def write(self, batch: list[PersonRow]) -> None:
        rows = self._drop_duplicates_in_file(batch)
        existing = self._existing(rows)
        new_rows = [r for r in rows if id(r) not in existing]
        ids = self._insert_people(new_rows)
        self.new_ids = set(ids.values())
        changed: set[int] = set()
        for r in rows:
            if id(r) in existing:
                cid, current = existing[id(r)]
                ids[id(r)] = cid
                if self._update_person(cid, current, r):
                    changed.add(id(r))
        by_row = [(r, ids[id(r)]) for r in rows]
        self.candidate_ids = list(dict.fromkeys(cid for _, cid in by_row))
        touched = self._target(by_row)
        touched |= self._tags(by_row)
        touched |= self._notes(by_row, existing)
        touched |= self._row_pools(by_row)
        for r in rows:
            if id(r) not in existing:
                self.run.created += 1
            elif id(r) in changed or id(r) in touched:
                self.run.updated += 1
            else:
                self.run.duplicates.append(
                    ImportFailure(line=r.line, reason=f"already here as candidate #{ids[id(r)]}, nothing new")
                )

    # -- who is who -------------------------------------------------------------------------------------

    def _drop_duplicates_in_file(self, batch: list[PersonRow]) -> list[PersonRow]:
        keep = []
        for r in batch:
            email = r.person.get("email")
            if email:
                first = self.run.seen_emails.get(email)
                if first is not None:
                    self.run.duplicates.append(
                        ImportFailure(line=r.line, reason=f"same e-mail as line {first} ({email})")
                    )
                    continue
                self.run.seen_emails[email] = r.line
            else:
                key = identity_key(r.person)
                first = self.run.seen_keys.get(key)
                if first is not None:
                    self.run.duplicates.append(
                        ImportFailure(line=r.line, reason=f"same person as line {first}")
                    )
                    continue
                self.run.seen_keys[key] = r.line
            keep.append(r)
        return keep

    def _existing(self, rows: list[PersonRow]) -> dict[int, tuple[int, dict]]:
        """Row id -> (candidate id, current values) for people already in the database."""
        cols = [Candidate.id, Candidate.last_contacted_at, *(getattr(Candidate, f) for f in PERSON_FIELDS)]
        found: dict[int, tuple[int, dict]] = {}
        emails = [r.person["email"] for r in rows if r.person.get("email")]
        by_email: dict[str, tuple[int, dict]] = {}
        for chunk in _chunks(emails):
            for rec in self.s.execute(select(*cols).where(Candidate.email.in_(chunk))).mappings():
                by_email[rec["email"]] = (rec["id"], dict(rec))
        names = list({r.person["full_name"] for r in rows if not r.person.get("email")})
        by_name: dict[str, list[tuple[int, dict]]] = {}
        for chunk in _chunks(names):
            q = select(*cols).where(Candidate.full_name.in_(chunk), Candidate.email.is_(None))
            for rec in self.s.execute(q.order_by(Candidate.id)).mappings():
                by_name.setdefault(rec["full_name"].lower(), []).append((rec["id"], dict(rec)))
        for r in rows:
            email = r.person.get("email")
            if email:
                hit = by_email.get(email)
            else:
                key = identity_key(r.person)
                hit = next((c for c in by_name.get(key[0], ()) if _compatible(key, identity_key(c[1]))), None)
            if hit:
                found[id(r)] = hit
        return found

    def _insert_people(self, rows: list[PersonRow]) -> dict[int, int]:
        if not rows:
            return {}
        values = []
        for r in rows:
            v = {f: r.person.get(f) for f in PERSON_FIELDS}
            v.update(
                consent_status="unknown",
                last_contacted_at=r.last_contacted_at,
                created_at=r.created_at or self.now,
                updated_at=self.now,
            )
            values.append(v)
        new_ids = self._insert_returning_ids(Candidate, values)
        return {id(r): cid for r, cid in zip(rows, new_ids, strict=True)}

    def _insert_returning_ids(self, model, values: list[dict]) -> list[int]:
        """Insert many rows; their new ids in the order given.

        SQLite: one executemany, then the ids above the previous maximum. This transaction already holds
        SQLite's single write lock or fails on its first write, so no other writer's rows can interleave.
        PostgreSQL: RETURNING with parameter order, which it supports natively for multi-row inserts.
        """
        table = model.__table__
        conn = self.s.connection()
        if conn.dialect.name == "sqlite":
            before = conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
            self._bulk_insert(model, values)
            ids = list(
                conn.execute(select(table.c.id).where(table.c.id > before).order_by(table.c.id)).scalars()
            )
        else:
            stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            ids = list(conn.execute(stmt, values).scalars())
        if len(ids) != len(values):
            raise RuntimeError(f"inserted {len(values)} {table.name} rows but found {len(ids)} new ids")
        return ids

    def _bulk_insert(self, model, values: list[dict]) -> None:
        """Core executemany; on SQLite straight to the driver with dates pre-formatted as SQLAlchemy stores
        them, which skips per-value type processing (the biggest Python cost of a 100,000-row import)."""
        if not values:
            return
        table = model.__table__
        conn = self.s.connection()
        if conn.dialect.name != "sqlite":
            conn.execute(insert(table), values)
            return
        cols = list(values[0])
        dates = [i for i, c in enumerate(cols) if isinstance(table.c[c].type, DateTime)]
        formatted: dict[datetime, str] = {}
        rows = []
        for v in values:
            row = list(v.values())  # every dict was built with the same keys in the same order
            for i in dates:
                when = row[i]
                if when is not None:
                    text_ = formatted.get(when)
                    if text_ is None:
                        text_ = formatted[when] = _sqlite_value(when)
                    row[i] = text_
            rows.append(tuple(row))
        sql = f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        conn.exec_driver_sql(sql, rows)

    def _update_person(self, cid: int, current: dict, row: PersonRow) -> bool:
        incoming = row.person
        values: dict[str, object] = {}
        last = current.get("last_contacted_at")
        if row.last_contacted_at and (last is None or last < row.last_contacted_at):
            values["last_contacted_at"] = row.last_contacted_at
        # In an applicant file the source is the application's; an existing person keeps their own.
        skip = ("email", "source") if isinstance(self.target, ApplicantTarget) else ("email",)
        for f in PERSON_FIELDS:
            new = incoming.get(f)
            if f in skip or new is None:
                continue
            old = current.get(f)
            if old is None or (self.update_existing and old != new):
                values[f] = new
        if not values:
            return False
        self.s.execute(update(Candidate).where(Candidate.id == cid).values(updated_at=self.now, **values))
        return True

    # -- where they go ----------------------------------------------------------------------------------

    def _target(self, by_row: list[tuple[PersonRow, int]]) -> set[int]:
        if isinstance(self.target, ApplicantTarget):
            return self._applications(by_row, self.target)
        pool_id = self._pool_id(self.target.pool_name)
        wanted = " ".join(self.target.pool_name.split()).lower()
        statuses = {
            id(r): next(
                (_pool_status(st) for name, st in r.pools if " ".join(name.split()).lower() == wanted),
                _pool_status(r.status or r.stage),
            )
            for r, _ in by_row
        }
        touched = self._memberships(pool_id, [(r, cid, statuses[id(r)]) for r, cid in by_row])
        if self.target.tags:
            touched |= self._tag_links([(r, cid, self.target.tags) for r, cid in by_row])
        return touched

    def _pool_id(self, name: str) -> int:
        clean = " ".join(name.split())
        pool_id = self.s.scalar(select(Pool.id).where(func.lower(Pool.name) == clean.lower()))
        if pool_id is None:
            pool = Pool(name=clean, owner=self.actor, created_at=self.now)
            self.s.add(pool)
            self.s.flush()
            pool_id = pool.id
            self.run.pools_created.append(clean)
        return pool_id

    def _memberships(self, pool_id: int, items: list[tuple[PersonRow, int, str | None]]) -> set[int]:
        ids = [cid for _, cid, _ in items if cid not in self.new_ids]
        have: set[int] = set()
        for chunk in _chunks(ids):
            have.update(
                self.s.scalars(
                    select(PoolMember.candidate_id).where(
                        PoolMember.pool_id == pool_id, PoolMember.candidate_id.in_(chunk)
                    )
                )
            )
        have.update(c for p, c in self.memberships_written if p == pool_id)
        values, touched = [], set()
        for r, cid, status in items:
            if cid in have:
                continue
            have.add(cid)
            self.memberships_written.add((pool_id, cid))
            values.append(
                {
                    "pool_id": pool_id,
                    "candidate_id": cid,
                    "added_at": self.now,
                    "added_by": self.actor,
                    "status": status or "new",
                }
            )
            touched.add(id(r))
        if values:
            self._bulk_insert(PoolMember, values)
            self.run.memberships += len(values)
        return touched

    def _applications(self, by_row: list[tuple[PersonRow, int]], target: ApplicantTarget) -> set[int]:
        stages = list(
            self.s.scalars(select(Stage).where(Stage.job_id == target.job_id).order_by(Stage.position))
        )
        if not stages:
            raise InvalidInput("this job has no stages to import applicants into")
        by_name = {s.name.lower(): s for s in stages}
        fixed = next((s for s in stages if s.id == target.stage_id), None)
        ids = [cid for _, cid in by_row if cid not in self.new_ids]
        have: set[int] = set()
        for chunk in _chunks(ids):
            have.update(
                self.s.scalars(
                    select(Application.candidate_id).where(
                        Application.job_id == target.job_id, Application.candidate_id.in_(chunk)
                    )
                )
            )
        reasons = {n.lower(): i for i, n in self.s.execute(select(RejectionReason.id, RejectionReason.name))}
        apps, plans, touched = [], [], set()
        for r, cid in by_row:
            if cid in have:
                continue
            have.add(cid)
            stage = fixed
            if stage is None and r.stage:
                stage = by_name.get(r.stage.lower())
                if stage is None:
                    self.run.unknown_stages[r.stage] = self.run.unknown_stages.get(r.stage, 0) + 1
            stage = stage or stages[0]
            status = r.status if r.status in APPLICATION_STATUSES else None
            status = status or ("hired" if stage.kind == "hired" else "active")
            applied = r.applied_at or self.now
            reason_id = reasons.get((r.rejection_reason or "").lower()) if status != "active" else None
            entered = r.stage_entered_at or applied
            if r.stage_entered_at is None:
                for ev in r.history:
                    moved_in = (
                        ev.to_stage
                        and ev.to_stage.lower() == stage.name.lower()
                        and ev.from_stage != ev.to_stage
                    )
                    if ev.at and moved_in:
                        entered = ev.at
            apps.append(
                {
                    "candidate_id": cid,
                    "job_id": target.job_id,
                    "stage_id": stage.id,
                    "status": status,
                    "rejection_reason_id": reason_id,
                    "rejection_note": r.rejection_note if status != "active" else None,
                    "source": r.person.get("source") or target.source,
                    "applied_at": applied,
                    "stage_entered_at": entered,
                    "rating": r.rating if r.rating is not None and 0 <= r.rating <= 3 else 0,
                    "version": 1,
                    "updated_at": self.now,
                }
            )
            plans.append((r, stage, status, applied, reason_id))
            touched.add(id(r))
        if not apps:
            return touched
        app_ids = self._insert_returning_ids(Application, apps)
        events = []
        for app_id, (r, stage, status, applied, reason_id) in zip(app_ids, plans, strict=True):
            events.extend(self._events(app_id, r, stage, status, applied, reason_id, by_name, reasons))
        if events:
            self._bulk_insert(StageEvent, events)
        self.run.applications += len(apps)
        return touched

    def _events(self, app_id, r, stage, status, applied, reason_id, by_name, reasons) -> list[dict]:
        """The stage_event rows of a new application: the file's history when it has one, else 'applied'."""
        base = {"application_id": app_id, "prev_stage_entered_at": None, "undoes_event_id": None}
        if r.history:
            out = []
            # Statuses after each event, so a missing from/to status is what the event log implies
            # (an undo returns to the status before the event it undoes).
            trail: list[str] = []
            for ev in r.history:
                frm = by_name.get((ev.from_stage or "").lower())
                to = by_name.get((ev.to_stage or "").lower())
                from_status = ev.from_status or (trail[-1] if trail else None)
                to_status = ev.to_status
                if ev.action == "undo":
                    if trail:
                        trail.pop()
                    to_status = to_status or (trail[-1] if trail else "active")
                    trail.append(to_status)
                else:
                    to_status = to_status or from_status or "active"
                    trail.append(to_status)
                out.append(
                    base
                    | {
                        "from_stage_id": frm.id if frm else None,
                        "to_stage_id": to.id if to else None,
                        "from_stage_name": ev.from_stage,
                        "to_stage_name": ev.to_stage,
                        "from_status": from_status,
                        "to_status": to_status,
                        "action": ev.action,
                        "reason_id": reasons.get((ev.reason or "").lower()),
                        "note": ev.note,
                        "at": ev.at or applied,
                        "actor": ev.actor or self.actor,
                    }
                )
            return out
        source = r.person.get("source") or (
            self.target.source if isinstance(self.target, ApplicantTarget) else None
        )
        first = base | {
            "from_stage_id": None,
            "to_stage_id": stage.id,
            "from_stage_name": None,
            "to_stage_name": stage.name,
            "from_status": None,
            "to_status": "hired" if status == "hired" else "active",
            "action": "applied",
            "reason_id": None,
            "note": source,
            "at": applied,
            "actor": self.actor,
        }
        out = [first]
        if status in ("rejected", "withdrawn"):
            out.append(
                base
                | {
                    "from_stage_id": stage.id,
                    "to_stage_id": stage.id,
                    "from_stage_name": stage.name,
                    "to_stage_name": stage.name,
                    "from_status": "active",
                    "to_status": status,
                    "action": "reject" if status == "rejected" else "withdraw",
                    "reason_id": reason_id,
                    "note": None,
                    "at": applied,
                    "actor": self.actor,
                }
            )
        return out

    # -- what comes with them ---------------------------------------------------------------------------

    def _tags(self, by_row: list[tuple[PersonRow, int]]) -> set[int]:
        return self._tag_links([(r, cid, r.tags) for r, cid in by_row if r.tags])

    def _tag_links(self, items: list[tuple[PersonRow, int, tuple[str, ...]]]) -> set[int]:
        if not items:
            return set()
        names: dict[str, str] = {}
        for _, _, tags in items:
            for t in tags:
                names.setdefault(tag_key(t), t)
        tag_ids: dict[str, int] = {}
        keys = list(names)
        for chunk in _chunks(keys):
            tag_ids.update(
                {k: i for k, i in self.s.execute(select(Tag.name_key, Tag.id).where(Tag.name_key.in_(chunk)))}
            )
        missing = [k for k in keys if k not in tag_ids]
        if missing:
            self._bulk_insert(Tag, [{"name": clean_tag(names[k]), "name_key": k} for k in missing])
            for chunk in _chunks(missing):
                tag_ids.update(
                    {
                        k: i
                        for k, i in self.s.execute(
                            select(Tag.name_key, Tag.id).where(Tag.name_key.in_(chunk))
                        )
                    }
                )
        cids = list({cid for _, cid, _ in items if cid not in self.new_ids})
        have: set[tuple[int, int]] = set()
        for chunk in _chunks(cids):
            have.update(
                (c, t)
                for c, t in self.s.execute(
                    select(CandidateTag.candidate_id, CandidateTag.tag_id).where(
                        CandidateTag.candidate_id.in_(chunk)
                    )
                )
            )
        have |= self.tag_links_written
        values, touched = [], set()
        for r, cid, tags in items:
            for t in tags:
                pair = (cid, tag_ids[tag_key(t)])
                if pair in have:
                    continue
                have.add(pair)
                self.tag_links_written.add(pair)
                values.append({"candidate_id": pair[0], "tag_id": pair[1]})
                touched.add(id(r))
        if values:
            self._bulk_insert(CandidateTag, values)
        return touched

    def _notes(self, by_row: list[tuple[PersonRow, int]], existing: dict) -> set[int]:
        items = [(r, cid) for r, cid in by_row if r.note]
        if not items:
            return set()
        known_ids = [cid for r, cid in items if id(r) in existing]
        have: set[tuple[int, str]] = set()
        for chunk in _chunks(known_ids):
            have.update(
                (c, b)
                for c, b in self.s.execute(
                    select(Activity.candidate_id, Activity.body).where(
                        and_(Activity.candidate_id.in_(chunk), Activity.kind == "note")
                    )
                )
            )
        values, touched = [], set()
        for r, cid in items:
            if (cid, r.note) in have:
                continue
            have.add((cid, r.note))
            values.append(
                {"candidate_id": cid, "kind": "note", "body": r.note, "at": self.now, "actor": self.actor}
            )
            touched.add(id(r))
        if values:
            self._bulk_insert(Activity, values)
        return touched

    def _row_pools(self, by_row: list[tuple[PersonRow, int]]) -> set[int]:
        """Pools a row names itself (e.g. our own prospect export): restored with their statuses."""
        per_pool: dict[str, list[tuple[PersonRow, int, str | None]]] = {}
        for r, cid in by_row:
            for name, status in r.pools:
                if name and name.strip():
                    per_pool.setdefault(" ".join(name.split()), []).append((r, cid, _pool_status(status)))
        touched: set[int] = set()
        for name, items in per_pool.items():
            touched |= self._memberships(self._pool_id(name), items)
        return touched


def _sqlite_value(value: object) -> object:
    # SQLAlchemy's SQLite DateTime storage format, microseconds always written (so text order = time order).
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def _pool_status(value: str | None) -> str | None:
    if not value:
        return None
    key = "_".join(value.strip().lower().replace("-", " ").split())
    return key if key in POOL_STATUSES else None


def _chunks(items: list, size: int = _IN_CHUNK):
    for i in range(0, len(items), size):
        yield items[i : i + size]
