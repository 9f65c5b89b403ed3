"""Built-in pipelines a new job can start from, each stage with its kind (then adjusted in the stage editor).

A template is plain data: the store checks it like any stages a user typed (at least one active stage,
exactly one hired stage, names unique), so a template can never make a job the rules would refuse.
"""

from __future__ import annotations

from pipeline_tui.core.vocabulary import StageKind

StageSpec = tuple[str, StageKind]

_A, _O, _H = StageKind.ACTIVE, StageKind.OFFER, StageKind.HIRED

TEMPLATES: dict[str, tuple[StageSpec, ...]] = {
    "default": (("Applied", _A), ("Phone screen", _A), ("Interview", _A), ("Offer", _O), ("Hired", _H)),
    "engineering": (
        ("Applied", _A),
        ("Recruiter screen", _A),
        ("Technical interview", _A),
        ("Onsite", _A),
        ("Offer", _O),
        ("Hired", _H),
    ),
    "sales": (
        ("Applied", _A),
        ("Phone screen", _A),
        ("Role play", _A),
        ("Meet the team", _A),
        ("Offer", _O),
        ("Hired", _H),
    ),
    "internship": (("Applied", _A), ("Screen", _A), ("Interview", _A), ("Offer", _O), ("Hired", _H)),
}
DEFAULT_TEMPLATE = "default"


def stages_from_names(names: list[str] | tuple[str, ...]) -> tuple[StageSpec, ...]:
    """Stages from a list of names, as `job add --stages` takes them: the last is the hired stage, one named
    like "Offer" is the offer stage, every other is active."""
    cleaned = [n.strip() for n in names if n.strip()]
    specs: list[StageSpec] = []
    for i, name in enumerate(cleaned):
        if i == len(cleaned) - 1:
            specs.append((name, _H))
        elif "offer" in name.lower():
            specs.append((name, _O))
        else:
            specs.append((name, _A))
    return tuple(specs)
