"""Phones in E.164 exactly as `phonenumbers` makes them, with a shortcut for the spelling exports hold.

An import reads 100,000 numbers, nearly all distinct, and `phonenumbers.parse` spends most of its time on
what a free-form number needs (finding the number in the text, extensions, letters, RFC 3966). A number typed
as `+` and ASCII digit groups split by single spaces or dashes (`+49 30 1234567`, `+1-415-555-0100`) needs
none of that: the shortcut runs the library's own remaining steps (country code, national prefix, possible
length) on its digits, from the library's metadata. Anything else, and any number the shortcut is unsure of
(no known country code), goes through `phonenumbers.parse`. A property test holds the two to agreeing.
"""

from __future__ import annotations

import re
from functools import lru_cache

# `+`, then ASCII digit groups split by one space or dash: what the shortcut reads.
_PLUS_DIGITS = re.compile(r"\+[0-9]+(?:[ -][0-9]+)*")
# phonenumbers' own limits (phonenumberutil: _MAX_INPUT_STRING_LENGTH, _MIN/_MAX_LENGTH_FOR_NSN).
_MAX_INPUT = 250
_MIN_NSN = 2
_MAX_NSN = 17
_UNSURE = object()


def e164(text: str, region: str) -> str | None:
    """`text` (trimmed, not empty) as E.164, read in `region` when it has no `+`; None when phonenumbers
    refuses it or finds it impossible."""
    if len(text) <= _MAX_INPUT and _PLUS_DIGITS.fullmatch(text):
        try:
            got = _plus_digits(text[1:].replace(" ", "").replace("-", ""))
        except (TypeError, ValueError, IndexError):  # a phonenumbers whose internals changed shape
            got = _UNSURE
        if got is not _UNSURE:
            return got  # type: ignore[return-value]
    return _parsed(text, region)


@lru_cache(maxsize=4096)
def _parsed(text: str, region: str) -> str | None:
    """The library's full reading (cached: forms and handoffs repeat a few numbers)."""
    import phonenumbers

    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _plus_digits(digits: str) -> str | None | object:
    """`phonenumbers.parse("+" + digits)` then `is_possible_number` and E.164 format, without the text
    handling: the steps of phonenumberutil.parse after the `+` is stripped, in its order."""
    steps = _library()
    if steps is None:
        return _UNSURE
    extract, metadata_for, strip_prefix, length, results = steps
    if len(digits) <= _MIN_NSN:
        return None  # TOO_SHORT_AFTER_IDD
    code, national = extract(digits)
    if code == 0:
        return _UNSURE  # the library tries again without the `+`: let it
    metadata = metadata_for(code)
    if metadata is None:
        return _UNSURE
    if len(national) < _MIN_NSN:
        return None  # TOO_SHORT_NSN
    stripped = strip_prefix(national, metadata)[1]
    if length(stripped, metadata) not in results.kept_unstripped:
        national = stripped
    if not _MIN_NSN <= len(national) <= _MAX_NSN:
        return None
    # An all-digit national number is its own national significant number (leading zeros included).
    if length(national, metadata) not in results.possible:
        return None
    return f"+{code}{national}"


class _Results:
    """The ValidationResult values the steps compare with."""

    def __init__(self, vr) -> None:
        self.kept_unstripped = (vr.TOO_SHORT, vr.IS_POSSIBLE_LOCAL_ONLY, vr.INVALID_LENGTH)
        self.possible = (vr.IS_POSSIBLE, vr.IS_POSSIBLE_LOCAL_ONLY)


@lru_cache(maxsize=1)
def _library():
    """The library's internal steps, or None when this version of phonenumbers lacks one of them (every
    number then takes the full parse)."""
    try:
        from phonenumbers import phonenumberutil as pnu
        from phonenumbers.phonemetadata import PhoneMetadata

        steps = (
            pnu._extract_country_code,
            lambda code: PhoneMetadata.metadata_for_region_or_calling_code(
                code, pnu.region_code_for_country_code(code)
            ),
            pnu._maybe_strip_national_prefix_carrier_code,
            pnu._test_number_length,
            _Results(pnu.ValidationResult),
        )
    except (ImportError, AttributeError):
        return None
    return steps
