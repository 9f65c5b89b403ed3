"""Scorecards: each panel member's feedback on one interview, a draft until submitted; only submitted ones count.

The rules: a scorecard is written by a member of the interview's panel, once the interview has started, for
an interview not cancelled or no-show, on an active application of a person not erased. Its ratings are the
round's focus attributes (an attribute the round no longer has stays on a draft that already rated it); a
rating for any other attribute is refused, naming the ones there are. `save` (the TUI's form, by scorecard id)
is allowed to the author alone: the current user must be them. `submit` (the CLI's one-shot, `--by`) names the
author and only ever writes that author's own scorecard, so nobody's scorecard is changed in someone else's
name. A submitted scorecard stays submitted; every change to it is recorded as "amended" with what changed.
Every change records a hiring_event in its transaction, a submitted one its change-log entry too. The reads live in scorecard_queries.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline_tui.core.clock import utcnow
from pipeline_tui.core.errors import InvalidInput, NotFound, RuleViolation
from pipeline_tui.core.hiring_records import DueScorecard, RatingRecord, ScorecardRecord, ScorecardView
from pipeline_tui.core.hiring_vocabulary import (
    NO_DECISION,
    HiringAction,
    HiringSubject,
    InterviewStatus,
    Rating,
    Recommendation,
    ScorecardStatus,
)
from pipeline_tui.core.local_time import aware_utc, show_time, zone_named
from pipeline_tui.core.validation import clean_text
from pipeline_tui.core.vocabulary import ApplicationStatus
from pipeline_tui.store import scorecard_queries as q
from pipeline_tui.store.change_log import note_change
from pipeline_tui.store.current_user import actor_of
from pipeline_tui.store.database import Database
from pipeline_tui.store.erased import refuse_if_erased
from pipeline_tui.store.hiring_changes import SCORECARD_TOLD, scorecard_change
from pipeline_tui.store.hiring_events import record_hiring_event
from pipeline_tui.store.hiring_tables import (
    Interview,
    InterviewPanelist,
    InterviewRound,
    Scorecard,
    ScorecardRating,
)
from pipeline_tui.store.interview_plan import round_attributes
from pipeline_tui.store.models import Application, Candidate, Job, TeamMember

TAKEAWAYS_LENGTH = 20_000
NOTE_LENGTH = 5_000
OVERALL_WORDS = "strong-no, no, yes, strong-yes or none"
RATING_WORDS = "definitely-not, no, yes or strong-yes (or 1-4)"


class ScorecardRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- changes -----------------------------------------------------------------------------------------

    def start(self, interview_id: int, author_id: int) -> ScorecardRecord:
        """The author's scorecard for the interview: their draft (made with the round's attributes as unrated
        rows when missing), or the one they submitted."""
        with self._db.transaction() as s:
            card = self._open(s, interview_id, author_id)
            return self._read(s, card.id)

    def save(
        self,
        scorecard_id: int,
        *,
        overall: str | None,
        takeaways: str | None,
        ratings: Sequence[RatingRecord],
        submit: bool = False,
    ) -> ScorecardRecord:
        """Write the form: overall (None: no decision), take-aways, ratings (the attributes given; the others
        keep theirs). Only by its author; a submitted scorecard saved again is amended."""
        with self._db.transaction() as s:
            card = s.get(Scorecard, scorecard_id, with_for_update=True)
            if card is None:
                raise NotFound(f"no scorecard #{scorecard_id}")
            actor = actor_of(self._db, s)
            if actor.id != card.author_id:
                author = s.scalar(select(TeamMember.name).where(TeamMember.id == card.author_id))
                raise RuleViolation(
                    f"scorecard #{card.id} is {author}'s: only its author can change it (you are {actor.name})"
                )
            iv = _interview(s, card.interview_id)
            app = _scoreable(s, iv, card.author_id)
            self._write(s, card, iv, app, _overall(overall), _takeaways(takeaways), ratings, submit)
            return self._read(s, card.id)

    def submit(
        self,
        interview_id: int,
        author_id: int,
        *,
        overall: str | None,
        ratings: Mapping[str, str | None] | None = None,
        notes: str | None = None,
    ) -> ScorecardRecord:
        """The CLI's one-shot: the author's scorecard for the interview, written and submitted (again: amended).
        Notes are the key take-aways (None keeps the ones there are)."""
        given = [RatingRecord(attribute=k, rating=v) for k, v in (ratings or {}).items()]
        with self._db.transaction() as s:
            card = self._open(s, interview_id, author_id)
            iv = _interview(s, interview_id)
            app = s.get(Application, iv.application_id)
            takeaways = _takeaways(notes) if notes is not None else card.takeaways
            self._write(s, card, iv, app, _overall(overall), takeaways, given, True)
            return self._read(s, card.id)

    # -- reads ---------------------------------------------------------------------------------------------

    def get(self, scorecard_id: int) -> ScorecardRecord:
        with self._db.transaction() as s:
            return self._read(s, scorecard_id)

    def for_application(self, application_id: int) -> list[ScorecardRecord]:
        """Every scorecard of the application, drafts too (for exports: no visibility filter)."""
        with self._db.transaction() as s:
            return q.for_application(s, application_id)

    def view(self, application_id: int, viewer_id: int | None) -> ScorecardView:
        """The application's scorecards as `viewer_id` may see them (see scorecard_queries.view)."""
        with self._db.transaction() as s:
            return q.view(s, application_id, viewer_id)

    def due_for(self, member_id: int, *, now: datetime | None = None) -> list[DueScorecard]:
        """The interviews over whose scorecard from this member is missing or still a draft, oldest first."""
        if now is not None and now.tzinfo is None:
            raise InvalidInput("a time needs its time zone")
        moment = aware_utc(now) if now is not None else aware_utc(utcnow())
        with self._db.transaction() as s:
            return q.due_for(s, member_id, moment)

    # -- inside a transaction ------------------------------------------------------------------------------

    def _open(self, s: Session, interview_id: int, author_id: int) -> Scorecard:
        """The author's scorecard for the interview after the rules are checked; a new draft when missing (its
        creation recorded), a draft topped up with attributes added to the round since."""
        iv = _interview(s, interview_id)
        app = _scoreable(s, iv, author_id)
        card = s.scalar(
            select(Scorecard)
            .where(Scorecard.interview_id == iv.id, Scorecard.author_id == author_id)
            .with_for_update()
        )
        attributes = round_attributes(s.get(InterviewRound, iv.round_id) if iv.round_id else None)
        if card is None:
            card = Scorecard(
                interview_id=iv.id,
                application_id=iv.application_id,
                author_id=author_id,
                status=ScorecardStatus.DRAFT,
            )
            s.add(card)
            s.flush()
            author = s.scalar(select(TeamMember.name).where(TeamMember.id == author_id))
            self._record(s, card, app, HiringAction.DRAFTED, f"{author}'s scorecard ({iv.round_name})")
        if card.status == ScorecardStatus.DRAFT:
            have = {r.attribute.casefold() for r in _rows(s, card.id)}
            for position, attribute in enumerate(attributes):
                if attribute.casefold() not in have:
                    s.add(ScorecardRating(scorecard_id=card.id, attribute=attribute, position=position))
            s.flush()
        return card

    def _write(
        self,
        s: Session,
        card: Scorecard,
        iv: Interview,
        app: Application,
        overall: str | None,
        takeaways: str | None,
        ratings: Sequence[RatingRecord],
        submit: bool,
    ) -> None:
        """Apply the form to the card and record what it did: drafted, submitted or amended (nothing when a
        submitted card is saved unchanged)."""
        was_submitted = card.status == ScorecardStatus.SUBMITTED
        changes = _apply_ratings(s, card, iv, ratings)
        if overall != card.overall:
            changes.insert(0, f"overall: {_shown(card.overall)} \u2192 {_shown(overall)}")
            card.overall = overall
        if takeaways != card.takeaways:
            changes.append("take-aways changed")
            card.takeaways = takeaways
        author = s.scalar(select(TeamMember.name).where(TeamMember.id == card.author_id))
        if was_submitted:
            if changes:
                card.updated_at = utcnow()
                self._record(s, card, app, HiringAction.AMENDED, f"{author}: " + "; ".join(changes))
            return
        if submit:
            card.status = ScorecardStatus.SUBMITTED
            card.submitted_at = utcnow()
            rated = [r for r in _rows(s, card.id) if r.rating is not None]
            detail = f"{author} ({iv.round_name}): overall {_shown(overall)}, {len(rated)} rated"
            self._record(s, card, app, HiringAction.SUBMITTED, detail)
        elif changes:
            card.updated_at = utcnow()
            self._record(s, card, app, HiringAction.DRAFTED, f"{author}: draft saved; " + "; ".join(changes))

    def _record(
        self, s: Session, card: Scorecard, app: Application, action: HiringAction, detail: str
    ) -> None:
        s.flush()
        record_hiring_event(
            self._db,
            s,
            subject=HiringSubject.SCORECARD,
            subject_id=card.id,
            action=action,
            application_id=app.id,
            job_id=app.job_id,
            detail=detail,
        )
        if action in SCORECARD_TOLD:  # a draft is its author's own
            round_name = s.scalar(select(Interview.round_name).where(Interview.id == card.interview_id))
            note_change(s, scorecard_change(card.id, app, action, round_name or ""))

    def _read(self, s: Session, scorecard_id: int) -> ScorecardRecord:
        s.flush()
        found = q.scorecard_record(s, scorecard_id)
        if found is None:
            raise NotFound(f"no scorecard #{scorecard_id}")
        return found


