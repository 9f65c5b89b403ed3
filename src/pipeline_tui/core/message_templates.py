"""A sequence step's subject and body: Jinja2 templates in a sandbox, with strict undefined names.

Everything that can go wrong is found when the template is saved, never at send time: a syntax error (with
its line and column), a placeholder that is not one of PLACEHOLDERS, and anything the sandbox refuses
(`{{ ''.__class__ }}`, unsafe calls; plain string methods such as `upper()` are harmless and allowed): `check_template` renders the template once with sample values and
refuses what does not render. Rendering is plain text (no HTML escaping): the message is shown literally on
screen and sent as text/plain.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, UndefinedError, meta
from jinja2.exceptions import SecurityError, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.core.nurture_vocabulary import PLACEHOLDERS

# Values a check renders with: every placeholder is a plain string, as it is at send time.
SAMPLE_VALUES: dict[str, str] = {name: name.replace("_", " ").title() for name in PLACEHOLDERS}
MAX_TEMPLATE_CHARS = 20_000


@lru_cache(maxsize=1)
def _environment() -> ImmutableSandboxedEnvironment:
    return ImmutableSandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@lru_cache(maxsize=512)
def _compiled(template: str) -> Template:
    """Compiling costs about 3 ms; the due queue renders the same few step templates for every row."""
    return _environment().from_string(template)


def placeholders_in(template: str) -> set[str]:
    """The names a template reads (a syntax error raises InvalidInput)."""
    return meta.find_undeclared_variables(_parse(template, "template"))


def check_template(template: str | None, field: str = "template") -> str | None:
    """The template, trimmed of nothing, when it will render at send time; else one clear InvalidInput that
    names `field` ("step 2 body") and, for a syntax error, the line and column."""
    if template is None or template == "":
        return template
    if len(template) > MAX_TEMPLATE_CHARS:
        raise InvalidInput(f"{field} is longer than {MAX_TEMPLATE_CHARS:,} characters")
    unknown = sorted(placeholders_in_field(template, field) - set(PLACEHOLDERS))
    if unknown:
        names = ", ".join("{{ " + n + " }}" for n in unknown)
        known = ", ".join(PLACEHOLDERS)
        raise InvalidInput(f"{field}: unknown placeholder {names}; use one of {known}")
    render(template, SAMPLE_VALUES, field=field)
    return template


def placeholders_in_field(template: str, field: str) -> set[str]:
    return meta.find_undeclared_variables(_parse(template, field))


def render(template: str | None, values: Mapping[str, str], *, field: str = "template") -> str:
    """The template with `values` filled in. Refusals (which a checked template never meets) are one
    InvalidInput naming `field`."""
    if not template:
        return ""
    try:
        return _compiled(template).render(**dict(values))
    except SecurityError:
        raise InvalidInput(
            f"{field}: only placeholders such as {{{{ first_name }}}} may be used, not attributes or calls"
        ) from None
    except UndefinedError as exc:
        raise InvalidInput(f"{field}: {exc.message}") from None
    except TemplateSyntaxError as exc:
        raise InvalidInput(_syntax_message(exc, template, field)) from None
    except (TemplateError, TypeError, ValueError, AttributeError, ArithmeticError) as exc:
        raise InvalidInput(f"{field}: cannot be filled in ({exc})") from None


def _parse(template: str, field: str):  # noqa: ANN202 - jinja2.nodes.Template
    try:
        return _environment().parse(template)
    except TemplateSyntaxError as exc:
        raise InvalidInput(_syntax_message(exc, template, field)) from None


def _syntax_message(exc: TemplateSyntaxError, template: str, field: str) -> str:
    """ "step 2 body, line 3, column 14: unexpected '}'" -- Jinja gives the line; the column is where the
    mistake is: for "unexpected 'X'" the first X after the unclosed opener (`{{ first_name }` points at the
    stray `}`), otherwise the opener itself (the first `{{` or `{%` not closed), else 1."""
    line = exc.lineno or 1
    text = template.splitlines()[line - 1] if 0 < line <= len(template.splitlines()) else ""
    column = _column_of_trouble(text, _unexpected_text(exc.message))
    return f"{field}, line {line}, column {column}: {exc.message or 'syntax error'}"


_UNEXPECTED = re.compile(r"^unexpected '(.+)'$")


def _unexpected_text(message: str | None) -> str | None:
    """The X of Jinja's "unexpected 'X'" (a token as written, such as `}` or `)`), else None."""
    found = _UNEXPECTED.match(message or "")
    return found.group(1) if found else None


def _column_of_trouble(line: str, unexpected: str | None = None) -> int:
    best = None
    for opener, closer in (("{{", "}}"), ("{%", "%}"), ("{#", "#}")):
        start = 0
        while (at := line.find(opener, start)) != -1:
            end = line.find(closer, at + 2)
            if end == -1 or _parses_badly(line[at : end + 2]):
                best = at if best is None else min(best, at)
                break
            start = end + 2
    if best is not None and unexpected and (mistake := line.find(unexpected, best + 2)) != -1:
        return mistake + 1
    return (best or 0) + 1


def _parses_badly(fragment: str) -> bool:
    try:
        _environment().parse(fragment)
    except TemplateSyntaxError:
        return True
    return False
