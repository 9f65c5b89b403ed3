"""The retention policy: which people are due to be anonymised because they have been kept too long.

A person is *due* under a policy of N months when all of these hold:

- they are not anonymised yet (erased people are skipped);
- they are a prospect: no application of theirs is active, and none ever ended in a hire (rejected and
  withdrawn former applicants count as prospects; employees and people in a hiring process do not);
- they have not been contacted for N months: their last contact is the last logged touch
  (`last_contacted_at`), else the day they were added (`created_at`), and it is on or before the cutoff,
  the same day and time N calendar months ago (31 March minus one month is the last day of February); an
  application of theirs that changed after the cutoff (applied, moved, rejected) counts as contact too;
- with `require_consent` (the default), they never gave consent: consent "given" exempts a person, while
  unknown, refused and withdrawn do not. Without it, consent does not exempt anyone.

The store turns this into one set-based condition (store/retention.py); this module holds the words.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime

# The consent status that exempts a person from a policy with require_consent.
CONSENT_GIVEN = "given"
# Application statuses that keep a person out of retention: in a hiring process, or hired.
KEPT_STATUSES = ("active", "hired")


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier; a day the month lacks becomes its last."""
    total = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(total, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


@dataclass(frozen=True)
class RetentionPolicy:
    """`[retention]` in config.toml: anonymise prospects not contacted for `prospects_months` months (who never
    gave consent, unless `require_consent` is false)."""

    prospects_months: int
    require_consent: bool = True

    def cutoff(self, now: datetime) -> datetime:
        """A last contact on or before this moment makes a person due."""
        return months_before(now, self.prospects_months)

    @property
    def description(self) -> str:
        """One line for the CLI and the screens: what the policy anonymises."""
        who = "prospects who never gave consent" if self.require_consent else "prospects"
        return f"{who}, not contacted for {self.prospects_months} month(s)"


@dataclass(frozen=True)
class DuePerson:
    """Someone the policy would anonymise, and why: when they were last contacted (or added)."""

    candidate_id: int
    full_name: str
    email: str | None
    last_contacted_at: datetime | None
    created_at: datetime
    consent_status: str

    @property
    def last_contact(self) -> datetime:
        return self.last_contacted_at or self.created_at

    @property
    def why(self) -> str:
        """'not contacted since 2024-01-05, consent unknown' or 'never contacted (added 2024-01-05), ...'."""
        return f"{contact_words(self.last_contacted_at, self.created_at)}, consent {self.consent_status}"


def contact_words(last_contacted_at: datetime | None, created_at: datetime) -> str:
    if last_contacted_at is not None:
        return f"not contacted since {last_contacted_at:%Y-%m-%d}"
    return f"never contacted (added {created_at:%Y-%m-%d})"


@dataclass(frozen=True)
class RetentionRun:
    """What applying the policy did: people anonymised, in how many transactions, whether the file was
    scrubbed (SQLite), and who was skipped because they stopped being due (contacted meanwhile)."""

    anonymised: int
    batches: int
    skipped: int
    file_scrubbed: bool