# -- rules -------------------------------------------------------------------------------------------------


def _interview(s: Session, interview_id: int) -> Interview:
    iv = s.get(Interview, interview_id)
    if iv is None:
        raise NotFound(f"no interview #{interview_id}")
    return iv


def _scoreable(s: Session, iv: Interview, author_id: int) -> Application:
    """The interview's application, when `author_id` may write a scorecard for it now."""
    if iv.status in (InterviewStatus.CANCELLED, InterviewStatus.NO_SHOW):
        raise RuleViolation(
            f"interview #{iv.id} is {InterviewStatus(iv.status).label}: it takes no scorecards"
        )
    app = s.get(Application, iv.application_id)
    refuse_if_erased(s, app.candidate_id)
    if app.status != ApplicationStatus.ACTIVE:
        person = s.scalar(select(Candidate.full_name).where(Candidate.id == app.candidate_id))
        title = s.scalar(select(Job.title).where(Job.id == app.job_id))
        raise RuleViolation(
            f"{person}'s application to \u2018{title}\u2019 is {app.status}: scorecards are only for active "
            "applications"
        )
    if iv.starts_at > utcnow():
        zone = zone_named(iv.timezone)
        raise RuleViolation(
            f"interview #{iv.id} starts {show_time(aware_utc(iv.starts_at), zone)} ({iv.timezone}): its "
            "scorecards can be written once it has started"
        )
    member = s.get(TeamMember, author_id)
    if member is None:
        raise NotFound(f"no team member #{author_id}")
    on_panel = s.scalar(
        select(InterviewPanelist.team_member_id).where(
            InterviewPanelist.interview_id == iv.id, InterviewPanelist.team_member_id == author_id
        )
    )
    if on_panel is None:
        raise RuleViolation(
            f"{member.name} is not on the panel of interview #{iv.id} ({iv.round_name}): only its panel "
            "writes its scorecards"
        )
    return app


