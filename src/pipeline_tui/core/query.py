"""The pool browser's query language: free words plus filters. Parse only; the store turns it into SQL.

A query is free words plus filters: `tag:rust` (repeatable, all must match), `-tag:x` (must not),
`status:contacted`, `pool:"Data Eng"`, `source:referral`. Whatever a user types is a search, never a syntax
error: the parser has no failure path, unknown `col:` words are plain words (their field kept, so an empty
result can name it), and unbalanced quotes run to the end. A pasted web address is searched in its canonical
form (`https://www.linkedin.com/in/Ann-Lee/?trk=x` as `linkedin.com/in/ann-lee`), the form identities are
indexed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline_tui.core.identities import pasted_address
from pipeline_tui.core.validation import tag_key

FILTER_KEYS = ("tag", "status", "pool", "source")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_WORD = re.compile(r"[^\W_]+")
_FIELD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class ProspectQuery:
    """A parsed query bar. Empty fields mean 'no condition'."""

    words: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    without_tags: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    pools: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    # `word:` prefixes that are no filter (searched as plain words; named when nothing matches).
    unknown_fields: tuple[str, ...] = ()
    # The user is still typing the last word: match it as a prefix.
    prefix_last: bool = False
    text: str = field(default="", compare=False)

    @property
    def is_empty(self) -> bool:
        return not (
            self.words or self.tags or self.without_tags or self.statuses or self.pools or self.sources
        )


def parse_query(raw: str, *, typing: bool = True) -> ProspectQuery:
    """Split the query bar into words and filters. Never raises; any string is a valid query."""
    cleaned = _clean(raw)
    words: list[str] = []
    tags: list[str] = []
    without: list[str] = []
    statuses: list[str] = []
    pools: list[str] = []
    sources: list[str] = []
    unknown: list[str] = []
    for token in _tokens(cleaned):
        address = pasted_address(token)
        if address is not None:
            words.append(str(address.value))
            continue
        negated = token.startswith("-")
        body = token[1:] if negated else token
        key, sep, value = body.partition(":")
        key = key.lower()
        value = _unquote(value).strip() if sep else ""
        if sep and key in FILTER_KEYS and value:
            if key == "tag":
                (without if negated else tags).append(tag_key(value))
                continue
            if not negated:
                if key == "status":
                    statuses.append("_".join(value.lower().replace("-", " ").split()))
                elif key == "pool":
                    pools.append(" ".join(value.split()).lower())
                else:
                    sources.append(" ".join(value.split()).lower())
                continue
        if sep and key not in FILTER_KEYS and _FIELD.fullmatch(key) and value:
            unknown.append(key)
        word = _unquote(token).strip()
        if _WORD.search(word):
            words.append(word)
    last_is_word = bool(words) and not cleaned.endswith((" ", '"')) and _ends_with_word(cleaned, words[-1])
    # A one-letter prefix matches half of everyone: wait for the second letter before widening.
    last_is_word = last_is_word and len(_WORD.findall(words[-1])[-1]) >= 2
    return ProspectQuery(
        words=tuple(words),
        tags=tuple(dict.fromkeys(tags)),
        without_tags=tuple(dict.fromkeys(without)),
        statuses=tuple(dict.fromkeys(statuses)),
        pools=tuple(dict.fromkeys(pools)),
        sources=tuple(dict.fromkeys(sources)),
        unknown_fields=tuple(dict.fromkeys(unknown)),
        prefix_last=typing and last_is_word,
        text=raw,
    )


def _clean(raw: str) -> str:
    text_ = raw.encode("utf-8", "replace").decode("utf-8", "replace") if raw else ""
    return _CONTROL.sub(" ", text_)


def _tokens(s: str) -> list[str]:
    """Whitespace-separated tokens; a double quote groups spaces until the next quote or the end."""
    tokens: list[str] = []
    current: list[str] = []
    quoted = False
    for ch in s:
        if ch == '"':
            quoted = not quoted
            current.append(ch)
        elif ch.isspace() and not quoted:
            if current:
                tokens.append("".join(current))
                current = []
        else:
            current.append(ch)
    if current:
        tokens.append("".join(current))
    return tokens


def _unquote(value: str) -> str:
    return value.replace('"', " ") if '"' in value else value


def _ends_with_word(cleaned: str, last: str) -> bool:
    stripped = cleaned.rstrip()
    return bool(stripped) and (stripped[-1].isalnum()) and last.strip() != ""
