"""Headcount and flows (``projections/README.md``): which months count, who is counted, which
moves are flows and how units roll up; from fact rows and stints in memory."""

from __future__ import annotations

from datetime import date

from projections.model import DEFAULT_CUTOFFS, Certainty, Flow
from projections.rules.aggregates import counted_moves, flows, headcount, months
from projections.rules.fold import Stint
from tests.unit.rules.given import ORGS, History, read


def test_headcount_is_measured_on_the_first_day_of_each_month_in_the_range() -> None:
    assert months(date(2025, 1, 15), date(2025, 4, 1)) == [date(2025, 2, 1), date(2025, 3, 1), date(2025, 4, 1)]
    assert months(date(9999, 12, 1), date.max) == [date(9999, 12, 1)]


def test_headcount_counts_people_certainly_there_and_people_at_least_possibly_there() -> None:
    joined_july = read(History("nan-du").move("c", "2025-07", to="msl")).stints
    days = months(date(2025, 6, 1), date(2025, 9, 1))
    certain, possible = headcount(days, {"nan-du": [_bounds(s) for s in joined_july]})
    assert list(zip(certain, possible, strict=True)) == [(0, 0), (0, 1), (1, 1), (1, 1)]


def test_a_person_with_two_stints_in_scope_counts_once() -> None:
    stints = read(History().move("a", "2021", to="apple").move("b", "2023", frm="apple", to="apple-fm")).stints
    during_the_move = date(2023, 6, 1)  # possibly still at apple, possibly already at apple-fm
    assert [s.certainty(during_the_move) for s in stints] == [Certainty.POSSIBLE, Certainty.POSSIBLE]
    certain, possible = headcount([during_the_move], {"ruoming-pang": [_bounds(s) for s in stints]})
    assert (certain, possible) == ([0], [1])


def test_flows_roll_units_up_to_companies_and_leave_out_moves_inside_one_company() -> None:
    moved = [("ruoming-pang", "apple-fm", "msl"), ("nan-du", "apple", "apple-fm"), ("jian-zhang", "apple", "meta")]
    assert flows(moved, ORGS) == [Flow("apple", "meta", 2, ["jian-zhang", "ruoming-pang"])]


def test_flows_rank_the_largest_first_then_by_the_pair() -> None:
    moved = [("a", "openai", "meta"), ("b", "apple", "openai"), ("c", "apple", "openai"), ("d", "anthropic", "meta")]
    assert [(f.from_id, f.to_id, f.count) for f in flows(moved, ORGS)] == [
        ("apple", "openai", 2), ("anthropic", "meta", 1), ("openai", "meta", 1)]


def test_only_uncontested_counted_moves_between_two_organizations_are_flows() -> None:
    history = History().move("arrival", "2021", to="apple")
    history.move("weak", "2025-03", frm="apple", to="meta", published="2025-01-01")
    history.move("strong", "2025-07", frm="apple", to="openai", source="wired")
    history.report("strong", source="the-verge", published="2025-07-20")
    seen = read(history)
    assert [c.id for c in counted_moves(seen.claims.values(), DEFAULT_CUTOFFS)] == ["strong"]


def _bounds(s: Stint) -> tuple[date, date, date, date]:
    """A stint's four date bounds, as the projector stores them."""
    return (s.possible_from, s.certain_from, s.certain_until, s.possible_until)
