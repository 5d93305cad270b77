"""Affiliations (docs/rules.md#affiliations), applied after the moves: they tighten a stint that can
contain them, else create an observed one; a FORMER one bounds an end; against a move, the move
wins a tie. Fact rows in memory, as branch ``writes`` stores them."""

from __future__ import annotations

from datetime import date

from events.base import ClaimStatus
from projections.model import Certainty, Cutoffs
from projections.rules.aggregates import counted_moves
from projections.rules.claims import claim_states
from projections.rules.timeline import build_timeline
from tests.unit.rules.given import ORGS, C, History, read

CERTAIN, POSSIBLE = Certainty.CERTAIN, Certainty.POSSIBLE


def on(stint: object, day: str) -> Certainty | None:
    return stint.certainty(date.fromisoformat(day))  # type: ignore[attr-defined, no-any-return]


def test_a_current_affiliation_inside_a_stint_tightens_it_and_places_it_in_the_unit() -> None:
    history = History().move("move", "2025", frm="apple", to="meta", published="2026-01-10")
    seen = read(history.affiliate("seen", "2025-09-03", "msl"))
    meta = seen.stints[-1]
    assert (meta.organization_id, meta.observed, meta.start_bounds.latest) == ("msl", False, date(2025, 9, 3))
    assert [(r.kind, r.claim_id) for r in meta.start_bounds.reasons if r.kind == "AFFILIATION"] == [
        ("AFFILIATION", "seen")]
    assert [on(meta, d) for d in ("2025-09-02", "2025-09-03", "2026-06-01")] == [POSSIBLE, CERTAIN, CERTAIN]
    assert meta.claim_ids == ["move", "seen"] and len(seen.stints) == 2


def test_a_current_affiliation_tightens_the_end_of_the_stint_it_falls_in() -> None:
    history = History().move("in", "2021", to="apple", published="2021-03-01")
    history.move("out", "2025", frm="apple", to="meta", published="2026-01-10")
    apple = read(history.affiliate("seen", "2025-10-01", "apple")).stint("apple")
    assert (apple.end_bounds.earliest, apple.end_bounds.latest) == (date(2025, 10, 2), date(2025, 12, 31))
    assert [on(apple, d) for d in ("2025-10-01", "2025-10-02")] == [CERTAIN, POSSIBLE]


def test_a_current_affiliation_outside_every_stint_creates_an_observed_one() -> None:
    history = History().move("hire", "2024-03", to="openai", published="2024-05-01")
    seen = read(history.affiliate("seen", "2023-06-01", "apple", published="2023-06-01"))
    apple = seen.stint("apple")
    assert (apple.observed, apple.start, apple.end, apple.claim_ids) == (True, None, None, ["seen"])
    assert [on(apple, d) for d in ("2019-01-01", "2023-06-01", "2023-06-02", "2024-03-31", "2024-04-01")] == [
        POSSIBLE, CERTAIN, POSSIBLE, POSSIBLE, None]


def test_an_affiliation_alone_is_possible_on_every_date_and_certain_on_the_day_observed() -> None:
    apple = read(History().affiliate("seen", "2025-09-03", "apple")).stint("apple")
    assert [on(apple, d) for d in ("2001-01-01", "2025-09-03", "2040-01-01")] == [POSSIBLE, CERTAIN, POSSIBLE]
    assert (apple.start_bounds.earliest, apple.start_bounds.latest) == (None, date(2025, 9, 3))
    assert (apple.end_bounds.earliest, apple.end_bounds.latest) == (date(2025, 9, 4), None)


def test_an_affiliation_against_a_move_loses_the_tie() -> None:
    history = History().move("move", "2025-07", frm="apple", to="meta", published="2025-07-20")
    seen = read(history.affiliate("stale", "2025-09-03", "apple", source="wired"))  # published later
    assert seen.contested() == {"stale"}
    assert seen.where("2025-09-03") == "meta" and [s.organization_id for s in seen.stints] == ["apple", "meta"]


def test_an_affiliation_with_a_higher_status_beats_the_move_it_contradicts() -> None:
    history = History().move("move", "2025-07", frm="apple", to="meta", published="2025-07-20")
    seen = read(history.affiliate("confirmed", "2025-09-03", "apple", source="apple-pr", status=C))
    assert seen.contested() == {"move"}
    assert [(s.organization_id, s.observed) for s in seen.stints] == [("apple", True)]


def test_a_former_affiliation_bounds_the_end_of_an_open_stint() -> None:
    history = History().move("hire", "2021", to="apple", published="2021-03-01")
    apple = read(history.affiliate("former", "2025-09-03", "apple", tense="FORMER")).stint("apple")
    assert (apple.end_bounds.earliest, apple.end_bounds.latest) == (None, date(2025, 9, 3))
    # When it ended is unknown: certain only on its first certain day (the hire's publication), then possible.
    assert [on(apple, d) for d in ("2021-03-01", "2022-01-01", "2025-09-02", "2025-09-03")] == [
        CERTAIN, POSSIBLE, POSSIBLE, None]


def test_a_former_affiliation_without_a_stint_creates_an_observed_past_one() -> None:
    seen = read(History().affiliate("former", "2025-09-03", "google", tense="FORMER"))
    google = seen.stint("google")
    assert (google.observed, google.end_bounds.latest) == (True, date(2025, 9, 3))
    assert [on(google, d) for d in ("2010-01-01", "2025-09-02", "2025-09-03")] == [POSSIBLE, POSSIBLE, None]


def test_a_former_affiliation_places_the_past_stint_before_the_one_that_holds_then() -> None:
    history = History().move("hire", "2024-03", to="apple", published="2024-05-01")
    google = read(history.affiliate("former", "2025-09-03", "google", tense="FORMER")).stint("google")
    assert [on(google, d) for d in ("2024-03-31", "2024-04-01")] == [POSSIBLE, None]


def test_affiliations_never_make_flows_and_count_only_when_reported() -> None:
    history = History().affiliate("seen", "2025-09-03", "apple").affiliate(
        "rumour", "2025-09-03", "meta", status=ClaimStatus.RUMOURED, source="blog")
    claims = claim_states(history.facts, Cutoffs())
    stints = build_timeline(claims, Cutoffs(), ORGS)
    assert [s.organization_id for s in stints] == ["apple"]
    assert counted_moves(claims, Cutoffs()) == []


def test_two_observations_of_one_stint_make_it_certain_between_them() -> None:
    history = History().affiliate("first", "2025-03-01", "apple", published="2025-03-01")
    apple = read(history.affiliate("second", "2025-09-03", "apple", source="wired")).stint("apple")
    assert [on(apple, d) for d in ("2025-02-28", "2025-03-01", "2025-06-01", "2025-09-03", "2025-09-04")] == [
        POSSIBLE, CERTAIN, CERTAIN, CERTAIN, POSSIBLE]


def test_an_affiliation_that_contradicts_a_reported_date_is_left_out_as_an_anomaly() -> None:
    history = History().move("move", "2025-07", frm="apple", to="meta", published="2025-08-15")
    apple = read(history.affiliate("late", "2025-07-31", "apple", published="2025-07-31")).stint("apple")
    assert (apple.end_bounds.earliest, apple.end_bounds.latest) == (date(2025, 7, 1), date(2025, 7, 31))
    assert apple.anomalies == [
        "The end: the affiliation on or after 2025-08-01 (source bloomberg) contradicts the stronger evidence"
        " and was left out."]
