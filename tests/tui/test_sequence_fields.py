"""Which step and field a refusal names (where the editor puts the focus), and the draft `ctrl+s` sends."""

from __future__ import annotations

import pytest

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.screens.sequences.step_fields import (
    EditedStep,
    draft_of,
    moved,
    new_step_after,
    refusal_target,
)


@pytest.mark.parametrize(
    ("said", "target"),
    [
        ("step 2 body, line 3, column 14: unexpected '}'", (1, "body")),
        ("step 1 subject: unknown placeholder {{ wait }}; use one of first_name", (0, "subject")),
        ("step 3: the wait cannot be negative", (2, "wait")),
        ("unknown channel 'fax' in step 2: use email, linkedin, call or other", (1, "channel")),
        ("step 1: an e-mail needs a subject", (0, "subject")),
        ("step 2: a LinkedIn message needs a body", (1, "body")),
        ("a sequence named 'Outreach' exists", (None, "name")),
        ("a sequence needs at least one step", (None, "steps")),
        ("step 9: the wait cannot be negative", (None, "steps")),  # no such step: the list
    ],
)
def test_a_refusal_names_its_step_and_field(said, target):
    assert refusal_target(said, 3) == target


def test_the_draft_sends_a_subject_only_for_e_mail_and_whole_days():
    steps = [
        EditedStep("email", " 0 ", False, "Hi", "Body"),
        EditedStep("linkedin", "3", True, "left over from e-mail", "Note"),
        EditedStep("call", "2", False, "", ""),
    ]
    draft = draft_of(" Outreach ", "  ", steps)
    assert [(s.channel, s.wait_days, s.business_days, s.subject, s.body) for s in draft.steps] == [
        ("email", 0, False, "Hi", "Body"),
        ("linkedin", 3, True, None, "Note"),
        ("call", 2, False, None, None),
    ]
    assert draft.description is None
    with pytest.raises(InvalidInput, match="step 2 wait: type a whole number of days"):
        draft_of("x", "", [steps[0], EditedStep(wait="three")])


def test_new_steps_and_moves_keep_the_others_in_order():
    one, two = EditedStep(body="1"), EditedStep(body="2")
    steps, at = new_step_after([one, two], 0)
    assert at == 1 and steps[1].wait == "3" and steps[2] is two
    assert new_step_after([], None)[0][0].wait == "0"
    assert moved([one, two], 0, -1) == ([one, two], 0)  # already first
    assert moved([one, two], 0, 1) == ([two, one], 1)
