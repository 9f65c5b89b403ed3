"""Which encoding an import file is in: BOMs, UTF-16 without a BOM, UTF-8, else charset-normalizer.

Detection only ever looks at a sample (the first 64 KB, or the lines a UTF-8 read could not decode), never
at the whole file, so a big file costs no more to open than a small one. When Windows-1252 reads a sample
as cleanly as the best guess, it wins: it is what Excel on a Western Windows writes, and a short sample
of Spanish or German names looks just as plausible in a Baltic or Central European code page that would
turn "ñ" into "ń" (charset-normalizer's language coherence means little in a column of names).
"""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from pipeline_tui.core.errors import PipelineError

SAMPLE_BYTES = 64 * 1024

_LABELS = {
    "cp1252": "Windows-1252 (cp1252)",
    "latin_1": "Latin-1",
    "latin-1": "Latin-1",
    "cp932": "Shift JIS (cp932)",
    "shift_jis": "Shift JIS",
    "euc_jp": "EUC-JP",
    "gb18030": "GB18030 (Chinese)",
    "big5": "Big5 (Chinese)",
    "euc_kr": "EUC-KR (Korean)",
    "cp1250": "Windows-1250 (Central European)",
    "cp1251": "Windows-1251 (Cyrillic)",
    "koi8_r": "KOI8-R (Cyrillic)",
    "mac_roman": "Mac Roman",
}


class UnreadableText(PipelineError):
    """The bytes are not text in any encoding a file of people is written in."""


def bom_or_utf16(head: bytes) -> str | None:
    """The encoding a byte-order mark or the zero bytes of UTF-16 text name; None when neither is there.

    Raises UnreadableText for zero bytes that are not UTF-16 (a binary file)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        # Excel's "Unicode text" without a BOM: every other byte of ASCII text is zero.
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > len(head) // 4 and even < odd // 8:
            return "utf-16-le"
        if even > len(head) // 4 and odd < even // 8:
            return "utf-16-be"
        raise UnreadableText("binary")
    return None


def mostly_utf8(head: bytes, whole: bool) -> bool:
    """Whether a sample reads as UTF-8: cleanly, or with fewer bad bytes than real UTF-8 characters (a UTF-8
    file with a few broken lines, whose lines then fail one by one rather than the file being misread)."""
    sample = head if whole else _cut_partial(head)
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError:
        pass
    text = sample.decode("utf-8", errors="surrogateescape")
    bad = sum(1 for ch in text if "\udc80" <= ch <= "\udcff")
    real = sum(1 for ch in text if ch > "\x7f" and not "\udc80" <= ch <= "\udcff")
    return real >= bad


def detect_legacy(sample: bytes) -> str:
    """The single- or multi-byte code page `sample` (not UTF-8) is most likely in: charset-normalizer's best
    guess, Windows-1252 when it is as good, Latin-1 (which decodes anything) when nothing fits."""
    matches = from_bytes(sample[:SAMPLE_BYTES])
    best = matches.best()
    if best is None:
        return _fallback(sample)
    for m in matches:
        # could_be_from_charset: the code pages that decode the sample to the same text as m's.
        # Language coherence means little in a sample of names and addresses: the mess measured decides.
        if m.chaos <= best.chaos and "cp1252" in (m.encoding, *m.could_be_from_charset):
            return "cp1252"
    if best.encoding in ("utf_8", "ascii"):
        return _fallback(sample)
    return best.encoding


def _fallback(sample: bytes) -> str:
    try:
        sample.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def legacy_warning(name: str, encoding: str) -> str:
    label = _LABELS.get(encoding, encoding)
    if encoding in ("cp1252", "latin-1", "latin_1"):
        return f"{name} is not UTF-8: read it as {label}; check accents"
    return f"{name} is not UTF-8: read it as {label} (detected); check that names look right"


def decode(data: bytes, path: Path) -> tuple[str, str, list[str]]:
    """Bytes of a whole file to text: BOMs, UTF-16 without BOM, UTF-8, then the detected code page with a
    warning (Windows-1252, then Latin-1, when the detected one does not decode the whole file)."""
    try:
        named = bom_or_utf16(data[:SAMPLE_BYTES])
    except UnreadableText:
        raise UnreadableText(f"{path} is a binary file, not CSV or JSON") from None
    if named == "utf-8-sig":
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), named, []
    if named is not None:
        try:
            return data.decode(named), named, []
        except UnicodeDecodeError:
            if named == "utf-16":
                raise UnreadableText(f"{path} says it is UTF-16 but is not valid UTF-16") from None
            raise UnreadableText(f"{path} is a binary file, not CSV or JSON") from None
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    for encoding in dict.fromkeys((detect_legacy(data[:SAMPLE_BYTES]), "cp1252", "latin-1")):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, encoding, [legacy_warning(path.name, encoding)]
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def _cut_partial(head: bytes) -> bytes:
    """A sample cut at an arbitrary byte may end inside a character: drop the last line, which may be cut."""
    end = head.rfind(b"\n")
    return head[: end + 1] if end > 0 else head
