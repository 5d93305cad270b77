"""How accepted claims fold into stints (``projections/README.md``: the same move, order of
nested periods, stint status): one rule per test, from fact rows in memory."""

from __future__ import annotations

from projections.model import Cutoffs
from tests.unit.rules.given import RUM, C, History, read


def test_a_move_implies_an_earlier_stint_with_unknown_start() -> None:
    seen = read(History().move("c", "2025-07", frm="apple", to="meta"))
    assert seen.spans() == [("apple", None, "2025-07"), ("meta", "2025-07", None)]
    assert seen.where("2019-01-01") == "apple"


def test_an_arrival_alone_opens_a_stint_that_has_not_ended() -> None:
    seen = read(History().move("c", "2021", to="apple", role="engineer"))
    assert seen.spans() == [("apple", "2021", None)]
    assert seen.stints[0].role == "engineer"


def test_a_departure_alone_closes_a_stint_of_unknown_start_with_its_role() -> None:
    seen = read(History().move("c", "2025-07", frm="apple", role="manager"))
    assert seen.spans() == [("apple", None, "2025-07")]
    assert seen.stints[0].role == "manager"
    assert seen.where("2025-12-01") is None


def test_nested_dates_of_one_move_are_one_move_and_the_stint_takes_the_finer_date() -> None:
    history = History().move("year", "2025", frm="apple", to="meta", source="bloomberg")
    history.move("month", "2025-07", frm="apple", to="meta", source="wired", published="2025-07-20")
    seen = read(history)
    assert seen.spans() == [("apple", None, "2025-07"), ("meta", "2025-07", None)]
    assert seen.contested() == set()


def test_a_unit_and_its_company_name_one_move_and_the_stint_takes_the_unit() -> None:
    history = History().move("company", "2025", frm="apple", to="meta", source="bloomberg")
    history.move("unit", "2025-07", frm="apple-fm", to="msl", source="wired", published="2025-07-20")
    seen = read(history)
    assert seen.spans() == [("apple-fm", None, "2025-07"), ("msl", "2025-07", None)]
    assert seen.contested() == set()


def test_a_stint_lists_every_claim_and_positive_source_behind_it() -> None:
    history = History().move("year", "2025", frm="apple", to="meta", source="bloomberg")
    history.move("month", "2025-07", frm="apple", to="meta", source="wired", published="2025-07-20")
    meta = read(history).stints[-1]
    assert (meta.claim_ids, meta.source_ids) == (["month", "year"], ["wired", "bloomberg"])


def test_a_boomerang_within_one_period_follows_recorded_order() -> None:
    history = History().move("out", "2025", frm="openai", to="meta", source="wired")
    history.move("back", "2025", frm="meta", to="openai", source="wired")
    seen = read(history)
    assert [s.organization_id for s in seen.stints] == ["openai", "meta", "openai"]
    assert seen.where("2026-02-01") == "openai"


def test_a_stint_takes_the_best_status_of_the_claims_that_opened_it() -> None:
    history = History().move("weak", "2025-07", to="meta", status=RUM, source="blog")
    history.move("strong", "2025-07", to="meta", status=C, source="wired", published="2025-07-20")
    stints = read(history, Cutoffs(min_status=RUM)).stints
    assert [(s.organization_id, s.status) for s in stints] == [("meta", C)]


def test_a_stint_of_unknown_start_takes_the_status_of_the_claims_that_closed_it() -> None:
    seen = read(History().move("c", "2025-07", frm="apple", to="meta", status=C))
    assert seen.stints[0].status is C

