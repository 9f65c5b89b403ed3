"""A sequence written as a TOML file (`sequence add NAME --from-file FILE.toml`), read into a SequenceDraft.

The file's shape is checked here, before the database is opened, so a typo names the file and the step:
a key the format does not know (`wait_day`), a value of the wrong type (`wait_days = "3"`), a file that is
missing or not TOML. What the values mean (a known channel, a wait >= 0, templates that render) is the
store's to check (store/sequences.py), so the sequence editor and the CLI refuse the same things.

    description = "Three touches over two weeks"

    [[steps]]
    channel = "email"
    wait_days = 0
    subject = "Hello {{ first_name }}"
    body = "..."
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.nurture_records import SequenceDraft, StepDraft

FILE_KEYS = ("description", "steps")
# Each step key and the type its value must have, in the words a message names it with.
STEP_KEYS: dict[str, tuple[type, str]] = {
    "channel": (str, "a string"),
    "wait_days": (int, "a whole number of days"),
    "business_days": (bool, "true or false"),
    "subject": (str, "a string"),
    "body": (str, "a string"),
}


def read_sequence_file(name: str, file: str) -> SequenceDraft:
    """The draft the file holds, named `name`; anything wrong is one InvalidInput starting with the file."""
    path = Path(file).expanduser()
    data = _load(path, file)
    unknown = sorted(set(data) - set(FILE_KEYS))
    if unknown:
        raise InvalidInput(f"{file}: unknown key {_names(unknown)}; the file holds {_names(FILE_KEYS)}")
    description = data.get("description")
    if description is not None and not isinstance(description, str):
        raise InvalidInput(f"{file}: description must be a string")
    steps = data.get("steps")
    if steps is None or steps == []:
        raise InvalidInput(f"{file}: no [[steps]]: a sequence needs at least one step")
    if not isinstance(steps, list) or not all(isinstance(step, dict) for step in steps):
        raise InvalidInput(f"{file}: steps must be [[steps]] tables, one per step")
    return SequenceDraft(
        name=name,
        description=description,
        steps=tuple(_step(file, number, step) for number, step in enumerate(steps, start=1)),
    )


def _load(path: Path, file: str) -> dict:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"{file}: no such file") from None
    except IsADirectoryError:
        raise InvalidInput(f"{file}: is a folder, not a TOML file") from None
    except OSError as exc:
        raise InvalidInput(f"{file}: cannot read it ({exc.strerror or exc})") from None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InvalidInput(f"{file}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"{file}: not valid TOML: {exc}") from None


def _step(file: str, number: int, step: dict) -> StepDraft:
    where = f"{file}, step {number}"
    unknown = sorted(set(step) - set(STEP_KEYS))
    if unknown:
        raise InvalidInput(f"{where}: unknown key {_names(unknown)}; a step holds {_names(STEP_KEYS)}")
    if "channel" not in step:
        raise InvalidInput(f"{where}: no channel: use email, linkedin, call or other")
    for key, value in step.items():
        kind, words = STEP_KEYS[key]
        # TOML's true is a Python int too: a wait of `true` days is a mistake, not one day.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise InvalidInput(f"{where}: {key} must be {words}, not {_shown(value)}")
    return StepDraft(
        channel=step["channel"],
        wait_days=step.get("wait_days", 0),
        business_days=step.get("business_days", False),
        subject=step.get("subject"),
        body=step.get("body"),
    )


def _names(keys) -> str:  # noqa: ANN001 - any iterable of key names
    return ", ".join(repr(k) for k in keys)


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return str(value)
