"""The Textual app: two tools on one database, the stage board (`b`) and the talent pools (`t`)."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from pipeline_tui.config import AppState, Settings
from pipeline_tui.core.clock import utcnow
from pipeline_tui.screens.board.job_switcher import JobCommands
from pipeline_tui.screens.board.screen import BoardScreen
from pipeline_tui.store import Store
from pipeline_tui.widgets.literal import plain


class PipelineApp(App[None]):
    """Holds the store and settings; each screen reads and writes through `self.app.store`."""

    TITLE = "pipeline-tui"
    CSS_PATH = "app.tcss"
    MODES = {"board": BoardScreen, "pools": lambda: _pools_screen()}
    BINDINGS = [
        Binding("b", "switch_mode('board')", "Board", tooltip="The stage board of a job"),
        Binding("t", "switch_mode('pools')", "Talent pools", tooltip="Prospects in pools"),
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "toggle_keys", "Keys", key_display="?", tooltip="Every key of this screen"),
    ]
    # The palette also offers every job's board.
    COMMANDS = App.COMMANDS | {JobCommands}

    def __init__(self, store: Store, settings: Settings | None = None, *, start: str = "board") -> None:
        super().__init__()
        self.store = store
        self.settings = settings or Settings()
        self.state = AppState(self.settings.state_file)
        self._start = start
        # Where screens read "now" (days in stage, time in stage); tests pin it for stable snapshots.
        self.clock = utcnow

    @property
    def db_key(self) -> str:
        """Identifies the database in the state file, so each DB remembers its own last job."""
        return self.store.db.url

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
        """The palette switches between the two tools too, not only `b` and `t`."""
        yield SystemCommand(
            "Stage board", "A job's applicants by stage (b)", lambda: self.switch_mode("board")
        )
        yield SystemCommand(
            "Talent pools", "Prospects in pools and segments (t)", lambda: self.switch_mode("pools")
        )
        yield from super().get_system_commands(screen)

    def on_mount(self) -> None:
        self.theme = self.settings.theme if self.settings.theme in self.available_themes else "textual-dark"
        self.switch_mode(self._start)

    def action_toggle_keys(self) -> None:
        """`?`: show or hide the panel listing every key binding active on the current screen."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()


def _pools_screen() -> Screen:
    """The pool browser and its dialogs are imported when first shown, not at start-up (the board is)."""
    from pipeline_tui.screens.pools.screen import PoolsScreen

    return PoolsScreen()
