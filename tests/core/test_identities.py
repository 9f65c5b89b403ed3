"""Canonical forms of identities: however a person's address or profile is typed, it meets itself."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.identities import (
    IdentityKind,
    canonical_email,
    canonical_github,
    canonical_linkedin,
    canonical_phone,
    canonical_website,
    guess_kind,
    person_identities,
)

SLUG = st.text(alphabet=string.ascii_letters + string.digits + "-_", min_size=1, max_size=30)
USER = st.from_regex(r"[A-Za-z0-9]([A-Za-z0-9-]{0,20}[A-Za-z0-9])?", fullmatch=True)
SCHEME = st.sampled_from(["", "http://", "https://", "HTTPS://"])
WWW = st.sampled_from(["", "www.", "WWW."])
COUNTRY = st.sampled_from(["", "de.", "uk.", "fr.", "www.", "DE."])
QUERY = st.sampled_from(["", "?trk=public_profile", "?utm_source=x&b=2", "#about", "?a=1#b"])
SLASH = st.sampled_from(["", "/"])


@given(SCHEME, COUNTRY, SLUG, SLASH, QUERY)
def test_linkedin_profiles_reduce_to_one_form(scheme, country, slug, slash, query):
    typed = f"{scheme}{country}linkedin.com/in/{slug}{slash}{query}"
    assert canonical_linkedin(typed) == f"linkedin.com/in/{slug.lower()}"
    assert canonical_linkedin(f"  {typed.upper()}  ") == f"linkedin.com/in/{slug.lower()}"


@given(SCHEME, COUNTRY, SLUG, SLASH, QUERY)
def test_linkedin_form_is_idempotent(scheme, country, slug, slash, query):
    once = canonical_linkedin(f"{scheme}{country}linkedin.com/in/{slug}{slash}{query}")
    assert canonical_linkedin(once) == once


@given(SCHEME, WWW, USER, st.sampled_from(["", "/", "/some-repo", "/some-repo/tree/main"]), QUERY)
def test_github_profiles_and_their_repositories_name_the_user(scheme, www, user, rest, query):
    assert canonical_github(f"{scheme}{www}github.com/{user}{rest}{query}") == f"github.com/{user.lower()}"


@given(SCHEME, WWW, USER, st.sampled_from(["", "/", "/blog", "/blog/"]), QUERY)
def test_websites_keep_host_and_path_only(scheme, www, name, path, query):
    got = canonical_website(f"{scheme}{www}{name}.Example.dev{path}{query}")
    assert got == f"{name.lower()}.example.dev{path.rstrip('/')}"
    assert canonical_website(got) == got


def test_text_that_is_no_url_is_matched_as_typed_lower_cased():
    assert canonical_linkedin("  Jane Doe ") == "jane doe"
    assert canonical_website("") is None and canonical_github(None) is None


@pytest.mark.parametrize(
    "typed",
    ["+44 20 7946 0958", "020 7946 0958", "(020) 7946-0958", "+44 (0)20 7946 0958", "0044 20 7946 0958"],
)
def test_phones_become_e164_in_the_default_region(typed):
    assert canonical_phone(typed, "GB") == "+442079460958"


def test_a_phone_with_its_country_code_ignores_the_region_and_a_bad_one_matches_nothing():
    assert canonical_phone("+49 30 1234567", "US") == canonical_phone("030 1234567", "DE") == "+49301234567"
    assert canonical_phone("(415) 555-0100", "US") == "+14155550100"
    for junk in ("ask reception", "12", "", "   ", None):
        assert canonical_phone(junk, "GB") is None


@given(st.text(max_size=30), st.sampled_from(["GB", "DE", "US", "FR"]))
def test_phone_never_raises(text, region):
    got = canonical_phone(text, region)
    assert got is None or (got.startswith("+") and got[1:].isdigit())


def test_email_validator_decides_the_syntax_with_one_sentence():
    assert canonical_email(" Ann.Lee@Example.COM ") == "ann.lee@example.com"
    for bad in ("ann@", "ann@@example.com", "ann@example", "ann lee@example.com", "ann@-x.com"):
        with pytest.raises(InvalidInput, match=r"^not a valid e-mail address: "):
            canonical_email(bad)


def test_what_a_bare_value_given_at_a_door_is():
    assert guess_kind("ann@example.com") is IdentityKind.EMAIL
    assert guess_kind("https://de.linkedin.com/in/ann") is IdentityKind.LINKEDIN
    assert guess_kind("github.com/ann") is IdentityKind.GITHUB
    assert guess_kind("ann.dev") is IdentityKind.WEBSITE


def test_a_person_has_each_identity_once_and_the_first_address_is_primary():
    got = person_identities(
        {
            "email": "ann@example.com",
            "phone": "020 7946 0958",
            "linkedin_url": "https://www.linkedin.com/in/Ann/",
            "website_url": "ann.dev",
        },
        other_emails=("ANN@example.com", "ann@work.example"),
        region="GB",
    )
    assert [(i.kind.value, i.value, i.display) for i in got] == [
        ("email", "ann@example.com", "ann@example.com"),
        ("phone", "+442079460958", "020 7946 0958"),
        ("linkedin", "linkedin.com/in/ann", "https://www.linkedin.com/in/Ann/"),
        ("website", "ann.dev", "ann.dev"),
        ("email", "ann@work.example", "ann@work.example"),
    ]


# Addresses shaped like the shortcut's (and near it): the shortcut must say exactly what email-validator says.
_ATOM = st.text(
    alphabet=string.ascii_letters + string.digits + "!#$%&'*+/=?^_`{|}~-.", min_size=1, max_size=70
)
_HOST = st.text(alphabet=string.ascii_letters + string.digits + "-.", min_size=1, max_size=70)
_TLD = st.sampled_from(["com", "io", "dev", "local", "onion", "test", "x", "c0m", "museum", "arpa"])


@given(_ATOM, _HOST, _TLD)
def test_the_everyday_shortcut_agrees_with_email_validator(local, host, tld):
    from email_validator import EmailNotValidError, validate_email

    address = f"{local}@{host}.{tld}"
    try:
        expected = validate_email(
            address, check_deliverability=False, test_environment=True
        ).normalized.lower()
    except EmailNotValidError:
        expected = InvalidInput
    try:
        got = canonical_email(address)
    except InvalidInput:
        got = InvalidInput
    assert got == expected
