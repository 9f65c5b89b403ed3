"""People on file twice, drawn after everything else (so every earlier row stays as it was): a few
realistic possible duplicates for the pool browser's "Possible duplicates" and the side-by-side merge.

- the same phone under a personal address, at a new company, from another source (a shared phone);
- the same company with a one-letter typo in the name, as a hurried form or a badly typed export makes it
  (near-identical names at one company).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from pipeline_tui.core.identities import canonical_phone
from pipeline_tui.core.vocabulary import PoolStatus
from pipeline_tui.services.demo import catalogue as c
from pipeline_tui.services.demo.people import ascii_letters

if TYPE_CHECKING:
    from pipeline_tui.services.demo.company import DemoCompany


def add_twins(company: DemoCompany) -> None:
    """TWINS_BY_PHONE people again with their phone, TWINS_BY_TYPO again with a typo; each twin in the
    pool its original is in (if any), added later."""
    rng = company.rng
    region = company.writer.db.phone_region
    people = sorted(company.by_id.values(), key=lambda p: p["id"])
    with_phone = [p for p in people if p["phone"] and canonical_phone(p["phone"], region)]
    typeable = [p for p in people if p["current_company"] and len(p["full_name"].split()[-1]) >= 5]
    by_phone = rng.sample(with_phone, c.TWINS_BY_PHONE)
    chosen = {p["id"] for p in by_phone}
    by_typo = rng.sample([p for p in typeable if p["id"] not in chosen], c.TWINS_BY_TYPO)
    for original in by_phone:
        moved_to = company.people.fakers["en_GB"].company()
        _twin(company, original, full_name=original["full_name"], current_company=moved_to,
              phone=original["phone"])  # fmt: skip
    for original in by_typo:
        first, *rest = original["full_name"].split()
        last = rest[-1]
        cut = rng.randint(1, len(last) - 2)  # a letter inside the surname goes missing
        name = " ".join([first, *rest[:-1], last[:cut] + last[cut + 1 :]])
        _twin(company, original, full_name=name, current_company=original["current_company"], phone=None)


def _twin(company: DemoCompany, original: dict, *, full_name: str, current_company: str, phone: str | None):
    rng = company.rng
    cid = company.new_id("candidate")
    created = min(original["created_at"] + timedelta(days=rng.randint(20, 120)), company.now)
    handle = ascii_letters(full_name.split()[0]) + "." + ascii_letters(full_name.split()[-1])
    twin = {
        **original,
        "id": cid,
        "full_name": full_name,
        "email": company.people._unique_email(handle.strip(".") or f"person{cid}"),
        "phone": phone,
        "current_company": current_company,
        "linkedin_url": None,  # a profile belongs to one person: the original keeps it
        "github_url": None,
        "website_url": None,
        "source": rng.choice(c.TWIN_SOURCES),
        "summary": None,
        "consent_status": "unknown",
        "consent_at": None,
        "last_contacted_at": None,
        "created_at": created,
        "updated_at": created,
    }
    company.candidates.append(twin)
    company.by_id[cid] = twin
    pools = sorted(pid for pid, member in company.members if member == original["id"])
    if pools:
        pool = next(name for name, pid in company.pool_ids.items() if pid == pools[0])
        company.add_member(pool, cid, created, PoolStatus.NEW, rng.choice(c.RECRUITERS))
