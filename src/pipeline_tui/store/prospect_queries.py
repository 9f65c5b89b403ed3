"""The pieces the pool browser's queries are built from: the columns of a table line, the sort keys that
are subqueries (a person's most advanced pool status and its pool, first tag), the intersection of tags, and reading a long
id list straight from the driver."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, Select, and_, case, func, select
from sqlalchemy.orm import Session

from pipeline_tui.core.vocabulary import POOL_STATUS_RANK
from pipeline_tui.store.dialects import dialect_of
from pipeline_tui.store.models import Candidate, CandidateTag, Pool, PoolMember, Tag

CHUNK = 500

CANDIDATE_COLUMNS = (
    Candidate.id,
    Candidate.full_name,
    Candidate.email,
    Candidate.current_title,
    Candidate.current_company,
    Candidate.location,
    Candidate.last_contacted_at,
    Candidate.source,
)


def fast_ids(s: Session, stmt: Select) -> list[int]:
    """Run a one-column id query on the driver directly: a million ids without building a million Rows
    (ctrl+a on a big segment). Parameters are bound by the driver, never pasted into the SQL."""
    bind = s.get_bind()
    compiled = stmt.compile(dialect=bind.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    params = dialect_of(bind).driver_params(params)
    args = tuple(params[k] for k in compiled.positiontup) if compiled.positional else params
    return [row[0] for row in s.connection().exec_driver_sql(compiled.string, args)]


def having_all_tags(tag_ids: Sequence[int]) -> Select:
    """People carrying every tag in `tag_ids` (rarest first): the first tag's links drive, one index probe of
    (tag_id, candidate_id) per other tag, in candidate order, so the probes stay close together."""
    links = [CandidateTag.__table__.alias(f"has_tag_{i}") for i in range(len(tag_ids))]
    first = links[0]
    stmt = select(first.c.candidate_id).select_from(first).where(first.c.tag_id == tag_ids[0])
    for link, tag_id in zip(links[1:], tag_ids[1:], strict=True):
        stmt = stmt.join(link, and_(link.c.candidate_id == first.c.candidate_id, link.c.tag_id == tag_id))
    return stmt


def tag_usage(s: Session, tag_id: int) -> int:
    return int(
        s.scalar(select(func.count()).select_from(CandidateTag).where(CandidateTag.tag_id == tag_id)) or 0
    )


def best_status() -> ColumnElement:
    """The most advanced pool status of the person (POOL_STATUS_RANK): a segment's sort key by status. One
    index range of ix_pool_member_candidate per person."""
    pm = PoolMember.__table__.alias("best_pm")
    rank = case({s.value: r for s, r in POOL_STATUS_RANK.items()}, value=pm.c.status, else_=-1)
    return (
        select(pm.c.status)
        .where(pm.c.candidate_id == Candidate.id)
        .order_by(rank.desc(), pm.c.added_at.desc(), pm.c.pool_id.desc())
        .limit(1)
        .correlate(Candidate)
        .scalar_subquery()
    )


def furthest_memberships(s: Session, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """For a page of people, each one's most advanced (status, pool name): the same pick as `best_status`
    (rank, then the latest joined, then the higher pool id), from one read of their memberships instead of
    two correlated subqueries per row."""
    best: dict[int, tuple[tuple, str, str]] = {}
    for i in range(0, len(ids), CHUNK):
        rows = s.execute(
            select(
                PoolMember.candidate_id, PoolMember.status, PoolMember.added_at, PoolMember.pool_id, Pool.name
            )
            .join(Pool, Pool.id == PoolMember.pool_id)
            .where(PoolMember.candidate_id.in_(list(ids[i : i + CHUNK])))
        ).all()
        for cid, status, added_at, pool_id, name in rows:
            key = (POOL_STATUS_RANK.get(status, -1), added_at, pool_id)
            if cid not in best or key > best[cid][0]:
                best[cid] = (key, status, name)
    return {cid: (status, name) for cid, (_key, status, name) in best.items()}


def first_tag() -> ColumnElement:
    ct = CandidateTag.__table__.alias("sort_ct")
    t = Tag.__table__.alias("sort_tag")
    return (
        select(func.min(t.c.name_key))
        .select_from(ct.join(t, t.c.id == ct.c.tag_id))
        .where(ct.c.candidate_id == Candidate.id)
        .correlate(Candidate)
        .scalar_subquery()
    )


def tags_for(s: Session, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    out: dict[int, list[str]] = {}
    for i in range(0, len(ids), CHUNK):
        chunk = list(ids)[i : i + CHUNK]
        rows = s.execute(
            select(CandidateTag.candidate_id, Tag.name)
            .join(Tag, Tag.id == CandidateTag.tag_id)
            .where(CandidateTag.candidate_id.in_(chunk))
            .order_by(Tag.name_key)
        ).all()
        for cid, name in rows:
            out.setdefault(cid, []).append(name)
    return {k: tuple(v) for k, v in out.items()}
