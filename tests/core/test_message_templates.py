"""Step templates: refused when saved (unknown placeholder, syntax error with line and column, anything the
sandbox forbids), rendered as plain text with the placeholders filled in."""

from __future__ import annotations

import pytest

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.message_templates import SAMPLE_VALUES, check_template, placeholders_in, render
from pipeline_tui.core.nurture_vocabulary import PLACEHOLDERS


def test_every_placeholder_is_accepted_and_filled_in():
    text = " ".join("{{ " + name + " }}" for name in PLACEHOLDERS)
    assert check_template(text, "step 1 body") == text
    assert placeholders_in(text) == set(PLACEHOLDERS)
    values = dict.fromkeys(PLACEHOLDERS, "") | {"first_name": "Ann", "company": "Acme"}
    assert render("Hi {{ first_name }} at {{ company }}{{ title }}!", values) == "Hi Ann at Acme!"


def test_an_unknown_placeholder_is_refused_with_the_known_ones():
    with pytest.raises(InvalidInput) as err:
        check_template("Hi {{ frist_name }} and {{ nick }}", "step 2 subject")
    message = str(err.value)
    assert message.startswith("step 2 subject: unknown placeholder {{ frist_name }}, {{ nick }}; use one of")
    assert "first_name" in message and "\n" not in message


@pytest.mark.parametrize(
    ("template", "where"),
    [
        ("Dear {{ first_name }\n", "line 1, column 20"),  # unexpected '}': the stray brace
        ("Hi {{ first_name }", "line 1, column 18"),
        ("Hi } {{ first_name }", "line 1, column 20"),  # the `}` after the opener, not the one before it
        ("Hi {{ first_name + }}", "line 1, column 4"),  # unexpected 'end of print statement': the opener
        ("Hello\n\nThanks {{ first_name ", "line 3, column 8"),
        ("Hi\n{% if company %}at {{ company }}", "line 2"),
        ("{{ }}", "line 1, column 1"),
    ],
)
def test_a_syntax_error_names_the_line_and_column(template, where):
    with pytest.raises(InvalidInput, match=f"^step 3 body, {where}"):
        check_template(template, "step 3 body")


@pytest.mark.parametrize(
    "template",
    [
        "{{ ''.__class__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ first_name.__class__ }}",
        "{{ first_name.__init__.__globals__ }}",
        "{{ range(10 ** 9) | list }}",
    ],
)
def test_templates_cannot_reach_python_internals(template):
    with pytest.raises(InvalidInput, match="^step 1 body: "):
        check_template(template, "step 1 body")


def test_text_is_plain_not_html():
    assert render("<b>{{ company }}</b> & co", {"company": "A&B <Ltd>"}) == "<b>A&B <Ltd></b> & co"


def test_an_empty_template_is_fine_and_renders_empty():
    assert check_template(None) is None and check_template("") == ""
    assert render(None, SAMPLE_VALUES) == "" and render("", SAMPLE_VALUES) == ""


def test_render_refuses_a_missing_value_naming_the_field():
    with pytest.raises(InvalidInput, match="^step 1 body: 'company' is undefined"):
        render("at {{ company }}", {}, field="step 1 body")
