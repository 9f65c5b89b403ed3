"""Manage tags: rename a tag, or merge it into another (every person's tag moves, no duplicate links)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.records import TagRecord
from pipeline_tui.core.validation import tag_key
from pipeline_tui.screens.pools.pool_dialog import PoolDialog
from pipeline_tui.screens.pools.prospect_tags import TagSuggester, tag_lookup
from pipeline_tui.widgets.literal import literal, plain

if TYPE_CHECKING:
    from pipeline_tui.store import Store

LIST_LIMIT = 500


class TagManagerModal(PoolDialog[bool]):
    """Returns True when something changed, so the browser reloads."""

    BINDINGS = [
        Binding("escape", "cancel", "Close"),
        Binding("r", "rename", "Rename"),
        Binding("m", "merge", "Merge into…"),
        Binding("slash", "filter", "Filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.changed = False
        self.mode: str | None = None
        self.tags: list[TagRecord] = []
        self.loading = False  # a list is on its way: r / m typed meanwhile wait for it
        self.pending_mode: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="tag-manager", classes="dialog"):
            yield self.dialog_title(("Tags", False))
            yield Input(placeholder="/ filter tags", id="tag-filter", classes="compact")
            yield OptionList(id="tag-list")
            yield Static("", id="tag-edit-label", classes="dialog-body")
            yield self.editable(id="tag-edit", suggester=TagSuggester(tag_lookup(self)), classes="compact")
            yield self.error_line()
            yield Static("r rename · m merge into · / filter · esc close", classes="dialog-hint")

    def on_mount(self) -> None:
        self._end_edit()
        self._fill()
        self.query_one("#tag-list", OptionList).focus()

    def _fill(self, keep: int | None = None) -> None:
        """Re-read the tags under the filter (off the UI thread), keeping `keep` highlighted."""
        needle = self.query_one("#tag-filter", Input).value.strip()
        self.loading = True
        self.store_work(
            lambda store: store.tags.all_tags(prefix=needle, limit=LIST_LIMIT),
            lambda tags: self._show_tags(needle, tags, keep),
            key="tag-list",
            exclusive=True,
        )

    def _show_tags(self, needle: str, tags: list[TagRecord], keep: int | None) -> None:
        if needle != self.query_one("#tag-filter", Input).value.strip():
            return  # the filter changed meanwhile: its own list is on its way
        self.loading = False
        self.tags = tags
        options = self.query_one("#tag-list", OptionList)
        items = []
        for t in self.tags:
            label = literal(t.name)
            label.append(f"  {t.candidate_count:,}", style="dim")
            items.append(Option(label, id=str(t.id)))
        options.set_options(items)
        if self.tags:
            index = next((i for i, t in enumerate(self.tags) if t.id == keep), 0)
            options.highlighted = index
        if self.pending_mode is not None:
            mode, self.pending_mode = self.pending_mode, None
            self._begin_edit(mode)

    def _current(self) -> TagRecord | None:
        options = self.query_one("#tag-list", OptionList)
        if options.highlighted is None or not self.tags:
            return None
        return self.tags[options.highlighted]

    @on(Input.Changed, "#tag-filter")
    def _filter_changed(self) -> None:
        self._fill()

    @on(Input.Submitted, "#tag-filter")
    def _filter_done(self) -> None:
        self.query_one("#tag-list", OptionList).focus()

    def action_filter(self) -> None:
        self.query_one("#tag-filter", Input).focus()

    def action_rename(self) -> None:
        self._begin_edit("rename")

    def action_merge(self) -> None:
        self._begin_edit("merge")

    def _begin_edit(self, mode: str) -> None:
        if self.loading:
            self.pending_mode = mode
            return
        tag = self._current()
        if tag is None:
            self.show_error("no tag to change")
            return
        self.mode = mode
        self.clear_error()
        label = self.query_one("#tag-edit-label", Static)
        edit = self.query_one("#tag-edit", Input)
        name = plain(tag.name)
        if mode == "rename":
            label.update(literal(f"Rename “{name}” to (an existing name merges them):"))
            edit.value = tag.name
            edit.cursor_position = len(edit.value)
        else:
            label.update(literal(f"Merge “{name}” ({tag.candidate_count}) into which tag?"))
            edit.value = ""
        label.display = True
        edit.display = True
        edit.focus()

    def _end_edit(self) -> None:
        self.mode = None
        self.query_one("#tag-edit-label", Static).display = False
        edit = self.query_one("#tag-edit", Input)
        edit.display = False
        edit.value = ""

    def action_cancel(self) -> None:
        if self.mode is not None:
            self._end_edit()
            self.query_one("#tag-list", OptionList).focus()
            return
        self.dismiss(self.changed)

    @on(Input.Submitted, "#tag-edit")
    def _apply(self, event: Input.Submitted) -> None:
        tag = self._current()
        if tag is None or self.mode is None:
            return
        mode, value = self.mode, event.value
        self.store_work(
            lambda store: change_tag(store, tag, mode, value),
            self._changed,
            key="tag-change",
            serial=True,
            on_failed=self.show_error,
        )

    def _changed(self, done: tuple[TagRecord, str]) -> None:
        result, message = done
        self.changed = True
        self._end_edit()
        self._fill(keep=result.id)
        self.query_one("#tag-list", OptionList).focus()
        self.app.notify(plain(message), title="Tags")


def change_tag(store: Store, tag: TagRecord, mode: str, value: str) -> tuple[TagRecord, str]:
    """Rename `tag` to `value`, or merge it into the existing tag named `value`; the result and what to say."""
    if mode == "rename":
        result = store.tags.rename_tag(tag.id, value)
        return result, f"renamed {tag.name} to {result.name}"
    key = tag_key(value)
    target = next((t for t in store.tags.all_tags(prefix=key, limit=50) if tag_key(t.name) == key), None)
    if target is None:
        raise InvalidInput(f"no tag named {value.strip()!r}; pick an existing tag to merge into")
    result = store.tags.merge_tags(tag.id, target.id)
    return result, f"merged {tag.name} into {result.name} ({result.candidate_count} people)"
