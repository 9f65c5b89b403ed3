"""Who a person is: their e-mail addresses, phones and profile URLs, each reduced to one canonical form.

Two spellings of one address or profile must meet at the door (a form, an import, the CLI), so every identity
is stored twice: as typed (shown to the user) and canonical (matched on). Pure functions, no database.

- e-mail: trimmed, lower-cased, syntax checked by `email-validator` (no network);
- LinkedIn: `linkedin.com/in/<slug>` (scheme, `www.`, country subdomains, query, fragment, trailing slash and
  case removed); GitHub: `github.com/<user>`; website: host without `www.` plus path, no scheme or query;
- phone: E.164 by `phonenumbers` (core/phones.py), read in a default region (config `phone_region`) when it has no `+`.
  A phone that cannot be parsed is kept as typed but matches nobody (its canonical value is None; the store
  keeps it with an empty value).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import unquote, urlsplit

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.phones import e164

DEFAULT_PHONE_REGION = "GB"


class IdentityKind(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    LINKEDIN = "linkedin"
    GITHUB = "github"
    WEBSITE = "website"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    IdentityKind.EMAIL: "e-mail",
    IdentityKind.PHONE: "phone",
    IdentityKind.LINKEDIN: "LinkedIn",
    IdentityKind.GITHUB: "GitHub",
    IdentityKind.WEBSITE: "website",
}

IDENTITY_KINDS = tuple(k.value for k in IdentityKind)
# Each of these belongs to one person only; a shared phone is a possible duplicate, never refused.
UNIQUE_KINDS = (IdentityKind.EMAIL, IdentityKind.LINKEDIN, IdentityKind.GITHUB, IdentityKind.WEBSITE)
# The candidate columns that hold the primary identity of each kind (their denormalised copy).
KIND_FIELDS = {
    IdentityKind.EMAIL: "email",
    IdentityKind.PHONE: "phone",
    IdentityKind.LINKEDIN: "linkedin_url",
    IdentityKind.GITHUB: "github_url",
    IdentityKind.WEBSITE: "website_url",
}
FIELD_KINDS = {field: kind for kind, field in KIND_FIELDS.items()}


@dataclass(frozen=True, slots=True)
class Identity:
    """One identity as a door sees it: kind, canonical value (None: not a match key) and the text as typed."""

    kind: IdentityKind
    value: str | None
    display: str


# -- e-mail ---------------------------------------------------------------------------------------------------


# The everyday address (dot-atom ASCII local part, letters-digits-hyphens labels, a letter TLD, within the
# RFC's lengths), for which email-validator's verdict is known: accepted, unchanged once lower-cased. Only a
# shortcut (an import checks 100,000 of them): anything else is decided by email-validator, and a property test
# holds the two to agreeing.
_ATEXT = r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_EVERYDAY_EMAIL = re.compile(rf"(?=.{{1,64}}@)({_ATEXT}(?:\.{_ATEXT})*)@((?:{_LABEL}\.)+[a-z]{{2,63}})")


def canonical_email(value: str | None) -> str | None:
    """Trimmed and lower-cased, or None when empty; raises InvalidInput (one sentence) when malformed."""
    if value is None:
        return None
    email = value.strip().strip("<>").strip()
    if email[:7].lower() == "mailto:":
        email = email[7:].strip()
    if not email:
        return None
    email = email.lower()
    if len(email) <= 254 and _EVERYDAY_EMAIL.fullmatch(email) and email.rpartition(".")[2] not in _SPECIAL:
        return email
    return _checked_email(email, value.strip())


# Top-level names email-validator refuses as not deliverable (RFC 6761 and friends), from the library.
_SPECIAL = frozenset(("arpa", "invalid", "local", "localhost", "onion"))


def _checked_email(email: str, typed: str) -> str:
    from email_validator import EmailNotValidError, validate_email

    try:
        checked = validate_email(email, check_deliverability=False, test_environment=True)
    except EmailNotValidError:
        raise InvalidInput(f"not a valid e-mail address: {typed!r}") from None
    return checked.normalized.lower()


# -- profile URLs ---------------------------------------------------------------------------------------------

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def _split(value: str) -> tuple[str, str] | None:
    """(host without www., path without trailing slash) of a URL typed with or without its scheme."""
    text = value.strip()
    if not text or any(c.isspace() for c in text):
        return None
    try:
        parts = urlsplit(text if _SCHEME.match(text) else f"https://{text}")
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:  # "[" alone reads as a broken IPv6 host: not an address
        return None
    if "." not in host:
        return None
    host = host.removeprefix("www.")
    return host, unquote(parts.path).rstrip("/")


# The usual spelling of a profile URL (what exports hold), reduced without parsing the whole URL.
_LINKEDIN_PROFILE = re.compile(
    r"(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/(?:in|pub)/([a-z0-9_-]+)/?(?:[?#].*)?", re.IGNORECASE
)


def canonical_linkedin(value: str | None) -> str | None:
    """`linkedin.com/in/<slug>` for a profile URL (any country subdomain); another LinkedIn page keeps its
    path; text that is not a URL is matched as it is, trimmed and lower-cased (None when empty)."""
    usual = _LINKEDIN_PROFILE.fullmatch((value or "").strip())
    if usual:
        return f"linkedin.com/in/{usual.group(1).lower()}"
    parts = _split(value or "")
    if parts is None:
        return _as_text(value)
    host, path = parts
    if host == "linkedin.com" or host.endswith(".linkedin.com"):
        segments = [p for p in path.split("/") if p]
        if len(segments) >= 2 and segments[0].lower() in ("in", "pub"):
            return f"linkedin.com/in/{segments[1].lower()}"
        return f"linkedin.com{path.lower()}"
    return _website(host, path)


def canonical_github(value: str | None) -> str | None:
    """`github.com/<user>` (a repository link still names its owner); text that is not a URL: as it is."""
    parts = _split(value or "")
    if parts is None:
        return _as_text(value)
    host, path = parts
    if host == "github.com":
        segments = [p for p in path.split("/") if p]
        return f"github.com/{segments[0].lower()}" if segments else "github.com"
    return _website(host, path)


def canonical_website(value: str | None) -> str | None:
    """Host (lower-case, no `www.`) and path, without scheme, query, fragment or trailing slash."""
    parts = _split(value or "")
    return _as_text(value) if parts is None else _website(*parts)


def _website(host: str, path: str) -> str:
    return f"{host}{path}"


def _as_text(value: str | None) -> str | None:
    text = " ".join((value or "").split()).lower()
    return text or None


# -- phone ----------------------------------------------------------------------------------------------------


def canonical_phone(value: str | None, region: str = DEFAULT_PHONE_REGION) -> str | None:
    """E.164 (`+442079460958`), or None when it is empty or not a phone number (kept as typed, no match)."""
    text = (value or "").strip()
    if not text:
        return None
    return e164(text, (region or DEFAULT_PHONE_REGION).upper())


def valid_region(region: str) -> bool:
    """A region phonenumbers knows (ISO 3166 alpha-2, e.g. GB, DE, US)."""
    import phonenumbers

    return region.upper() in phonenumbers.SUPPORTED_REGIONS


# -- all of them ----------------------------------------------------------------------------------------------


def canonical(kind: str, value: str | None, region: str = DEFAULT_PHONE_REGION) -> str | None:
    """The canonical form of one identity of this kind (raises InvalidInput for a malformed e-mail)."""
    kind = IdentityKind(kind)
    if kind is IdentityKind.EMAIL:
        return canonical_email(value)
    if kind is IdentityKind.PHONE:
        return canonical_phone(value, region)
    if kind is IdentityKind.LINKEDIN:
        return canonical_linkedin(value)
    if kind is IdentityKind.GITHUB:
        return canonical_github(value)
    return canonical_website(value)


def identity(kind: str, typed: str, region: str = DEFAULT_PHONE_REGION) -> Identity:
    """One identity from what was typed: canonical value and the text trimmed."""
    return Identity(IdentityKind(kind), canonical(kind, typed, region), typed.strip())


def guess_kind(value: str) -> IdentityKind:
    """What a bare string given at a door (the CLI's EMAIL argument) is: an e-mail, a profile or a website."""
    text = value.strip()
    if "@" in text and "/" not in text:
        return IdentityKind.EMAIL
    host = (_split(text) or ("", ""))[0]
    if host == "linkedin.com" or host.endswith(".linkedin.com"):
        return IdentityKind.LINKEDIN
    if host == "github.com":
        return IdentityKind.GITHUB
    return IdentityKind.WEBSITE


def pasted_address(value: str) -> Identity | None:
    """A pasted web address as the identity it names, or None for other text. A search box sees one when the
    text has `://`, starts `www.` or is on LinkedIn or GitHub: `https://www.linkedin.com/in/Ann-Lee/?trk=x`
    is `linkedin.com/in/ann-lee`, the form every stored profile is kept and indexed in."""
    text = value.strip()
    parts = _split(text)
    if parts is None:
        return None
    host = parts[0]
    on_profile_site = host in ("linkedin.com", "github.com") or host.endswith(".linkedin.com")
    if not ("://" in text or text.lower().startswith("www.") or on_profile_site):
        return None
    kind = guess_kind(text)
    key = canonical(kind, text)
    return Identity(kind, key, text) if key else None


def person_identities(
    fields: dict[str, object], other_emails: tuple[str, ...] = (), region: str = DEFAULT_PHONE_REGION
) -> list[Identity]:
    """Every identity a person's fields name (the candidate columns first, then the other addresses),
    without repeats of one canonical value. The first of each kind is the primary."""
    out: list[Identity] = []
    seen: set[tuple[str, str]] = set()
    typed = [(kind, fields.get(field)) for kind, field in KIND_FIELDS.items()]
    typed += [(IdentityKind.EMAIL, e) for e in other_emails]
    for kind, raw in typed:
        if raw is None or not str(raw).strip():
            continue
        ident = identity(kind, str(raw), region)
        key = (ident.kind, ident.value or ident.display)
        if key in seen:
            continue
        seen.add(key)
        out.append(ident)
    return out
