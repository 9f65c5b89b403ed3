"""Pieces the commands share: a group that shows its help when named alone, and an output file checked
before anything is written.

Both act while the command line is parsed, before any command body runs: a missing folder for `-o` or
`--failed-csv` fails before the database is opened, an import starts or a byte is written.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

EXIT_USAGE = 2


class CommandGroup(click.Group):
    """A group of commands (`db`, `import`, `privacy`). Named without one of them it prints its help and
    exits 2 (a command is missing), instead of an error line holding the whole help."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("invoke_without_command", True)
        kwargs.setdefault("subcommand_metavar", "COMMAND [ARGS]...")
        super().__init__(*args, **kwargs)
        callback = self.callback

        def help_without_command(*cb_args, **cb_kwargs):
            ctx = click.get_current_context()
            if ctx.invoked_subcommand is None:
                click.echo(ctx.get_help(), err=True)
                ctx.exit(EXIT_USAGE)
            return callback(*cb_args, **cb_kwargs) if callback is not None else None

        self.callback = help_without_command


class OutputFile(click.ParamType):
    """A file the command will write: its folder must exist and be writable, and it must not be a folder.
    The file itself may be missing (it is created) or exist (it is replaced)."""

    name = "file"

    def convert(self, value, param, ctx) -> str:
        text = str(value)
        if not text.strip():
            self.fail("name the file to write (it is empty)", param, ctx)
        path = Path(text).expanduser()
        if path.is_dir():
            self.fail(f"{path} is a folder; name a file in it", param, ctx)
        folder = path.parent
        if not folder.is_dir():
            self.fail(f"no folder {folder} (create it first)", param, ctx)
        if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            self.fail(f"cannot write to {path}: permission denied", param, ctx)
        return text
