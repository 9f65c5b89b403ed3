"""Bulk import of people: batched Core inserts, each batch one transaction, matched by e-mail.

Why batches: a 100,000-row file must go in at close to raw insert speed, yet a crash (or Ctrl-C) half way
must leave whole people only: a person, their application or pool membership, tags and notes are written
in the same transaction. Re-running the same file then finds everyone already written (by e-mail, or by
name + phone/company/LinkedIn when there is no e-mail) and finishes the rest without duplicates.

`repository` runs the batches; `batch` writes one (who is who), `applications` the applications and their
stage history, `links` pools, tags and notes; `rows` says what a row holds and where it goes.
"""

from __future__ import annotations

from pipeline_tui.core.records import HistoryEntry, PersonRow
from pipeline_tui.store.imports.repository import BATCH_SIZE, ImportRepository, Progress
from pipeline_tui.store.imports.rows import (
    FIELD_LIMITS,
    PERSON_FIELDS,
    ApplicantTarget,
    ProspectTarget,
    identity_key,
)

__all__ = [
    "BATCH_SIZE",
    "FIELD_LIMITS",
    "PERSON_FIELDS",
    "ApplicantTarget",
    "HistoryEntry",
    "ImportRepository",
    "PersonRow",
    "Progress",
    "ProspectTarget",
    "identity_key",
]
