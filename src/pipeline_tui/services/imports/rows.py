"""From a file's record to a person: the mapped columns validated, everything unmapped kept as a note.

A row fails (with its line number and one reason) when it has no name, an e-mail cell holding something
that is not an address, or a value too long for its field; everything else about a row is forgiving. Every
address in the e-mail cells is kept (the first is primary, the others `other_emails`). Values a field
cannot take (a headline beside a title, columns nobody recognised) are not dropped: they become lines of
the note stored with the person.
"""

from __future__ import annotations

import json
import re

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.records import ImportFailure, PersonRow
from pipeline_tui.core.validation import clean_text, normalise_email
from pipeline_tui.services.imports.columns import MULTI_FIELDS, ColumnMapping
from pipeline_tui.services.imports.delimited import UNREADABLE
from pipeline_tui.services.imports.pipeline_values import (
    date_value,
    history_value,
    pools_value,
    rating_value,
    with_csv_notes,
)
from pipeline_tui.services.imports.resume import NOT_AN_OBJECT
from pipeline_tui.store.imports import FIELD_LIMITS

_ANY_SEPARATOR = re.compile(r"[;,\s]")
_PHONE_SPLIT = re.compile(r"\s*[;\n]\s*")
_LINK_SPLIT = re.compile(r"[;,\s]+")
_LIST_SPLIT = re.compile(r"\s*[;,\n]\s*")
_EMAIL_SPLIT = re.compile(r"[;,\s]+")
# Formula neutralisation on export puts a quote before these; the import takes it off again.
_NEUTRALISED = re.compile(r"^'(?=[=+\-@\t\r'])")

# Fields about a pipeline (stage, dates, history): most files have none, so they are skipped wholesale.
_PIPELINE_FIELDS = frozenset(
    {
        "stage",
        "status",
        "applied_at",
        "stage_entered_at",
        "last_contacted_at",
        "created_at",
        "rejection_note",
        "rating",
        "rejection_reason",
        "pools",
        "history",
    }
)

_LIMITS = tuple(FIELD_LIMITS.items())

SINGLE = {
    "title": "current_title",
    "company": "current_company",
    "linkedin": "linkedin_url",
    "github": "github_url",
    "website": "website_url",
    "source": "source",
}


class RowReader:
    """Turns records of one file into PersonRow or ImportFailure, using one column mapping."""

    def __init__(self, mapping: ColumnMapping, *, where: str = "line") -> None:
        self.mapping = mapping
        self.where = where
        # field -> headers feeding it, preferred first; computed once for the whole file.
        self.columns = {f: mapping.columns_for(f) for f in set(mapping.fields.values()) if f}
        self.unknown = mapping.unknown
        self.mapped = [(h, f) for f, hs in self.columns.items() if f != "ignore" for h in hs]

    def read(self, line: int, rec: dict[str, object]) -> PersonRow | ImportFailure:
        if NOT_AN_OBJECT in rec:
            return ImportFailure(line=line, reason=f"not a person object: {_short(rec[NOT_AN_OBJECT])}")
        if UNREADABLE in rec:
            return ImportFailure(line=line, reason=str(rec[UNREADABLE]))
        try:
            return self._read(line, rec)
        except InvalidInput as exc:
            return ImportFailure(line=line, reason=str(exc))

    def _read(self, line: int, rec: dict[str, object]) -> PersonRow:
        cells = _Cells(self._gather(rec))
        person, other_emails = _contact(cells)
        _check_lengths(person)
        tags = _tags(cells)
        notes = [n for _, v in cells.values("notes") for n in _note_items(v)]
        for h in self.unknown:
            v = rec.get(h)
            text = _text(v) if not isinstance(v, (dict, list)) else json.dumps(v, ensure_ascii=False)
            if text:
                cells.extra.append(f"{h}: {text}")
        pipeline = _pipeline(cells, person) if not cells.got.keys().isdisjoint(_PIPELINE_FIELDS) else {}
        note_text = "\n".join([*notes, *cells.extra]).strip() or None
        return PersonRow(
            line=line,
            person=person,
            other_emails=other_emails,
            tags=tuple(tags),
            note=clean_text(note_text, multiline=True),
            **pipeline,
        )

    def _gather(self, rec: dict[str, object]) -> dict[str, list[tuple[str, object]]]:
        """One pass over the mapped columns: field -> [(header, value)] for non-empty cells, preferred first."""
        got: dict[str, list[tuple[str, object]]] = {}
        for h, f in self.mapped:
            v = rec.get(h)
            if v is None or v == "" or v == []:
                continue
            lst = got.get(f)
            if lst is None:
                got[f] = [(h, v)]
            else:
                lst.append((h, v))
        return got


