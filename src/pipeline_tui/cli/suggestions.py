"""Closest names for a job title or pool name that matched nothing, so a typo gets "did you mean" instead
of an empty result or, for `import --pool`, a new pool nobody wanted (the matching lives in core/suggestions).
"""

from __future__ import annotations

from pipeline_tui.core.suggestions import closest, quoted, typo_of, unknown

__all__ = ["closest", "quoted", "typo_of", "unknown", "find_job", "find_pool", "check_new_pool"]


def find_job(store, title: str):
    """The job titled `title`; NotFound names the closest titles."""
    from pipeline_tui.core.errors import NotFound

    try:
        return store.jobs.find_by_title(title)
    except NotFound:
        titles = sorted({summary.job.title for summary in store.jobs.list_jobs()})
        raise NotFound(unknown("no job titled", title, titles)) from None


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
