"""Date expressions in the rules (docs/domain.md#date-expressions, docs/rules.md#certainty): ranges,
open ranges and qualified dates, from fact rows in memory. Qualifiers are labels; an open side is the
end of the calendar inside the rules, and never breaks a read."""

from __future__ import annotations

from datetime import date

from projections.model import Certainty
from projections.rules.aggregates import headcount, months
from tests.unit.rules.given import History, read

CERTAIN, POSSIBLE = Certainty.CERTAIN, Certainty.POSSIBLE
# Reports published long after the dates they give, so that no publication bound
# (docs/rules.md#publication-bounds) narrows what these tests are about: the expressions alone.
LATE = "2030-01-01"


def _certainties(history: History, *days: str) -> list[Certainty | None]:
    seen = read(history)
    return [seen.certainty(d) for d in days]


def test_an_open_start_hire_is_possible_on_every_earlier_date_and_certain_from_the_day_after() -> None:
    hired = History().move("c", "[..2025-09-03]", to="openai", published=LATE)
    assert _certainties(hired, "1990-01-01", "2025-09-03", "2025-09-04", "2030-01-01") == [
        POSSIBLE, POSSIBLE, CERTAIN, CERTAIN]
    assert read(hired).spans() == [("openai", "[..2025-09-03]", None)]


def test_an_open_start_move_leaves_both_stints_possible_until_the_day_and_the_new_one_certain_after() -> None:
    seen = read(History().move("in", "2021", to="meta", published=LATE).move("out", "[..2025-09-03]", frm="meta", to="openai", published=LATE))
    # Both possibly hold before the day; the employer is the one known to have started last.
    assert [(d, seen.where(d), seen.certainty(d)) for d in ("2022-06-01", "2025-09-03", "2025-09-04")] == [
        ("2022-06-01", "meta", POSSIBLE), ("2025-09-03", "meta", POSSIBLE), ("2025-09-04", "openai", CERTAIN)]
    meta, openai = sorted(seen.stints, key=lambda s: s.organization_id)
    assert [meta.certainty(date.fromisoformat(d)) for d in ("2021-06-01", "2022-06-01", "2025-09-04")] == [
        POSSIBLE, POSSIBLE, None]
    assert openai.certainty(date(2022, 6, 1)) is POSSIBLE


def test_an_open_end_hire_is_possible_from_its_first_day_and_certain_once_reported_done() -> None:
    hired = History().move("c", "[2025-07..]", to="meta", published=LATE)
    assert _certainties(hired, "2025-06-30", "2025-07-01", "2026-07-01", "2029-12-31") == [
        None, POSSIBLE, POSSIBLE, POSSIBLE]
    # ... until the report that it happened: from its publication the hire is done.
    assert _certainties(hired, "2030-01-01") == [CERTAIN]


def test_an_open_end_departure_is_certain_until_the_day_before_and_possible_until_reported_done() -> None:
    left = History().move("in", "2021", to="apple", published=LATE).move("out", "[2025-07..]", frm="apple",
                                                                          published=LATE)
    assert _certainties(left, "2025-06-30", "2025-07-01", "2029-12-31", "2030-01-01") == [
        CERTAIN, POSSIBLE, POSSIBLE, None]  # gone by the report that the departure happened


def test_a_range_of_days_is_possible_through_its_period_and_certain_after_it() -> None:
    hired = History().move("c", "[2025-07..2025-09]", to="meta", published=LATE)
    assert _certainties(hired, "2025-06-30", "2025-07-01", "2025-09-30", "2025-10-01") == [
        None, POSSIBLE, POSSIBLE, CERTAIN]


def test_a_range_of_days_between_two_days_is_not_one_known_day() -> None:
    hired = History().move("c", "[2025-07-01..2025-07-03]", to="meta", published=LATE)
    assert _certainties(hired, "2025-07-01", "2025-07-03", "2025-07-04") == [POSSIBLE, POSSIBLE, CERTAIN]


def test_a_qualified_date_counts_exactly_as_the_date_without_its_qualifier() -> None:
    days = ("2025-06-30", "2025-07-01", "2025-07-31", "2025-08-01")
    for qualifier in ("?", "~", "%"):
        qualified = History().move("c", f"2025-07{qualifier}", frm="apple", to="meta", published=LATE)
        plain = History().move("c", "2025-07", frm="apple", to="meta", published=LATE)
        assert [(read(qualified).where(d), read(qualified).certainty(d)) for d in days] == [
            (read(plain).where(d), read(plain).certainty(d)) for d in days]
    day = History().move("c", "2025-07-14~", frm="apple", to="meta", published=LATE)
    assert [(d, read(day).where(d), read(day).certainty(d)) for d in ("2025-07-13", "2025-07-14")] == [
        ("2025-07-13", "apple", CERTAIN), ("2025-07-14", "meta", CERTAIN)]


def test_a_qualified_date_is_the_same_move_as_the_plain_one_not_a_conflict() -> None:
    seen = read(History().move("a", "2025-07~", frm="apple", to="meta", source="wired", published=LATE)
                .move("b", "2025-07", frm="apple", to="meta", source="bloomberg", published=LATE))
    assert seen.contested() == set()
    assert len(seen.stints) == 2


def test_an_open_start_move_and_a_move_in_its_period_from_the_same_company_elsewhere_conflict() -> None:
    seen = read(History().move("early", "[..2025-09-03]", frm="apple", to="meta", source="wired", published="2025-09-03")
                .move("late", "2025-08", frm="apple", to="openai", source="bloomberg", published="2025-09-01"))
    # On or before 3 September overlaps August: one departure from Apple, to two other companies.
    assert seen.contested() == {"late"}  # same status and sources: the later publication wins


def test_an_open_start_move_and_one_after_its_period_from_the_same_company_are_two_departures() -> None:
    seen = read(History().move("early", "[..2025-09-03]", frm="apple", to="meta", source="wired", published=LATE)
                .move("back", "2025-10", frm="meta", to="apple", source="wired", published=LATE)
                .move("late", "2026-01", frm="apple", to="openai", source="bloomberg", published=LATE))
    assert seen.contested() == set()
    assert seen.where("2026-02-01") == "openai"


def test_headcount_counts_an_open_start_hire_as_possibly_there_then_certainly() -> None:
    stints = read(History("avi-verma").move("c", "[..2025-09-03]", to="openai", published=LATE)).stints
    days = months(date(2025, 8, 1), date(2025, 10, 1))
    bounds = [(s.possible_from, s.certain_from, s.certain_until, s.possible_until) for s in stints]
    assert headcount(days, {"avi-verma": bounds}) == ([0, 0, 1], [1, 1, 1])


def test_an_open_start_hire_reported_before_its_latest_day_is_done_by_its_publication() -> None:
    """"Hired on or before 3 September", published on 10 July: the hire had happened by 10 July
    (docs/rules.md#publication-bounds), so the open range is certain from then on."""
    hired = History().move("c", "[..2025-09-03]", to="openai", published="2025-07-10")
    assert _certainties(hired, "2025-07-09", "2025-07-10", "2025-09-03") == [POSSIBLE, CERTAIN, CERTAIN]
