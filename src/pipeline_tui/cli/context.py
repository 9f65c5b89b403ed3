"""What every command needs: the `--db` option, the settings it selects, the opened store.

`--db` is accepted on the group (`pipeline-tui --db X seed`) and on each command that carries `@db_option`
(`pipeline-tui seed --db X`); the one closest to the command wins. Without it: PIPELINE_TUI_DB, the config
file, then the default file in the user data dir (config.load_settings).

How a command opens the database says what it may do to it (`open_store(ctx, mode=...)`): READ never writes
(commands that only read: a typo in --db is an error, not a new empty database, and a file in a read-only
folder can be read), WRITE changes an existing database only, CREATE may also create it (the TUI, demo, seed,
import, db upgrade). Only the default database gets its folder created; a path the user gave never does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline_tui.config import AppState, Settings, load_settings, log_file

if TYPE_CHECKING:
    from pipeline_tui.app import StoreLaunch
    from pipeline_tui.store import Store

DB_KEY = "pipeline_tui.db"
DB_HELP = "Database: a SQLAlchemy URL (sqlite:///FILE, postgresql://...) or a plain file path."


# How a command opens its database (see the module's docstring).
READ = "read"
WRITE = "write"
CREATE = "create"


def _remember_db(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        if not value.strip():
            raise click.BadParameter("give a database path or URL (it is empty)", ctx=ctx, param=param)
        ctx.meta[DB_KEY] = value  # meta is shared by the whole command chain


db_option = click.option(
    "--db",
    metavar="URL|PATH",
    expose_value=False,
    callback=_remember_db,
    help=DB_HELP,
)


def explicit_db(ctx: click.Context) -> str | None:
    """The `--db` given on the command line, if any (environment and config not consulted)."""
    return ctx.meta.get(DB_KEY)


def settings(ctx: click.Context) -> Settings:
    return load_settings(explicit_db(ctx))


def open_store(ctx: click.Context, *, db: str | None = None, mode: str = CREATE) -> Store:
    """Open the configured database as `mode` allows (READ, WRITE or CREATE; upgraded when older unless
    READ); closed when the command ends."""
    from pipeline_tui.store import Database, Store

    configured = settings(ctx)
    value = db or configured.db
    if mode == CREATE:
        make_default_folder(value)
    database = Database.open(value, create=mode == CREATE, read_only=mode == READ, actor=configured.user)
    database.phone_region = configured.phone_region
    database.retention = configured.retention
    store = Store(database)
    ctx.call_on_close(store.close)
    return store


def confirmed(question: str) -> bool:
    """Ask on stderr; a "no" is the user's choice, not an error: it says "Nothing changed." and the command
    ends normally (exit 0)."""
    if click.confirm(question, err=True):
        return True
    click.echo("Nothing changed.", err=True)
    return False


def make_default_folder(value: str) -> None:
    """The user data folder of the default database is ours to create; a folder the user named is not."""
    from pathlib import Path

    from pipeline_tui.config import default_db_path

    default = default_db_path()
    if "://" not in value and Path(value).expanduser().absolute() == default.absolute():
        default.parent.mkdir(parents=True, exist_ok=True)


# Cards read per column for the start-up preview: more than a tall terminal shows.
PREVIEW_CARDS = 20


def launch_tui(ctx: click.Context, app_settings: Settings) -> None:
    """`pipeline-tui` with no command. A SQLite file whose board can be previewed without SQLAlchemy
    (store/board_preview.py) has its first cards drawn at once, and the store opens behind them; anything
    else is opened first, as for every command, so its errors are one line before the TUI starts.

    The cyclic garbage collector is paused until the first cards are drawn: the imports and the first frame
    allocate a great deal and free almost nothing, and its passes over that heap cost a tenth of start-up."""
    import gc

    gc.disable()
    try:
        launch = _preview_launch(app_settings)
        if launch is None:
            gc.enable()
            run_tui(open_store(ctx, db=app_settings.db), app_settings)
        else:
            run_tui(launch, app_settings)
    finally:
        gc.enable()


def _preview_launch(app_settings: Settings) -> StoreLaunch | None:
    from pipeline_tui.store import Store, preview_key, read_board_preview

    db = app_settings.db
    key = preview_key(db)
    if key is None:
        return None
    remembered = AppState(app_settings.state_file).get(key, "last_job")
    preview = read_board_preview(db, remembered, cards=PREVIEW_CARDS)
    if preview is None:
        return None
    from pipeline_tui.app import StoreLaunch

    def open_after_first_cards() -> Store:
        import gc

        gc.enable()  # the first cards are drawn (see launch_tui)
        return Store.open(
            db,
            actor=app_settings.user,
            phone_region=app_settings.phone_region,
            retention=app_settings.retention,
        )

    return StoreLaunch(key, preview, open_after_first_cards)


def run_tui(store: Store | StoreLaunch, app_settings: Settings) -> None:
    """Open the Textual app on `store` (Textual is imported only here: other commands start faster).

    A store that fails to open behind the preview ends the app and is reported like any open error; a
    crash (an unhandled exception in the app) exits non-zero with one line naming the log holding its
    traceback."""
    import gc

    from pipeline_tui.app import PipelineApp

    app = PipelineApp(store, app_settings)
    # What is loaded by now (modules, classes, the store) lives as long as the app: out of the cyclic
    # collector's sight, its passes while the board loads thousands of cards scan only what is new.
    gc.freeze()
    with _log_to_file():
        app.run()
    app.close_store()
    if app.open_failure is not None:
        raise app.open_failure
    if app.return_code:
        raise click.ClickException(_crash_line(app.crash_log, app.crash))


def _crash_line(log: Path | None, error: BaseException | None) -> str:
    what = f" ({type(error).__name__}: {error})" if error is not None else ""
    what = "".join(c if c.isprintable() else "?" for c in what)[:300]
    if log is None:
        return f"the TUI stopped on an unexpected error{what}; its log could not be written"
    return f"the TUI stopped on an unexpected error{what}; the traceback is in {log}"


@contextmanager
def _log_to_file() -> Iterator[None]:
    """While the TUI runs, the app's log goes to the log file (created on the first record), never to the
    terminal the TUI draws on."""
    import logging

    logger = logging.getLogger("pipeline_tui")
    try:
        log_file().parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(log_file(), encoding="utf-8", delay=True)
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        handler.close()
