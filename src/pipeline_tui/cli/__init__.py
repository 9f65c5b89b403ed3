"""The `pipeline-tui` command line. With no command it opens the TUI on the configured database.

Every error a user can cause (a bad option, an unknown job, an unreachable database, a file from a newer
version) ends as ONE line on stderr, `pipeline-tui: error: ...`, and a non-zero exit; never a traceback
(set PIPELINE_TUI_DEBUG=1 to see one). Commands just raise PipelineError, ConfigError or click errors.

Adding a command: write `cli/NAME.py` with a click command or group, decorate it with `@db_option` (from
cli/context.py) so `--db` also works after the command name, use `open_store(ctx)` for the database, and
register it at the bottom of this file with one line, e.g.

    from pipeline_tui.cli.imports import import_group
    main.add_command(import_group)

Keep module-level imports light (no textual, faker or services at import time): `pipeline-tui --help` and
the TUI's start-up pay for them.
"""

from __future__ import annotations

import os
import sys

import click

from pipeline_tui import __version__
from pipeline_tui.cli import context
from pipeline_tui.cli.context import db_option, settings
from pipeline_tui.config import ConfigError
from pipeline_tui.core.errors import PipelineError
from pipeline_tui.core.terminal import visible

PROG = "pipeline-tui"
EXIT_ERROR = 1
EXIT_USAGE = 2


def fail(message: str, code: int = EXIT_ERROR) -> None:
    """Print the one error line and exit."""
    click.echo(f"{PROG}: error: {_one_line(message)}", err=True)
    sys.exit(code)


def _one_line(message: str) -> str:
    """One line, with whatever a file or the database put in it (ESC, bidi controls) shown, not obeyed."""
    return visible(" ".join(str(message).split())) or "unknown error"


class PipelineGroup(click.Group):
    """A click group whose every failure is one line on stderr and an exit code."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # type: ignore[override]
        if not standalone_mode:
            return super().main(args, prog_name or PROG, complete_var, standalone_mode=False, **extra)
        debug = bool(os.environ.get("PIPELINE_TUI_DEBUG"))
        try:
            rv = super().main(args, prog_name or PROG, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            hint = f"; see '{exc.ctx.command_path} --help'" if exc.ctx is not None else ""
            fail(exc.format_message().rstrip(".") + hint, exc.exit_code)
        except click.ClickException as exc:
            fail(exc.format_message(), exc.exit_code)
        except click.Abort:
            fail("aborted")
        except (PipelineError, ConfigError) as exc:
            if debug:
                raise
            fail(str(exc))
        except KeyboardInterrupt:
            click.echo(f"{PROG}: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            # The reader went away (e.g. `export ... | head`): stop quietly, as Unix tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(EXIT_ERROR)
        except Exception as exc:  # a bug or an unexpected database failure: still one line
            if debug:
                raise
            fail(_unexpected(exc))
        sys.exit(rv if isinstance(rv, int) else 0)


def _unexpected(exc: Exception) -> str:
    from pipeline_tui.store import describe_failure

    described = describe_failure(exc)
    if described is not None:
        return described
    if isinstance(exc, OSError):
        return f"{exc.filename + ': ' if exc.filename else ''}{exc.strerror or exc}"
    return f"unexpected {type(exc).__name__}: {exc} (set PIPELINE_TUI_DEBUG=1 for the traceback)"


@click.group(
    cls=PipelineGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]}
)
@db_option
@click.version_option(__version__, "-V", "--version", prog_name=PROG)
@click.pass_context
def main(ctx: click.Context) -> None:
    """Keyboard-first stage board (ATS) and talent pools (recruiting CRM) in the terminal.

    With no command: open the TUI on the configured database (--db, else PIPELINE_TUI_DB, else the
    config file's `db`, else pipeline.db in the user data folder). `b` shows the stage board, `t` the
    talent pools.
    """
    if ctx.invoked_subcommand is not None:
        return
    context.launch_tui(ctx, settings(ctx))


from pipeline_tui.cli.activity import activity  # noqa: E402
from pipeline_tui.cli.applicant import applicant_group  # noqa: E402
from pipeline_tui.cli.db import db_group  # noqa: E402
from pipeline_tui.cli.demo import demo  # noqa: E402
from pipeline_tui.cli.due import due_group  # noqa: E402
from pipeline_tui.cli.export import export  # noqa: E402
from pipeline_tui.cli.imports import import_group  # noqa: E402
from pipeline_tui.cli.interviews import interview_group  # noqa: E402
from pipeline_tui.cli.jobs import job_group  # noqa: E402
from pipeline_tui.cli.offers import offer_group  # noqa: E402
from pipeline_tui.cli.people import people_group  # noqa: E402
from pipeline_tui.cli.privacy import privacy_group  # noqa: E402
from pipeline_tui.cli.reports import report  # noqa: E402
from pipeline_tui.cli.rounds import round_group  # noqa: E402
from pipeline_tui.cli.scorecards import scorecard_group  # noqa: E402
from pipeline_tui.cli.seed import seed  # noqa: E402
from pipeline_tui.cli.sequences import sequence_group  # noqa: E402
from pipeline_tui.cli.serve import serve  # noqa: E402
from pipeline_tui.cli.stages import stage_group  # noqa: E402
from pipeline_tui.cli.team import user_group  # noqa: E402

main.add_command(demo)
main.add_command(seed)
main.add_command(export)
main.add_command(db_group)
main.add_command(import_group)
main.add_command(privacy_group)
main.add_command(people_group)
main.add_command(job_group)
main.add_command(stage_group)
main.add_command(user_group)
main.add_command(applicant_group)
main.add_command(round_group)
main.add_command(interview_group)
main.add_command(scorecard_group)
main.add_command(offer_group)
main.add_command(sequence_group)
main.add_command(due_group)
main.add_command(report)
main.add_command(activity)
main.add_command(serve)
