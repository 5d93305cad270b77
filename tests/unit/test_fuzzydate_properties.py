"""Properties of the date expressions (docs/domain.md#date-expressions), against the ``edtf`` package
(Library of Congress EDTF) as a test-only oracle: every expression we accept means the days EDTF
says it means, with the same qualifiers and canonical form; every form outside the subset is
refused with ``BadInput``; and parsing the canonical form gives the same date again."""

from __future__ import annotations

import calendar
import math
import time
from datetime import date

import edtf
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from events.errors import BadInput
from events.fuzzydate import DatePrecision, FuzzyDate

ORACLE_TYPES = {"Date", "UncertainOrApproximate", "OneOfASet"}
UA = {"?": ("UNCERTAIN",), "~": ("APPROXIMATE",), "%": ("UNCERTAIN", "APPROXIMATE")}


@st.composite
def written_dates(draw: st.DrawFn) -> str:
    """A real date of any of the three precisions, years 0001-9999 (most of them near today)."""
    year = draw(st.one_of(st.integers(1990, 2030), st.integers(1, 9999)))
    precision = draw(st.sampled_from(["YEAR", "MONTH", "DAY"]))
    if precision == "YEAR":
        return f"{year:04d}"
    month = draw(st.integers(1, 12))
    if precision == "MONTH":
        return f"{year:04d}-{month:02d}"
    day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    return f"{year:04d}-{month:02d}-{day:02d}"


@st.composite
def expressions(draw: st.DrawFn) -> str:
    """Any accepted expression: a date with or without a qualifier, a range, or an open range."""
    if draw(st.booleans()):
        return draw(written_dates()) + draw(st.sampled_from(["", "?", "~", "%"]))
    first, last = sorted([draw(written_dates()), draw(written_dates())])
    side = draw(st.sampled_from(["both", "before", "after"]))
    if side == "both" and FuzzyDate.parse(first).earliest > FuzzyDate.parse(last).latest:
        first, last = last, first
    space = draw(st.sampled_from(["", " "]))
    return (f"[{space}{first if side != 'before' else ''}{space}..{space}"
            f"{last if side != 'after' else ''}{space}]")


def _day(bound: object, open_side: date) -> date:
    """The oracle's bound (a ``struct_time``, or an infinity on an open side) as a date."""
    if isinstance(bound, float) and math.isinf(bound):
        return open_side
    assert isinstance(bound, time.struct_time)
    return date(bound.tm_year, bound.tm_mon, bound.tm_mday)


def _oracle_bounds(text: str) -> tuple[date, date]:
    found = edtf.parse_edtf(text)
    assert type(found).__name__ in ORACLE_TYPES, (text, type(found).__name__)
    return _day(found.lower_strict(), date.min), _day(found.upper_strict(), date.max)


def _ends(parsed: FuzzyDate) -> tuple[str | None, str | None]:
    first, _, last = parsed.edtf.strip("[]").partition("..")
    return first or None, last or None


@settings(max_examples=200, deadline=None)
@given(expressions())
@example("2025-07~")
@example("[..2025-09-03]")
@example("[2025-07..]")
@example("[2025-07..2025-09]")
def test_an_accepted_expression_means_the_days_edtf_says(text: str) -> None:
    parsed = FuzzyDate.parse(text)
    if not parsed.edtf.startswith("["):
        assert (parsed.earliest, parsed.latest) == _oracle_bounds(parsed.edtf)
        found = edtf.parse_edtf(parsed.edtf)
        assert UA.get(str(getattr(found, "ua", None) or ""), ()) == parsed.qualifiers
        return
    first, last = _ends(parsed)
    # The oracle parses a range only when both ends have the same precision; each end it always does.
    assert parsed.earliest == (_oracle_bounds(first)[0] if first else date.min)
    assert parsed.latest == (_oracle_bounds(last)[1] if last else date.max)
    assert (parsed.open_start, parsed.open_end, parsed.qualifiers) == (first is None, last is None, ())
    if first and last and len(first) == len(last):
        assert (parsed.earliest, parsed.latest) == _oracle_bounds(text)
        assert str(edtf.parse_edtf(text)) == parsed.edtf


@settings(max_examples=200, deadline=None)
@given(expressions())
def test_the_canonical_form_parses_to_the_same_date(text: str) -> None:
    parsed = FuzzyDate.parse(text)
    again = FuzzyDate.parse(parsed.edtf)
    assert again.edtf == again.value == parsed.edtf
    assert (again.precision, again.earliest, again.latest, again.qualifiers, again.open_start, again.open_end) == (
        parsed.precision, parsed.earliest, parsed.latest, parsed.qualifiers, parsed.open_start, parsed.open_end)


@settings(max_examples=100, deadline=None)
@given(written_dates())
def test_the_three_plain_forms_are_written_as_they_were(text: str) -> None:
    parsed = FuzzyDate.parse(text)
    assert parsed.value == parsed.edtf == text
    assert parsed.precision is {4: DatePrecision.YEAR, 7: DatePrecision.MONTH, 10: DatePrecision.DAY}[len(text)]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789-[]./?~%{}, XSu", max_size=24))
@example("2025-21")
@example("2025/..")
@example("{2025,2026}")
@example("[..]")
@example("[2025,2026]")
def test_any_other_text_is_refused_or_means_what_edtf_says(text: str) -> None:
    try:
        parsed = FuzzyDate.parse(text)
    except BadInput as error:
        assert "accepted:" in error.message
        return
    if parsed.edtf.startswith("["):
        first, last = _ends(parsed)
        if first and last and len(first) != len(last):
            return  # ends of two precisions: a range the oracle does not parse (covered end by end above)
        if first is None and last is not None and len(last) == 4:
            return  # the oracle fails on an open range to a year
    assert (parsed.earliest, parsed.latest) == _oracle_bounds(parsed.edtf)


@pytest.mark.parametrize("text", ["2025-21", "2025/..", "2025-07/2025-09", "{2025,2026}", "[2025,2026]",
                                  "[2025-09..2025-07]", "0000"])
def test_forms_edtf_accepts_outside_the_subset_are_refused(text: str) -> None:
    edtf.parse_edtf(text)  # valid EDTF (seasons, intervals, sets) ...
    with pytest.raises(BadInput):
        FuzzyDate.parse(text)  # ... but not a date expression here
