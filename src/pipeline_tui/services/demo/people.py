"""Realistic people from several locales, with unique e-mail addresses derived from their names."""

from __future__ import annotations

import random
import unicodedata
from datetime import datetime

from pipeline_tui.services.demo.catalogue import (
    CITIES,
    GITHUB_DOMAINS,
    LOCALE_WEIGHTS,
    LOCALES,
    MAIL_DOMAINS,
    PORTFOLIO_DOMAIN,
    SENIOR_PREFIXES,
    SENIOR_SHARE,
    TITLES,
)


def ascii_letters(text: str) -> str:
    """Lower-case ASCII letters of a name, for e-mail handles ("Zięcik" -> "ziecik")."""
    folded = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L").replace("ß", "ss"))
    return "".join(c for c in folded.lower() if "a" <= c <= "z")


class DemoPeople:
    """Draws people: Faker for names, companies and phone numbers, the shared generator for everything else."""

    def __init__(self, rng: random.Random, seed: int) -> None:
        from faker import Faker  # slow to import; only demo data needs it

        self.rng = rng
        self.fakers = {}
        for i, locale in enumerate(LOCALES):
            fake = Faker(locale)
            fake.seed_instance(seed + i)
            self.fakers[locale] = fake
        self.emails: set[str] = set()

    def person(self, cid: int, domain: str, *, source: str, created_at: datetime) -> dict:
        """A candidate row for someone working in `domain` (a key of TITLES), created at `created_at`."""
        rng = self.rng
        fake = self.fakers[rng.choices(LOCALES, weights=LOCALE_WEIGHTS)[0]]
        first, last = fake.first_name(), fake.last_name()
        handle = f"{ascii_letters(first)}.{ascii_letters(last)}".strip(".") or f"person{cid}"
        email = self._unique_email(handle)
        title = self._title(domain)
        company = fake.company()
        slug = handle.replace(".", "-")
        return {
            "id": cid,
            "full_name": f"{first} {last}",
            "email": email,
            "phone": fake.phone_number() if rng.random() < 0.7 else None,
            "location": rng.choice(CITIES),
            "current_title": title,
            "current_company": company,
            "linkedin_url": f"https://www.linkedin.com/in/{slug}" if rng.random() < 0.8 else None,
            "github_url": f"https://github.com/{ascii_letters(first)[:1]}{ascii_letters(last)}"
            if domain in GITHUB_DOMAINS and rng.random() < 0.5
            else None,
            "website_url": f"https://{slug}.design"
            if domain == PORTFOLIO_DOMAIN and rng.random() < 0.5
            else None,
            "source": source,
            "summary": f"{title} at {company}; {rng.randint(2, 15)} years of experience."
            if rng.random() < 0.4
            else None,
            "consent_status": "unknown",
            "consent_at": None,
            "anonymised_at": None,
            "last_contacted_at": None,
            "created_at": created_at,
            "updated_at": created_at,
        }

    def _unique_email(self, handle: str) -> str:
        """handle@some-domain, numbered from 2 when the address is taken."""
        email = f"{handle}@{self.rng.choice(MAIL_DOMAINS)}"
        n = 2
        while email in self.emails:
            email = f"{handle}{n}@{self.rng.choice(MAIL_DOMAINS)}"
            n += 1
        self.emails.add(email)
        return email

    def _title(self, domain: str) -> str:
        title = self.rng.choice(TITLES[domain])
        senior = self.rng.random() < SENIOR_SHARE
        if senior and not title.startswith(SENIOR_PREFIXES):
            title = f"Senior {title}"
        return title
