"""Input rules for people: e-mail normalisation and checks shared by the CLI, imports and every form."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, field_validator

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.identities import canonical_email

# C0 controls, DEL and the C1 controls (U+0080-U+009F: U+009B alone is a terminal's CSI).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def normalise_email(value: str | None) -> str | None:
    """Trimmed and lower-cased, or None when empty; raises InvalidInput when malformed (email-validator's
    syntax rules, no network: see core/identities.py)."""
    return canonical_email(value)


def clean_text(value: str | None, *, multiline: bool = False) -> str | None:
    """Trim and drop C0 and C1 control characters (kept: newlines and tabs in multi-line text); None when
    empty."""
    if value is None:
        return None
    text = str(value)
    if not _ANY_CONTROL.search(text):
        # The common case (bulk imports clean a million cells): nothing to replace, only trim.
        return text.strip() or None
    if multiline:
        text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    else:
        text = _CONTROL.sub("", text.replace("\t", " ").replace("\n", " ").replace("\r", " "))
    text = text.strip()
    return text or None


class CandidateInput(BaseModel):
    """A person as typed into a form, a CSV row or the CLI, before it becomes a candidate row."""

    model_config = ConfigDict(frozen=True)

    full_name: str
    email: str | None = None
    phone: str | None = None
    location: str | None = None
    current_title: str | None = None
    current_company: str | None = None
    linkedin_url: str | None = None
    github_url: str | None = None
    website_url: str | None = None
    source: str | None = None
    summary: str | None = None

    @field_validator("full_name", mode="before")
    @classmethod
    def _name(cls, value: object) -> str:
        name = clean_text(None if value is None else str(value))
        if not name:
            raise ValueError("a name is required")
        return name

    @field_validator("email", mode="before")
    @classmethod
    def _email(cls, value: object) -> str | None:
        try:
            return normalise_email(None if value is None else str(value))
        except InvalidInput as exc:
            raise ValueError(str(exc)) from None

    @field_validator(
        "phone",
        "location",
        "current_title",
        "current_company",
        "linkedin_url",
        "github_url",
        "website_url",
        "source",
        mode="before",
    )
    @classmethod
    def _line(cls, value: object) -> str | None:
        return clean_text(None if value is None else str(value))

    @field_validator("summary", mode="before")
    @classmethod
    def _summary(cls, value: object) -> str | None:
        return clean_text(None if value is None else str(value), multiline=True)

    @classmethod
    def parse(cls, **fields: object) -> CandidateInput:
        """Build from loose fields, turning validation errors into one InvalidInput sentence."""
        from pydantic import ValidationError

        try:
            return cls(**fields)
        except ValidationError as exc:
            messages = []
            for err in exc.errors():
                msg = str(err.get("msg", "invalid"))
                msg = msg.removeprefix("Value error, ")
                field = ".".join(str(p) for p in err.get("loc", ()))
                messages.append(
                    msg if field in msg or "e-mail" in msg or "name" in msg else f"{field}: {msg}"
                )
            raise InvalidInput("; ".join(messages)) from None


def tag_key(name: str) -> str:
    """Tags are unique case-insensitively and trimmed; inner runs of spaces count as one."""
    return " ".join(name.split()).lower()


def clean_tag(name: str) -> str:
    cleaned = clean_text(name) or ""
    cleaned = " ".join(cleaned.split())
    if not cleaned:
        raise InvalidInput("a tag cannot be empty")
    if len(cleaned) > 100:
        raise InvalidInput("a tag is at most 100 characters")
    return cleaned
