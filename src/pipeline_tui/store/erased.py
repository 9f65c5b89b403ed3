"""The one check every write about a person makes after an erasure: an erased person stays erased (no edit,
note, file, identity, application or reopen brings their data or their place on a board back)."""

from __future__ import annotations

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from pipeline_tui.core.errors import PersonErased
from pipeline_tui.store.models import Candidate


def refuse_if_erased(s: Session | Connection, candidate_id: int) -> None:
    """PersonErased when the person was anonymised; one indexed read by primary key."""
    if s.execute(select(Candidate.anonymised_at).where(Candidate.id == candidate_id)).scalar() is not None:
        raise PersonErased(candidate_id)
