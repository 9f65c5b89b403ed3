"""Add or remove tags on the selection: comma-separated, with completion from the tags already in use.

Completion and the hint line read the tags off the UI thread (a prefix search over thousands of tags); the
suggester awaits its answer, the hint is filled in when it arrives for what is still typed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.suggester import Suggester
from textual.widgets import Input, Static

from pipeline_tui.core.records import TagRecord
from pipeline_tui.screens.pools.pool_dialog import PoolDialog, answer
from pipeline_tui.screens.work import StoreWork
from pipeline_tui.widgets.literal import plain

Lookup = Callable[[str], Awaitable[list[TagRecord]]]
SUGGESTIONS = 20


def tag_lookup(node: StoreWork) -> Lookup:
    """Tags starting with a stem, read through `node`'s store work."""

    async def lookup(stem: str) -> list[TagRecord]:
        return await answer(
            node, lambda store: store.tags.all_tags(prefix=stem, limit=SUGGESTIONS), key="tag-lookup"
        )

    return lookup


class TagSuggester(Suggester):
    """Completes the tag being typed (after the last comma) from existing tags, case-insensitively;
    right arrow accepts."""

    def __init__(self, lookup: Lookup) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.lookup = lookup

    async def get_suggestion(self, value: str) -> str | None:
        stem = value.rpartition(",")[2].lstrip()
        if not stem:
            return None
        for tag in await self.lookup(stem):
            if tag.name.casefold().startswith(stem.casefold()) and len(tag.name) > len(stem):
                return value + tag.name[len(stem) :]
        return None


def split_tags(value: str) -> list[str]:
    return [t.strip() for t in value.split(",") if t.strip()]


class TagInputModal(PoolDialog[list[str] | None]):
    """Returns the tags typed (at least one), or None on esc."""

    def __init__(self, heading: str, count: int) -> None:
        super().__init__()
        self.heading = heading
        self.count = count

    def compose(self) -> ComposeResult:
        who = f"{self.count} {'person' if self.count == 1 else 'people'}"
        with Vertical(id="tag-input", classes="dialog"):
            yield self.dialog_title((f"{self.heading} · {who}", False))
            yield Input(
                placeholder="rust, remote, silver medalist",
                suggester=TagSuggester(tag_lookup(self)),
                id="tags",
            )
            yield Static("", id="tag-hint", classes="dialog-body")
            yield self.error_line()
            yield Static("enter save · → complete · comma separates · esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#tags", Input).focus()
        self._hint("")

    @on(Input.Changed, "#tags")
    def _changed(self, event: Input.Changed) -> None:
        self.clear_error()
        self._hint(event.value)

    def _hint(self, value: str) -> None:
        stem = value.rpartition(",")[2].strip()
        self.store_work(
            lambda store: store.tags.all_tags(prefix=stem, limit=SUGGESTIONS),
            lambda tags: self._show_hint(value, stem, tags),
            key="tag-hint",
            exclusive=True,
        )

    def _show_hint(self, value: str, stem: str, tags: list[TagRecord]) -> None:
        if value != self.query_one("#tags", Input).value:
            return  # typed on meanwhile: the newer hint is on its way
        hint = self.query_one("#tag-hint", Static)
        if tags:
            hint.update(", ".join(f"{plain(t.name)} ({t.candidate_count})" for t in tags[:6]))
        else:
            hint.update("a new tag" if stem else "no tags yet")

    @on(Input.Submitted, "#tags")
    def _save(self, event: Input.Submitted) -> None:
        tags = split_tags(event.value)
        if not tags:
            self.show_error("type at least one tag")
            return
        self.dismiss(tags)
