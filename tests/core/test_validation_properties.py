"""E-mail normalisation and tag keys on open-ended input: whatever people type or files hold."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.validation import normalise_email, tag_key

ASCII = st.text(alphabet=string.printable)
SPACES = st.text(alphabet=" \t\n\r\x0b\x0c\u00a0\u2003", max_size=4)
LOCAL = st.from_regex(r"[A-Za-z0-9_%+\-]{1,10}(\.[A-Za-z0-9_%+\-]{1,10}){0,2}", fullmatch=True)
# DNS labels: letters, digits and inner hyphens (a label never starts or ends with one).
_LABEL = r"[A-Za-z0-9]([A-Za-z0-9\-]{0,10}[A-Za-z0-9])?"
DOMAIN = st.from_regex(rf"{_LABEL}(\.{_LABEL}){{0,2}}\.[A-Za-z]{{2,6}}", fullmatch=True)
ADDRESS = st.builds(lambda local, domain: f"{local}@{domain}", LOCAL, DOMAIN)
# Arbitrary text mostly fails the check; half the inputs are near-addresses so the accepting path is exercised.
EMAIL_LIKE = st.one_of(
    st.text(), ADDRESS, st.builds(lambda a, b, c: a + b + c, SPACES, ADDRESS, st.text(max_size=3))
)
ASCII_EMAIL_LIKE = st.one_of(ASCII, ADDRESS, st.builds(lambda a, b: a + b, ADDRESS, ASCII))


def outcome(value: str) -> str | None | type[InvalidInput]:
    """What normalising gives: the address, None for empty, or InvalidInput (and nothing else, ever)."""
    try:
        return normalise_email(value)
    except InvalidInput:
        return InvalidInput


@given(EMAIL_LIKE)
def test_email_never_raises_anything_but_invalid_input(value):
    result = outcome(value)
    assert result is None or result is InvalidInput or isinstance(result, str)


@given(EMAIL_LIKE)
def test_email_is_idempotent(value):
    result = outcome(value)
    if isinstance(result, str):
        assert normalise_email(result) == result
        assert result == result.strip().lower() and result


@given(ASCII_EMAIL_LIKE)
def test_email_ignores_case(value):
    assert outcome(value.upper()) == outcome(value.lower()) == outcome(value)


@given(EMAIL_LIKE)
def test_email_ignores_surrounding_space(value):
    assert outcome(f"  {value}\t\n") == outcome(value)


@given(SPACES, LOCAL, DOMAIN, SPACES)
def test_ordinary_addresses_are_accepted_in_any_case_and_padding(before, local, domain, after):
    address = f"{local}@{domain}"
    expected = address.lower()
    assert normalise_email(address) == expected
    assert normalise_email(f"{before}{address.upper()}{after}") == expected
    assert normalise_email(f"{before}<{address.swapcase()}>{after}") == expected
    assert normalise_email(f"mailto:{address}") == expected


@given(LOCAL, DOMAIN, st.sampled_from([" ", "@", ",", ";", "<", '"', ".."]))
def test_addresses_with_a_stray_character_inside_are_refused(local, domain, stray):
    with pytest.raises(InvalidInput):
        normalise_email(f"{local}{stray}{local}@{domain}")


@given(st.text())
def test_tag_key_is_idempotent_and_lower_case(name):
    key = tag_key(name)
    assert tag_key(key) == key
    assert key == key.lower()
    assert key == key.strip() and "  " not in key


@given(st.text())
def test_tag_key_ignores_case(name):
    assert tag_key(name.lower()) == tag_key(name)


@given(ASCII)
def test_tag_key_ignores_ascii_case_both_ways(name):
    assert tag_key(name.upper()) == tag_key(name.swapcase()) == tag_key(name)


@given(st.lists(st.text(alphabet=string.ascii_letters + "äöüßéñ-+#", min_size=1), min_size=1), SPACES, SPACES)
def test_tag_key_ignores_runs_of_space(words, before, after):
    assert tag_key(before + "   \t ".join(words) + after) == tag_key(" ".join(words))
