"""One browser tab's app (`pipeline-tui serve` starts one per tab): the TUI, which ends with the server.

Textual's web driver keeps an app running when its server is gone (its input just closes): a server killed
outright (`kill -9`, the OOM killer) would leave every tab's app holding its database connection. On Linux
the kernel is asked to end this process when its parent does; elsewhere a server stopped normally still
stops its tabs (cli/serve_web.py).
"""

from __future__ import annotations

import os
import signal
import sys

PARENT_ENV = "PIPELINE_TUI_SERVE_PID"
PR_SET_PDEATHSIG = 1


def end_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return
    if os.environ.get(PARENT_ENV, str(os.getppid())) != str(os.getppid()):
        sys.exit(0)  # the server died before the kernel was asked: nobody is watching this tab


def main() -> None:
    end_with_parent()
    from pipeline_tui.cli import main as cli

    cli(prog_name="pipeline-tui")


if __name__ == "__main__":
    main()
