"""The E.164 shortcut for `+` numbers says exactly what phonenumbers says, in every region."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline_tui.core import phones
from pipeline_tui.core.phones import e164

REGIONS = sorted(phonenumbers.SUPPORTED_REGIONS)
TYPES = [
    t
    for t in vars(phonenumbers.PhoneNumberType).values()
    if isinstance(t, int) and t != phonenumbers.PhoneNumberType.UNKNOWN
]
CODES = sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)


def library(text: str, region: str) -> str | None:
    """What `phonenumbers` alone makes of it (parse, possible, E.164: the module's full reading, uncached), the
    rule the shortcut must keep."""
    return phones._parsed.__wrapped__(text, region)


def shortcut(text: str) -> str | None:
    """The shortcut's own answer, failing the test when it would hand the number to the library."""
    assert phones._PLUS_DIGITS.fullmatch(text), text
    got = phones._plus_digits(text[1:].replace(" ", "").replace("-", ""))
    return "unsure" if got is phones._UNSURE else got


def _examples() -> list[tuple[str, str]]:
    out = []
    for region in REGIONS:
        for kind in TYPES:
            number = phonenumbers.example_number_for_type(region, kind)
            if number is not None:
                out.append((region, phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)))
    for code in phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS:
        number = phonenumbers.example_number_for_non_geo_entity(code)
        if number is not None:
            out.append(("001", phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)))
    return out


EXAMPLES = _examples()


def test_the_examples_cover_every_region():
    assert len({r for r, _ in EXAMPLES}) >= len(REGIONS) - 5 and len(EXAMPLES) > 1000


@pytest.mark.parametrize("variant", ["e164", "international", "dashes", "national prefix", "short", "long"])
def test_every_regions_example_numbers_agree(variant):
    """Each region's example numbers of each type, as exports write them and one digit off either way."""
    checked = 0
    for region, number in EXAMPLES:
        code = str(phonenumbers.parse(number).country_code)
        national = number[1 + len(code) :]
        typed = {
            "e164": number,
            "international": f"+{code} {national[:3]} {national[3:]}".rstrip(),
            "dashes": f"+{code}-{national[:2]}-{national[2:5]}-{national[5:]}".rstrip("-"),
            "national prefix": f"+{code} 0{national}",
            "short": f"+{code} {national[:-1]}",
            "long": f"+{code} {national}7",
        }[variant]
        typed = "-".join(p for p in typed.split("-") if p)
        for home in ("GB", "DE", "US", region if region != "001" else "JP"):
            expected = library(typed, home)
            assert e164(typed, home) == expected, (typed, home)
            got = shortcut(typed)
            assert got in (expected, "unsure"), (typed, got, expected)
            checked += got != "unsure"
    assert checked > len(EXAMPLES)  # the shortcut answered itself, not only through the library


_SEPARATOR = st.sampled_from([" ", "-", ""])


@st.composite
def plus_numbers(draw) -> str:
    """`+`, a known or unknown country code, then digit groups split by spaces or dashes."""
    code = (
        str(draw(st.sampled_from(CODES)))
        if draw(st.booleans())
        else draw(st.from_regex(r"[0-9]{1,3}", fullmatch=True))
    )
    groups = draw(st.lists(st.from_regex(r"[0-9]{1,5}", fullmatch=True), min_size=0, max_size=5))
    text = "+" + code
    for g in groups:
        text += draw(_SEPARATOR) + g
    return text


@settings(max_examples=1000)
@given(plus_numbers(), st.sampled_from(REGIONS))
def test_generated_plus_numbers_agree(typed, region):
    expected = library(typed, region)
    assert e164(typed, region) == expected
    assert shortcut(typed) in (expected, "unsure")


@given(st.text(alphabet="+0123456789 -()./x", max_size=25), st.sampled_from(["GB", "DE", "US", "IT", "BR"]))
def test_any_spelling_gives_what_the_library_gives(typed, region):
    text = typed.strip()
    if text:
        assert e164(text, region) == library(text, region)


def test_an_unknown_country_code_is_left_to_the_library():
    assert shortcut("+999 123 4567") == "unsure"
    assert e164("+999 123 4567", "GB") == library("+999 123 4567", "GB")


def test_a_phonenumbers_with_other_internals_falls_back_to_its_full_parse(monkeypatch):
    def changed(*_args):
        raise TypeError("takes 3 positional arguments but 2 were given")

    steps = phones._library()
    monkeypatch.setattr(phones, "_library", lambda: (steps[0], steps[1], changed, steps[3], steps[4]))
    assert e164("+49 30 1234567", "GB") == library("+49 30 1234567", "GB") == "+49301234567"
