"""Giving columns a meaning: header names recognised without a mapping file, `--map` overrides the rest.

Matching ignores case, spaces, `*` and punctuation, so "E-mail *", "email_address" and "Email Address" are
one header. The aliases cover the common shapes plus the exact headers of LinkedIn Recruiter (its candidate
import sample and its project export), LinkedIn Talent Hub's Candidates.csv export and Greenhouse's prospect
import template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline_tui.core.errors import InvalidInput

# The fields a column can feed. "ignore" drops a column on purpose (only through --map).
FIELDS: dict[str, str] = {
    "name": "full name",
    "first_name": "first name",
    "last_name": "last name",
    "email": "e-mail (several split on ; or , - the first is primary)",
    "phone": "phone",
    "title": "current title",
    "company": "current company",
    "location": "location",
    "city": "city (joined into location)",
    "region": "region or state (joined into location)",
    "country": "country (joined into location)",
    "linkedin": "LinkedIn URL",
    "github": "GitHub URL",
    "website": "website",
    "links": "profile links (sorted by site into LinkedIn / GitHub / website)",
    "source": "source",
    "tags": "tags (split on ; or ,)",
    "notes": "notes",
    "summary": "profile summary",
    "stage": "pipeline stage (applicants) or pool status (prospects)",
    "status": "application status or pool status",
    "applied_at": "date applied",
    "stage_entered_at": "date the applicant entered the current stage",
    "rating": "rating 0-3",
    "rejection_note": "rejection note",
    "last_contacted_at": "date last contacted",
    "created_at": "date the person was first added",
    "rejection_reason": "rejection reason",
    "pools": "pools (name and status)",
    "history": "stage history",
    "ignore": "drop the column",
}

# normalised header -> (field, preference). Lower preference wins when two columns feed one field.
_ALIASES: dict[str, tuple[str, int]] = {}


def _alias(field_name: str, pref: int, *names: str) -> None:
    for n in names:
        _ALIASES[normalise_header(n)] = (field_name, pref)


def normalise_header(header: str) -> str:
    """'E-mail Address *' -> 'emailaddress': case, spaces, '*' and punctuation do not matter."""
    return re.sub(r"[\W_]+", "", header.lower())


_alias(
    "name",
    0,
    "name",
    "full name",
    "fullname",
    "candidate name",
    "prospect name",
    "candidate",
    "contact name",
    "display name",
    "person",
    "applicant",
    "applicant name",
)
_alias("first_name", 0, "first name", "firstname", "first_name", "given name", "forename", "first")
_alias("last_name", 0, "last name", "lastname", "last_name", "surname", "family name", "last")
_alias(
    "email",
    0,
    "email",
    "e-mail",
    "emails",
    "email address",
    "email addresses",
    "e-mail address",
    "mail",
    "primary email",
    "work email",
    "personal email",
    "contact email",
    "email id",
    "email ids",
)
_alias(
    "phone",
    0,
    "phone",
    "phone number",
    "phone numbers",
    "phone_numbers",
    "mobile",
    "mobile phone",
    "mobile number",
    "cell",
    "cell phone",
    "telephone",
    "tel",
    "primary phone",
)
_alias("title", 0, "current title", "job title", "current job title", "current position")
_alias("title", 1, "title", "position", "role")
_alias("title", 2, "headline", "label", "professional headline")
_alias(
    "company",
    0,
    "current company",
    "company",
    "current employer",
    "employer",
    "company name",
    "organisation",
    "organization",
)
_alias("location", 0, "location", "current location")
_alias("location", 1, "address", "home address")
_alias("city", 0, "city", "town")
_alias("region", 0, "state", "region", "province", "county")
_alias("country", 0, "country", "country code")
_alias(
    "linkedin",
    0,
    "linkedin",
    "linkedin url",
    "linkedin profile",
    "linkedin profile url",
    "profile url",
    "public profile url",
    "profile_url",
    "linkedin_url",
)
_alias("github", 0, "github", "github url", "github profile", "github_url")
_alias(
    "website",
    0,
    "website",
    "website url",
    "web site",
    "url",
    "homepage",
    "personal website",
    "portfolio",
    "blog",
    "website_url",
)
_alias("links", 0, "social media", "links", "profiles", "social links")
_alias(
    "source",
    0,
    "source",
    "sourcing channels",
    "sourcing channel",
    "sourcing_channels",
    "candidate source",
    "origin",
    "source name",
    "channel",
)
_alias("tags", 0, "tags", "tag", "labels", "skills", "keywords")
_alias("notes", 0, "notes", "note", "comments", "comment", "feedback")
_alias("summary", 0, "summary", "about", "bio", "profile summary", "description")
_alias(
    "stage",
    0,
    "stage",
    "pipeline stage",
    "current stage",
    "prospect stage",
    "hiring stage",
    "hiring_state_id",
    "stage name",
)
_alias("status", 0, "status", "application status", "pool status")
_alias(
    "applied_at", 0, "applied at", "applied_at", "applied", "date applied", "application date", "applied on"
)
_alias("rating", 0, "rating", "score")
_alias("stage_entered_at", 0, "stage entered at", "stage_entered_at", "in stage since")
_alias("rejection_note", 0, "rejection note", "rejection_note")
_alias("last_contacted_at", 0, "last contacted at", "last_contacted_at", "last contacted", "last contact")
_alias("created_at", 0, "created at", "created_at", "created_datetime", "date added", "added at", "added on")
_alias("rejection_reason", 0, "rejection reason", "rejection_reason", "reject reason", "reason")
_alias("pools", 0, "pools", "pool memberships")
_alias("history", 0, "history", "stage history")
# The column a --failed-csv file adds: the reason is for the person fixing the row, not for the database.
_alias("ignore", 0, "import error")

# Columns that may appear many times and add up rather than compete.
MULTI_FIELDS = frozenset({"email", "tags", "notes", "links", "phone"})


@dataclass
class ColumnMapping:
    """Which field each header feeds; `unknown` columns go into the candidate's notes."""

    fields: dict[str, str | None]  # header -> field (None: unknown, kept in notes)
    preference: dict[str, int] = field(default_factory=dict)
    overridden: set[str] = field(default_factory=set)

    @property
    def unknown(self) -> list[str]:
        return [h for h, f in self.fields.items() if f is None]

    def columns_for(self, field_name: str) -> list[str]:
        """Headers feeding a field, preferred first."""
        hs = [h for h, f in self.fields.items() if f == field_name]
        return sorted(hs, key=lambda h: self.preference.get(h, 0))

    @property
    def has_name(self) -> bool:
        mapped = set(self.fields.values())
        return "name" in mapped or "first_name" in mapped or "last_name" in mapped

    def describe(self) -> list[tuple[str, str]]:
        """(header, what it feeds) for previews and reports."""
        return [(h, f if f else "(kept in notes)") for h, f in self.fields.items()]


