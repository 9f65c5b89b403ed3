"""The person screen follows others' changes to its person as they happen (the app's `changes_arrived`).

A batch about this person (a move of one of their applications, an edit, a note, a tag, an erase) reads the
view again in one worker and redraws its sections where the user is reading: the scroll position, the
highlighted file and a half-typed note stay. Erased meanwhile: the screen shows what an erased person's
screen shows (withdrawn applications, no contact details) and says so. Merged into someone else meanwhile
(the log names only the kept person): the merged-away person's addresses now find the kept one, and the
screen shows that person instead, saying so; a person who is simply gone closes the screen, saying so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import VerticalScroll

from pipeline_tui.core.change_records import ChangeBatch, ChangeRecord
from pipeline_tui.core.change_vocabulary import ChangeKind
from pipeline_tui.core.errors import NotFound
from pipeline_tui.core.person_view import PersonDetail
from pipeline_tui.screens.live import changed_under_me
from pipeline_tui.widgets.literal import plain

if TYPE_CHECKING:
    from pipeline_tui.core.records import CandidateRecord
    from pipeline_tui.store import Store


def read_again(
    store: Store, candidate_id: int, application_id: int | None, addresses: tuple[str, ...]
) -> PersonDetail | None:
    """The person's view as it is now; once merged away, the view of whoever their addresses find now (the
    merge moved them to the kept person); None when the person is gone."""
    try:
        return store.person_detail.get(candidate_id, focus_application_id=application_id)
    except NotFound:
        pass
    for address in addresses:
        kept = store.candidates.find_by_identity(address)
        if kept is not None:
            return store.person_detail.get(kept.id, focus_application_id=application_id)
    return None


def addresses_of(detail: PersonDetail) -> tuple[str, ...]:
    """What still finds the person after a merge: e-mail addresses and profile URLs (not phones)."""
    values = [i.value for i in detail.identities if i.kind != "phone" and i.value]
    if detail.candidate.email:
        values.append(detail.candidate.email)
    return tuple(dict.fromkeys(values))


class PersonLive:
    """Mixin for PersonScreen (whose attributes and methods it uses)."""

    candidate_id: int
    application_id: int | None
    candidate: CandidateRecord | None
    detail: PersonDetail | None

    def changes_arrived(self, batch: ChangeBatch) -> None:
        detail = self.detail
        if detail is None:
            return  # the first read is on its way and reads these changes too
        merged = any(change.kind == ChangeKind.MERGED for change in batch.changes)
        if not (batch.for_person(self.candidate_id) or merged):
            return
        change = changed_under_me(batch, candidate_id=self.candidate_id)
        candidate_id, app_id, addresses = self.candidate_id, self.application_id, addresses_of(detail)
        who = next((c.actor for c in reversed(batch.changes) if c.kind == ChangeKind.MERGED), None)
        self.store_work(  # type: ignore[attr-defined]
            lambda store: read_again(store, candidate_id, app_id, addresses),
            lambda found: self._show_again(found, change, who),
            key="person",
            exclusive=True,
        )

    def _show_again(
        self, found: PersonDetail | None, change: ChangeRecord | None, merged_by: str | None
    ) -> None:
        before = self.candidate
        name = plain(before.full_name) if before is not None else "This person"
        if found is None:
            self.notify(f"{name} is no longer in the database: closed", severity="warning", timeout=8)  # type: ignore[attr-defined]
            self.dismiss(getattr(self, "changed", False))  # type: ignore[attr-defined]
            return
        after = found.candidate
        if after.id != self.candidate_id:
            self.candidate_id = after.id
            who = merged_by or "Someone"
            self.notify(  # type: ignore[attr-defined]
                f"{who} merged {name} into {plain(after.full_name)}: showing that record", timeout=8
            )
        elif after.anonymised_at is not None and (before is None or before.anonymised_at is None):
            who = change.actor if change is not None and change.actor else "Someone"
            self.notify(  # type: ignore[attr-defined]
                f"{who} erased this person's details: showing what is kept", severity="warning", timeout=8
            )
        scroll = self.query_one("#person", VerticalScroll)  # type: ignore[attr-defined]
        y = scroll.scroll_offset.y
        self._show(found)  # type: ignore[attr-defined]
        # The sections take their new heights in the next layout: the place is put back after it.
        self.call_after_refresh(scroll.scroll_to, y=y, animate=False)  # type: ignore[attr-defined]
