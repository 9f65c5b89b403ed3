"""The person screen's offer keys: `O` new offer, and on the Offers section `e` edit, `a` approve / reject,
`s` send (a draft: ask for approval), `y` accepted (hires them, asked first), `D` declined (with a reason),
`X` rescind (asked first).

The offer form and the approval dialog are the offers screens' (screens/offers/, loaded on first use); this
mixin of PersonScreen opens them, runs the state changes in workers and reloads the sections after each."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from pipeline_tui.core.hiring_records import OfferRecord
from pipeline_tui.core.hiring_vocabulary import LIVE_OFFER_STATUSES, OfferStatus
from pipeline_tui.screens.board.hire import HireCare
from pipeline_tui.screens.person.hiring_data import HiringContext, HiringData
from pipeline_tui.screens.person.hiring_sections import OffersSection
from pipeline_tui.screens.shared.ask import AskText, YesNo
from pipeline_tui.widgets.literal import plain, sentence


def offer_word(offer: OfferRecord) -> str:
    return offer.status.replace("_", " ")


class OfferKeys(HireCare):
    """Mixin for PersonScreen (whose attributes and methods it uses). A hire by an accepted offer offers to
    mark the job filled when it reaches the headcount, as the board's hire does (HireCare)."""

    job = None  # no board job here: HireCare's "the open job changed" has nothing to redraw

    hiring: HiringContext | None
    hiring_data: HiringData | None
    notify: Callable
    store_work: Callable
    query_one: Callable
    app: object

    _hiring_reload: Callable  # the screen's: reads the sections again
    _needs_application: Callable[[], HiringContext | None]  # InterviewKeys'

    def _offer(self, *statuses: str) -> OfferRecord | None:
        """The highlighted offer when its status is one of `statuses` (any when none given)."""
        offer = self.query_one("#offers", OffersSection).current
        if offer is None:
            self.notify("No offer to act on: O makes one", severity="warning")
            return None
        if statuses and offer.status not in statuses:
            self.notify(f"Offer #{offer.id} is {offer_word(offer)}", severity="warning", markup=False)
            return None
        return offer

    def _offer_change(self, change: Callable, said: str, *, hired: bool = False) -> None:
        def done(offer: OfferRecord) -> None:
            self.notify(said, markup=False)
            self._hiring_reload()
            if hired:
                self.offer_filled(offer.job_id)

        self.store_work(change, done, key="offer", serial=True)

    def _push(self, screen: object, callback: Callable | None = None) -> None:
        self.app.push_screen(screen, callback)  # type: ignore[attr-defined]

    # -- keys ---------------------------------------------------------------------------------------------

    def action_new_offer(self) -> None:
        hiring = self._needs_application()
        if hiring is None:
            return
        from pipeline_tui.screens.offers.offer_form import OfferForm

        self._push(OfferForm(hiring.application_id), lambda saved: self._hiring_reload() if saved else None)

    def action_edit_offer(self) -> None:
        offer = self._offer()
        if offer is None or self.hiring is None:
            return
        if offer.status not in LIVE_OFFER_STATUSES or offer.status == OfferStatus.SENT:
            why = (
                "rescind it (X) and make a new one (O)"
                if offer.status == OfferStatus.SENT
                else "make a new one (O)"
            )
            self.notify(f"Offer #{offer.id} is {offer_word(offer)}: {why}", severity="warning", markup=False)
            return
        from pipeline_tui.screens.offers.offer_form import OfferForm

        form = OfferForm(self.hiring.application_id, offer)
        self._push(form, lambda saved: self._hiring_reload() if saved else None)

    def action_approve_offer(self) -> None:
        offer = self._offer(OfferStatus.PENDING_APPROVAL)
        if offer is None:
            return
        from pipeline_tui.screens.offers.approval import ApprovalDialog

        self._push(ApprovalDialog(offer), lambda saved: self._hiring_reload() if saved else None)

    def action_send_offer(self) -> None:
        """`s`: an approved offer is sent; a draft is put up for approval first (approved at once without
        approvers: `s` again sends it)."""
        offer = self._offer(OfferStatus.DRAFT, OfferStatus.APPROVED)
        if offer is None:
            return
        offer_id = offer.id
        if offer.status == OfferStatus.APPROVED:
            self._offer_change(lambda store: store.offers.send(offer_id), f"Offer #{offer_id} sent")
            return

        def requested(result: OfferRecord) -> None:
            if result.status == OfferStatus.APPROVED:
                self.notify(f"Offer #{offer_id} approved (no approvers): s sends it", markup=False)
            else:
                self.notify(f"Offer #{offer_id}: approval asked of {len(result.approvals)}", markup=False)
            self._hiring_reload()

        self.store_work(
            lambda store: store.offers.request_approval(offer_id), requested, key="offer", serial=True
        )

    def action_accept_offer(self) -> None:
        offer = self._offer(OfferStatus.SENT)
        data = self.hiring_data
        if offer is None:
            return
        stage = (data.hired_stage if data else None) or "the hired stage"
        title = sentence(
            ("Accept and hire ", False),
            (offer.person, True),
            (" into ", False),
            (stage, True),
            ("?", False),
            style="bold",
        )
        body = sentence(("Offer #", False), (str(offer.id), False), (" for ", False), (offer.job, True))
        offer_id, name = offer.id, plain(offer.person)

        def accept(yes: bool) -> None:
            if yes:
                self._offer_change(
                    lambda store: store.offers.accept(offer_id), f"{name} accepted: hired", hired=True
                )

        self._push(YesNo(title, body, yes="accept and hire", no="not yet"), accept)

    def action_decline_offer(self) -> None:
        offer = self._offer(OfferStatus.SENT)
        if offer is None:
            return
        offer_id = offer.id
        title = sentence(("Declined by ", False), (offer.person, True), style="bold")

        def declined(reason: str | None) -> None:
            if reason is None:
                return
            self._offer_change(
                lambda store: store.offers.decline(offer_id, reason=reason or None),
                f"Offer #{offer_id} declined (the application stays where it is)",
            )

        self._push(AskText(title, placeholder="Why (optional): salary, another offer…"), declined)

    def action_rescind_offer(self) -> None:
        offer = self._offer(*LIVE_OFFER_STATUSES)
        if offer is None:
            return
        offer_id = offer.id
        title = Text(f"Rescind offer #{offer_id}?", style="bold")
        body = sentence(("It is ", False), (offer_word(offer), False), (" for ", False), (offer.person, True))

        def rescind(yes: bool) -> None:
            if yes:
                self._offer_change(
                    lambda store: store.offers.rescind(offer_id), f"Offer #{offer_id} rescinded"
                )

        self._push(YesNo(title, body, yes="rescind", no="keep it"), rescind)
