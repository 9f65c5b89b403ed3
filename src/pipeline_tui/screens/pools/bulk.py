"""The pool browser's bulk actions: tags, pools, status, touch, hand-over, merge, export, ctrl+a.

Each acts on the marked people, or on the focused one when nobody is marked, and is one store call (one
transaction) run by `store_work(serial=True)`: writes wait for each other in the order they were asked for
(a second action never interleaves with the first), the screen stays responsive meanwhile, and the result
is said in a notification before the table and side list are re-read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pipeline_tui.core.query import ProspectQuery
from pipeline_tui.core.records import BulkResult, PoolRecord
from pipeline_tui.core.segments import DUPLICATES
from pipeline_tui.screens.pools.pool_picker import pool_choices, pool_picker
from pipeline_tui.screens.pools.pool_status import status_picker
from pipeline_tui.screens.pools.prospect_export import ExportModal
from pipeline_tui.screens.pools.prospect_form import ProspectAdded, ProspectFormModal
from pipeline_tui.screens.pools.prospect_handoff import job_choices, job_picker
from pipeline_tui.screens.pools.prospect_merge import MergeChoice, MergeModal
from pipeline_tui.screens.pools.prospect_tag_manager import TagManagerModal
from pipeline_tui.screens.pools.prospect_tags import TagInputModal
from pipeline_tui.screens.pools.prospect_touch import Touch, TouchModal
from pipeline_tui.services.export import export_selection
from pipeline_tui.services.pipeline import hand_over, merge_people
from pipeline_tui.widgets.literal import plain

if TYPE_CHECKING:
    from pipeline_tui.store import Store

# From this many people on, an action says "working on N people…" before its result (a touch on 10,000
# people takes over a second), and ctrl+a says it is marking.
BACKGROUND_ABOVE = 2_000

Action = Callable[["Store"], BulkResult]


def who(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


class BulkActions:
    """Mixed into PoolsScreen: uses its table, view, parsed query, `store_work` and `_reload`."""

    def _targets(self: Any) -> list[int]:
        """The marked people, or the focused one when nobody is marked."""
        table = self.table
        if table.selected:
            return sorted(table.selected)
        row = table.cursor_row
        if row is None:
            self.notify("No one to act on here.", severity="warning")
            return []
        return [row.id]

    def action_select_all(self: Any) -> None:
        """ctrl+a: mark everyone matching the filter (a million ids take about a second to gather). Keys
        typed meanwhile wait for the marks; a result for a view left meanwhile is dropped."""
        view, parsed, total = self.view, self.parsed, self.table.total
        if total >= BACKGROUND_ABOVE:
            self.notify(f"marking all {total:,} matching…", markup=False)
        self.table.hold("marking")
        self.store_work(
            lambda store: store.prospects.matching_ids(view, parsed),
            lambda ids: self._marked(view, parsed, ids),
            key="select-all",
            exclusive=True,
            on_failed=lambda _error: self.table.release("marking"),
        )

    def _marked(self: Any, view: int | str, parsed: ProspectQuery, ids: list[int]) -> None:
        self.table.release("marking")
        if (view, parsed) != (self.view, self.parsed):
            self.notify("the view changed meanwhile: nobody was marked", severity="warning")
            return
        self.table.set_selection(set(ids))
        self.notify(f"marked all {len(ids):,} matching", markup=False)

    def _run(
        self: Any,
        action: Action,
        *,
        clear: bool = False,
        title: str = "",
        side: bool = True,
        size: int = 1,
        preview: int | None = None,
    ) -> None:
        """Run one store action (one transaction) on the writer thread; say what it changed and re-read what
        is shown (`side=False`: tags and statuses change no count in the side list, so 500 pools are not
        re-counted). A refusal takes the one error path of `store_work`."""
        if size >= BACKGROUND_ABOVE:
            self.notify(f"working on {size:,} people…", title=title, markup=False)

        def done(result: BulkResult) -> None:
            self.notify(plain(result.message) or "done", title=title, markup=False)
            if clear:
                self.table.selected.clear()
            self._reload(side=side, preview=preview)

        self.store_work(action, done, key="bulk", serial=True)

    # -- tags -------------------------------------------------------------------------------------------

    def action_add_tags(self: Any) -> None:
        self._tags("Add tags", lambda store, ids, tags: store.tags.tag(ids, tags))

    def action_remove_tags(self: Any) -> None:
        self._tags("Remove tags", lambda store, ids, tags: store.tags.untag(ids, tags))

    def _tags(self: Any, heading: str, change: Callable[[Store, list[int], list[str]], BulkResult]) -> None:
        ids = self._targets()
        if not ids:
            return

        def done(tags: list[str] | None) -> None:
            if tags:
                self._run(lambda store: change(store, ids, tags), title="Tags", side=False, size=len(ids))

        self.app.push_screen(TagInputModal(heading, len(ids)), done)

    def action_manage_tags(self: Any) -> None:
        self.app.push_screen(TagManagerModal(), lambda changed: changed and self._reload())

    # -- pools and status -------------------------------------------------------------------------------

    def action_add_to_pool(self: Any) -> None:
        ids = self._targets()
        if not ids:
            return

        def done(key: str | None) -> None:
            if key:
                self._run(lambda store: store.pools.add_to_pool(int(key), ids), title="Pools", size=len(ids))

        exclude = self.view if isinstance(self.view, int) else None
        picker = pool_picker(
            f"Add {who(len(ids))} to a pool",
            lambda store: pool_choices(store.pools.list_pools(), exclude=exclude),
        )
        self.app.push_screen(picker, done)

    def action_remove_from_pool(self: Any) -> None:
        ids = self._targets()
        if not ids:
            return

        def done(key: str | None) -> None:
            if key:
                self._run(
                    lambda store: store.pools.remove_from_pool(int(key), ids),
                    clear=True,
                    title="Pools",
                    size=len(ids),
                )

        view = self.view

        def choices(store: Store) -> list:
            pools = store.pools.list_pools()
            if isinstance(view, int):
                pools.sort(key=lambda p: p.id != view)
            return pool_choices(pools)

        self.app.push_screen(pool_picker(f"Remove {who(len(ids))} from a pool", choices), done)

    def action_set_status(self: Any) -> None:
        ids = self._targets()
        if not ids:
            return
        pool = self.current_pool
        if pool is not None:
            self._set_status_in(pool.id, pool.name, ids)
            return
        pools: dict[str, PoolRecord] = {}

        def choices(store: Store) -> list:
            listed = store.pools.list_pools()
            pools.update((str(p.id), p) for p in listed)
            return pool_choices(listed)

        def picked(key: str | None) -> None:
            chosen = pools.get(key or "")
            if chosen is not None:
                self._set_status_in(chosen.id, chosen.name, ids)

        self.app.push_screen(pool_picker("Set the status in which pool?", choices), picked)

    def _set_status_in(self: Any, pool_id: int, pool_name: str, ids: list[int]) -> None:
        def done(status: str | None) -> None:
            if status:
                self._run(
                    lambda store: store.pools.set_status(pool_id, ids, status),
                    title="Pool status",
                    side=False,
                    size=len(ids),
                )

        self.app.push_screen(status_picker(pool_name, len(ids)), done)

    # -- contact, hand-over, merge, export, new ----------------------------------------------------------

    def action_touch(self: Any) -> None:
        ids = self._targets()
        if not ids:
            return

        def done(touch: Touch | None) -> None:
            if touch:
                self._run(
                    lambda store: store.activities.log_touch(ids, touch.channel, touch.note),
                    title="Touch",
                    size=len(ids),
                )

        self.app.push_screen(TouchModal(len(ids)), done)

    def action_handoff(self: Any) -> None:
        ids = self._targets()
        if not ids:
            return
        pool = self.current_pool
        pool_id = pool.id if pool else None

        def done(key: str | None) -> None:
            if key:
                self._run(
                    lambda store: hand_over(store, int(key), ids, pool_id=pool_id),
                    clear=True,
                    title="Hand over",
                    size=len(ids),
                )

        load = lambda store: job_choices(store.jobs.list_jobs(statuses=("open",)))  # noqa: E731
        self.app.push_screen(job_picker(load, len(ids), pool.name if pool else None), done)

    def action_merge(self: Any) -> None:
        """Merge two marked records; in "Possible duplicates", the focused person and their pair."""
        table = self.table
        marked = sorted(table.selected)
        row = table.cursor_row
        if len(marked) == 1 and row is not None and row.id != marked[0]:
            marked.append(row.id)
        if len(marked) < 2 and self.view == DUPLICATES and (marked or row is not None):
            focused = marked[0] if marked else row.id
            self.store_work(
                lambda store: store.duplicates.partner(focused),
                lambda other: self._merge_with_pair(focused, other),
                key="merge-partner",
            )
            return
        if len(marked) != 2:
            self.notify("Mark exactly two records of the same person to merge them.", severity="warning")
            return
        self._open_merge(marked[0], marked[1])

    def _merge_with_pair(self: Any, focused: int, other: int | None) -> None:
        if other is None:
            self.notify("No possible duplicate of this person any more.", severity="warning")
            return
        self._open_merge(focused, other)

    def _open_merge(self: Any, first: int, second: int) -> None:
        def done(choice: MergeChoice | None) -> None:
            if choice:
                keep, drop, take = choice.keep, choice.drop, choice.take
                self._run(
                    lambda store: merge_people(store, keep, drop, take=take),
                    clear=True,
                    title="Merge",
                    preview=keep,
                )

        self.app.push_screen(MergeModal(first, second), done)

    def action_export(self: Any) -> None:
        ids = self._targets()
        if not ids:
            return

        def done(message: str | None) -> None:
            if message:
                self.notify(plain(message), title="Export", markup=False)

        write = lambda store, path, fmt: export_selection(store, ids, path, fmt)  # noqa: E731
        self.app.push_screen(ExportModal(len(ids), "prospects.csv", write), done)

    def action_new_prospect(self: Any) -> None:
        def done(added: ProspectAdded | None) -> None:
            if added:
                self.notify(plain(added.message), title="Prospect", markup=False)
                self._reload(preview=added.candidate_id)

        self.app.push_screen(ProspectFormModal(self.current_pool), done)
