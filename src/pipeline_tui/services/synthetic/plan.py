"""What to seed: the counts a user asks for, checked and completed before anything is written."""

from __future__ import annotations

from dataclasses import dataclass, replace

from pipeline_tui.core.errors import InvalidInput

OVERLAP_SHARE = 0.10  # applications made by people already in the CRM


@dataclass(frozen=True)
class SeedPlan:
    jobs: int = 0
    applicants: int = 0
    prospects: int = 0
    pools: int = 0
    tags: int = 0
    tag_links: int | None = None  # default: 3 per person
    pool_members: int | None = None  # default: 1 per prospect
    largest_job: int | None = None  # active applicants in job #1; default: no job singled out
    seed: int = 1

    def resolved(self) -> SeedPlan:
        """Defaults filled in and the numbers checked; raises InvalidInput with one sentence."""
        for name in ("jobs", "applicants", "prospects", "pools", "tags"):
            if getattr(self, name) < 0:
                raise InvalidInput(f"--{name} cannot be negative")
        plan = self
        if plan.applicants and not plan.jobs:
            raise InvalidInput("applicants need jobs to apply to: add --jobs N")
        people = plan.prospects + plan.applicants
        if plan.tag_links is None:
            plan = replace(plan, tag_links=3 * people if plan.tags else 0)
        if plan.pool_members is None:
            plan = replace(plan, pool_members=plan.prospects if plan.pools else 0)
        plan._check_links_and_members()
        if plan.largest_job is not None:
            if plan.largest_job < 0:
                raise InvalidInput("--largest-job cannot be negative")
            if plan.largest_job > plan.applicants:
                raise InvalidInput(
                    f"--largest-job {plan.largest_job} is more than --applicants {plan.applicants}"
                )
        return plan

    def _check_links_and_members(self) -> None:
        people = self.prospects + self.applicants
        if self.tag_links < 0 or self.pool_members < 0:
            raise InvalidInput("--tag-links and --pool-members cannot be negative")
        if self.tag_links and not self.tags:
            raise InvalidInput("tag links need tags: add --tags N")
        if self.pool_members and not self.pools:
            raise InvalidInput("pool members need pools: add --pools N")
        if self.pool_members and not self.prospects:
            raise InvalidInput("pool members need prospects: add --prospects N")
        if self.pool_members > self.prospects * self.pools:
            raise InvalidInput("more pool members than prospects times pools: lower --pool-members")
        if self.tag_links > people * self.tags:
            raise InvalidInput("more tag links than people times tags: lower --tag-links")


BENCH = SeedPlan(
    jobs=200,
    applicants=100_000,
    prospects=910_000,  # + 90,000 people who applied without being prospects = 1,000,000 candidates
    pools=500,
    tags=2_000,
    tag_links=3_000_000,
    pool_members=1_000_000,
    largest_job=5_000,
)