def _rows(s: Session, scorecard_id: int) -> list[ScorecardRating]:
    return list(
        s.scalars(
            select(ScorecardRating)
            .where(ScorecardRating.scorecard_id == scorecard_id)
            .order_by(ScorecardRating.position, ScorecardRating.attribute)
        )
    )


def _apply_ratings(s: Session, card: Scorecard, iv: Interview, ratings: Sequence[RatingRecord]) -> list[str]:
    """Set the given attributes' ratings and notes (matched in any case); what changed, in words."""
    rows = {r.attribute.casefold(): r for r in _rows(s, card.id)}
    attributes = round_attributes(s.get(InterviewRound, iv.round_id) if iv.round_id else None)
    for position, attribute in enumerate(attributes):
        if attribute.casefold() not in rows and ratings:
            row = ScorecardRating(scorecard_id=card.id, attribute=attribute, position=position)
            s.add(row)
            rows[attribute.casefold()] = row
    seen: set[str] = set()
    changes: list[str] = []
    for given in ratings:
        key = (given.attribute or "").strip().casefold()
        row = rows.get(key)
        if row is None:
            known = ", ".join(r.attribute for r in rows.values())
            what = f"\u2018{iv.round_name}\u2019 has no focus attribute {given.attribute!r}"
            raise InvalidInput(f"{what}: rate one of {known}" if known else f"{what}: it has none to rate")
        if key in seen:
            raise InvalidInput(f"{row.attribute} is rated twice: give each attribute once")
        seen.add(key)
        rating = _rating(given.rating, row.attribute)
        note = _note(given.note)
        if rating != row.rating:
            changes.append(
                f"{row.attribute}: {_shown(row.rating, 'unrated')} \u2192 {_shown(rating, 'unrated')}"
            )
            row.rating = rating
        if note != row.note:
            changes.append(f"note on {row.attribute} changed")
            row.note = note
    return changes


def _overall(text: str | None) -> str | None:
    """A Recommendation word, or None for "no decision" (None, empty, "none", "no decision")."""
    if text is None or text.strip().lower() in ("", "none", NO_DECISION):
        return None
    found = Recommendation.parse(text)
    if found is None:
        raise InvalidInput(f"unknown overall recommendation {text!r}: use {OVERALL_WORDS}")
    return str(found)


def _rating(text: str | None, attribute: str) -> str | None:
    if text is None or not str(text).strip() or str(text).strip().lower() in ("none", "unrated"):
        return None
    word = str(text).strip()
    if word in ("1", "2", "3", "4"):
        return str(Rating.from_digit(int(word)))
    found = Rating.parse(word)
    if found is None:
        raise InvalidInput(f"unknown rating {text!r} for {attribute}: use {RATING_WORDS}")
    return str(found)


def _takeaways(text: str | None) -> str | None:
    clean = clean_text(text, multiline=True)
    if clean is not None and len(clean) > TAKEAWAYS_LENGTH:
        raise InvalidInput(f"key take-aways are at most {TAKEAWAYS_LENGTH:,} characters")
    return clean


def _note(text: str | None) -> str | None:
    clean = clean_text(text, multiline=True)
    if clean is not None and len(clean) > NOTE_LENGTH:
        raise InvalidInput(f"a note on an attribute is at most {NOTE_LENGTH:,} characters")
    return clean


def _shown(word: str | None, none: str = NO_DECISION) -> str:
    return word.replace("_", " ") if word else none
