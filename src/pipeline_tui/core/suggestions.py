"""Closest names for a word that matched nothing (a job title, a pool, a stage, a team member), so a typo
gets "did you mean" instead of an empty result. Used by the store's NotFound messages and by the CLI.

rapidfuzz compares case-, space- and punctuation-insensitively (its default processor).
"""

from __future__ import annotations

from collections.abc import Sequence

# Listing closest titles: WRatio also scores a word found inside a longer title ("designer").
LISTED_SCORE = 60
# A new pool name this similar to an existing one (plain ratio) is taken for a typo of it.
TYPO_SCORE = 80


def closest(word: str, choices: Sequence[str], *, limit: int = 3) -> list[str]:
    """Up to `limit` of `choices` most like `word`, best first; [] when none is near."""
    from rapidfuzz import fuzz, process, utils

    found = process.extract(
        word,
        choices,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=LISTED_SCORE,
    )
    return [choice for choice, _score, _index in found]


def typo_of(word: str, choices: Sequence[str]) -> list[str]:
    """The `choices` that `word` is probably a mistyping of, best first."""
    from rapidfuzz import fuzz, process, utils

    found = process.extract(
        word, choices, scorer=fuzz.ratio, processor=utils.default_process, limit=3, score_cutoff=TYPO_SCORE
    )
    return [choice for choice, _score, _index in found]


def quoted(names: Sequence[str]) -> str:
    return ", ".join(repr(n) for n in names)


def unknown(what: str, word: str, choices: Sequence[str]) -> str:
    """'no job titled 'X'; closest: 'A', 'B'' or a sentence saying there is nothing to choose from."""
    near = closest(word, choices)
    if near:
        return f"{what} {word!r}; closest: {quoted(near)}"
    if not choices:
        return f"{what} {word!r}: there are none yet"
    return f"{what} {word!r}, and none is close (there are {len(choices):,})"
