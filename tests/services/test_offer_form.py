"""services/offer_form: what is typed in the offer form read into OfferTerms, one sentence per mistake."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from pipeline_tui.core.errors import InvalidInput
from pipeline_tui.services.offer_form import OfferFields, read_salary, read_terms, show_salary


@pytest.mark.parametrize(
    ("typed", "value"),
    [("85000", "85000"), ("85,000", "85000"), (" 85 000.50 ", "85000.50"), ("-1", "-1")],
)
def test_salaries_as_people_type_them(typed, value):
    assert read_salary(typed) == Decimal(value)


@pytest.mark.parametrize("typed", ["", "lots", "85k", "NaN", "Infinity"])
def test_a_salary_that_is_not_a_number_is_one_sentence(typed):
    with pytest.raises(InvalidInput, match="salary"):
        read_salary(typed)


def test_fields_become_terms_and_empty_ones_none():
    terms = read_terms(
        OfferFields(" Staff Engineer ", "90,000", "eur", "2026-04-01", "", "Bonus 10%\n", "  ")
    )
    assert (terms.job_title, terms.salary, terms.currency) == ("Staff Engineer", Decimal("90000"), "EUR")
    assert (terms.start_date, terms.expires_on, terms.terms, terms.notes) == (
        date(2026, 4, 1),
        None,
        "Bonus 10%",
        None,
    )
    assert show_salary(terms) == "90,000 EUR"


def test_bad_dates_and_a_missing_title_are_refused():
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        read_terms(OfferFields("Engineer", "1", "EUR", expires_on="next week"))
    with pytest.raises(InvalidInput, match="Job title"):
        read_terms(OfferFields("  ", "1", "EUR"))
