"""An erased person stays erased: no reopen, undo, edit, note, file, identity or new application brings
their data or their place on a board back (found trying it: `r` on the closed lane reopened them)."""

from __future__ import annotations

import pytest
from test_person_store import world  # noqa: F401 - the shared fixture

from pipeline_tui.core.errors import PersonErased


def test_nothing_brings_an_erased_person_back(world):  # noqa: F811
    store, ada, grace, a, _d = world
    other_job = store.jobs.create_job("Data Engineer")
    store.privacy.erase(ada.id)
    withdrawn = store.applications.get(a.id)
    attempts = {
        "reopen": lambda: store.applications.reopen(a.id, withdrawn.version),
        "undo": lambda: store.applications.undo_last_move(a.id),
        "apply": lambda: store.applications.apply(ada.id, other_job.id),
        "edit": lambda: store.candidates.update(ada.id, full_name="Ada Lovelace"),
        "identity": lambda: store.candidates.add_identity(ada.id, "email", "ada@engines.example"),
        "note": lambda: store.activities.add(ada.id, "note", "Ada Lovelace again"),
        "file": lambda: store.files.attach(ada.id, "cv.pdf", b"Ada", max_size=1000),
    }
    for attempt in attempts.values():
        with pytest.raises(PersonErased, match="was erased for privacy"):
            attempt()
    after = store.applications.get(a.id)
    assert (after.status, after.version) == ("withdrawn", withdrawn.version)
    assert store.candidates.get(ada.id).full_name == f"Erased person #{ada.id}"
    assert store.candidates.identities(ada.id) == [] and store.files.for_candidate(ada.id) == []
    assert store.candidates.find_by_email("ada@engines.example") is None
    # Everyone else is unaffected.
    store.activities.add(grace.id, "note", "Still here")
