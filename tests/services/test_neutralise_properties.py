"""Formula neutralising of CSV export cells, on any text: no cell a spreadsheet would run, nothing else touched,
and the import takes exactly the added quote off again."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from pipeline_tui.services.export import FORMULA_STARTS, neutralise
from pipeline_tui.services.imports.rows import _unneutralise

# What spreadsheets (Excel, LibreOffice, Google Sheets) read as the start of a formula in a CSV cell.
RUNS_AS_FORMULA = ("=", "+", "-", "@", "\t", "\r")
formula_like = st.builds(lambda lead, rest: lead + rest, st.sampled_from(RUNS_AS_FORMULA + ("'",)), st.text())
cells = st.one_of(st.text(), formula_like, st.integers(), st.floats(allow_nan=False), st.none())


def test_the_export_guards_every_formula_start():
    assert set(RUNS_AS_FORMULA) <= set(FORMULA_STARTS)


@given(cells)
def test_no_cell_runs_as_a_formula(value):
    assert not neutralise(value).startswith(RUNS_AS_FORMULA)


@given(cells)
def test_a_cell_survives_csv_quoting_as_text(value):
    buf = io.StringIO()
    csv.writer(buf).writerow([neutralise(value)])
    (read,) = next(csv.reader(io.StringIO(buf.getvalue())))
    assert not read.startswith(RUNS_AS_FORMULA)


@given(st.text())
def test_text_that_is_no_formula_is_unchanged(text):
    if not text.startswith(RUNS_AS_FORMULA + ("'",)):
        assert neutralise(text) == text


@given(formula_like)
def test_a_formula_only_gains_one_leading_quote(text):
    assert neutralise(text) == "'" + text


@given(cells)
def test_import_takes_off_exactly_what_export_added(value):
    text = "" if value is None else str(value)
    assert _unneutralise(neutralise(value)) == text
