"""The talent-pool browser's queries and the actions that span several aggregates.

A *view* is what the side list selects: a pool id (int) or a built-in segment key ('all', 'finalists',
'stale'). Pages are fetched with LIMIT/OFFSET under a total order (the sort column, then id), so the screen
can virtualise a million rows; `matching_ids` gives every id behind a filter for ctrl+a. Merging two people
and handing prospects over to a job each run in one transaction here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    delete,
    exists,
    false,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import InvalidInput, NotFound, RuleViolation
from pipeline_tui.core.query import ProspectQuery, parse_query
from pipeline_tui.core.records import (
    ActivityRecord,
    BulkResult,
    CandidateRecord,
    PoolMembershipRecord,
    ProspectPreview,
    ProspectRow,
    SegmentRecord,
)
from pipeline_tui.core.validation import CandidateInput
from pipeline_tui.store.applications import ApplicationRepository
from pipeline_tui.store.candidates import applications_of
from pipeline_tui.store.database import Database
from pipeline_tui.store.dialects import dialect_of
from pipeline_tui.store.models import (
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
from pipeline_tui.store.pools import membership_record, memberships_of
from pipeline_tui.store.search import fts5_expression

View = int | str
SEGMENTS = {"all": "All candidates", "finalists": "Past finalists", "stale": "Not contacted in 90 days"}
STALE_DAYS = 90
FINALIST_KINDS = ("interview", "offer", "hired")
SORT_COLUMNS = (
    "name",
    "title",
    "company",
    "location",
    "tags",
    "status",
    "last_contacted",
    "source",
    "added",
)
CHUNK = 500
# Sorts with an index of their own (migration 0002), and the match count above which paging walks it.
INDEXED_SORTS = ("name", "title", "company", "location", "source", "last_contacted", "added")
WALK_INDEX_ABOVE = 20_000
# Sorts on the person's own indexed columns (a pool's "added" and "status" live on pool_member).
PERSON_INDEXED_SORTS = ("name", "title", "company", "location", "source", "last_contacted")
STATUS_RANK = {"new": 0, "contacted": 1, "engaged": 2, "not_interested": 3, "converted": 4}


class ProspectRepository:
    def __init__(self, db: Database) -> None:
        self._db = db
        # How many people each word query matches, only to choose a query plan (staleness is harmless).
        self._match_counts: dict[str, int] = {}
        # How many people carry each tag id, and each tag filter's last count: plan choices only, too.
        self._tag_usage: dict[int, int] = {}
        self._tag_matches: dict[tuple[int, ...], int] = {}

    # -- reading ----------------------------------------------------------------------------------------

    def segments(self) -> list[SegmentRecord]:
        """The built-in segments with their counts, in side-list order."""
        with self._db.transaction() as s:
            return [
                SegmentRecord(key=key, name=name, member_count=self._count(s, key, ProspectQuery()))
                for key, name in SEGMENTS.items()
            ]

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
            found = {r.id: r for r in s.execute(self._rows(s, view, page_ids)).all()}
            rows = [found[i] for i in page_ids if i in found]
            tags = _tags_for(s, page_ids)
            return [
                ProspectRow(
                    id=r.id,
                    full_name=r.full_name,
                    email=r.email,
                    current_title=r.current_title,
                    current_company=r.current_company,
                    location=r.location,
                    tags=tags.get(r.id, ()),
                    pool_status=r.pool_status,
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
            return _fast_ids(s, self._ids(s, view, q).order_by(Candidate.id))

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
                tags=_tags_for(s, [candidate_id]).get(candidate_id, ()),
                pools=tuple(memberships_of(s, candidate_id)),
                activities=tuple(ActivityRecord.model_validate(a) for a in acts),
                applications=tuple(applications_of(s, candidate_id)),
            )

    def details(self, candidate_ids: Iterable[int]) -> list[ProspectPreview]:
        """People with their tags and pools (no activities), in the order given: what an export writes."""
        ids = list(dict.fromkeys(candidate_ids))
        out: dict[int, ProspectPreview] = {}
        with self._db.transaction() as s:
            for chunk in _chunks(ids):
                people = {c.id: c for c in s.scalars(select(Candidate).where(Candidate.id.in_(chunk)))}
                tags = _tags_for(s, chunk)
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

    # -- changing ---------------------------------------------------------------------------------------

    def add_prospect(
        self, person: CandidateInput, *, pool_id: int | None = None, tags: Sequence[str] = ()
    ) -> CandidateRecord:
        """A new person, put straight into `pool_id` and tagged, in one transaction."""
        from pipeline_tui.store.candidates import _refuse_duplicate
        from pipeline_tui.store.tags import ensure_tag

        with self._db.transaction() as s:
            if person.email:
                _refuse_duplicate(s, person.email)
            if pool_id is not None and s.get(Pool, pool_id) is None:
                raise NotFound(f"no pool #{pool_id}")
            cand = Candidate(**person.model_dump())
            s.add(cand)
            s.flush()
            if pool_id is not None:
                s.add(
                    PoolMember(pool_id=pool_id, candidate_id=cand.id, added_by=self._db.actor, status="new")
                )
            for tag_id in dict.fromkeys(ensure_tag(s, t) for t in tags if t.strip()):
                s.add(CandidateTag(candidate_id=cand.id, tag_id=tag_id))
            s.flush()
            return CandidateRecord.model_validate(cand)

    def handoff(self, job_id: int, candidate_ids: Iterable[int], *, pool_id: int | None = None) -> BulkResult:
        """Hand prospects over to a job, all in one transaction.

        Each gets an application at the job's first stage with source "pool: NAME" and origin_pool_id (its
        stage_event says 'handoff', so reports can follow the journey); in that pool their status becomes
        converted. People already in the job are skipped and counted."""
        ids = list(dict.fromkeys(candidate_ids))
        if not ids:
            raise InvalidInput("select someone to hand over")
        applications = ApplicationRepository(self._db)
        with self._db.transaction() as s:
            job = s.get(Job, job_id)
            if job is None:
                raise NotFound(f"no job #{job_id}")
            if job.status != "open":
                raise RuleViolation(
                    f"{job.title} is {job.status.replace('_', ' ')}: hand over only to an open job"
                )
            pool = s.get(Pool, pool_id) if pool_id is not None else None
            if pool_id is not None and pool is None:
                raise NotFound(f"no pool #{pool_id}")
            source = f"pool: {pool.name}" if pool else "talent pools"
            already: set[int] = set()
            for chunk in _chunks(ids):
                already.update(
                    s.scalars(
                        select(Application.candidate_id).where(
                            Application.job_id == job_id, Application.candidate_id.in_(chunk)
                        )
                    )
                )
            now = utcnow()
            handed = [cid for cid in ids if cid not in already]
            for cid in handed:
                applications.apply_in_session(
                    s, cid, job_id, source=source, origin_pool_id=pool_id, at=now, action="handoff"
                )
            if pool is not None:
                for chunk in _chunks(handed):
                    s.execute(
                        update(PoolMember)
                        .where(PoolMember.pool_id == pool.id, PoolMember.candidate_id.in_(chunk))
                        .values(status="converted")
                    )
            n, skipped = len(handed), len(already)
            message = f"handed {n} {'person' if n == 1 else 'people'} to {job.title}"
            if skipped:
                message += f"; {skipped} already in that job, skipped"
            return BulkResult(changed=n, skipped=skipped, message=message)

    def merge(self, keep_id: int, drop_id: int) -> BulkResult:
        """Fold `drop_id` into `keep_id` and delete it, losing nothing.

        Pools, tags, activities and applications move to the kept person. Where both are in the same pool the
        earlier membership date and the further status are kept. Where both applied to the same job, the kept
        person's application stays and the other one (stage, status, source, reason, rating and its whole
        stage history) is written into a note on the kept person, its activities re-pointed. Empty fields of
        the kept person are filled from the other; both summaries are kept."""
        if keep_id == drop_id:
            raise InvalidInput("pick two different people to merge")
        with self._db.transaction() as s:
            keep, drop = s.get(Candidate, keep_id), s.get(Candidate, drop_id)
            if keep is None or drop is None:
                raise NotFound(f"no candidate #{keep_id if keep is None else drop_id}")
            moved: dict[str, int] = {}
            moved["pools"] = _merge_pools(s, keep, drop)
            kept_tags = set(
                s.scalars(select(CandidateTag.tag_id).where(CandidateTag.candidate_id == keep.id))
            )
            drop_tags = list(
                s.scalars(select(CandidateTag.tag_id).where(CandidateTag.candidate_id == drop.id))
            )
            new_tags = [t for t in drop_tags if t not in kept_tags]
            if new_tags:
                s.execute(insert(CandidateTag), [{"candidate_id": keep.id, "tag_id": t} for t in new_tags])
            moved["tags"] = len(new_tags)
            folded = _merge_applications(s, keep, drop, self._db.actor)
            moved["applications"] = int(
                s.scalar(
                    select(func.count()).select_from(Application).where(Application.candidate_id == drop.id)
                )
                or 0
            )
            s.execute(
                update(Application).where(Application.candidate_id == drop.id).values(candidate_id=keep.id)
            )
            moved["activities"] = (
                s.execute(
                    update(Activity).where(Activity.candidate_id == drop.id).values(candidate_id=keep.id)
                ).rowcount
                or 0
            )
            s.add(
                Activity(
                    candidate_id=keep.id,
                    kind="note",
                    body=_merge_note(keep, drop),
                    actor=self._db.actor,
                    at=utcnow(),
                )
            )
            _merge_fields(keep, drop)
            drop_name = drop.full_name
            drop_email = drop.email
            s.flush()
            s.delete(drop)
            s.flush()
            if drop_email and not keep.email:
                keep.email = drop_email
            s.flush()
            parts = [f"{v} {k}" for k, v in moved.items() if v]
            if folded:
                parts.append(f"{folded} duplicate application(s) kept as notes")
            message = f"merged {drop_name} into {keep.full_name}" + (
                f": moved {', '.join(parts)}" if parts else ""
            )
            return BulkResult(changed=1, message=message)

    # -- query building ---------------------------------------------------------------------------------

    def _view_conditions(self, view: View) -> list[ColumnElement]:
        if isinstance(view, int):
            return []
        if view == "all":
            return []
        if view == "finalists":
            finalist = (
                select(Application.candidate_id)
                .join(Stage, Stage.id == Application.stage_id)
                .where(Application.status.in_(("rejected", "withdrawn")), Stage.kind.in_(FINALIST_KINDS))
            )
            return [Candidate.id.in_(finalist)]
        if view == "stale":
            cutoff = utcnow() - timedelta(days=STALE_DAYS)
            # Never contacted counts as not contacted: those are the people a sourcer has yet to reach.
            return [or_(Candidate.last_contacted_at.is_(None), Candidate.last_contacted_at < cutoff)]
        raise InvalidInput(f"no such segment {view!r}")

    def _match_count(self, s: Session, q: ProspectQuery) -> int:
        expr = fts5_expression(q)
        return int(
            s.scalar(text("SELECT count(*) FROM candidate_fts WHERE candidate_fts MATCH :m"), {"m": expr})
            or 0
        )

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
            if len(self._match_counts) > 64:
                self._match_counts.clear()
            self._match_counts[expr] = n
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
                self._tag_usage[tag_id] = _usage(s, tag_id)
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
        members = int(
            s.scalar(select(func.count()).select_from(PoolMember).where(PoolMember.pool_id == view)) or 0
        )
        people = int(s.scalar(select(func.max(Candidate.id))) or 0)
        return members > 0 and depth * people < members * members

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
                conds.append(cid.in_(_having_all_tags(tag_ids)))
        if q.without_tags:
            conds.append(
                ~exists()
                .where(CandidateTag.candidate_id == Candidate.id)
                .where(CandidateTag.tag_id.in_(select(Tag.id).where(Tag.name_key.in_(q.without_tags))))
            )
        if q.statuses:
            if isinstance(view, int):
                conds.append(PoolMember.status.in_(q.statuses))
            else:
                conds.append(
                    Candidate.id.in_(select(PoolMember.candidate_id).where(PoolMember.status.in_(q.statuses)))
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

    def _rows(self, s: Session, view: View, ids: Sequence[int]) -> Select:
        """The columns a table line shows, for a page of ids."""
        if isinstance(view, int):
            _pool(s, view)
            stmt = select(
                *_CANDIDATE_COLUMNS,
                PoolMember.status.label("pool_status"),
                PoolMember.added_at.label("added_at"),
            ).join(PoolMember, and_(PoolMember.candidate_id == Candidate.id, PoolMember.pool_id == view))
        else:
            stmt = select(
                *_CANDIDATE_COLUMNS,
                _latest_status().label("pool_status"),
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
            *self._view_conditions(view),
            *self._query_conditions(s, view, q, walk_sort_index=walk_sort_index),
        )

    def _count(self, s: Session, view: View, q: ProspectQuery) -> int:
        if view == "all" and q.is_empty:
            return int(s.scalar(select(func.count()).select_from(Candidate)) or 0)
        if isinstance(view, int) and q.is_empty:
            # A pool's size is its membership rows (the foreign key keeps each on a person): one index range
            # count instead of a join to candidate per member (75,000 members: ~3 ms instead of ~70 ms).
            _pool(s, view)
            return int(
                s.scalar(select(func.count()).select_from(PoolMember).where(PoolMember.pool_id == view)) or 0
            )
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
            n = int(s.scalar(select(func.count()).select_from(_having_all_tags(tag_ids).subquery())) or 0)
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
            "tags": _first_tag(),
            "status": PoolMember.status if in_pool else _latest_status(),
            "last_contacted": Candidate.last_contacted_at,
            "source": Candidate.source,
            "added": PoolMember.added_at if in_pool else Candidate.created_at,
        }[sort]


_CANDIDATE_COLUMNS = (
    Candidate.id,
    Candidate.full_name,
    Candidate.email,
    Candidate.current_title,
    Candidate.current_company,
    Candidate.location,
    Candidate.last_contacted_at,
    Candidate.source,
)


def _fast_ids(s: Session, stmt: Select) -> list[int]:
    """Run a one-column id query on the driver directly: a million ids without building a million Rows
    (ctrl+a on a big segment). Parameters are bound by the driver, never pasted into the SQL."""
    bind = s.get_bind()
    compiled = stmt.compile(dialect=bind.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    params = dialect_of(bind).driver_params(params)
    args = tuple(params[k] for k in compiled.positiontup) if compiled.positional else params
    return [row[0] for row in s.connection().exec_driver_sql(compiled.string, args)]


def _having_all_tags(tag_ids: Sequence[int]) -> Select:
    """People carrying every tag in `tag_ids` (rarest first): the first tag's links drive, one index probe of
    (tag_id, candidate_id) per other tag, in candidate order, so the probes stay close together."""
    links = [CandidateTag.__table__.alias(f"has_tag_{i}") for i in range(len(tag_ids))]
    first = links[0]
    stmt = select(first.c.candidate_id).select_from(first).where(first.c.tag_id == tag_ids[0])
    for link, tag_id in zip(links[1:], tag_ids[1:], strict=True):
        stmt = stmt.join(link, and_(link.c.candidate_id == first.c.candidate_id, link.c.tag_id == tag_id))
    return stmt


def _usage(s: Session, tag_id: int) -> int:
    return int(
        s.scalar(select(func.count()).select_from(CandidateTag).where(CandidateTag.tag_id == tag_id)) or 0
    )


def _latest_status() -> ColumnElement:
    pm = PoolMember.__table__.alias("latest_pm")
    return (
        select(pm.c.status)
        .where(pm.c.candidate_id == Candidate.id)
        .order_by(pm.c.added_at.desc(), pm.c.pool_id.desc())
        .limit(1)
        .correlate(Candidate)
        .scalar_subquery()
    )


def _first_tag() -> ColumnElement:
    ct = CandidateTag.__table__.alias("sort_ct")
    t = Tag.__table__.alias("sort_tag")
    return (
        select(func.min(t.c.name_key))
        .select_from(ct.join(t, t.c.id == ct.c.tag_id))
        .where(ct.c.candidate_id == Candidate.id)
        .correlate(Candidate)
        .scalar_subquery()
    )


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


def _tags_for(s: Session, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    out: dict[int, list[str]] = {}
    for chunk in _chunks(list(ids)):
        rows = s.execute(
            select(CandidateTag.candidate_id, Tag.name)
            .join(Tag, Tag.id == CandidateTag.tag_id)
            .where(CandidateTag.candidate_id.in_(chunk))
            .order_by(Tag.name_key)
        ).all()
        for cid, name in rows:
            out.setdefault(cid, []).append(name)
    return {k: tuple(v) for k, v in out.items()}


def _merge_pools(s: Session, keep: Candidate, drop: Candidate) -> int:
    kept = {m.pool_id: m for m in s.scalars(select(PoolMember).where(PoolMember.candidate_id == keep.id))}
    moved = 0
    for m in list(s.scalars(select(PoolMember).where(PoolMember.candidate_id == drop.id))):
        mine = kept.get(m.pool_id)
        if mine is None:
            s.execute(
                insert(PoolMember).values(
                    pool_id=m.pool_id,
                    candidate_id=keep.id,
                    added_at=m.added_at,
                    added_by=m.added_by,
                    status=m.status,
                )
            )
            moved += 1
        else:
            if m.added_at < mine.added_at:
                mine.added_at, mine.added_by = m.added_at, m.added_by
            if STATUS_RANK.get(m.status, 0) > STATUS_RANK.get(mine.status, 0):
                mine.status = m.status
        s.delete(m)
    s.flush()
    return moved


def _merge_applications(s: Session, keep: Candidate, drop: Candidate, actor: str) -> int:
    """Fold the drop's applications to jobs the keeper is also in into notes; returns how many."""
    kept_jobs = {
        a.job_id: a for a in s.scalars(select(Application).where(Application.candidate_id == keep.id))
    }
    folded = 0
    for app in list(s.scalars(select(Application).where(Application.candidate_id == drop.id))):
        mine = kept_jobs.get(app.job_id)
        if mine is None:
            continue
        job = s.get(Job, app.job_id)
        stage = s.get(Stage, app.stage_id)
        reason = s.get(RejectionReason, app.rejection_reason_id) if app.rejection_reason_id else None
        lines = [
            f"Merged duplicate application of {drop.full_name} (candidate #{drop.id}"
            + (f", {drop.email}" if drop.email else "")
            + f") to {job.title if job else 'job #' + str(app.job_id)}:",
            f"stage {stage.name if stage else app.stage_id}, status {app.status}, source {app.source or '-'}, "
            f"applied {app.applied_at:%Y-%m-%d %H:%M}, rating {app.rating}"
            + (f", reason {reason.name}" if reason else "")
            + (f", note {app.rejection_note}" if app.rejection_note else ""),
            "History:",
        ]
        for ev in s.scalars(
            select(StageEvent).where(StageEvent.application_id == app.id).order_by(StageEvent.id)
        ):
            lines.append(
                f"  {ev.at:%Y-%m-%d %H:%M} {ev.action}: {ev.from_stage_name or '-'} -> {ev.to_stage_name or '-'}"
                f" ({ev.to_status})"
                + (f" by {ev.actor}" if ev.actor else "")
                + (f": {ev.note}" if ev.note else "")
            )
        s.execute(update(Activity).where(Activity.application_id == app.id).values(application_id=mine.id))
        s.add(
            Activity(
                candidate_id=keep.id,
                application_id=mine.id,
                kind="note",
                body="\n".join(lines),
                actor=actor,
                at=utcnow(),
            )
        )
        s.flush()
        s.execute(delete(StageEvent).where(StageEvent.application_id == app.id))
        s.execute(delete(Application).where(Application.id == app.id))
        folded += 1
    return folded


def _merge_note(keep: Candidate, drop: Candidate) -> str:
    """What the dropped record said where it differs from the kept one, so no contact detail is lost."""
    lines = [f"Merged duplicate record {drop.full_name} (candidate #{drop.id}) into this one."]
    for name, label in (
        ("full_name", "name"),
        ("email", "e-mail"),
        ("phone", "phone"),
        ("location", "location"),
        ("current_title", "title"),
        ("current_company", "company"),
        ("linkedin_url", "LinkedIn"),
        ("github_url", "GitHub"),
        ("website_url", "website"),
        ("source", "source"),
    ):
        theirs, mine = getattr(drop, name), getattr(keep, name)
        if theirs and mine and theirs != mine:
            lines.append(f"Their {label} was {theirs}.")
    return "\n".join(lines)


def _merge_fields(keep: Candidate, drop: Candidate) -> None:
    for name in (
        "phone",
        "location",
        "current_title",
        "current_company",
        "linkedin_url",
        "github_url",
        "website_url",
        "source",
    ):
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