class _Cells:
    """One record's non-empty cells by field, and the note lines collected while reading them."""

    __slots__ = ("extra", "got")

    def __init__(self, got: dict[str, list[tuple[str, object]]]) -> None:
        self.got = got
        self.extra: list[str] = []

    def values(self, field: str) -> list[tuple[str, object]]:
        return self.got.get(field, [])

    def single(self, field: str) -> str | None:
        """The preferred column's value; other differing values become note lines."""
        lst = self.got.get(field)
        if not lst:
            return None
        if len(lst) == 1:
            return _text(lst[0][1])
        chosen = None
        for h, v in lst:
            text = _text(v)
            if not text:
                continue
            if chosen is None:
                chosen = text
            elif text != chosen:
                self.extra.append(f"{h}: {text}")
        return chosen


def _contact(cells: _Cells) -> tuple[dict[str, str | None], tuple[str, ...]]:
    """The person's fields, in the order their note lines are written, and their other e-mails."""
    name = _name(cells)
    email, other_emails = _emails(cells)
    phones: list[str] = []
    for _, v in cells.values("phone"):
        phones.extend(p for p in _items(v, _PHONE_SPLIT) if p not in phones)
    if len(phones) > 1:
        cells.extra.append("Other phones: " + ", ".join(phones[1:]))
    person: dict[str, str | None] = {
        "full_name": name,
        "email": email,
        "phone": clean_text(phones[0]) if phones else None,
    }
    for field, column in SINGLE.items():
        v = cells.single(field) if field in cells.got else None
        person[column] = clean_text(v) if v is not None else None
    _profile_in_website(person)
    _links(cells, person)
    person["location"] = clean_text(_location(cells))
    person["summary"] = clean_text(cells.single("summary"), multiline=True)
    return person, other_emails


def _profile_in_website(person: dict[str, str | None]) -> None:
    """A LinkedIn or GitHub profile in a generic URL column (LinkedIn's Connections.csv calls it "URL")
    is that profile: kept where matching looks for it."""
    url = person.get("website_url")
    if not url:
        return
    low = url.lower()
    key = "linkedin_url" if "linkedin.com/" in low else "github_url" if "github.com/" in low else None
    if key and not person.get(key):
        person[key], person["website_url"] = url, None


def _name(cells: _Cells) -> str:
    name = cells.single("name")
    first, last = cells.single("first_name"), cells.single("last_name")
    if not name:
        name = " ".join(p for p in (first, last) if p)
    name = clean_text(name)
    if not name:
        raise InvalidInput("missing name")
    return name


def _emails(cells: _Cells) -> tuple[str | None, tuple[str, ...]]:
    """The first address is the person's primary, the others (in order, each once) are theirs too; a cell
    holding anything that is not an address fails the row, naming what is wrong."""
    values = cells.got.get("email")
    if not values:
        return None, ()
    parts = [part for _, v in values for part in _items(v, _EMAIL_SPLIT)]
    if len(parts) == 1:  # one address: the common case, kept quick
        email = _email_or_none(parts[0])
        if email is None:
            raise InvalidInput(f"bad e-mail {parts[0].strip()!r}")
        return email, ()
    emails: list[str] = []
    bad: list[str] = []
    for part in parts:
        email = _email_or_none(part)
        if email is None:
            bad.append(part.strip())
        elif email not in emails:
            emails.append(email)
    if bad:
        listed = ", ".join(repr(b) for b in bad)
        raise InvalidInput(f"bad e-mail {listed}" if len(bad) == 1 else f"bad e-mails {listed}")
    if not emails:
        return None, ()
    return emails[0], tuple(emails[1:])


def _email_or_none(text: str) -> str | None:
    try:
        return normalise_email(text)
    except InvalidInput:
        return None


