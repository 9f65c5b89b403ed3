"""Why a search found nobody when the query itself is the reason: a tag, a status or a field that does not
exist.

Said where the rows would be, in place of "No one matches", with the closest tags (the store knows them), so a
typo such as `tag:pyhton` is one glance from its fix instead of an empty table that looks like an answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline_tui.core.query import FILTER_KEYS, ProspectQuery
from pipeline_tui.core.segments import DUPLICATES
from pipeline_tui.core.vocabulary import PoolStatus

if TYPE_CHECKING:
    from pipeline_tui.store import Store

NO_MATCH = "No one matches this search."
# An empty view without a search: what the view is for, so an empty table does not look like a fault.
NOBODY = "No one here yet: n adds a prospect, p from another view adds people."
EMPTY_SEGMENTS = {
    DUPLICATES: "No possible duplicates: people are listed here when they share a phone number, or have "
    "near-identical names at the same company or in the same location.",
}


def empty_view_text(view: object) -> str:
    """The empty table's line for a view (a segment or a pool) when no search narrows it."""
    return EMPTY_SEGMENTS.get(view, NOBODY) if isinstance(view, str) else NOBODY


def no_match_text(store: Store, query: ProspectQuery) -> str:
    """The empty table's line for `query` (read off the UI thread: it may ask the store for tag names)."""
    parts: list[str] = []
    for word in query.statuses:
        if PoolStatus.parse(word) is None:
            shown = word.replace("_", " ")
            parts.append(f'No status "{shown}": use {", ".join(s.label for s in PoolStatus)}.')
    for name, near in store.tags.closest([*query.tags, *query.without_tags]).items():
        parts.append(f'No tag "{name}"' + (f"; closest: {', '.join(near)}." if near else "."))
    for key in query.unknown_fields:
        parts.append(f'No field "{key}": use {", ".join(f"{k}:" for k in FILTER_KEYS)} or plain words.')
    return " ".join(parts) or NO_MATCH
