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

from typing import TYPE_CHECKING

import click

from pipeline_tui.config import Settings, load_settings

if TYPE_CHECKING:
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

    value = db or settings(ctx).db
    if mode == CREATE:
        make_default_folder(value)
    database = Database.open(value, create=mode == CREATE, read_only=mode == READ)
    store = Store(database)
    ctx.call_on_close(store.close)
    return store


def make_default_folder(value: str) -> None:
    """The user data folder of the default database is ours to create; a folder the user named is not."""
    from pathlib import Path

    from pipeline_tui.config import default_db_path

    default = default_db_path()
    if "://" not in value and Path(value).expanduser().absolute() == default.absolute():
        default.parent.mkdir(parents=True, exist_ok=True)


def run_tui(store: Store, app_settings: Settings) -> None:
    """Open the Textual app on `store` (Textual is imported only here: other commands start faster)."""
    import gc

    from pipeline_tui.app import PipelineApp

    app = PipelineApp(store, app_settings)
    # What is loaded by now (modules, classes, the store) lives as long as the app: out of the cyclic
    # collector's sight, its passes while the board loads thousands of cards scan only what is new.
    gc.freeze()
    app.run()