def _links(cells: _Cells, person: dict[str, str | None]) -> None:
    """A links column fills LinkedIn, GitHub and website by what each link is; surplus links go to the note."""
    for _, v in cells.values("links"):
        for link in _items(v, _LINK_SPLIT):
            low = link.lower()
            key = (
                "linkedin_url" if "linkedin." in low else "github_url" if "github." in low else "website_url"
            )
            if not person.get(key):
                person[key] = clean_text(link)
            elif person[key] != link:
                cells.extra.append(f"Link: {link}")


def _location(cells: _Cells) -> str | None:
    """A location column, or city, region and country joined; parts the location lacks go to the note."""
    location = cells.single("location")
    if not location and not cells.got.keys().isdisjoint(("city", "region", "country")):
        parts = [cells.single(f) for f in ("city", "region", "country")]
        return ", ".join(p for p in parts if p) or None
    if location:
        for f in ("city", "region", "country"):
            v = cells.single(f)
            if v and v.lower() not in location.lower():
                cells.extra.append(f"{f.title()}: {v}")
    return location


def _check_lengths(person: dict[str, str | None]) -> None:
    for field, limit in _LIMITS:
        v = person[field]
        if v is not None and len(v) > limit:
            label = field.replace("_url", "").replace("_", " ")
            raise InvalidInput(f"{label} is longer than {limit} characters")


def _tags(cells: _Cells) -> list[str]:
    """Distinct tags (ignoring case); a 'tag' over 100 characters is prose, kept in the note."""
    tags: list[str] = []
    for _, v in cells.values("tags"):
        for t in _items(v, _LIST_SPLIT):
            t = " ".join(t.split())
            if t and len(t) <= 100 and t.lower() not in (x.lower() for x in tags):
                tags.append(t)
            elif len(t) > 100:
                cells.extra.append(f"Tag too long to be a tag: {t}")
    return tags


def _pipeline(cells: _Cells, person: dict[str, str | None]) -> dict[str, object]:
    """What the row says about a pipeline (stage, status, dates, pools, history), as PersonRow fields."""
    fields: dict[str, object] = {"stage": clean_text(cells.single("stage"))}
    status = clean_text(cells.single("status"))
    fields["status"] = status.lower().replace(" ", "_") if status else None
    for name in ("applied_at", "stage_entered_at", "last_contacted_at", "created_at"):
        fields[name] = date_value(cells.single(name))
    rejection_note = clean_text(cells.single("rejection_note"), multiline=True)
    fields["rejection_note"] = rejection_note
    fields["rating"] = rating_value(cells.single("rating"))
    fields["rejection_reason"] = clean_text(cells.single("rejection_reason"))
    fields["pools"] = tuple(p for _, v in cells.values("pools") for p in pools_value(v))
    history = tuple(e for _, v in cells.values("history") for e in history_value(v))
    if history and all(
        isinstance(v, str) and not v.lstrip().startswith("[") for _, v in cells.values("history")
    ):
        history = with_csv_notes(history, person.get("source"), rejection_note)
    fields["history"] = history
    return fields


def _unneutralise(text: str) -> str:
    return _NEUTRALISED.sub("", text) if text[:1] == "'" else text


def _text(value: object) -> str | None:
    if type(value) is str:  # CSV cells: the hot path
        text = value.strip()
        if text[:1] == "'":
            text = _unneutralise(text)
        return text or None
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(t for t in (_text(v) for v in value) if t) or None
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    text = _unneutralise(str(value)).strip()
    return text or None


def _items(value: object, split: re.Pattern) -> list[str]:
    if isinstance(value, list):
        out = []
        for v in value:
            if isinstance(v, dict):
                v = v.get("name") or v.get("value") or v.get("email")
            if v is not None and str(v).strip():
                out.append(_unneutralise(str(v)).strip())
        return out
    text = _unneutralise(str(value)).strip()
    if text and not _ANY_SEPARATOR.search(text):
        return [text]  # one value in the cell: the common case
    return [p for p in (x.strip() for x in split.split(text)) if p]


def _note_items(value: object) -> list[str]:
    if isinstance(value, list):
        return [t for t in (_text(v) for v in value) if t]
    text = _text(value)
    return [text] if text else []


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


__all__ = ["MULTI_FIELDS", "RowReader"]
