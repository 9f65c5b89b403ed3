"""One way to run store work off the UI thread and hand its result back as a message.

Every screen and dialog that reads or writes the database goes through `StoreWork.store_work`: the work runs
in a Textual thread worker, its result comes back to the UI thread as a `StoreDone` message (which calls
`on_done` there), and a failure comes back as `StoreFailed`, handled in one place: a notification with the
error's own sentence (never SQL or a traceback), then `on_failed` so the screen can reload what it showed.

`serial=True` runs the work on the app's single writer thread, in the order it was asked for: a burst of
`>` `>` `>` on the board is three moves in key order, never reordered by thread scheduling.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual.message import Message
from textual.worker import get_current_worker

from pipeline_tui.core.errors import PipelineError

if TYPE_CHECKING:
    from pipeline_tui.app import PipelineApp
    from pipeline_tui.store import Store

T = TypeVar("T")
log = logging.getLogger("pipeline_tui.work")

# Said when the error is not one of ours: the user learns that nothing was saved, not what SQLAlchemy said.
UNEXPECTED = "Not done: the database did not answer as expected (details are in the log)."
OFFLINE = (
    "Not done: the database cannot be reached right now (offline); try again once the header says it is back."
)


class StoreDone(Message):
    """Store work finished; `on_done(result)` runs on the UI thread when this is handled."""

    def __init__(self, key: str, result: Any, on_done: Callable[[Any], None] | None) -> None:
        super().__init__()
        self.key = key
        self.result = result
        self.on_done = on_done


class StoreFailed(Message):
    """Store work raised; `message` is the one sentence shown to the user."""

    def __init__(
        self, key: str, error: BaseException, message: str, on_failed: Callable[[BaseException], None] | None
    ) -> None:
        super().__init__()
        self.key = key
        self.error = error
        self.message = message
        self.on_failed = on_failed


def describe(error: BaseException) -> str:
    """The sentence a user sees for an error: ours carry one; anything else is logged, never shown raw."""
    if isinstance(error, PipelineError):
        return str(error)
    log.error("store work failed", exc_info=error)
    return UNEXPECTED


def writer_thread(app: object) -> ThreadPoolExecutor:
    """The app's one writer thread (created on first use), so serial work keeps the order it was asked in."""
    executor = getattr(app, "_pipeline_writer", None)
    if executor is None:
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pipeline-writer")
        app._pipeline_writer = executor  # type: ignore[attr-defined]
    return executor


class StoreWork:
    """Mixin for screens and modal screens: typed access to the app and its store, and `store_work`."""

    @property
    def pipeline(self) -> PipelineApp:
        return cast("PipelineApp", self.app)  # type: ignore[attr-defined]

    @property
    def store(self) -> Store:
        return self.pipeline.store

    def store_work(
        self,
        work: Callable[[Store], T],
        on_done: Callable[[T], None] | None = None,
        *,
        key: str = "store",
        on_failed: Callable[[BaseException], None] | None = None,
        exclusive: bool = False,
        serial: bool = False,
    ) -> None:
        """Run `work(store)` off the UI thread; `on_done(result)` or the one error path follow on it.
        `exclusive` drops the result of an earlier call with the same key still running (a newer page or
        board load wins); `serial` queues writes in order on one thread."""
        node = cast(Any, self)
        app = node.app
        # Resolved in the worker: while the TUI starts on a board preview the store is still opening, and
        # work asked for meanwhile waits for it there, never on the UI thread.
        opened = self.pipeline.wait_for_store
        # Queued here, on the UI thread, not in the worker: worker threads start in no particular order,
        # and a burst of writes must reach the writer thread in the order they were asked for.
        queued = writer_thread(app).submit(lambda: work(opened())) if serial else None

        def run() -> None:
            worker = get_current_worker()
            try:
                result = queued.result() if queued is not None else work(opened())
            except Exception as exc:  # every failure takes the one path below
                if not worker.is_cancelled:
                    node.post_message(StoreFailed(key, exc, describe(exc), on_failed))
                return
            if not worker.is_cancelled:
                node.post_message(StoreDone(key, result, on_done))

        node.run_worker(run, name=key, group=key, thread=True, exclusive=exclusive, exit_on_error=False)

    def on_store_done(self, message: StoreDone) -> None:
        message.stop()
        if message.on_done is not None:
            message.on_done(message.result)

    def on_store_failed(self, message: StoreFailed) -> None:
        message.stop()
        said = message.message
        if said == UNEXPECTED and getattr(self.pipeline, "offline", False):
            said = OFFLINE  # the header already says offline: say that, not "did not answer as expected"
        cast(Any, self).notify(said, title="Not done", severity="error")
        if message.on_failed is not None:
            message.on_failed(message.error)
