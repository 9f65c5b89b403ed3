"""Counts in sentences: the noun agrees with the number ("1 application", "2 applications", "1 person")."""

from __future__ import annotations

# Nouns whose plural is not the singular plus "s".
_IRREGULAR = {"person": "people", "match": "matches", "company": "companies", "activity": "activities"}


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """`n` with its noun in the right number, thousands separated: counted(1, "pool") == "1 pool"."""
    if n == 1:
        return f"1 {singular}"
    return f"{n:,} {plural or _IRREGULAR.get(singular) or singular + 's'}"
