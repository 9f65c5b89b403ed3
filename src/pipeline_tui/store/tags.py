"""Tags: case-insensitive, trimmed labels on people, added and removed in bulk."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, delete, func, insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pipeline_tui.core.change_vocabulary import ChangeKind
from pipeline_tui.core.errors import InvalidInput, NotFound
from pipeline_tui.core.records import BulkResult, TagRecord
from pipeline_tui.core.validation import clean_tag, tag_key
from pipeline_tui.store.change_log import note_changes
from pipeline_tui.store.crm_changes import people_changes
from pipeline_tui.store.database import Database
from pipeline_tui.store.dialects import Dialect
from pipeline_tui.store.models import CandidateTag, Tag

CHUNK = 500
BIG_CHUNK = 50_000
# How alike (0-100, rapidfuzz WRatio) a tag must be to an unknown name to be suggested for it.
SUGGEST_ABOVE = 70


class TagRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def tag(self, candidate_ids: Iterable[int], names: Iterable[str]) -> BulkResult:
        """Add each tag to each person (creating tags as needed). One transaction; counts new links."""
        ids = list(dict.fromkeys(candidate_ids))
        clean = _unique_tags(names)
        try:
            return self._tag(ids, clean)
        except IntegrityError:
            # Another writer created the same tag or link a moment ago; a second pass sees theirs and skips it.
            return self._tag(ids, clean)

    def _tag(self, ids: list[int], clean: list[str]) -> BulkResult:
        dialect = self._db.dialect
        with self._db.transaction() as s:
            found = sum(_count_people(s, dialect, chunk) for chunk in _big_chunks(ids))
            if found != len(ids):
                raise NotFound("some of the selected people no longer exist; nothing was tagged")
            tag_ids = [ensure_tag(s, name) for name in clean]
            had = {pair for chunk in _big_chunks(ids) for pair in _links(s, dialect, chunk, tag_ids)}
            # One INSERT per tag (and per 50,000 people) that skips the links people already have; the
            # database counts the rows it added, so `added` is exact (10,000 people: ~2 statements, not ~60).
            added = sum(_link(s, dialect, chunk, tag_id) for tag_id in tag_ids for chunk in _big_chunks(ids))
            # One log row per person who got a tag, naming the tags they got (the ones they had are left out).
            names = list(zip(tag_ids, clean, strict=True))
            got = {cid: [n for t, n in names if (cid, t) not in had] for cid in ids}
            note_changes(s, people_changes(ChangeKind.TAGGED, {c: ", ".join(n) for c, n in got.items() if n}))
            return BulkResult(
                changed=added,
                message=f"tagged {len(ids)} {'person' if len(ids) == 1 else 'people'} with "
                f"{', '.join(clean)} ({added} new tag links)",
            )

    def untag(self, candidate_ids: Iterable[int], names: Iterable[str]) -> BulkResult:
        ids = list(dict.fromkeys(candidate_ids))
        keys = [tag_key(n) for n in names if n.strip()]
        with self._db.transaction() as s:
            found = s.execute(select(Tag.id, Tag.name).where(Tag.name_key.in_(keys))).all() if keys else []
            tag_ids = [t for t, _ in found]
            removed = 0
            lost: dict[int, list[str]] = {}
            for i in range(0, len(ids), CHUNK):
                if not tag_ids:
                    break
                # Who loses which tag, before the links go: each person's UNTAGGED row names them.
                for cid, tag_id in _links(s, self._db.dialect, ids[i : i + CHUNK], tag_ids):
                    lost.setdefault(cid, []).append(tag_id)
                result = s.execute(
                    delete(CandidateTag).where(
                        CandidateTag.tag_id.in_(tag_ids), CandidateTag.candidate_id.in_(ids[i : i + CHUNK])
                    )
                )
                removed += result.rowcount or 0
            order = dict(found)
            words = {cid: ", ".join(order[t] for t in order if t in theirs) for cid, theirs in lost.items()}
            note_changes(s, people_changes(ChangeKind.UNTAGGED, words))
            return BulkResult(changed=removed, message=f"removed {removed} tag link(s)")

    def tags_for(self, candidate_id: int) -> list[str]:
        with self._db.transaction() as s:
            return list(
                s.scalars(
                    select(Tag.name)
                    .join(CandidateTag, CandidateTag.tag_id == Tag.id)
                    .where(CandidateTag.candidate_id == candidate_id)
                    .order_by(Tag.name_key)
                )
            )

    def all_tags(self, *, prefix: str = "", limit: int | None = None) -> list[TagRecord]:
        """Tags with how many people carry them, for completion and the tag manager."""
        with self._db.transaction() as s:
            counts = (
                select(CandidateTag.tag_id, func.count().label("n")).group_by(CandidateTag.tag_id).subquery()
            )
            q = select(Tag, counts.c.n).outerjoin(counts, counts.c.tag_id == Tag.id).order_by(Tag.name_key)
            if prefix:
                q = q.where(Tag.name_key.startswith(tag_key(prefix), autoescape=True))
            if limit:
                q = q.limit(limit)
            return [
                TagRecord(id=t.id, name=t.name, candidate_count=int(n or 0)) for t, n in s.execute(q).all()
            ]

    def closest(self, names: Iterable[str], *, limit: int = 3) -> dict[str, list[str]]:
        """For each name that is no tag, the closest tag names, best first (none when nothing is close); names
        that are tags are left out. What a search for `tag:pyhton` says instead of an empty table."""
        keys = list(dict.fromkeys(tag_key(n) for n in names if n.strip()))
        if not keys:
            return {}
        with self._db.transaction() as s:
            known = set(s.scalars(select(Tag.name_key).where(Tag.name_key.in_(keys))))
            missing = [k for k in keys if k not in known]
            if not missing:
                return {}
            # Every tag's name: 2,000 tags are one index scan and a few hundred kilobytes at most.
            names_by_key = dict(s.execute(select(Tag.name_key, Tag.name).order_by(Tag.name_key)).all())
        return {key: _closest(key, names_by_key, limit) for key in missing}

    def rename_tag(self, tag_id: int, new_name: str) -> TagRecord:
        """Rename; renaming onto an existing tag's name merges the two."""
        clean = clean_tag(new_name)
        with self._db.transaction() as s:
            tag = _tag(s, tag_id)
            other = s.scalar(select(Tag).where(Tag.name_key == tag_key(clean), Tag.id != tag.id))
            if other is not None:
                _merge(s, tag, other)
                other.name = clean
                return TagRecord(id=other.id, name=other.name, candidate_count=_usage(s, other.id))
            tag.name = clean
            tag.name_key = tag_key(clean)
            return TagRecord(id=tag.id, name=tag.name, candidate_count=_usage(s, tag.id))

    def merge_tags(self, source_id: int, target_id: int) -> TagRecord:
        """Move every person's `source` tag to `target` (no duplicate links) and delete `source`."""
        if source_id == target_id:
            raise InvalidInput("cannot merge a tag into itself")
        with self._db.transaction() as s:
            source, target = _tag(s, source_id), _tag(s, target_id)
            _merge(s, source, target)
            return TagRecord(id=target.id, name=target.name, candidate_count=_usage(s, target.id))


