"""The pool browser's commands on pools (new, rename, describe, delete), on files (import) and on one person
(privacy export and erase). Every dialog reads and writes through `store_work` itself; the browser re-reads
what it shows when a dialog says something changed."""

from __future__ import annotations

from typing import Any

from pipeline_tui.core.records import PoolRecord
from pipeline_tui.screens.pools.pool_delete import PoolDeleteModal
from pipeline_tui.screens.pools.pool_form import PoolFormModal
from pipeline_tui.screens.shared.import_dialog import ImportDialog
from pipeline_tui.screens.shared.privacy import PrivacyEraseDialog, PrivacyExportDialog
from pipeline_tui.widgets.literal import plain


class PoolCommands:
    """Mixed into PoolsScreen: uses its table, view, current pool, `store_work` and the load methods."""

    def _need_pool(self: Any) -> PoolRecord | None:
        pool = self.current_pool
        if pool is None:
            self.notify(
                "Pick a pool in the side list first (segments cannot be changed).", severity="warning"
            )
        return pool

    def _show_view(self: Any, view: int | str) -> None:
        """Switch to `view` (a new or deleted pool changes the side list too)."""
        self.view = view
        self.table.set_selection(set())
        self._load_table()
        self._load_side()

    def action_new_pool(self: Any) -> None:
        def done(pool: PoolRecord | None) -> None:
            if pool:
                self.notify(f"created pool {plain(pool.name)}", title="Pools", markup=False)
                self._show_view(pool.id)

        create = lambda store, name, desc: store.pools.create_pool(name, description=desc or None)  # noqa: E731
        self.app.push_screen(PoolFormModal("New pool", create), done)

    def action_rename_pool(self: Any) -> None:
        pool = self._need_pool()
        if pool is None:
            return

        def done(saved: PoolRecord | None) -> None:
            if saved:
                self.notify(f"renamed {plain(pool.name)} to {plain(saved.name)}", title="Pools", markup=False)
                self._reload()

        rename = lambda store, name, _desc: store.pools.rename_pool(pool.id, name)  # noqa: E731
        self.app.push_screen(PoolFormModal("Rename pool", rename, name=pool.name, fields=("name",)), done)

    def action_describe_pool(self: Any) -> None:
        pool = self._need_pool()
        if pool is None:
            return

        def done(saved: PoolRecord | None) -> None:
            if saved:
                self.notify(f"described {plain(saved.name)}", title="Pools", markup=False)
                self._reload()

        describe = lambda store, _name, desc: store.pools.describe_pool(pool.id, desc)  # noqa: E731
        form = PoolFormModal(
            "Describe pool",
            describe,
            name=pool.name,
            description=pool.description or "",
            fields=("description",),
        )
        self.app.push_screen(form, done)

    def action_delete_pool(self: Any) -> None:
        """`X`: the dialog counts the pool afresh for its question; yes deletes the memberships only."""
        pool = self._need_pool()
        if pool is None:
            return

        def deleted(n: int) -> None:
            self.notify(
                f"deleted pool {plain(pool.name)} ({n} memberships); nobody was deleted",
                title="Pools",
                markup=False,
            )
            self._show_view("all")

        def done(confirmed: bool | None) -> None:
            if confirmed:
                self.store_work(
                    lambda store: store.pools.delete_pool(pool.id), deleted, key="bulk", serial=True
                )

        self.app.push_screen(PoolDeleteModal(pool), done)

    # -- files and privacy ------------------------------------------------------------------------------

    def action_import_file(self: Any) -> None:
        """`i`: import prospects into the selected pool from a CSV, JSON or JSON Resume file."""
        pool = self._need_pool()
        if pool is None:
            return
        self.app.push_screen(
            ImportDialog("prospects", pool_id=pool.id), lambda result: result and self._reload()
        )

    def _focused_person(self: Any) -> int | None:
        row = self.table.cursor_row
        if row is None:
            self.notify("No one to act on here.", severity="warning")
            return None
        return row.id

    def action_open_person(self: Any) -> None:
        """`enter`: the focused person's full record; back on the same row, re-read if anything changed."""
        candidate_id = self._focused_person()
        if candidate_id is not None:
            from pipeline_tui.screens.person.screen import PersonScreen

            self.app.push_screen(
                PersonScreen(candidate_id), lambda changed: changed and self._reload(preview=candidate_id)
            )

    def action_privacy_export(self: Any) -> None:
        """`ctrl+e`: everything held about the focused person, as JSON, for a data request."""
        candidate_id = self._focused_person()
        if candidate_id is not None:
            self.app.push_screen(PrivacyExportDialog(candidate_id))

    def action_privacy_erase(self: Any) -> None:
        """`E`: anonymise the focused person everywhere, after a typed confirmation."""
        candidate_id = self._focused_person()
        if candidate_id is not None:
            self.app.push_screen(PrivacyEraseDialog(candidate_id), lambda result: result and self._reload())
