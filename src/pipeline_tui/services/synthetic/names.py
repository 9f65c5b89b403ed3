"""Name parts drawn from Faker once; combining them is a few random picks per person."""

from __future__ import annotations

import random

from pipeline_tui.services.demo.people import ascii_letters
from pipeline_tui.services.synthetic.catalogue import (
    COMPANIES_PER_LOCALE,
    LEVELS,
    NAME_LOCALES,
    NAMES_PER_LOCALE,
    ROLES,
)


class SyntheticNames:
    """First and last names (each with its ASCII form for e-mail handles), companies and job titles."""

    def __init__(self, rng: random.Random) -> None:
        from faker import Faker  # slow to import; only seeding needs it

        firsts: dict[str, str] = {}
        lasts: dict[str, str] = {}
        companies: set[str] = set()
        for i, locale in enumerate(NAME_LOCALES):
            fake = Faker(locale)
            fake.seed_instance(rng.randrange(1 << 30) + i)
            for _ in range(NAMES_PER_LOCALE):
                first, last = fake.first_name(), fake.last_name()
                if ascii_letters(first):
                    firsts[first] = ascii_letters(first)
                if ascii_letters(last):
                    lasts[last] = ascii_letters(last)
            for _ in range(COMPANIES_PER_LOCALE):
                companies.add(fake.company())
        self.firsts = sorted(firsts.items())
        self.lasts = sorted(lasts.items())
        self.companies = sorted(companies)
        self.titles = [f"{lvl}{role}" for role in ROLES for lvl in LEVELS]
