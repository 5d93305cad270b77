"""Corroboration (docs/rules.md#corroboration): claims that can only describe the same transition
count their publishers together, and ``minSources`` counts those. One rule per test, in memory."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from projections.model import DEFAULT_CUTOFFS, Cutoffs
from projections.rules.aggregates import counted_moves
from projections.rules.claims import claim_states
from projections.rules.corroboration import Corroboration, corroborate_each_other
from projections.rules.timeline import build_timeline
from tests.unit.rules.given import ORGS, RUM, C, D, History, read

TWO = Cutoffs(min_sources=2)


def pang_to_meta() -> History:
    """Pang's move to Meta as three claims, each with one publisher: the company and the year, the
    lab and the year, the lab and the month."""
    history = History().move("company-year", "2025", frm="apple", to="meta", source="bloomberg")
    history.move("lab-year", "2025", to="msl", source="article-002", published="2025-07-09")
    return history.move("lab-month", "2025-07", to="msl", source="article-003", published="2025-07-12")


def test_differently_specific_claims_of_one_move_count_their_publishers_together() -> None:
    seen = read(pang_to_meta())
    assert {c.id: (c.independent_sources, c.corroborating_sources) for c in seen.claims.values()} == {
        "company-year": (1, 3), "lab-year": (1, 3), "lab-month": (1, 3)}


def test_min_sources_two_finds_a_move_that_two_publishers_reported_differently() -> None:
    seen = read(pang_to_meta(), TWO)
    assert seen.where("2025-12-01") == "msl"
    assert [s.organization_id for s in seen.stints] == ["apple", "msl"]


def test_a_hire_corroborates_a_move_from_a_unit_of_another_company_into_a_unit() -> None:
    history = History().move("hire", "2025", to="meta", source="bloomberg")
    history.move("move", "2025-07", frm="apple-fm", to="msl", source="wired", published="2025-07-20")
    assert {c.id: c.corroborating_sources for c in read(history).claims.values()} == {"hire": 2, "move": 2}


def test_claims_with_different_destinations_do_not_corroborate() -> None:
    history = History().move("to-meta", "2025", frm="apple", to="meta", source="bloomberg")
    history.move("to-openai", "2025", frm="apple", to="openai", source="wired", published="2025-07-20")
    seen = read(history, TWO)
    assert {c.id: c.corroborating_sources for c in seen.claims.values()} == {"to-meta": 1, "to-openai": 1}
    assert seen.stints == []


def test_claims_whose_dates_do_not_overlap_do_not_corroborate() -> None:
    history = History().move("march", "2025-03", frm="apple", to="meta", source="bloomberg")
    history.move("july", "2025-07", frm="apple", to="meta", source="wired", published="2025-07-20")
    assert {c.id: c.corroborating_sources for c in read(history).claims.values()} == {"march": 1, "july": 1}


def test_a_departure_and_a_move_do_not_corroborate_a_destination_is_not_no_destination() -> None:
    history = History().move("left", "2025", frm="apple", source="bloomberg")
    history.move("moved", "2025-07", frm="apple", to="meta", source="wired", published="2025-07-20")
    assert {c.id: c.corroborating_sources for c in read(history).claims.values()} == {"left": 1, "moved": 1}


def test_a_denied_claim_corroborates_nothing() -> None:
    history = History().move("year", "2025", frm="apple", to="meta", source="bloomberg")
    history.move("month", "2025-07", frm="apple", to="meta", source="wired", published="2025-07-20")
    history.report("month", source="apple-pr", published="2025-07-25", status=D)
    seen = read(history, TWO)
    assert seen.claims["year"].corroborating_sources == 1
    assert seen.stints == []


def test_min_sources_counts_corroborating_sources_for_flows_too() -> None:
    history = pang_to_meta()
    claims = claim_states(history.facts, TWO)
    build_timeline(claims, TWO, ORGS)
    assert [c.id for c in counted_moves(claims, TWO)] == ["company-year"]


ORG_NAMES = ["apple", "apple-fm", "meta", "msl", "openai"]
claims_made = st.lists(st.tuples(
    st.booleans(), st.sampled_from([None, *ORG_NAMES]), st.sampled_from([None, *ORG_NAMES]),
    st.sampled_from(["2024", "2025", "2025-07", "2025-07-15"]), st.sampled_from([RUM, C, D]),
    st.sampled_from(["CURRENT", "FORMER"]), st.sampled_from(["a", "b", "c"]),
), min_size=1, max_size=12)


@settings(max_examples=100, deadline=None)
@given(made=claims_made)
def test_a_claim_is_corroborated_by_what_comparing_it_with_every_claim_finds(made: list[tuple]) -> None:  # type: ignore[type-arg]
    """``Corroboration`` compares a claim only with the claims of its kind: the same claims, in order."""
    history = History()
    for n, (affiliation, frm, to, effective, status, tense, source) in enumerate(made):
        if affiliation:
            history.affiliate(f"c{n}", effective, to or "meta", tense=tense, status=status, source=source)
        elif frm or to:
            history.move(f"c{n}", effective, frm=frm, to=to, status=status, source=source)
    claims = claim_states(history.facts, DEFAULT_CUTOFFS)
    found = Corroboration(claims, ORGS)
    for claim in claims:
        assert found.of(claim) == [
            c for c in claims if c.positive and (c is claim or corroborate_each_other(claim, c, ORGS))]
