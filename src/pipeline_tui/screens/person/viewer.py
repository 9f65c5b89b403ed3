"""Opening an attached file with the system's viewer: its bytes go to a private temporary file, which the
configured opener (Settings.file_opener, PIPELINE_TUI_FILE_OPENER), else xdg-open / open / os.startfile,
is started on. Without any such program the user is told so in one sentence."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pipeline_tui.core.errors import InvalidInput


def system_opener() -> list[str] | None:
    """The command that opens a file with the desktop's default program (None: Windows' startfile)."""
    if sys.platform == "win32":
        return None
    return ["open"] if sys.platform == "darwin" else ["xdg-open"]


def open_with_viewer(name: str, content: bytes, opener: str | None) -> Path:
    """Write the file to a temporary folder only this user can read, and start the viewer on it."""
    command = shlex.split(opener) if opener else system_opener()
    if command is not None and shutil.which(command[0]) is None:
        raise InvalidInput(
            f"no program to open files with here ({command[0]} was not found); set files.opener in config.toml"
        )
    folder = Path(tempfile.mkdtemp(prefix="pipeline-tui-file-"))
    path = folder / (Path(name).name or "file")
    path.write_bytes(content)
    if command is None:
        os.startfile(path)  # type: ignore[attr-defined]  # Windows only
        return path
    try:
        subprocess.Popen(
            [*command, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as exc:
        raise InvalidInput(f"cannot start {command[0]}: {exc.strerror or exc}") from None
    return path
