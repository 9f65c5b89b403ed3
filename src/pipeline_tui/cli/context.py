"""What every command needs: the `--db` option, the settings it selects, the opened store.

`--db` is accepted on the group (`pipeline-tui --db X seed`) and on each command that carries `@db_option`
(`pipeline-tui seed --db X`); the one closest to the command wins. Without it: PIPELINE_TUI_DB, the config
file, then the default file in the user data dir (config.load_settings).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from pipeline_tui.config import Settings, load_settings

if TYPE_CHECKING:
    from pipeline_tui.store import Store

DB_KEY = "pipeline_tui.db"
DB_HELP = "Database: a SQLAlchemy URL (sqlite:///FILE, postgresql://...) or a plain file path."


def _remember_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
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


def open_store(ctx: click.Context, *, db: str | None = None) -> Store:
    """Open (creating or upgrading as needed) the configured database; closed when the command ends."""
    from pipeline_tui.store import Store

    store = Store.open(db or settings(ctx).db)
    ctx.call_on_close(store.close)
    return store


def run_tui(store: Store, app_settings: Settings) -> None:
    """Open the Textual app on `store` (Textual is imported only here: other commands start faster)."""
    import gc

    from pipeline_tui.app import PipelineApp

    app = PipelineApp(store, app_settings)
    # What is loaded by now (modules, classes, the store) lives as long as the app: out of the cyclic
    # collector's sight, its passes while the board loads thousands of cards scan only what is new.
    gc.freeze()
    app.run()
