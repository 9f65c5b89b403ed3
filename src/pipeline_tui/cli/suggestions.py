"""Closest names for a job title, pool, stage or reason name that matched nothing, so a typo gets "did you mean" instead
of an empty result or, for `import --pool`, a new pool nobody wanted.

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


def find_job(store, title: str):
    """The job titled `title`; NotFound names the closest titles."""
    from pipeline_tui.core.errors import NotFound

    try:
        return store.jobs.find_by_title(title)
    except NotFound:
        titles = sorted({summary.job.title for summary in store.jobs.list_jobs()})
        raise NotFound(unknown("no job titled", title, titles)) from None


def find_stage(store, job, name: str):
    """The stage of `job` named `name` (case and spacing aside); NotFound names the closest stages."""
    from pipeline_tui.core.errors import NotFound

    stages = store.jobs.stages(job.id)
    found = _named(name, stages, lambda stage: stage.name)
    if found is None:
        raise NotFound(unknown(f"{job.title} has no stage named", name, [s.name for s in stages]))
    return found


def find_reason(store, name: str, category: str):
    """The rejection reason of `category` ("rejected" or "withdrew") named `name`; NotFound names the
    closest reasons of that category."""
    from pipeline_tui.core.errors import NotFound

    reasons = [r for r in store.applications.rejection_reasons() if r.category == category]
    found = _named(name, reasons, lambda reason: reason.name)
    if found is None:
        what = "no reason for withdrawing named" if category == "withdrew" else "no rejection reason named"
        raise NotFound(unknown(what, name, [r.name for r in reasons]))
    return found


def _named(name: str, items, key):  # noqa: ANN001 - records and the function naming each
    wanted = " ".join(name.split()).casefold()
    return next((item for item in items if " ".join(key(item).split()).casefold() == wanted), None)


def find_pool(store, name: str):
    """The pool named `name`; NotFound names the closest pools."""
    from pipeline_tui.core.errors import NotFound

    try:
        return store.pools.find_by_name(name)
    except NotFound:
        raise NotFound(unknown("no pool named", name, _pool_names(store))) from None


def check_new_pool(store, name: str, *, create: bool) -> None:
    """Before an import into the pool `name`: fine when it exists, when `create` says to make it, or when
    the name is new and no pool is close to it; otherwise InvalidInput suggests the pool meant."""
    from pipeline_tui.core.errors import InvalidInput

    names = _pool_names(store)
    wanted = " ".join(name.split()).lower()
    if create or not wanted or any(n.lower() == wanted for n in names):
        return
    near = typo_of(name, names)
    if near:
        raise InvalidInput(
            f"no pool named {name!r}; did you mean {quoted(near)}? "
            "To create a new pool with that name, add --create-pool"
        )


def _pool_names(store) -> list[str]:
    return [pool.name for pool in store.pools.list_pools(counts=False)]
