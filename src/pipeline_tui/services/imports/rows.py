"""From a file's record to a person: the mapped columns validated, everything unmapped kept as a note.

A row fails (with its line number and one reason) when it has no name, a malformed primary e-mail or a
value too long for its field; everything else about a row is forgiving. Values a field cannot take (a
second e-mail, a headline beside a title, columns nobody recognised) are not dropped: they become lines of
the note stored with the person.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.records import HistoryEntry, ImportFailure, PersonRow
from pipeline_tui.core.validation import clean_text, normalise_email
from pipeline_tui.services.imports.columns import MULTI_FIELDS, ColumnMapping
from pipeline_tui.services.imports.resume import NOT_AN_OBJECT
from pipeline_tui.store.imports import FIELD_LIMITS
from pipeline_tui.store.models import EVENT_ACTIONS

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
_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y")


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
        try:
            return self._read(line, rec)
        except InvalidInput as exc:
            return ImportFailure(line=line, reason=str(exc))

    def _read(self, line: int, rec: dict[str, object]) -> PersonRow:
        extra: list[str] = []

        # One pass over the mapped columns: field -> [(header, value)] for non-empty cells, preferred first.
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

        def values(field: str) -> list[tuple[str, object]]:
            return got.get(field, [])

        def single(field: str) -> str | None:
            """The preferred column's value; other differing values become note lines."""
            lst = got.get(field)
            if not lst:
                return None
            if len(lst) == 1:
                return _text(lst[0][1])
            chosen = None
            for h, v in values(field):
                text = _text(v)
                if not text:
                    continue
                if chosen is None:
                    chosen = text
                elif text != chosen:
                    extra.append(f"{h}: {text}")
            return chosen

        name = single("name")
        first, last = single("first_name"), single("last_name")
        if not name:
            name = " ".join(p for p in (first, last) if p)
        name = clean_text(name)
        if not name:
            raise InvalidInput("missing name")

        emails: list[str] = []
        for _, v in values("email"):
            for part in _items(v, _EMAIL_SPLIT):
                emails.append(part)
        email = None
        if emails:
            email = _email(emails[0])
            others = []
            for e in emails[1:]:
                try:
                    e_norm = normalise_email(e) or e
                except InvalidInput:
                    e_norm = e.strip()
                if e_norm != email and e_norm not in others:
                    others.append(e_norm)
            if others:
                extra.append("Other e-mails: " + ", ".join(others))

        phones: list[str] = []
        for _, v in values("phone"):
            phones.extend(p for p in _items(v, _PHONE_SPLIT) if p not in phones)
        if len(phones) > 1:
            extra.append("Other phones: " + ", ".join(phones[1:]))

        person: dict[str, str | None] = {
            "full_name": name,
            "email": email,
            "phone": clean_text(phones[0]) if phones else None,
        }
        for field, column in SINGLE.items():
            v = single(field) if field in got else None
            person[column] = clean_text(v) if v is not None else None
        for _, v in values("links"):
            for link in _items(v, _LINK_SPLIT):
                low = link.lower()
                key = (
                    "linkedin_url"
                    if "linkedin." in low
                    else "github_url"
                    if "github." in low
                    else "website_url"
                )
                if not person.get(key):
                    person[key] = clean_text(link)
                elif person[key] != link:
                    extra.append(f"Link: {link}")
        location = single("location")
        if not location and not got.keys().isdisjoint(("city", "region", "country")):
            parts = [single(f) for f in ("city", "region", "country")]
            location = ", ".join(p for p in parts if p) or None
        elif location:
            for f in ("city", "region", "country"):
                v = single(f)
                if v and v.lower() not in location.lower():
                    extra.append(f"{f.title()}: {v}")
        person["location"] = clean_text(location)
        summary = single("summary")
        person["summary"] = clean_text(summary, multiline=True)
        for field, limit in _LIMITS:
            v = person[field]
            if v is not None and len(v) > limit:
                label = field.replace("_url", "").replace("_", " ")
                raise InvalidInput(f"{label} is longer than {limit} characters")

        tags: list[str] = []
        for _, v in values("tags"):
            for t in _items(v, _LIST_SPLIT):
                t = " ".join(t.split())
                if t and len(t) <= 100 and t.lower() not in (x.lower() for x in tags):
                    tags.append(t)
                elif len(t) > 100:
                    extra.append(f"Tag too long to be a tag: {t}")

        notes = [n for _, v in values("notes") for n in _note_items(v)]
        for h in self.unknown:
            v = rec.get(h)
            text = _text(v) if not isinstance(v, (dict, list)) else json.dumps(v, ensure_ascii=False)
            if text:
                extra.append(f"{h}: {text}")
        stage = status = reason = rejection_note = None
        applied_at = stage_entered_at = last_contacted_at = created_at = None
        rating = None
        pools: tuple = ()
        history: tuple = ()
        if not got.keys().isdisjoint(_PIPELINE_FIELDS):
            stage = clean_text(single("stage"))
            status_raw = clean_text(single("status"))
            status = status_raw.lower().replace(" ", "_") if status_raw else None
            applied_at = _date(single("applied_at"))
            stage_entered_at = _date(single("stage_entered_at"))
            last_contacted_at = _date(single("last_contacted_at"))
            created_at = _date(single("created_at"))
            rejection_note = clean_text(single("rejection_note"), multiline=True)
            rating = _rating(single("rating"))
            reason = clean_text(single("rejection_reason"))
            pools = tuple(p for _, v in values("pools") for p in _pools(v))
            history = tuple(e for _, v in values("history") for e in _history(v))
            if history and all(
                isinstance(v, str) and not v.lstrip().startswith("[") for _, v in values("history")
            ):
                history = _with_csv_notes(history, person.get("source"), rejection_note)
        note_text = "\n".join([*notes, *extra]).strip() or None
        return PersonRow(
            line=line,
            person=person,
            tags=tuple(tags),
            note=clean_text(note_text, multiline=True),
            stage=stage,
            status=status,
            applied_at=applied_at,
            stage_entered_at=stage_entered_at,
            last_contacted_at=last_contacted_at,
            created_at=created_at,
            rejection_note=rejection_note,
            rating=rating,
            rejection_reason=reason,
            pools=pools,
            history=history,
        )


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


