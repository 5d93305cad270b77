"""Certainty at the edges of a stint (``projections/README.md``): one rule per test, from fact
rows in memory."""

from __future__ import annotations

from projections.model import Certainty
from tests.unit.rules.given import History, read

CERTAIN, POSSIBLE = Certainty.CERTAIN, Certainty.POSSIBLE
AFTER_JULY = "2025-08-15"  # reported after the month it names: no publication bound narrows it


def test_a_month_start_is_possible_within_the_month_and_certain_from_the_next() -> None:
    seen = read(History().move("c", "2025-07", to="meta", published=AFTER_JULY))
    assert [seen.certainty(d) for d in ("2025-06-30", "2025-07-01", "2025-07-31", "2025-08-01")] == [
        None, POSSIBLE, POSSIBLE, CERTAIN]


def test_a_year_start_is_possible_within_the_year_and_certain_from_the_next() -> None:
    seen = read(History().move("c", "2021", to="apple"))
    assert [seen.certainty(d) for d in ("2020-12-31", "2021-01-01", "2021-12-31", "2022-01-01")] == [
        None, POSSIBLE, POSSIBLE, CERTAIN]


def test_a_day_start_holds_from_that_day() -> None:
    seen = read(History().move("c", "2025-07-14", to="meta"))
    assert [seen.certainty(d) for d in ("2025-07-13", "2025-07-14")] == [None, CERTAIN]


def test_an_end_is_certain_until_the_day_before_its_period_and_possible_through_its_last_day() -> None:
    seen = read(History().move("in", "2021", to="apple").move("out", "2025-07", frm="apple", published=AFTER_JULY))
    assert [seen.certainty(d) for d in ("2025-06-30", "2025-07-01", "2025-07-31", "2025-08-01")] == [
        CERTAIN, POSSIBLE, POSSIBLE, None]


def test_on_the_day_of_a_day_precise_move_the_person_is_at_the_new_employer() -> None:
    seen = read(History().move("c", "2025-07-14", frm="apple", to="meta"))
    assert [(d, seen.where(d), seen.certainty(d)) for d in ("2025-07-13", "2025-07-14")] == [
        ("2025-07-13", "apple", CERTAIN), ("2025-07-14", "meta", CERTAIN)]


def test_an_unknown_start_is_possible_on_every_earlier_date_and_certain_only_on_the_day_before_the_end() -> None:
    seen = read(History().move("c", "2025-07", frm="apple", to="meta"))
    apple = seen.stints[0]
    assert [apple.certainty(d) for d in (apple.possible_from, apple.certain_until)] == [POSSIBLE, CERTAIN]
    assert str(apple.certain_from) == str(apple.certain_until) == "2025-06-30"
