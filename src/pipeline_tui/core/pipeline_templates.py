"""Built-in pipelines a new job can start from, each stage with its kind (then adjusted in the stage editor).

A template is plain data: the store checks it like any stages a user typed (at least one active stage,
exactly one hired stage, names unique), so a template can never make a job the rules would refuse.
"""

from __future__ import annotations

from typing import NamedTuple

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


class RoundSpec(NamedTuple):
    """One round of a template's default interview plan, in the template's stage named `stage`."""

    stage: str
    name: str
    duration_min: int
    attributes: tuple[str, ...]
    questions: tuple[str, ...] = ()


_SCREEN = ("Communication", "Motivation")
_SCREEN_QUESTIONS = ("What made you apply?", "What are you looking for in your next role?")
_TECH = ("Problem solving", "Technical depth")
_TEAM = ("Collaboration", "Culture add")
_TEAM_QUESTIONS = ("Tell us about a disagreement with a colleague and how it ended.",)

# A job made from a template gets its plan (store/interview_plan.py); a job with stages typed by hand or
# copied from another job starts with none, and rounds are added to it.
PLANS: dict[str, tuple[RoundSpec, ...]] = {
    "default": (
        RoundSpec("Phone screen", "Recruiter screen", 30, _SCREEN, _SCREEN_QUESTIONS),
        RoundSpec("Interview", "Technical interview", 60, _TECH),
        RoundSpec("Interview", "Team interview", 45, _TEAM, _TEAM_QUESTIONS),
    ),
    "engineering": (
        RoundSpec("Recruiter screen", "Recruiter screen", 30, _SCREEN, _SCREEN_QUESTIONS),
        RoundSpec("Technical interview", "Technical interview", 60, _TECH),
        RoundSpec("Onsite", "System design", 60, ("System design", "Trade-offs")),
        RoundSpec("Onsite", "Team interview", 45, _TEAM, _TEAM_QUESTIONS),
    ),
    "sales": (
        RoundSpec("Phone screen", "Recruiter screen", 30, _SCREEN, _SCREEN_QUESTIONS),
        RoundSpec("Role play", "Sales role play", 60, ("Discovery", "Objection handling")),
        RoundSpec("Meet the team", "Team interview", 45, _TEAM, _TEAM_QUESTIONS),
    ),
    "internship": (
        RoundSpec("Screen", "Recruiter screen", 30, _SCREEN, _SCREEN_QUESTIONS),
        RoundSpec(
            "Interview", "Team interview", 45, ("Problem solving", "Eagerness to learn", "Collaboration")
        ),
    ),
}


def plan_for(stages: tuple[StageSpec, ...] | list[StageSpec]) -> tuple[RoundSpec, ...]:
    """The default interview plan of the template whose stages these are exactly (names and kinds), else
    none: a job made from a template (by name, or with its stages as the job form shows them) gets its
    plan; stages typed or changed by hand start with an empty plan."""
    wanted = tuple((name, str(kind)) for name, kind in stages)
    for name, template in TEMPLATES.items():
        if tuple((n, str(k)) for n, k in template) == wanted:
            return PLANS.get(name, ())
    return ()


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