def _email(value: str) -> str:
    try:
        email = normalise_email(value)
    except InvalidInput:
        raise InvalidInput(f"bad e-mail {value.strip()!r}") from None
    if email is None:
        raise InvalidInput("bad e-mail (empty)")
    return email


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    text = value.strip()
    dt = _parse_date(text)
    if dt is None:
        raise InvalidInput(f"not a date: {text!r}")
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt


def _parse_date(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    if text.isdigit() and len(text) >= 12:
        # Milliseconds since the epoch (LinkedIn Talent Hub's created_time).
        return datetime.fromtimestamp(int(text) / 1000, UTC)
    return None


def _rating(value: str | None) -> int | None:
    if not value:
        return None
    try:
        n = int(float(value))
    except ValueError:
        raise InvalidInput(f"rating must be a number from 0 to 3, got {value!r}") from None
    if not 0 <= n <= 3:
        raise InvalidInput(f"rating must be 0 to 3, got {n}")
    return n


def _json_value(value: object) -> object:
    if isinstance(value, str):
        text = value.strip()
        if text[:1] in "[{":
            try:
                return json.loads(text)
            except ValueError:
                return value
    return value


def _pools(value: object) -> list[tuple[str, str | None]]:
    """[{'name':..., 'status':...}], or 'Pool A (engaged); Pool B' as a spreadsheet would hold it."""
    value = _json_value(value)
    out: list[tuple[str, str | None]] = []
    if isinstance(value, dict):
        value = [value]
    if isinstance(value, list):
        for p in value:
            if isinstance(p, dict) and p.get("name"):
                out.append((str(p["name"]), str(p["status"]) if p.get("status") else None))
            elif isinstance(p, str) and p.strip():
                out.append(_pool_text(p))
        return out
    return [_pool_text(p) for p in re.split(r"\s*;\s*", str(value)) if p.strip()]


def _pool_text(text: str) -> tuple[str, str | None]:
    m = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", text.strip())
    if m:
        return m.group(1), m.group(2)
    return text.strip(), None


# Our CSV export's history cell: "AT ACTION [FROM -> ]TO [REASON] (ACTOR)" entries joined by " | ".
_HISTORY_ENTRY = re.compile(
    r"^(?P<at>\S+)\s+(?P<action>[a-z]+)(?:\s+(?P<where>.*?))?(?:\s+\[(?P<reason>[^\]]*)\])?(?:\s+\((?P<actor>[^()]*)\))?$"
)
_STATUS_AFTER = {
    "applied": "active",
    "handoff": "active",
    "move": "active",
    "reopen": "active",
    "reject": "rejected",
    "withdraw": "withdrawn",
    "hire": "hired",
}


def _history_text(text: str) -> list[dict]:
    out = []
    for part in text.split(" | "):
        m = _HISTORY_ENTRY.match(part.strip())
        if not m:
            raise InvalidInput(f"cannot read the history entry {part.strip()!r}")
        where = m.group("where") or ""
        frm, arrow, to = where.partition(" -> ")
        if not arrow:
            frm, to = "", where
        out.append(
            {
                "at": m.group("at"),
                "action": m.group("action"),
                "from": frm or (to if m.group("action") not in ("applied", "handoff") else None),
                "to": to or None,
                "reason": m.group("reason"),
                "actor": m.group("actor"),
            }
        )
    return out


def _history(value: object) -> list[HistoryEntry]:
    value = _json_value(value)
    if isinstance(value, str):
        value = _history_text(value)
    if not isinstance(value, list):
        raise InvalidInput("history is not a list of events")
    out = []
    for ev in value:
        if not isinstance(ev, dict):
            continue
        if str(ev.get("action") or "move") not in EVENT_ACTIONS:
            raise InvalidInput(f"history has an unknown action {ev.get('action')!r}")
        to_stage = ev.get("to") or ev.get("to_stage")
        from_stage = ev.get("from") or ev.get("from_stage")
        out.append(
            HistoryEntry(
                action=str(ev.get("action") or "move"),
                to_stage=str(to_stage) if to_stage else None,
                from_stage=str(from_stage) if from_stage else None,
                to_status=_opt(ev.get("to_status") or ev.get("status"))
                or _STATUS_AFTER.get(str(ev.get("action") or "move")),
                from_status=_opt(ev.get("from_status")),
                at=_date(str(ev["at"])) if ev.get("at") else None,
                actor=_opt(ev.get("actor")),
                reason=_opt(ev.get("reason")),
                note=_opt(ev.get("note")),
            )
        )
    return out


def _with_csv_notes(history: tuple[HistoryEntry, ...], source: str | None, rejection_note: str | None):
    """Our CSV history has no per-event notes; the ones the pipeline writes come back from the row: the
    source on the 'applied' event, the rejection note on the last reject or withdraw."""
    last_close = max((i for i, e in enumerate(history) if e.action in ("reject", "withdraw")), default=None)
    for i, e in enumerate(history):
        if e.note is None and e.action in ("applied", "handoff"):
            e.note = source
        elif e.note is None and i == last_close:
            e.note = rejection_note
    return history


def _opt(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


__all__ = ["MULTI_FIELDS", "RowReader"]
