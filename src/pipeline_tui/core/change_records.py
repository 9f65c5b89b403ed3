"""Records of the change log: a change as a write notes it, as the log stores it, and as a reader gets them.

A write notes `Change`s in its transaction (store/change_log.py `note_change`); the log row adds the
sequence number, the time and the actor when the transaction commits. Readers (the live updates, the
activity feed, `pipeline-tui activity`) get `ChangeRecord`s; the live updates get them in a `ChangeBatch`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from pipeline_tui.core.change_vocabulary import ChangeEntity, ChangeKind, describe_action, describe_change


@dataclass(frozen=True)
class Change:
    """One change as a write notes it. `subject` is what the sentence calls the entity (a person's name, a
    job title) as it is now; `detail` the rest ("Onsite", "tags: go, rust"). `job_id` and `candidate_id`
    say whose it is: the activity feed of one job, and what a person's erase must scrub."""

    entity: ChangeEntity
    entity_id: int
    kind: ChangeKind
    subject: str | None = None
    detail: str | None = None
    job_id: int | None = None
    candidate_id: int | None = None


@dataclass(frozen=True)
class ChangeRecord:
    """One stored change. `at` is UTC (naive, as every stored time); `origin` is the process that wrote it
    (a reader skips its own); `actor_email` is the actor's e-mail as the team has it now."""

    seq: int
    at: datetime
    entity: str
    entity_id: int
    kind: str
    actor_id: int | None
    actor: str | None
    subject: str | None
    detail: str | None
    job_id: int | None
    candidate_id: int | None
    origin: str | None
    actor_email: str | None = None
    job_title: str | None = None

    @property
    def text(self) -> str:
        """ "Ann moved Bob Ng to Onsite" (shown literally: names are user text)."""
        return describe_change(self.actor, self.kind, self.subject, self.detail)

    @property
    def what(self) -> str:
        """The sentence without who ("moved Bob Ng to Onsite"), beside a Who column."""
        return describe_action(self.kind, self.subject, self.detail)

    def about(self, entity: ChangeEntity) -> bool:
        return self.entity == entity

    @property
    def is_trim(self) -> bool:
        return self.kind == ChangeKind.LOG_TRIMMED


@dataclass(frozen=True)
class ChangeBatch:
    """What a reader gets on one wake-up: the changes made by others since it last looked, oldest first.

    `overflow`: more changed than the batch carries (a burst of thousands, a catch-up after a long sleep,
    or the log was trimmed past where the reader was): a screen then reloads everything it shows instead
    of looking at `changes`. `last_seq` is where the reader now stands (its own changes included)."""

    changes: tuple[ChangeRecord, ...]
    last_seq: int
    overflow: bool = False
    count: int = 0  # how many changes by others this batch stands for (more than len(changes) on overflow)
    actors: tuple[str, ...] = field(default=())  # who made them (names as the log has them), first first

    @property
    def job_ids(self) -> frozenset[int]:
        return frozenset(c.job_id for c in self.changes if c.job_id is not None)

    @property
    def candidate_ids(self) -> frozenset[int]:
        return frozenset(c.candidate_id for c in self.changes if c.candidate_id is not None)

    def ids_of(self, entity: ChangeEntity) -> frozenset[int]:
        return frozenset(c.entity_id for c in self.changes if c.entity == entity)

    def touches(self, *entities: ChangeEntity) -> bool:
        """Whether any change is about one of these entities (always true on overflow)."""
        return self.overflow or any(c.entity in entities for c in self.changes)

    def for_job(self, job_id: int | None) -> bool:
        """Whether this job's board may have changed (always true on overflow)."""
        return self.overflow or (job_id is not None and job_id in self.job_ids)

    def for_person(self, candidate_id: int | None) -> bool:
        return self.overflow or (candidate_id is not None and candidate_id in self.candidate_ids)


@dataclass(frozen=True)
class FeedQuery:
    """The activity feed's filter: one job, one member, kinds, since a UTC time; newest first, in pages
    below `before_seq`."""

    job_id: int | None = None
    actor_id: int | None = None
    kinds: tuple[str, ...] = ()
    since: datetime | None = None
    before_seq: int | None = None
    limit: int = 200


__all__ = ["Change", "ChangeBatch", "ChangeEntity", "ChangeKind", "ChangeRecord", "FeedQuery"]
