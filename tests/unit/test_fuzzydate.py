"""The date expressions a writer may use (docs/domain.md#date-expressions): what each means, its
canonical form, and every other form refused with a hint naming the accepted ones."""

from __future__ import annotations

from datetime import date

import pytest

from events.errors import BadInput
from events.fuzzydate import DatePrecision, FuzzyDate

YEAR, MONTH, DAY = DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.DAY


@pytest.mark.parametrize(("text", "value", "precision", "earliest", "latest"), [
    ("2021", "2021", YEAR, "2021-01-01", "2021-12-31"),
    ("2025-07", "2025-07", MONTH, "2025-07-01", "2025-07-31"),
    ("2025-09-03", "2025-09-03", DAY, "2025-09-03", "2025-09-03"),
    (" 2024-02 ", "2024-02", MONTH, "2024-02-01", "2024-02-29"),
])
def test_the_three_dates_of_before_are_unchanged(text: str, value: str, precision: DatePrecision, earliest: str,
                                                 latest: str) -> None:
    parsed = FuzzyDate.parse(text)
    assert (parsed.value, parsed.edtf, parsed.precision, parsed.earliest.isoformat(), parsed.latest.isoformat()) == (
        value, value, precision, earliest, latest)
    assert (parsed.qualifiers, parsed.open_start, parsed.open_end) == ((), False, False)


@pytest.mark.parametrize(("text", "qualifiers"), [
    ("2025-07?", ("UNCERTAIN",)), ("2025-07~", ("APPROXIMATE",)), ("2025%", ("UNCERTAIN", "APPROXIMATE")),
])
def test_a_qualifier_is_a_label_that_never_moves_the_bounds(text: str, qualifiers: tuple[str, ...]) -> None:
    parsed, plain = FuzzyDate.parse(text), FuzzyDate.parse(text[:-1])
    assert (parsed.value, parsed.edtf, parsed.qualifiers) == (text, text, qualifiers)
    assert (parsed.precision, parsed.earliest, parsed.latest) == (plain.precision, plain.earliest, plain.latest)


def test_a_range_of_days_spans_from_the_first_day_of_one_end_to_the_last_of_the_other() -> None:
    parsed = FuzzyDate.parse("[2025..2025-09-03]")
    assert (parsed.edtf, parsed.precision, parsed.earliest, parsed.latest) == (
        "[2025..2025-09-03]", YEAR, date(2025, 1, 1), date(2025, 9, 3))
    assert FuzzyDate.parse("[2025-07..2025-09]").precision is MONTH


def test_open_ranges_are_open_on_one_side_and_keep_dates_for_the_rules() -> None:
    before, after = FuzzyDate.parse("[..2025-09-03]"), FuzzyDate.parse("[2025-07..]")
    assert (before.open_start, before.open_end, before.earliest, before.latest, before.precision) == (
        True, False, date.min, date(2025, 9, 3), DAY)
    assert (after.open_start, after.open_end, after.earliest, after.latest, after.precision) == (
        False, True, date(2025, 7, 1), date.max, MONTH)


def test_the_canonical_form_drops_spaces_and_a_range_of_one_date_is_that_date() -> None:
    spaced = FuzzyDate.parse("[ 2025-07 .. 2025-09 ]")
    assert (spaced.value, spaced.edtf) == ("[ 2025-07 .. 2025-09 ]", "[2025-07..2025-09]")
    same = FuzzyDate.parse("[2025-07..2025-07]")
    assert (same.value, same.edtf, same.precision, same.open_start) == ("[2025-07..2025-07]", "2025-07", MONTH, False)


@pytest.mark.parametrize("text", [
    "2025-21", "2025-24", "2025/..", "../2025", "2025-07/2025-09", "{2025,2026}", "[2025,2026]", "[..]",
    "[2025-09..2025-07]", "[2025-07-02..2025-07-01]", "[2025~..2026]", "?2025", "2025-07~?", "2025-?07",
    "2025-02-30", "[2025-02-30..]", "0000", "[..0000]", "2025-07-15T10:00", "Y2025", "2025-07-XX", "summer 2025",
    "[2025-07..2025-09]~", "[[2025]]", "\u0662\u0660\u0662\u0665",
])
def test_every_other_form_is_refused_with_a_hint_naming_the_accepted_forms(text: str) -> None:
    with pytest.raises(BadInput) as error:
        FuzzyDate.parse(text, "observedAt")
    assert error.value.field == "observedAt"
    assert "[..2025-09-03]" in error.value.message and "2025-07~" in error.value.message
