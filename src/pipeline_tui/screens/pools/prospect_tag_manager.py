"""Manage tags: rename a tag, or merge it into another (every person's tag moves, no duplicate links)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from pipeline_tui.core.errors import PipelineError
from pipeline_tui.core.records import TagRecord
from pipeline_tui.core.validation import tag_key
from pipeline_tui.screens.pools.pool_dialog import PoolDialog
from pipeline_tui.screens.pools.prospect_tags import TagSuggester
from pipeline_tui.widgets.literal import literal, plain

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

    def compose(self) -> ComposeResult:
        with Vertical(id="tag-manager", classes="dialog"):
            yield self.dialog_title(("Tags", False))
            yield Input(placeholder="/ filter tags", id="tag-filter", classes="compact")
            yield OptionList(id="tag-list")
            yield Static("", id="tag-edit-label", classes="dialog-body")
            yield Input(id="tag-edit", suggester=TagSuggester(self._lookup), classes="compact")
            yield self.error_line()
            yield Static("r rename · m merge into · / filter · esc close", classes="dialog-hint")

    def _lookup(self, stem: str) -> list[TagRecord]:
        return self.app.store.tags.all_tags(prefix=stem, limit=20)

    def on_mount(self) -> None:
        self._end_edit()
        self._fill()
        self.query_one("#tag-list", OptionList).focus()

    def _fill(self, keep: int | None = None) -> None:
        needle = self.query_one("#tag-filter", Input).value.strip()
        self.tags = self.app.store.tags.all_tags(prefix=needle, limit=LIST_LIMIT)
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
        store = self.app.store
        try:
            if self.mode == "rename":
                result = store.tags.rename_tag(tag.id, event.value)
                message = f"renamed {tag.name} to {result.name}"
            else:
                key = tag_key(event.value)
                target = next(
                    (t for t in store.tags.all_tags(prefix=key, limit=50) if tag_key(t.name) == key), None
                )
                if target is None:
                    self.show_error(
                        f"no tag named {event.value.strip()!r}; pick an existing tag to merge into"
                    )
                    return
                result = store.tags.merge_tags(tag.id, target.id)
                message = f"merged {tag.name} into {result.name} ({result.candidate_count} people)"
        except PipelineError as exc:
            self.show_error(exc)
            return
        self.changed = True
        self._end_edit()
        self._fill(keep=result.id)
        self.query_one("#tag-list", OptionList).focus()
        self.app.notify(plain(message), title="Tags")
