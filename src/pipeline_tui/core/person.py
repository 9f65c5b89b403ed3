"""The fields of a person, as data: what forms, imports, merges, exports and erasure agree on.

One row per field a user can type about someone: its label in sentences ("their e-mail was ..."), the
column's length limit (None: unbounded text), whether it holds several lines, whether erasure clears it
(the name is replaced by a placeholder instead, and the source is a channel that reports keep), and whether a
user may edit it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PersonField:
    name: str
    label: str
    max_length: int | None
    multiline: bool = False
    erasable: bool = True
    editable: bool = True

    @property
    def title(self) -> str:
        """The label at the start of a line or on a form ("E-mail", "LinkedIn")."""
        return self.label[:1].upper() + self.label[1:]


PERSON_FIELDS: tuple[PersonField, ...] = (
    PersonField("full_name", "name", 200, erasable=False),
    PersonField("email", "e-mail", 320),
    PersonField("phone", "phone", 64),
    PersonField("location", "location", 200),
    PersonField("current_title", "title", 200),
    PersonField("current_company", "company", 200),
    PersonField("linkedin_url", "LinkedIn", 500),
    PersonField("github_url", "GitHub", 500),
    PersonField("website_url", "website", 500),
    PersonField("source", "source", 100, erasable=False),
    PersonField("summary", "summary", None, multiline=True),
)
FIELDS_BY_NAME: dict[str, PersonField] = {f.name: f for f in PERSON_FIELDS}

# Derived views, in the table's order.
EDITABLE_FIELDS: tuple[str, ...] = tuple(f.name for f in PERSON_FIELDS if f.editable)
ERASABLE_FIELDS: tuple[str, ...] = tuple(f.name for f in PERSON_FIELDS if f.erasable)
SINGLE_LINE_FIELDS: tuple[str, ...] = tuple(f.name for f in PERSON_FIELDS if not f.multiline)
FIELD_LIMITS: dict[str, int] = {f.name: f.max_length for f in PERSON_FIELDS if f.max_length is not None}
# What a merge copies into the kept person where theirs is empty: the contact details, not who they are.
FILLABLE_FIELDS: tuple[str, ...] = tuple(n for n in SINGLE_LINE_FIELDS if n not in ("full_name", "email"))
