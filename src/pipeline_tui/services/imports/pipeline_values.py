"""Reading the cells that describe a pipeline: dates, a rating, pool memberships and a stage history.

Most files have none of these; an export of ours (JSON or CSV) has all of them, and an import must read
back exactly what the export wrote (history entries as text in CSV, as objects in JSON).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.records import HistoryEntry
from pipeline_tui.core.vocabulary import (
    CLOSING_ACTIONS,
    EVENT_ACTIONS,
    OPENING_ACTIONS,
    ApplicationStatus,
    EventAction,
)

_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y")
# Our CSV export's history cell: "AT ACTION [FROM -> ]TO [REASON] (ACTOR)" entries joined by " | ".
_HISTORY_ENTRY = re.compile(
    r"^(?P<at>\S+)\s+(?P<action>[a-z]+)(?:\s+(?P<where>.*?))?(?:\s+\[(?P<reason>[^\]]*)\])?(?:\s+\((?P<actor>[^()]*)\))?$"
)
# The status an action leaves when a history entry does not say.
_STATUS_AFTER = {
    EventAction.APPLIED: ApplicationStatus.ACTIVE,
    EventAction.HANDOFF: ApplicationStatus.ACTIVE,
    EventAction.MOVE: ApplicationStatus.ACTIVE,
    EventAction.REOPEN: ApplicationStatus.ACTIVE,
    EventAction.REJECT: ApplicationStatus.REJECTED,
    EventAction.WITHDRAW: ApplicationStatus.WITHDRAWN,
    EventAction.HIRE: ApplicationStatus.HIRED,
}


def date_value(value: str | None) -> datetime | None:
    """A date or time in any of the usual spellings, as naive UTC; InvalidInput when it is none of them."""
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


def rating_value(value: str | None) -> int | None:
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


def pools_value(value: object) -> list[tuple[str, str | None]]:
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
                "from": frm or (to if m.group("action") not in OPENING_ACTIONS else None),
                "to": to or None,
                "reason": m.group("reason"),
                "actor": m.group("actor"),
            }
        )
    return out


def history_value(value: object) -> list[HistoryEntry]:
    """Stage history from a JSON list of events or our CSV's text; InvalidInput on an unknown action."""
    value = _json_value(value)
    if isinstance(value, str):
        value = _history_text(value)
    if not isinstance(value, list):
        raise InvalidInput("history is not a list of events")
    out = []
    for ev in value:
        if not isinstance(ev, dict):
            continue
        action = str(ev.get("action") or EventAction.MOVE)
        if action not in EVENT_ACTIONS:
            raise InvalidInput(f"history has an unknown action {ev.get('action')!r}")
        to_stage = ev.get("to") or ev.get("to_stage")
        from_stage = ev.get("from") or ev.get("from_stage")
        out.append(
            HistoryEntry(
                action=action,
                to_stage=str(to_stage) if to_stage else None,
                from_stage=str(from_stage) if from_stage else None,
                to_status=_opt(ev.get("to_status") or ev.get("status")) or _STATUS_AFTER.get(action),
                from_status=_opt(ev.get("from_status")),
                at=date_value(str(ev["at"])) if ev.get("at") else None,
                actor=_opt(ev.get("actor")),
                reason=_opt(ev.get("reason")),
                note=_opt(ev.get("note")),
            )
        )
    return out


def with_csv_notes(history: tuple[HistoryEntry, ...], source: str | None, rejection_note: str | None):
    """Our CSV history has no per-event notes; the ones the pipeline writes come back from the row: the
    source on the 'applied' event, the rejection note on the last reject or withdraw."""
    last_close = max((i for i, e in enumerate(history) if e.action in CLOSING_ACTIONS), default=None)
    for i, e in enumerate(history):
        if e.note is None and e.action in OPENING_ACTIONS:
            e.note = source
        elif e.note is None and i == last_close:
            e.note = rejection_note
    return history


def _opt(value: object) -> str | None:
    return str(value) if value not in (None, "") else None
