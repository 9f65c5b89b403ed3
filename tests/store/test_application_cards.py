"""`applications.cards(ids)`: the cards a live board reads again when others change them, in one call."""

from __future__ import annotations

from board_data import bulk_job, seed_board


def test_cards_by_id_whatever_their_job_or_status_and_missing_ones_left_out(any_store):
    data = seed_board(any_store)
    ids = data["ids"]
    alan, ada = ids["Alan Turing"], ids["Ada Lovelace"]
    reason = any_store.applications.rejection_reasons()[0]
    any_store.applications.reject(alan, reason.id, any_store.applications.get(alan).version)
    designer = next(
        a.application.id
        for a in any_store.applications.board(data["design"].id)
        if a.full_name == "Ada Lovelace"
    )
    cards = any_store.applications.cards([alan, ada, designer, 999_999, ada])
    by_id = {c.application.id: c for c in cards}
    assert sorted(by_id) == sorted([alan, ada, designer])  # the missing id is left out, ada once
    assert by_id[alan].application.status == "rejected" and by_id[alan].application.rejection_reason
    assert by_id[designer].application.job_id == data["design"].id
    assert by_id[ada].tags == ("mentor", "python") and by_id[ada].full_name == "Ada Lovelace"
    assert by_id[ada] == any_store.applications.card(ada)  # the same card as the one-card read
    assert any_store.applications.cards([]) == []


def test_more_cards_than_one_statement_binds(any_store):
    job_id = bulk_job(any_store, "Platform Engineer", 1900)
    wanted = [c.application.id for c in any_store.applications.board(job_id)]
    cards = any_store.applications.cards(wanted)
    assert sorted(c.application.id for c in cards) == sorted(wanted)
