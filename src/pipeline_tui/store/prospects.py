"""The talent-pool browser's queries and the actions that span several aggregates.

A *view* is what the side list selects: a pool id (int) or a built-in segment key ('all', 'finalists',
'stale', 'retention': who the retention policy would anonymise, store/retention.py). Pages are fetched with LIMIT/OFFSET under a total order (the sort column, then id), so the screen
can virtualise a million rows; `matching_ids` gives every id behind a filter for ctrl+a. Adding a prospect,
merging two people and handing prospects over to a job are use cases in services/pipeline.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    exists,
    false,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import InvalidInput, NotFound
from pipeline_tui.core.query import ProspectQuery, parse_query
from pipeline_tui.core.records import (
    ActivityRecord,
    CandidateRecord,
    PoolMembershipRecord,
    ProspectPreview,
    ProspectRow,
    SegmentRecord,
)
from pipeline_tui.core.segments import DUPLICATES, POLICY_SEGMENTS, SEGMENTS, SORT_COLUMNS
from pipeline_tui.core.vocabulary import CLOSED_STATUSES, PoolStatus, StageKind
from pipeline_tui.store.candidates import applications_of
from pipeline_tui.store.database import Database
from pipeline_tui.store.duplicates import DuplicateRepository
from pipeline_tui.store.models import (
    Activity,
    Application,
    Candidate,
    CandidateTag,
    Pool,
    PoolMember,
    Stage,
    Tag,
)
from pipeline_tui.store.pools import membership_record, memberships_of
from pipeline_tui.store.prospect_queries import (
    CANDIDATE_COLUMNS,
    best_status,
    fast_ids,
    first_tag,
    furthest_memberships,
    having_all_tags,
    tag_usage,
    tags_for,
)
from pipeline_tui.store.retention import due_conditions
from pipeline_tui.store.search import fts5_expression

View = int | str
STALE_DAYS = 90
# Past finalists reached an offer, the hire, or an active stage this far in (the default pipeline's interview).
FINALIST_KINDS = (StageKind.OFFER, StageKind.HIRED)
FINALIST_POSITION = 2
CHUNK = 500
# Sorts with an index of their own (migration 0002), and the match count above which paging walks it.
INDEXED_SORTS = ("name", "title", "company", "location", "source", "last_contacted", "added")
WALK_INDEX_ABOVE = 20_000
# Sorts on the person's own indexed columns (a pool's "added" and "status" live on pool_member).
PERSON_INDEXED_SORTS = ("name", "title", "company", "location", "source", "last_contacted")


class ProspectRepository:
    def __init__(self, db: Database) -> None:
        self._db = db
        # How many people each word query matches, only to choose a query plan (staleness is harmless).
        self._match_counts: dict[str, int] = {}
        # How many people carry each tag id, and each tag filter's last count: plan choices only, too.
        self._tag_usage: dict[int, int] = {}
        self._tag_matches: dict[tuple[int, ...], int] = {}
        # Each pool's last counted size (the screen counts before it pages), for the pool-walk choice.
        self._pool_sizes: dict[int, int] = {}
        # Possible duplicates, remembered between the segment's count, its pages and `m` (store.duplicates).
        self.duplicates = DuplicateRepository(db)

    # -- reading ----------------------------------------------------------------------------------------

    def segments(self) -> list[SegmentRecord]:
        """The built-in segments with their counts, in side-list order."""
        keys = self.segment_keys()
        with self._db.transaction() as s:
            return [
                SegmentRecord(key=k, name=SEGMENTS[k], member_count=self._listed_count(s, k)) for k in keys
            ]

    def _listed_count(self, s: Session, key: str) -> int | None:
        """A segment's count for the side list; possible duplicates only when a search is at hand."""
        return self.duplicates.known_count(s) if key == DUPLICATES else self._count(s, key, ProspectQuery())

    def segment_count(self, key: str) -> int:
        """One segment's count, searching for possible duplicates if need be (`segments` does not)."""
        if key == DUPLICATES:
            return len(self.duplicates.people(any_age=True))
        with self._db.transaction() as s:
            return self._count(s, key, ProspectQuery())

    def segment_keys(self) -> tuple[str, ...]:
        """The segments the side list shows: "Due for retention" only under a retention policy."""
        hidden = () if self._db.retention is not None else POLICY_SEGMENTS
        return tuple(key for key in SEGMENTS if key not in hidden)

    def people_estimate(self) -> int:
        """About how many people there are (the highest id: one index seek), to decide what can wait."""
        with self._db.transaction() as s:
            return int(s.scalar(select(func.max(Candidate.id))) or 0)

    def page(
        self,
        view: View,
        query: ProspectQuery | str = "",
        *,
        sort: str = "name",
        descending: bool = False,
        offset: int = 0,
        limit: int = 100,
    ) -> list[ProspectRow]:
        """Rows `offset`..`offset+limit` of the view under the query, in a stable total order."""
        q = _as_query(query)
        if sort not in SORT_COLUMNS:
            raise InvalidInput(f"cannot sort by {sort!r}")
        with self._db.transaction() as s:
            # Two steps: the ordered ids of the page alone (an index walk, however deep the offset), then
            # the columns of those few rows, so nothing is computed for the rows skipped over.
            key = self._sort_key(view, sort)
            order = [key.desc(), Candidate.id.desc()] if descending else [key.asc(), Candidate.id.asc()]
            walk = self._walk_sort_index(s, view, q, sort)
            pool_walk = self._walk_pool(s, view, q, sort, max(offset, 0) + max(limit, 0))
            ids = self._ids(s, view, q, walk_sort_index=walk, pool_walk=pool_walk)
            page_ids = list(s.scalars(ids.order_by(*order).offset(max(offset, 0)).limit(max(limit, 0))))
            if not page_ids:
                return []
            found = {r.id: r for r in s.execute(self._rows(view, page_ids)).all()}
            rows = [found[i] for i in page_ids if i in found]
            tags = tags_for(s, page_ids)
            # A pool's rows carry their status there; a segment's, each person's most advanced one and its pool.
            statuses = (
                {r.id: (r.pool_status, None) for r in rows}
                if isinstance(view, int)
                else furthest_memberships(s, page_ids)
            )
            return [
                ProspectRow(
                    id=r.id,
                    full_name=r.full_name,
                    email=r.email,
                    current_title=r.current_title,
                    current_company=r.current_company,
                    location=r.location,
                    tags=tags.get(r.id, ()),
                    pool_status=statuses.get(r.id, (None, None))[0],
                    status_pool=statuses.get(r.id, (None, None))[1],
                    last_contacted_at=r.last_contacted_at,
                    source=r.source,
                    added_at=r.added_at,
                )
                for r in rows
            ]

    def count(self, view: View, query: ProspectQuery | str = "") -> int:
        with self._db.transaction() as s:
            return self._count(s, view, _as_query(query))

    def matching_ids(self, view: View, query: ProspectQuery | str = "") -> list[int]:
        """Every id in the view under the query (ctrl+a selects these, not just the visible page)."""
        q = _as_query(query)
        with self._db.transaction() as s:
            return fast_ids(s, self._ids(s, view, q).order_by(Candidate.id))

    def preview(self, candidate_id: int) -> ProspectPreview:
        with self._db.transaction() as s:
            cand = s.get(Candidate, candidate_id)
            if cand is None:
                raise NotFound(f"no candidate #{candidate_id}")
            acts = s.scalars(
                select(Activity)
                .where(Activity.candidate_id == candidate_id)
                .order_by(Activity.at.desc(), Activity.id.desc())
                .limit(20)
            )
            return ProspectPreview(
                candidate=CandidateRecord.model_validate(cand),
                tags=tags_for(s, [candidate_id]).get(candidate_id, ()),
                pools=tuple(memberships_of(s, candidate_id)),
                activities=tuple(ActivityRecord.model_validate(a) for a in acts),
                applications=tuple(applications_of(s, candidate_id)),
                duplicates=self.duplicates.known_pairs_of(candidate_id),
            )

    def details(self, candidate_ids: Iterable[int]) -> list[ProspectPreview]:
        """People with their tags and pools (no activities), in the order given: what an export writes."""
        ids = list(dict.fromkeys(candidate_ids))
        out: dict[int, ProspectPreview] = {}
        with self._db.transaction() as s:
            for chunk in _chunks(ids):
                people = {c.id: c for c in s.scalars(select(Candidate).where(Candidate.id.in_(chunk)))}
                tags = tags_for(s, chunk)
                pools: dict[int, list[PoolMembershipRecord]] = {}
                for m, name in s.execute(
                    select(PoolMember, Pool.name)
                    .join(Pool, Pool.id == PoolMember.pool_id)
                    .where(PoolMember.candidate_id.in_(chunk))
                    .order_by(Pool.name)
                ).all():
                    pools.setdefault(m.candidate_id, []).append(membership_record(m, name))
                for cid, cand in people.items():
                    out[cid] = ProspectPreview(
                        candidate=CandidateRecord.model_validate(cand),
                        tags=tags.get(cid, ()),
                        pools=tuple(pools.get(cid, ())),
                    )
        return [out[i] for i in ids if i in out]

    # -- query building ---------------------------------------------------------------------------------

    def _view_conditions(self, s: Session, view: View) -> list[ColumnElement]:
        if isinstance(view, int):
            return []
        if view == "all":
            return []
        if view == "finalists":
            finalist = (
                select(Application.candidate_id)
                .join(Stage, Stage.id == Application.stage_id)
                .where(
                    Application.status.in_(CLOSED_STATUSES),
                    or_(Stage.kind.in_(FINALIST_KINDS), Stage.position >= FINALIST_POSITION),
                )
            )
            return [Candidate.id.in_(finalist)]
        if view == "stale":
            cutoff = utcnow() - timedelta(days=STALE_DAYS)
            # Never contacted counts as not contacted: those are the people a sourcer has yet to reach.
            return [or_(Candidate.last_contacted_at.is_(None), Candidate.last_contacted_at < cutoff)]
        if view == "retention":
            # Everyone the policy would anonymise now (nobody without a policy), as `privacy retention` lists.
            policy = self._db.retention
            return due_conditions(policy, utcnow()) if policy is not None else [false()]
        if view == DUPLICATES:
            return [self.duplicates.people_condition(s)]
        raise InvalidInput(f"no such segment {view!r}")

    def _match_count(self, s: Session, q: ProspectQuery) -> int:
        """How many people the words match, remembered for the page's plan choice: the screen counts a
        search and then pages it, and the page then needs no second count of the full-text index."""
        expr = fts5_expression(q)
        n = int(
            s.scalar(text("SELECT count(*) FROM candidate_fts WHERE candidate_fts MATCH :m"), {"m": expr})
            or 0
        )
        if len(self._match_counts) > 64:
            self._match_counts.clear()
        self._match_counts[expr] = n
        return n

    def _walk_sort_index(self, s: Session, view: View, q: ProspectQuery, sort: str) -> bool:
        """True when many people match the words: then walking the sort column's index and checking each
        row against the matches beats sorting them all (600k matches: ~0.2 s instead of ~1 s on SQLite)."""
        if not (self._db.dialect.hand_planned and not isinstance(view, int) and sort in INDEXED_SORTS):
            return False
        if not q.words:
            return bool(q.tags) and self._walk_for_tags(s, q)
        expr = fts5_expression(q)
        n = self._match_counts.get(expr)
        if n is None:
            n = self._match_count(s, q)
        return n > WALK_INDEX_ABOVE

    def _tag_ids(self, s: Session, keys: Sequence[str]) -> list[int] | None:
        """The ids of the tags a query requires, rarest first (None: one does not exist, nobody matches).

        Driving an intersection from the rarest tag and probing the others visits the fewest links."""
        found = dict(s.execute(select(Tag.name_key, Tag.id).where(Tag.name_key.in_(list(keys)))).all())
        if any(k not in found for k in keys):
            return None
        ids = list(dict.fromkeys(found[k] for k in keys))
        for tag_id in ids:
            if tag_id not in self._tag_usage:
                if len(self._tag_usage) > 4096:
                    self._tag_usage.clear()
                self._tag_usage[tag_id] = tag_usage(s, tag_id)
        return sorted(ids, key=lambda t: (self._tag_usage[t], t))

    def _walk_for_tags(self, s: Session, q: ProspectQuery) -> bool:
        """True when many people carry all the tags: walking the sort index with a probe per tag then finds
        a page after a few thousand rows instead of intersecting and sorting every match. The estimate is the
        filter's last count, else the rarest tag's usage."""
        tag_ids = self._tag_ids(s, q.tags)
        if not tag_ids:
            return False
        n = self._tag_matches.get(tuple(tag_ids))
        if n is None:
            n = self._tag_usage[tag_ids[0]]
        return n > WALK_INDEX_ABOVE

    def _walk_pool(self, s: Session, view: View, q: ProspectQuery, sort: str, depth: int) -> bool:
        """True for a big pool sorted by one of the person's indexed columns, when walking that index and
        probing each person's membership visits fewer rows than sorting every member would: about
        depth x people / members probes against members rows (the first page of a 75,000-member pool among
        1,000,000 people: ~1 ms instead of ~120 ms on SQLite). Small pools and deep pages keep the sort."""
        if not (
            self._db.dialect.hand_planned
            and isinstance(view, int)
            and q.is_empty
            and sort in PERSON_INDEXED_SORTS
        ):
            return False
        members = self._pool_sizes.get(view)
        if members is None:
            members = self._pool_size(s, view)
        people = int(s.scalar(select(func.max(Candidate.id))) or 0)
        return members > 0 and depth * people < members * members

    def _pool_size(self, s: Session, pool_id: int) -> int:
        """A pool's membership rows (the foreign key keeps each on a person): one index range count,
        remembered for the page's plan choice (the screen counts a pool and then pages it)."""
        n = int(
            s.scalar(select(func.count()).select_from(PoolMember).where(PoolMember.pool_id == pool_id)) or 0
        )
        if len(self._pool_sizes) > 1024:
            self._pool_sizes.clear()
        self._pool_sizes[pool_id] = n
        return n

    def _query_conditions(
        self, s: Session, view: View, q: ProspectQuery, *, walk_sort_index: bool = False
    ) -> list[ColumnElement]:
        dialect = self._db.dialect
        conds: list[ColumnElement] = []
        # `id + 0` keeps SQLite from driving the query by the matching rowids: it then walks the sort index
        # (many matches over everyone) or the pool's members (a pool is small next to a million matches).
        cid = Candidate.id + 0 if walk_sort_index or isinstance(view, int) else Candidate.id
        words = dialect.word_condition(q, cid)
        if words is not None:
            conds.append(words)
        if q.tags:
            tag_ids = self._tag_ids(s, q.tags)
            if tag_ids is None:
                conds.append(false())
            elif walk_sort_index:
                # A probe of the (candidate, tag) key per row walked, rarest tag first (fails soonest).
                conds.extend(
                    exists().where(CandidateTag.candidate_id == Candidate.id, CandidateTag.tag_id == t)
                    for t in tag_ids
                )
            else:
                conds.append(cid.in_(having_all_tags(tag_ids)))
        if q.without_tags:
            conds.append(
                ~exists()
                .where(CandidateTag.candidate_id == Candidate.id)
                .where(CandidateTag.tag_id.in_(select(Tag.id).where(Tag.name_key.in_(q.without_tags))))
            )
        if q.statuses:
            # Any spelling of the vocabulary ("uninterested", "not interested"); an unknown word finds nobody.
            statuses = [PoolStatus.parse(word) or word for word in q.statuses]
            if isinstance(view, int):
                conds.append(PoolMember.status.in_(statuses))
            else:
                conds.append(
                    Candidate.id.in_(select(PoolMember.candidate_id).where(PoolMember.status.in_(statuses)))
                )
        for name in q.pools:
            conds.append(
                Candidate.id.in_(
                    select(PoolMember.candidate_id)
                    .join(Pool, Pool.id == PoolMember.pool_id)
                    .where(func.lower(Pool.name) == name)
                )
            )
        if q.sources:
            conds.append(func.lower(Candidate.source).in_(q.sources))
        return conds

    def _rows(self, view: View, ids: Sequence[int]) -> Select:
        """The columns a table line shows, for a page of ids (of a pool `_ids` has checked exists)."""
        if isinstance(view, int):
            stmt = select(
                *CANDIDATE_COLUMNS,
                PoolMember.status.label("pool_status"),
                PoolMember.added_at.label("added_at"),
            ).join(PoolMember, and_(PoolMember.candidate_id == Candidate.id, PoolMember.pool_id == view))
        else:
            stmt = select(
                *CANDIDATE_COLUMNS,
                Candidate.created_at.label("added_at"),
            )
        return stmt.where(Candidate.id.in_(list(ids)))

    def _ids(
        self,
        s: Session,
        view: View,
        q: ProspectQuery,
        *,
        walk_sort_index: bool = False,
        pool_walk: bool = False,
    ) -> Select:
        stmt = select(Candidate.id)
        if isinstance(view, int):
            _pool(s, view)
            if pool_walk:
                # Membership as a per-row probe, so SQLite walks the sort column's index (see _walk_pool).
                stmt = stmt.where(
                    exists().where(PoolMember.pool_id == view, PoolMember.candidate_id == Candidate.id)
                )
            else:
                stmt = stmt.join(
                    PoolMember, and_(PoolMember.candidate_id == Candidate.id, PoolMember.pool_id == view)
                )
        return stmt.where(
            *self._view_conditions(s, view),
            *self._query_conditions(s, view, q, walk_sort_index=walk_sort_index),
        )

    def _count(self, s: Session, view: View, q: ProspectQuery) -> int:
        if view == "all" and q.is_empty:
            return int(s.scalar(select(func.count()).select_from(Candidate)) or 0)
        if isinstance(view, int) and q.is_empty:
            # A pool's size is its membership rows: one index range count instead of a join to candidate per
            # member (75,000 members: ~3 ms instead of ~70 ms).
            _pool(s, view)
            return self._pool_size(s, view)
        if (
            view == "all"
            and self._db.dialect.hand_planned
            and q.words
            and q == ProspectQuery(words=q.words, prefix_last=q.prefix_last)
        ):
            # Words alone over everyone: the full-text index holds one row per person, count it directly.
            return self._match_count(s, q)
        if view == "all" and q.tags and q == ProspectQuery(tags=q.tags):
            # Tags alone over everyone: count the rarest tag's links that have the others too; a link's
            # foreign key keeps it on a person, so no candidate row is read (Python + Go: ~50 ms, not ~280).
            tag_ids = self._tag_ids(s, q.tags)
            if tag_ids is None:
                return 0
            n = int(s.scalar(select(func.count()).select_from(having_all_tags(tag_ids).subquery())) or 0)
            if len(self._tag_matches) > 256:
                self._tag_matches.clear()
            self._tag_matches[tuple(tag_ids)] = n
            return n
        if view == "stale" and q.is_empty:
            # Everyone minus those contacted in the last 90 days: a count of the smallest index and one short
            # range (~20 ms at a million people) instead of counting the never-contacted majority (~60 ms).
            cutoff = utcnow() - timedelta(days=STALE_DAYS)
            everyone = s.scalar(select(func.count()).select_from(Candidate))
            recent = s.scalar(
                select(func.count()).select_from(Candidate).where(Candidate.last_contacted_at >= cutoff)
            )
            return int(everyone or 0) - int(recent or 0)
        ids = self._ids(s, view, q)
        return int(s.scalar(select(func.count()).select_from(ids.subquery())) or 0)

    def _sort_key(self, view: View, sort: str) -> ColumnElement:
        in_pool = isinstance(view, int)
        return {
            "name": Candidate.full_name,
            "title": Candidate.current_title,
            "company": Candidate.current_company,
            "location": Candidate.location,
            "tags": first_tag(),
            "status": PoolMember.status if in_pool else best_status(),
            "last_contacted": Candidate.last_contacted_at,
            "source": Candidate.source,
            "added": PoolMember.added_at if in_pool else Candidate.created_at,
        }[sort]


def _as_query(query: ProspectQuery | str) -> ProspectQuery:
    return query if isinstance(query, ProspectQuery) else parse_query(query)


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def _pool(s: Session, pool_id: int) -> Pool:
    pool = s.get(Pool, pool_id)
    if pool is None:
        raise NotFound(f"no pool #{pool_id}")
    return pool
