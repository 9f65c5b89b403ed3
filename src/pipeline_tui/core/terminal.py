"""Text from files and the database, made safe to print to a terminal or draw on a screen.

A name, a CSV header or a note can hold anything a file held: ESC sequences that retitle or clear the
terminal (`ESC ]0;...BEL`, `ESC [2J`), C1 controls (U+009B is a one-character CSI), bidi controls that make
a terminal draw text in another order (U+202E), zero-width characters that hide text. `UNSAFE` names them
all once; `visible()` shows each as an escape (`\\x1b`, `\\u202e`) for the CLI, which prints what a file
held, while screens replace them with a mark (widgets/literal.py).
"""

from __future__ import annotations

import codecs
import io
import re
from typing import IO

# C0 controls, DEL, C1 controls; the bidi embeddings, overrides and isolates (and the marks LRM, RLM, ALM);
# zero-width space, (non-)joiner, word joiner and invisible operators, and the BOM as zero-width no-break;
# lone surrogates (the bytes of a line that was not valid UTF-8), which no terminal can be sent.
_INVISIBLE = "\x7f-\x9f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff"
UNSAFE = re.compile(f"[\x00-\x1f{_INVISIBLE}]")
# The same, but newlines and tabs are kept, and a carriage return before a newline (a lone one overwrites
# the line): multi-line output.
UNSAFE_KEEPING_LINES = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_INVISIBLE}]|\r(?!\n)")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: object, *, multiline: bool = False) -> str:
    """`text` with every control, bidi and zero-width character written as an escape (ESC as `\\x1b`)."""
    s = "" if text is None else str(text)
    pattern = UNSAFE_KEEPING_LINES if multiline else UNSAFE
    if s.isascii() and s.isprintable():
        return s  # the common case: nothing to look for
    return pattern.sub(_escape, s)


class VisibleOutput(io.RawIOBase):
    """A binary stream (a terminal's stdout) that UTF-8 text goes through `visible(multiline=True)` on its
    way to: an export printed on a terminal shows what the database holds instead of obeying it."""

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__()
        self._raw = raw
        self._decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[override]
        text = self._decoder.decode(bytes(data))
        self._raw.write(visible(text, multiline=True).encode("utf-8"))
        return len(data)

    def flush(self) -> None:
        self._raw.flush()
