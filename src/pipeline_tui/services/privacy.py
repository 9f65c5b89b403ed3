"""Privacy exports written to a file: the JSON of everything held about one person, written atomically."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.store import Store


def write_privacy_export(store: Store, candidate_id: int, path: str | Path) -> Path:
    """Write the person's data as indented UTF-8 JSON; an existing file is replaced only on success."""
    target = Path(path).expanduser()
    if not str(path).strip():
        raise InvalidInput("name the file to write")
    if target.is_dir():
        raise InvalidInput(f"{target} is a folder; name a file")
    if not target.parent.exists():
        raise InvalidInput(f"no folder {target.parent}")
    data = store.privacy.export(candidate_id)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
        os.replace(tmp, target)
    except OSError as exc:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
        raise InvalidInput(f"cannot write {target}: {exc.strerror or exc}") from None
    return target
