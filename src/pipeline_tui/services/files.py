"""Attaching a file from disk to a person: checked before a byte is written (a path that cannot be read, a
folder, a file over the size limit: one sentence, nothing stored)."""

from __future__ import annotations

from pathlib import Path

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.person_view import FileRecord, size_text
from pipeline_tui.store import Store


def attach_file(store: Store, candidate_id: int, path: str | Path, *, max_size: int) -> FileRecord:
    """Read the file at `path` and keep it with the person, under its own name."""
    typed = str(path).strip()
    if not typed:
        raise InvalidInput("type the path of the file to attach")
    target = Path(typed).expanduser()
    try:
        if target.is_dir():
            raise InvalidInput(f"{target} is a folder; name a file")
        size = target.stat().st_size
        if size > max_size:
            raise InvalidInput(
                f"{target.name} is {size_text(size)}, over the limit of {size_text(max_size)}; nothing attached"
            )
        content = target.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {target}: {exc.strerror or exc}") from None
    return store.files.attach(candidate_id, target.name, content, max_size=max_size)
