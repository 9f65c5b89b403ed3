"""The board's hiring keys, for the focused card: `I` schedule an interview, `F` my scorecard, `O` new offer
(the person screen's dialogs). After each, the card is read again with its hiring line."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pipeline_tui.screens.interviews.my_scorecard import ScorecardOpening

if TYPE_CHECKING:
    from pipeline_tui.core.records import BoardCard


class BoardHiring(ScorecardOpening):
    """Mixin for BoardScreen (whose attributes and methods it uses)."""

    current_card: BoardCard | None
    _push: Callable
    reload_card: Callable
    notify: Callable

    def _hiring_card(self) -> BoardCard | None:
        card = self.current_card
        if card is None:
            self.notify("No applicant here: focus a card first", severity="warning")
        return card

    def _after(self, application_id: int) -> Callable[[object], None]:
        return lambda result: self.reload_card(application_id) if result else None

    def action_schedule_interview(self) -> None:
        card = self._hiring_card()
        if card is None:
            return
        from pipeline_tui.screens.interviews.schedule_form import ScheduleForm

        app = card.application
        self._push(ScheduleForm(app.id, app.job_id, card.full_name), self._after(app.id), card=card)

    def action_my_scorecard(self) -> None:
        card = self._hiring_card()
        if card is not None:
            app_id = card.application.id
            self.open_my_scorecard(
                app_id, None, lambda screen, done: self._push(screen, done, card=card), self._after(app_id)
            )

    def action_new_offer(self) -> None:
        card = self._hiring_card()
        if card is None:
            return
        from pipeline_tui.screens.offers.offer_form import OfferForm

        app_id = card.application.id
        self._push(OfferForm(app_id), self._after(app_id), card=card)
