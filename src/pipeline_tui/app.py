"""The Textual app: six tools on one database, the stage board (`1`/`b`), the talent pools (`2`/`t`), the
jobs (`3`), what is due for me today (`4`), the reports (`5`) and who did what (`6`)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.actions import SkipAction
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen

from pipeline_tui.config import AppState, Settings, log_file
from pipeline_tui.core.clock import utcnow
from pipeline_tui.screens.board.job_switcher import JobCommands
from pipeline_tui.screens.board.screen import BoardScreen
from pipeline_tui.screens.live import ChangesArrived, LiveStatus, notices
from pipeline_tui.widgets.key_panel import KEY_PANEL_BINDINGS, scroll_key_panel
from pipeline_tui.widgets.literal import plain

if TYPE_CHECKING:
    from pipeline_tui.store import BoardPreview, Store
    from pipeline_tui.store.change_watch import ChangeWatch

# Keys that act at once even while typed-ahead keys are held for the real board.
QUIT_KEYS = frozenset({"ctrl+c", "ctrl+q"})


@dataclass(frozen=True)
class StoreLaunch:
    """Start the TUI before the store is open: draw `preview` (read without SQLAlchemy), then `open` the
    store in a thread. `db_key` is what the opened store's `db.url` will be."""

    db_key: str
    preview: BoardPreview
    open: Callable[[], Store]