def summarise(names: list[str], limit: int = 8) -> str:
    """Column names for one line of a message: all of a few, else the first `limit` and how many in all
    (a file with 10,000 columns gets a sentence, not an 89,000-character line)."""
    if len(names) <= limit + 2:
        return ", ".join(names)
    return f"{', '.join(names[:limit])} and {len(names) - limit:,} more ({len(names):,} in all)"


def parse_overrides(items: list[str] | tuple[str, ...]) -> dict[str, str]:
    """'Column Header=field' strings to a dict; a bad one raises InvalidInput naming the fields."""
    out: dict[str, str] = {}
    for item in items:
        header, sep, target = item.rpartition("=")
        header, target = header.strip(), target.strip().lower().replace("-", "_").replace(" ", "_")
        if not sep or not header:
            raise InvalidInput(f"--map wants 'Column Header=field', got {item!r}")
        if target not in FIELDS:
            raise InvalidInput(f"--map {item!r}: unknown field {target!r}; fields are {', '.join(FIELDS)}")
        out[header] = target
    return out


def header_field(header: str, overrides: dict[str, str] | None = None) -> str | None:
    """The field a header names (an override first), or None when it is not a known column name."""
    key = normalise_header(header)
    if overrides:
        for name, target in overrides.items():
            if normalise_header(name) == key:
                return target
    hit = _ALIASES.get(key)
    return hit[0] if hit else None


def recognise(headers: list[str], overrides: dict[str, str] | None = None) -> ColumnMapping:
    overrides = overrides or {}
    by_key = {normalise_header(h): target for h, target in overrides.items()}
    unused = dict(by_key)
    fields: dict[str, str | None] = {}
    prefs: dict[str, int] = {}
    overridden: set[str] = set()
    for h in headers:
        key = normalise_header(h)
        if key in by_key:
            fields[h] = by_key[key]
            prefs[h] = -1
            overridden.add(h)
            unused.pop(key, None)
            continue
        hit = _ALIASES.get(key)
        fields[h] = hit[0] if hit else None
        prefs[h] = hit[1] if hit else 0
    if unused:
        wanted = ", ".join(repr(k) for k in overrides if normalise_header(k) in unused)
        raise InvalidInput(
            f"--map names columns the file does not have: {wanted}; it has {summarise(headers)}"
        )
    return ColumnMapping(fields=fields, preference=prefs, overridden=overridden)
