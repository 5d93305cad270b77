"""Conflicts between counted claims and their winners (``projections/README.md``): one rule per
test, from fact rows in memory. A loser is ``contested`` and does not count."""

from __future__ import annotations

from projections.model import Cutoffs
from tests.unit.rules.given import RUM, C, History, read


def test_the_same_departure_on_dates_that_do_not_overlap_conflicts_and_the_loser_does_not_count() -> None:
    history = History().move("weak", "2025-03", frm="apple", to="meta", source="bloomberg")
    history.move("strong", "2025-07", frm="apple", to="meta", source="wired", status=C, published="2025-07-20")
    seen = read(history)
    assert seen.contested() == {"weak"}
    assert seen.where("2025-05-01") == "apple"


def test_two_departures_to_different_companies_conflict_even_on_the_same_date() -> None:
    history = History().move("to-meta", "2025-07", frm="apple", to="meta", source="bloomberg")
    history.report("to-meta", source="wired", published="2025-07-20")
    history.move("to-openai", "2025-07", frm="apple", to="openai", source="the-information")
    seen = read(history)
    assert seen.contested() == {"to-openai"}
    assert seen.where("2025-12-01") == "meta"


def test_two_arrivals_from_different_companies_conflict() -> None:
    history = History().move("from-apple", "2025-07", frm="apple", to="meta", status=C)
    history.move("from-google", "2025-07", frm="google", to="meta", source="wired")
    assert read(history).contested() == {"from-google"}


def test_a_counted_return_between_two_departures_from_one_company_is_no_conflict() -> None:
    history = History().move("leave", "2020", frm="apple", to="google")
    history.move("return", "2022", frm="google", to="apple")
    history.move("leave-again", "2024", frm="apple", to="meta")
    seen = read(history)
    assert seen.contested() == set()
    assert [s.organization_id for s in seen.stints] == ["apple", "google", "apple", "meta"]


def test_the_higher_status_wins_a_conflict() -> None:
    history = History().move("confirmed", "2025-03", frm="apple", to="meta", status=C, published="2025-01-01")
    history.move("reported", "2025-07", frm="apple", to="meta", source="wired", published="2025-08-01")
    history.report("reported", source="the-verge", published="2025-08-02")
    assert read(history).contested() == {"reported"}


def test_more_independent_sources_win_between_equal_statuses() -> None:
    history = History().move("two", "2025-03", frm="apple", to="meta", published="2025-01-01")
    history.report("two", source="wired", published="2025-01-02")
    history.move("one", "2025-07", frm="apple", to="meta", source="the-verge", published="2025-08-01")
    assert read(history).contested() == {"one"}


def test_the_later_publication_wins_between_equal_sources() -> None:
    history = History().move("later", "2025-03", frm="apple", to="meta", published="2025-09-01")
    history.move("earlier", "2025-07", frm="apple", to="meta", source="wired", published="2025-08-01")
    assert read(history).contested() == {"earlier"}


def test_the_later_recording_wins_between_equal_publications() -> None:
    history = History().move("first", "2025-07", frm="apple", to="meta", published="2025-08-01")
    history.move("second", "2025-03", frm="apple", to="meta", source="wired", published="2025-08-01")
    assert read(history).contested() == {"first"}


def test_claims_that_do_not_count_take_no_part_in_conflicts() -> None:
    history = History().move("rumour", "2025-03", frm="apple", to="openai", status=RUM, published="2025-09-01")
    history.move("reported", "2025-07", frm="apple", to="meta", source="wired")
    assert read(history).contested() == set()
    assert read(history, Cutoffs(min_status=RUM)).contested() == {"rumour"}  # counted now, and weaker