def ensure_tag(s: Session, name: str) -> int:
    clean = clean_tag(name)
    key = tag_key(clean)
    tag_id = s.scalar(select(Tag.id).where(Tag.name_key == key))
    if tag_id is None:
        tag = Tag(name=clean, name_key=key)
        s.add(tag)
        s.flush()
        tag_id = tag.id
    return tag_id


def _big_chunks(ids: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), BIG_CHUNK):
        yield ids[i : i + BIG_CHUNK]


def _count_people(s: Session, dialect: Dialect, ids: list[int]) -> int:
    # The whole list is one bound parameter (no statement with thousands of placeholders).
    source, value = dialect.id_list(ids)
    return int(s.scalar(text(f"SELECT count(*) FROM candidate WHERE id IN ({source})"), {"ids": value}) or 0)


def _link(s: Session, dialect: Dialect, ids: list[int], tag_id: int) -> int:
    """Give `tag_id` to each of `ids` who lacks it; returns how many links were added."""
    source, value = dialect.id_list(ids)
    sql = dialect.insert_ignore(
        "candidate_tag", "candidate_id, tag_id", f"SELECT ids.id, :tag FROM ({source}) AS ids"
    )
    return int(s.execute(text(sql), {"ids": value, "tag": tag_id}).rowcount or 0)


def _links(s: Session, dialect: Dialect, ids: list[int], tag_ids: list[int]) -> list[tuple[int, int]]:
    """The (person, tag) links these people have of these tags: one probe of the key per person and tag."""
    if not tag_ids or not ids:
        return []
    source, value = dialect.id_list(ids)
    sql = text(
        f"SELECT ct.candidate_id, ct.tag_id FROM ({source}) AS ids "
        "CROSS JOIN candidate_tag ct WHERE ct.candidate_id = ids.id AND ct.tag_id IN :tags"
    ).bindparams(bindparam("tags", expanding=True))
    return [(int(c), int(t)) for c, t in s.execute(sql, {"ids": value, "tags": list(tag_ids)})]


def _closest(key: str, names_by_key: dict[str, str], limit: int) -> list[str]:
    """The tags most like `key` (typos, a missing end: "pyhton", "kube"); a tag under half its length is
    left out, as a one-letter tag is "in" every word."""
    from rapidfuzz import fuzz, process

    found = process.extract(
        key, list(names_by_key), scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=SUGGEST_ABOVE
    )
    near = [names_by_key[k] for k, _score, _i in found if 2 * len(k) >= len(key)]
    return near[:limit]


def _unique_tags(names: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for n in names:
        if not n or not n.strip():
            continue
        clean = clean_tag(n)
        seen.setdefault(tag_key(clean), clean)
    if not seen:
        raise InvalidInput("name at least one tag")
    return list(seen.values())


def _merge(s: Session, source: Tag, target: Tag) -> None:
    already = select(CandidateTag.candidate_id).where(CandidateTag.tag_id == target.id)
    s.execute(
        insert(CandidateTag).from_select(
            ["candidate_id", "tag_id"],
            select(CandidateTag.candidate_id, target.id).where(
                CandidateTag.tag_id == source.id, CandidateTag.candidate_id.not_in(already)
            ),
        )
    )
    s.execute(delete(CandidateTag).where(CandidateTag.tag_id == source.id))
    s.delete(source)
    s.flush()


def _usage(s: Session, tag_id: int) -> int:
    return int(
        s.scalar(select(func.count()).select_from(CandidateTag).where(CandidateTag.tag_id == tag_id)) or 0
    )


def _tag(s: Session, tag_id: int) -> Tag:
    tag = s.get(Tag, tag_id)
    if tag is None:
        raise NotFound(f"no tag #{tag_id}")
    return tag
