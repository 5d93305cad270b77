"""Date expressions in the rules (docs/domain.md#date-expressions, docs/rules.md#certainty): ranges,
open ranges and qualified dates, from fact rows in memory. Qualifiers are labels; an open side is the
end of the calendar inside the rules, and never breaks a read."""

from __future__ import annotations

from datetime import date

from projections.model import Certainty
from projections.rules.aggregates import headcount, months
from tests.unit.rules.given import History, read

CERTAIN, POSSIBLE = Certainty.CERTAIN, Certainty.POSSIBLE


def _certainties(history: History, *days: str) -> list[Certainty | None]:
    seen = read(history)
    return [seen.certainty(d) for d in days]


def test_an_open_start_hire_is_possible_on_every_earlier_date_and_certain_from_the_day_after() -> None:
    hired = History().move("c", "[..2025-09-03]", to="openai")
    assert _certainties(hired, "1990-01-01", "2025-09-03", "2025-09-04", "2030-01-01") == [
        POSSIBLE, POSSIBLE, CERTAIN, CERTAIN]
    assert read(hired).spans() == [("openai", "[..2025-09-03]", None)]


def test_an_open_start_move_leaves_both_stints_possible_until_the_day_and_the_new_one_certain_after() -> None:
    seen = read(History().move("in", "2021", to="meta").move("out", "[..2025-09-03]", frm="meta", to="openai"))
    # Both possibly hold before the day; the employer is the one known to have started last.
    assert [(d, seen.where(d), seen.certainty(d)) for d in ("2022-06-01", "2025-09-03", "2025-09-04")] == [
        ("2022-06-01", "meta", POSSIBLE), ("2025-09-03", "meta", POSSIBLE), ("2025-09-04", "openai", CERTAIN)]
    meta, openai = sorted(seen.stints, key=lambda s: s.organization_id)
    assert [meta.certainty(date.fromisoformat(d)) for d in ("2021-06-01", "2022-06-01", "2025-09-04")] == [
        POSSIBLE, POSSIBLE, None]
    assert openai.certainty(date(2022, 6, 1)) is POSSIBLE


def test_an_open_end_hire_is_possible_from_its_first_day_and_never_certain() -> None:
    hired = History().move("c", "[2025-07..]", to="meta")
    assert _certainties(hired, "2025-06-30", "2025-07-01", "2026-07-01", "2200-01-01") == [
        None, POSSIBLE, POSSIBLE, POSSIBLE]


def test_an_open_end_departure_is_certain_until_the_day_before_and_possible_ever_after() -> None:
    left = History().move("in", "2021", to="apple").move("out", "[2025-07..]", frm="apple")
    assert _certainties(left, "2025-06-30", "2025-07-01", "2040-01-01") == [CERTAIN, POSSIBLE, POSSIBLE]


def test_a_range_of_days_is_possible_through_its_period_and_certain_after_it() -> None:
    hired = History().move("c", "[2025-07..2025-09]", to="meta")
    assert _certainties(hired, "2025-06-30", "2025-07-01", "2025-09-30", "2025-10-01") == [
        None, POSSIBLE, POSSIBLE, CERTAIN]


def test_a_range_of_days_between_two_days_is_not_one_known_day() -> None:
    hired = History().move("c", "[2025-07-01..2025-07-03]", to="meta")
    assert _certainties(hired, "2025-07-01", "2025-07-03", "2025-07-04") == [POSSIBLE, POSSIBLE, CERTAIN]


def test_a_qualified_date_counts_exactly_as_the_date_without_its_qualifier() -> None:
    days = ("2025-06-30", "2025-07-01", "2025-07-31", "2025-08-01")
    for qualifier in ("?", "~", "%"):
        qualified = History().move("c", f"2025-07{qualifier}", frm="apple", to="meta")
        plain = History().move("c", "2025-07", frm="apple", to="meta")
        assert [(read(qualified).where(d), read(qualified).certainty(d)) for d in days] == [
            (read(plain).where(d), read(plain).certainty(d)) for d in days]
    day = History().move("c", "2025-07-14~", frm="apple", to="meta")
    assert [(d, read(day).where(d), read(day).certainty(d)) for d in ("2025-07-13", "2025-07-14")] == [
        ("2025-07-13", "apple", CERTAIN), ("2025-07-14", "meta", CERTAIN)]


def test_a_qualified_date_is_the_same_move_as_the_plain_one_not_a_conflict() -> None:
    seen = read(History().move("a", "2025-07~", frm="apple", to="meta", source="wired")
                .move("b", "2025-07", frm="apple", to="meta", source="bloomberg"))
    assert seen.contested() == set()
    assert len(seen.stints) == 2


def test_an_open_start_move_and_a_move_in_its_period_from_the_same_company_elsewhere_conflict() -> None:
    seen = read(History().move("early", "[..2025-09-03]", frm="apple", to="meta", source="wired", published="2025-09-03")
                .move("late", "2025-08", frm="apple", to="openai", source="bloomberg", published="2025-09-01"))
    # On or before 3 September overlaps August: one departure from Apple, to two other companies.
    assert seen.contested() == {"late"}  # same status and sources: the later publication wins


def test_an_open_start_move_and_one_after_its_period_from_the_same_company_are_two_departures() -> None:
    seen = read(History().move("early", "[..2025-09-03]", frm="apple", to="meta", source="wired")
                .move("back", "2025-10", frm="meta", to="apple", source="wired")
                .move("late", "2026-01", frm="apple", to="openai", source="bloomberg"))
    assert seen.contested() == set()
    assert seen.where("2026-02-01") == "openai"


def test_headcount_counts_an_open_start_hire_as_possibly_there_then_certainly() -> None:
    stints = read(History("avi-verma").move("c", "[..2025-09-03]", to="openai")).stints
    days = months(date(2025, 8, 1), date(2025, 10, 1))
    bounds = [(s.possible_from, s.certain_from, s.certain_until, s.possible_until) for s in stints]
    assert headcount(days, {"avi-verma": bounds}) == ([0, 0, 1], [1, 1, 1])
