"""The hint a form gives before adding someone who may be on file already under a near-identical name (a
one-letter typo) at the same company or in the same location: said once, the next save adds them anyway."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from pipeline_tui.core.duplicates import block_key
from pipeline_tui.core.records import CandidateRecord
from pipeline_tui.widgets.literal import literal

if TYPE_CHECKING:
    from pipeline_tui.core.validation import CandidateInput
    from pipeline_tui.store import Store


def look_alikes(store: Store, person: CandidateInput) -> tuple[CandidateRecord, ...]:
    """People on file this new person may be (read off the UI thread)."""
    return tuple(
        store.candidates.possible_duplicates(person.full_name, person.current_company, person.location)
    )


def look_alike_text(dupes: tuple[CandidateRecord, ...], company: str | None) -> Text:
    """'Possible duplicate: Jon Smith at Acme (#12, jon@acme.example). Save again to add anyway.'"""
    d = dupes[0]
    msg = Text("Possible duplicate: ")
    msg.append_text(literal(d.full_name, "bold"))
    same_company = bool(company) and block_key(d.current_company) == block_key(company)
    msg.append(" at " if same_company else " in ")
    msg.append_text(literal((d.current_company if same_company else d.location) or ""))
    msg.append(f" (#{d.id}")
    if d.email:
        msg.append(", ")
        msg.append_text(literal(d.email))
    msg.append(
        ")" + (f" and {len(dupes) - 1} more" if len(dupes) > 1 else "") + ". Save again to add anyway."
    )
    return msg
