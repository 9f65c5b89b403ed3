"""Each screen's and dialog's styles stay on it: visiting one screen never changes how another's forms look.

Textual loads a screen's CSS into the app's one stylesheet, where it stays once the screen has been shown, so
a rule that is not scoped to its own screen or dialog applies everywhere afterwards. Both forms are opened
after the other tools were visited, and every label and everything typed must be on screen.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from board_data import make_app, seed_board
from helpers import settle
from pools_helpers import typed
from textual.css.stylesheet import Stylesheet
from textual.screen import Screen

import pipeline_tui
import pipeline_tui.screens
from pipeline_tui.app import PipelineApp
from pipeline_tui.screens.board.applicant_form import FIELDS as APPLICANT_FIELDS
from pipeline_tui.screens.board.applicant_form import ApplicantForm
from pipeline_tui.screens.pools.prospect_form import FIELDS as PROSPECT_FIELDS
from pipeline_tui.screens.pools.prospect_form import ProspectFormModal

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


PACKAGE = Path(pipeline_tui.__file__).parent


def owners_by_file() -> dict[Path, set[str]]:
    """Each .tcss file and the screens and dialogs that load it (with their own base classes that do too)."""
    owners: dict[Path, set[str]] = {path: set() for path in PACKAGE.rglob("*.tcss")}
    for module in pkgutil.walk_packages(pipeline_tui.screens.__path__, "pipeline_tui.screens."):
        for _, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            if not (issubclass(cls, Screen) and cls.__module__.startswith("pipeline_tui.")):
                continue
            defining = next((c for c in cls.__mro__ if c.__dict__.get("CSS_PATH")), None)
            if defining is not None and defining.__module__.startswith("pipeline_tui."):
                path = (Path(inspect.getfile(defining)).parent / defining.CSS_PATH).resolve()
                owners[path].update(
                    c.__name__
                    for c in cls.__mro__
                    if c.__module__.startswith("pipeline_tui.") and issubclass(c, Screen)
                )
    return owners


def test_every_rule_of_every_stylesheet_is_nested_under_its_own_screen_or_dialog():
    """A rule that does not start with the type of a screen or dialog loading the file leaks into all of them
    (app.tcss belongs to no screen: it may hold no rule at all)."""
    variables = PipelineApp(None).get_css_variables()  # type: ignore[arg-type]
    leaks = []
    for path, owners in sorted(owners_by_file().items()):
        sheet = Stylesheet(variables=variables)
        sheet.read(path)
        sheet.parse()
        for rules in sheet.rules:
            for selector in rules.selector_set:
                if selector.selectors[0].name not in owners:
                    leaks.append(f"{path.relative_to(PACKAGE)}: {selector.css}")
    assert not leaks, "\n".join(leaks)


def drawn_rows(app) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def row_of(app, widget) -> str:
    """The terminal line through the middle of a widget's content."""
    region = widget.content_region
    return drawn_rows(app)[region.y + region.height // 2] if region.height else ""


@pytest.fixture
def app(store):
    seed_board(store)
    return make_app(store)


async def open_prospect_form_after_board(pilot) -> None:
    await settle(pilot)  # the board is drawn (its styles loaded)
    await pilot.press("t")
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)


async def open_applicant_form_after_pools(pilot) -> None:
    await settle(pilot)
    await pilot.press("t")  # the pools are drawn (their styles loaded) ...
    await settle(pilot)
    await pilot.press("b")  # ... then back to the board
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)


async def fill_every_field(pilot, form, fields) -> None:
    """Type into each field in turn (tab to the next): its label and what was typed are on its line."""
    app = pilot.app
    for number, (key, label, _) in enumerate(fields):
        field = form.query_one(f"#f-{key}")
        assert app.focused is field, key
        value = f"v{number}x{key[:4]}"
        await typed(pilot, value)
        await pilot.pause()
        line = row_of(app, field)
        assert label in line and value in line, (key, line)
        await pilot.press("tab")


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_prospect_form_after_the_board_shows_every_label_and_what_is_typed(app, size):
    async with app.run_test(size=size) as pilot:
        await open_prospect_form_after_board(pilot)
        form = app.screen
        assert isinstance(form, ProspectFormModal)
        await fill_every_field(pilot, form, PROSPECT_FIELDS)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_applicant_form_after_the_pools_shows_every_label_and_what_is_typed(app, size):
    async with app.run_test(size=size) as pilot:
        await open_applicant_form_after_pools(pilot)
        form = app.screen
        assert isinstance(form, ApplicantForm)
        # Bordered fields, three lines high: the text sits on the middle one.
        assert {form.query_one(f"#f-{key}").outer_size.height for key, _, _ in APPLICANT_FIELDS} == {3}
        await fill_every_field(pilot, form, APPLICANT_FIELDS)


@pytest.mark.parametrize("size", SIZES)
def test_prospect_form_after_the_board_snapshot(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=open_prospect_form_after_board)


@pytest.mark.parametrize("size", SIZES)
def test_applicant_form_after_the_pools_snapshot(app, size, snap_compare):
    assert snap_compare(app, terminal_size=size, run_before=open_applicant_form_after_pools)