class PipelineApp(App[None]):
    """Holds the store and settings; each screen reads and writes through `store_work` (screens/work.py)."""

    TITLE = "pipeline-tui"
    CSS_PATH = "app.tcss"
    MODES = {
        "board": BoardScreen,
        "pools": lambda: _pools_screen(),
        "jobs": lambda: _jobs_screen(),
        "today": lambda: _today_screen(),
        "reports": lambda: _reports_screen(),
        "activity": lambda: _activity_screen(),
    }
    BINDINGS = [
        Binding("1,b", "show_tool('board')", "Board", tooltip="The stage board of a job (1 or b)"),
        Binding("2,t", "show_tool('pools')", "Pools", tooltip="Talent pools (2 or t)"),
        Binding("3", "show_tool('jobs')", "Jobs", tooltip="Every job; new jobs (n)"),
        Binding(
            "4", "show_tool('today')", "Today", tooltip="Touches due, my interviews, scorecards and approvals"
        ),
        Binding(
            "5", "show_tool('reports')", "Reports", tooltip="Funnel, time in stage, hiring, sources, pools"
        ),
        Binding("6", "show_tool('activity')", "Activity", tooltip="Who did what, when: every job or one"),
        Binding("q", "quit", "Quit"),
        # Priority: the text fields' own ctrl+f (delete a word) must not swallow it on any screen.
        Binding(
            "ctrl+f", "find_anyone", "Find anyone", priority=True, tooltip="Anyone by name, e-mail, company"
        ),
        Binding("question_mark", "toggle_keys", "Keys", key_display="?", tooltip="Every key of this screen"),
        *KEY_PANEL_BINDINGS,  # pageup/pagedown/up/down/home/end scroll `?`'s panel while it is shown
    ]
    # The palette also offers every job's board.
    COMMANDS = App.COMMANDS | {JobCommands}

    def __init__(
        self, store: Store | StoreLaunch, settings: Settings | None = None, *, start: str = "board"
    ) -> None:
        # The app starts in its first tool's mode rather than Textual's blank default screen: one screen
        # built, styled and resumed at start-up instead of two.
        self.DEFAULT_MODE = start
        super().__init__()
        self.settings = settings or Settings()
        self.state = AppState(self.settings.state_file)
        self._start = start
        # Where screens read "now" (days in stage, time in stage); tests pin it for stable snapshots.
        self.clock = utcnow
        self.crash: BaseException | None = None  # the unhandled exception that ended the app
        self.crash_log: Path | None = None  # where its traceback was written
        self.open_failure: BaseException | None = None  # why a launched store could not be opened
        self.live: ChangeWatch | None = None  # follows others' changes (screens/live.py)
        self.offline = False  # the live link to the database is lost (the header says so)
        self._user_name = ""
        self._opened: Future[Store] = Future()
        self._opening: threading.Thread | None = None
        # Keys typed while the board shows its preview wait for the real board (None: nothing held).
        self._held: list[events.Key] | None = None
        if isinstance(store, StoreLaunch):
            self.launch: StoreLaunch | None = store
            self.preview: BoardPreview | None = store.preview
            self._held = []
        else:
            self.launch = self.preview = None
            self._opened.set_result(store)

    # -- the store ----------------------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        """The open store. Started from a StoreLaunch it may still be opening: this then opens it now and
        waits, so screens never ask for it on the UI thread; `store_work` waits in its worker instead."""
        if not self._opened.done():
            self.begin_opening()
        return self._opened.result()

    def wait_for_store(self) -> Store:
        """The store once open (raises what opening it raised). For worker threads: waiting does not start
        the opening, which the board begins once its preview is drawn."""
        return self._opened.result()

    @property
    def db_key(self) -> str:
        """Identifies the database in the state file, so each DB remembers its own last job."""
        return self.launch.db_key if self.launch is not None else self.store.db.url

    def begin_opening(self) -> None:
        """Open the launched store in a thread. The board calls this once its preview's cards are drawn:
        importing SQLAlchemy before that would only compete with drawing them."""
        if self.launch is None or self._opening is not None:
            return
        self._opening = threading.Thread(target=self._open_store, name="pipeline-open", daemon=True)
        self._opening.start()

    def _open_store(self) -> None:
        assert self.launch is not None
        try:
            store = self.launch.open()
        except BaseException as exc:  # noqa: BLE001 - every failure ends the app; run_tui reports it
            self.open_failure = exc
            self._opened.set_exception(exc)
            self.call_later(self.exit, None, 1)  # post_message is thread-safe
            return
        self._opened.set_result(store)

    def close_store(self) -> None:
        """After the app has run: close a launched store (waiting for it to finish opening first)."""
        if self._opening is not None:
            self._opening.join()
        if self.launch is not None and self._opened.done() and self._opened.exception() is None:
            self._opened.result().close()

    # -- keys typed ahead of the real board ---------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if (
            self._held is not None
            and isinstance(event, events.Key)
            and not event.is_forwarded
            and event.key not in QUIT_KEYS
        ):
            self._held.append(event)  # replayed, in order, once the real board is shown
            return
        if self._held is not None and isinstance(event, events.MouseDown | events.MouseUp | events.Click):
            return  # a click or drag on the preview would act on cards not yet loaded
        await super().on_event(event)

    def release_keys(self) -> None:
        """The real board is shown: keys typed meanwhile act on it now, in the order they were typed, before
        any typed later (they are replayed when this callback's turn in the app's queue comes)."""
        if self._held is not None:
            self.call_later(self._replay_keys)

    async def _replay_keys(self) -> None:
        held, self._held = self._held or [], None
        for key in held:
            await super().on_event(key)

    # -- crashes ------------------------------------------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        """An unhandled exception ends the app (Textual's rule, return code 1). Its traceback goes to the
        log file rather than over the terminal; run_tui prints one line saying where."""
        self.crash = error
        self.crash_log = write_crash_log(error)
        super()._handle_exception(error)
        if self.crash_log is not None:
            self._exit_renderables.clear()

    # -- the rest -----------------------------------------------------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification is literal: messages carry names, tags and file paths that users typed, and
        Textual would otherwise parse `[b]`, `[/x]` or `[@click=...]` in them. `markup` is accepted and
        ignored so every caller (screens, widgets, workers) gets the same safe behaviour."""
        super().notify(
            plain(message, multiline=True),
            title=plain(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette switches between the six tools too, not only `1` `2` `3` `4` `5` `6`."""
        yield SystemCommand(
            "Stage board", "A job's applicants by stage (1)", lambda: self.run_action("show_tool('board')")
        )
        yield SystemCommand(
            "Talent pools",
            "Prospects in pools and segments (2)",
            lambda: self.run_action("show_tool('pools')"),
        )
        yield SystemCommand(
            "Jobs",
            "Every job, its status and team; create one (3)",
            lambda: self.run_action("show_tool('jobs')"),
        )
        yield SystemCommand(
            "Today",
            "Touches due, my interviews, scorecards due and approvals (4)",
            lambda: self.run_action("show_tool('today')"),
        )
        yield SystemCommand(
            "Reports",
            "Funnel, time in stage, hiring, sources, rejections, pool journey, sequences (5)",
            lambda: self.run_action("show_tool('reports')"),
        )
        yield SystemCommand(
            "Activity",
            "Who did what, when: every job or one, by team member and kind (6)",
            lambda: self.run_action("show_tool('activity')"),
        )
        yield SystemCommand(
            "Sequences",
            "Nurture sequences: their steps, who is in them, replies per step (S in the pools)",
            lambda: self.run_action("show_sequences"),
        )
        yield SystemCommand(
            "Find anyone", "A person by name, e-mail or company (ctrl+f)", self.action_find_anyone
        )
        yield from super().get_system_commands(screen)

    def on_mount(self) -> None:
        self.theme = self.settings.theme if self.settings.theme in self.available_themes else "textual-dark"
        self.run_worker(self._read_user, thread=True, group="user", exit_on_error=False)
        if self._start != "board":
            self.begin_opening()  # only the board draws a preview first
            self.preview = None
            self.release_keys()

    def _read_user(self) -> None:
        """The current user's name in the header (a worker: it waits for the store to be open), then
        others' changes followed as they happen (screens/live.py)."""
        store = self.wait_for_store()
        member = store.team.current()
        self.call_from_thread(self.show_user, member.name if member is not None else store.actor)
        if self.settings.live_updates:
            self.live = store.watch(
                lambda batch: self.post_message(ChangesArrived(batch)),
                lambda connected, why: self.post_message(LiveStatus(connected, why)),
                poll=self.settings.live_poll,
            )
            self.live.start()

    def show_user(self, name: str) -> None:
        self._user_name = plain(name)
        self._show_title()

    def _show_title(self) -> None:
        parts = [self.TITLE, *([self._user_name] if self._user_name else [])]
        if self.offline:
            parts.append("offline: reconnecting…")
        self.title = " · ".join(parts)

    def on_changes_arrived(self, message: ChangesArrived) -> None:
        """Others changed something: say what, and let each screen of this stack reload what it touches."""
        for text in notices(message.batch):
            self.notify(text, timeout=5)
        for screen in reversed(self.screen_stack):
            arrived = getattr(screen, "changes_arrived", None)
            if arrived is not None:
                arrived(message.batch)

    def on_live_status(self, message: LiveStatus) -> None:
        was_offline, self.offline = self.offline, not message.connected
        self._show_title()
        if self.offline and not was_offline:
            self.notify(f"Lost the database ({message.why}); trying again.", severity="warning", timeout=8)
        elif was_offline and not self.offline:
            self.notify("Back online: caught up with every change made meanwhile.", timeout=5)

    def on_unmount(self) -> None:
        if self.live is not None:
            self.live.stop(timeout=2)

    async def show_board(self, job_id: int) -> None:
        """The board of this job (from the jobs screen or the palette). A board not yet shown opens the
        remembered job when it mounts; a shown one switches to it (its reload on resume is superseded)."""
        self.state.set(self.db_key, "last_job", job_id)
        await self.action_show_tool("board")
        screen = self.screen
        if isinstance(screen, BoardScreen) and screen.wanted_job != job_id:
            screen.open_job(job_id)

    async def action_show_tool(self, mode: str) -> None:
        """`1` to `6` (or `b` / `t`): that tool itself, also from a person screen opened over it (in either tool): such a
        screen closes as `esc` would close it, so the tool below reloads what was changed there. A dialog
        stays: it is left with its own keys."""
        if self.current_mode != mode:
            await self.switch_mode(mode)
        while len(self.screen_stack) > 1 and not isinstance(self.screen, ModalScreen):
            top = self.screen
            await top.dismiss(getattr(top, "changed", None))

    async def action_show_sequences(self) -> None:
        """`S` on the pools, or the palette: the sequences over the current screen (`esc` comes back)."""
        from pipeline_tui.screens.sequences.screen import SequencesScreen
        from pipeline_tui.screens.shared.focus import push_focused

        if any(isinstance(screen, SequencesScreen) for screen in self.screen_stack):
            return
        await push_focused(self, SequencesScreen())

    def action_find_anyone(self) -> None:
        """`ctrl+f`: type-ahead over everyone; the chosen person opens on the person screen."""
        from pipeline_tui.screens.person.find_anyone import FindAnyoneDialog
        from pipeline_tui.screens.person.screen import PersonScreen

        if isinstance(self.screen, FindAnyoneDialog):
            return

        def chosen(candidate_id: int | None) -> None:
            if candidate_id is not None:
                self.push_screen(PersonScreen(candidate_id))

        self.push_screen(FindAnyoneDialog(), chosen)

    def action_toggle_keys(self) -> None:
        """`?`: show or hide the panel listing every key binding active on the current screen."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def action_scroll_keys(self, how: str) -> None:
        """A scroll key while `?`'s panel is shown scrolls it; else the key goes on to the focused widget."""
        if not scroll_key_panel(self.screen, how):
            raise SkipAction()


def write_crash_log(error: BaseException) -> Path | None:
    """Append the crash's traceback to the log file; its path, or None when it cannot be written."""
    import traceback
    from datetime import datetime

    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(
                f"\n{datetime.now().isoformat(timespec='seconds')} the TUI stopped on an unexpected error\n"
            )
            log.write("".join(traceback.format_exception(error)))
    except OSError:
        return None
    return path


def _jobs_screen() -> Screen:
    """The jobs screen is imported when first shown, like the pools."""
    from pipeline_tui.screens.jobs.screen import JobsScreen

    return JobsScreen()


def _today_screen() -> Screen:
    """The Today screen is imported when first shown, like the jobs."""
    from pipeline_tui.screens.today.screen import TodayScreen

    return TodayScreen()


def _reports_screen() -> Screen:
    """The Reports screen is imported when first shown, like Today."""
    from pipeline_tui.screens.reports.screen import ReportsScreen

    return ReportsScreen()


def _activity_screen() -> Screen:
    """The Activity screen is imported when first shown, like the Reports."""
    from pipeline_tui.screens.activity.screen import ActivityScreen

    return ActivityScreen()


def _pools_screen() -> Screen:
    """The pool browser and its dialogs are imported when first shown, not at start-up (the board is)."""
    from pipeline_tui.screens.pools.screen import PoolsScreen

    return PoolsScreen()
