"""The rules (docs/rules.md), one per test, through the real store and projector on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from events import commands as c
from events.base import ClaimStatus
from projections.model import DEFAULT_CUTOFFS, Certainty, Cutoffs, Page, RosterEntry
from service.bootstrap import Components
from tests.support.world import World, given_apple_meta_openai_and_google, over_ledger, utc

R, C, D, RUM = ClaimStatus.REPORTED, ClaimStatus.CONFIRMED, ClaimStatus.DENIED, ClaimStatus.RUMOURED


@pytest.fixture
def world(components: Components) -> World:
    w = given_apple_meta_openai_and_google(over_ledger(components))
    for name, published in (("bloomberg", "2025-07-10"), ("wired", "2025-07-20"), ("apple-pr", "2025-08-01"),
                            ("the-information", "2025-09-01")):
        w.source(name, published)
    w.source("aggregator", "2025-07-11", publisher="Aggregator", cites="bloomberg")
    w.person("ruoming-pang", "Ruoming Pang")
    return w


def test_a_denial_after_a_confirmation_makes_the_claim_denied(world: World) -> None:
    claim = world.move("ruoming-pang", "2025-07", "bloomberg", frm="apple", to="meta", status=C)
    world.report(claim, "apple-pr", D)
    assert world.claim_status(claim) == "DENIED"
    assert world.employer("ruoming-pang", "2025-12-01") is None


def test_a_confirmation_after_a_denial_wins(world: World) -> None:
    claim = world.move("ruoming-pang", "2025-07", "bloomberg", frm="apple", to="meta", status=D)
    world.report(claim, "wired", C)
    assert world.claim_status(claim) == "CONFIRMED"
    assert world.employer("ruoming-pang", "2025-12-01") == "meta"


def test_status_follows_publication_order_not_recording_order(world: World) -> None:
    claim = world.move("ruoming-pang", "2025-07", "the-information", frm="apple", to="meta", status=C)
    world.report(claim, "bloomberg", D)  # recorded later, but published earlier: superseded
    assert world.claim_status(claim) == "CONFIRMED"


def test_a_source_citing_another_is_not_independent(world: World) -> None:
    claim = world.move("ruoming-pang", "2025-07", "bloomberg", frm="apple", to="meta")
    world.report(claim, "aggregator", R)
    assert world.c.queries.claim(claim).independent_sources == 1  # type: ignore[union-attr]
    assert world.employer("ruoming-pang", "2025-12-01", min_sources=2) is None
    world.report(claim, "wired", R)
    assert world.c.queries.claim(claim).independent_sources == 2  # type: ignore[union-attr]
    assert world.employer("ruoming-pang", "2025-12-01", min_sources=2) == "meta"


def test_rumours_count_only_when_asked_for(world: World) -> None:
    world.move("ruoming-pang", "2025-07", "bloomberg", frm="apple", to="meta", status=RUM)
    assert world.employer("ruoming-pang", "2025-12-01") is None
    assert world.employer("ruoming-pang", "2025-12-01", min_status=RUM) == "meta"


def test_a_move_implies_an_earlier_stint_with_unknown_start(world: World) -> None:
    world.move("ruoming-pang", "2025-07", "bloomberg", frm="apple", to="meta")
    assert world.employer("ruoming-pang", "2019-01-01") == "apple"
    assert world.certainty("ruoming-pang", "2019-01-01") == "POSSIBLE"
    assert world.certainty("ruoming-pang", "2025-06-30") == "CERTAIN"  # the day before the earliest move day
    timeline = world.c.queries.timeline("ruoming-pang", DEFAULT_CUTOFFS)
    assert [(s.organization_id, s.start and s.start.value, s.end and s.end.value) for s in timeline] == [
        ("apple", None, "2025-07"), ("meta", "2025-07", None)]


def test_a_month_start_is_certain_from_the_next_month_and_possible_within_it(world: World) -> None:
    # Published after July, so no publication bound narrows the month (docs/rules.md#publication-bounds).
    world.move("ruoming-pang", "2025-07", "the-information", to="meta")
    assert world.certainty("ruoming-pang", "2025-06-30") is None
    assert world.certainty("ruoming-pang", "2025-07-01") == "POSSIBLE"
    assert world.certainty("ruoming-pang", "2025-07-31") == "POSSIBLE"
    assert world.certainty("ruoming-pang", "2025-08-01") == "CERTAIN"


def test_during_a_fuzzy_move_the_employer_is_the_stint_that_started_last(world: World) -> None:
    world.move("ruoming-pang", "2021", "bloomberg", frm="google", to="apple")
    world.move("ruoming-pang", "2025-07", "the-information", frm="apple", to="meta")  # published after July
    assert world.employer("ruoming-pang", "2025-07-15") == "meta"
    stints = world.c.queries.employments("ruoming-pang", date(2025, 7, 15), DEFAULT_CUTOFFS)
    assert [(s.organization_id, s.certainty) for s in stints] == [("meta", Certainty.POSSIBLE),
                                                                   ("apple", Certainty.POSSIBLE)]


def test_the_same_move_with_other_dates_is_contested_and_the_stronger_claim_wins(world: World) -> None:
    weak = world.move("ruoming-pang", "2025-03", "bloomberg", frm="apple", to="meta")
    strong = world.move("ruoming-pang", "2025-07", "wired", frm="apple", to="meta", status=C)
    claims = {cl.id: cl for cl in world.c.queries.claims_of_person("ruoming-pang")}
    assert (claims[weak].contested, claims[strong].contested) == (True, False)
    assert world.employer("ruoming-pang", "2025-05-01") == "apple"


def test_two_departures_to_different_places_conflict_and_more_sources_win(world: World) -> None:
    to_meta = world.move("ruoming-pang", "2025-07", "bloomberg", frm="apple", to="meta")
    world.report(to_meta, "wired", R)
    to_openai = world.move("ruoming-pang", "2025-07", "the-information", frm="apple", to="openai")
    claims = {cl.id: cl for cl in world.c.queries.claims_of_person("ruoming-pang")}
    assert claims[to_openai].contested and not claims[to_meta].contested
    assert world.employer("ruoming-pang", "2025-12-01") == "meta"


def test_nested_dates_and_units_describe_the_same_move(world: World) -> None:
    world.move("ruoming-pang", "2025", "bloomberg", frm="apple", to="meta")
    world.move("ruoming-pang", "2025-07", "wired", frm="apple-fm", to="msl")
    timeline = world.c.queries.timeline("ruoming-pang", DEFAULT_CUTOFFS)
    assert [(s.organization_id, s.start and s.start.value, s.end and s.end.value) for s in timeline] == [
        ("apple-fm", None, "2025-07"), ("msl", "2025-07", None)]
    assert not any(cl.contested for cl in world.c.queries.claims_of_person("ruoming-pang"))


def test_a_boomerang_within_one_period_follows_recorded_order(world: World) -> None:
    world.move("ruoming-pang", "2025", "wired", frm="openai", to="meta")
    world.move("ruoming-pang", "2025", "wired", frm="meta", to="openai")
    timeline = world.c.queries.timeline("ruoming-pang", DEFAULT_CUTOFFS)
    assert [s.organization_id for s in timeline] == ["openai", "meta", "openai"]
    assert world.employer("ruoming-pang", "2026-02-01") == "openai"


def test_a_retracted_claim_stops_counting_but_stays_in_the_claims(world: World) -> None:
    claim = world.move("ruoming-pang", "2025-07", "bloomberg", frm="apple", to="meta")
    world.write(c.RetractClaim(claim_id=claim, reason="misidentified"))
    assert world.employer("ruoming-pang", "2025-12-01") is None
    assert [cl.status.value for cl in world.c.queries.claims_of_person("ruoming-pang")] == ["RETRACTED"]


def test_a_correction_moves_the_date_from_its_source_publication_on(world: World) -> None:
    claim = world.move("ruoming-pang", "2025-07", "bloomberg", frm="apple", to="meta")
    world.write(c.CorrectClaim(claim_id=claim, source_id="the-information", effective="2025-05"))
    assert world.employer("ruoming-pang", "2025-06-15") == "meta"
    assert world.employer("ruoming-pang", "2025-06-15", known_at=utc("2025-08-01")) == "apple"


def test_backfilling_an_old_article_changes_past_knowledge_but_not_past_records(world: World) -> None:
    world.source("old-article", "2024-01-05")
    before_backfill = world.c.store.app.recorder.max_notification_id()
    recorded_before = world.c.queries.events(after=before_backfill - 1, first=1).items[0].recorded_at
    world.move("ruoming-pang", "2023-12", "old-article", to="apple")
    assert world.employer("ruoming-pang", "2024-06-01", known_at=utc("2024-02-01")) == "apple"
    assert world.employer("ruoming-pang", "2024-06-01", known_at=utc("2024-02-01"), as_of=recorded_before) is None
    assert world.employer("ruoming-pang", "2024-06-01", known_at=utc("2023-12-15")) is None


def test_merged_duplicates_count_for_the_survivor_only_from_the_merge_on(world: World) -> None:
    world.person("r-pang", "R. Pang")
    world.move("r-pang", "2025-07", "bloomberg", frm="apple", to="meta")
    before_merge = world.c.queries.events(after=world.c.queries.position() - 1, first=1).items[0].recorded_at
    world.write(c.MergePeople(duplicate_id="r-pang", survivor_id="ruoming-pang", reason="same person"))
    assert world.employer("ruoming-pang", "2025-12-01") == "meta"
    assert world.employer("ruoming-pang", "2025-12-01", as_of=before_merge) is None
    person = world.c.queries.person("r-pang")
    assert person is not None and person.id == "ruoming-pang"
    assert "PeopleMerged" in [e.type for e in world.c.queries.history("ruoming-pang", as_of=None)]


def test_rosters_roll_up_units_unless_asked_not_to_and_filter_certainty(world: World) -> None:
    world.person("nan-du", "Nan Du")
    world.move("ruoming-pang", "2021", "bloomberg", to="apple-fm")
    world.move("nan-du", "2025-06", "bloomberg", to="apple")
    def roster(first: int = 10, after: str | None = None, **asked: Any) -> Page[RosterEntry]:
        given = {"cutoffs": DEFAULT_CUTOFFS, "certainty": None, "include_units": True, **asked}
        return world.c.queries.roster("apple", at=date(2025, 6, 15), first=first, after=after, **given)

    assert [(e.person_id, e.certainty) for e in roster().items] == [("nan-du", Certainty.POSSIBLE),
                                                                   ("ruoming-pang", Certainty.CERTAIN)]
    assert [e.person_id for e in roster(certainty=Certainty.CERTAIN).items] == ["ruoming-pang"]
    assert [e.person_id for e in roster(include_units=False).items] == ["nan-du"]
    first = roster(1)
    rest = roster(1, first.cursors[-1])
    assert (first.has_next, [e.person_id for e in rest.items], rest.has_next) == (True, ["ruoming-pang"], False)
    cut = Cutoffs(known_at=utc("2025-07-15"))
    assert [e.person_id for e in roster(cutoffs=cut).items] == ["nan-du", "ruoming-pang"]


def test_flows_roll_units_up_and_leave_out_moves_inside_one_company(world: World) -> None:
    world.person("nan-du", "Nan Du")
    world.move("ruoming-pang", "2025-07", "bloomberg", frm="apple-fm", to="msl")
    world.move("nan-du", "2025-03", "bloomberg", frm="apple", to="apple-fm")
    flows = world.c.queries.flows(start=date(2025, 1, 1), end=date(2025, 12, 31), cutoffs=DEFAULT_CUTOFFS)
    assert [(f.from_id, f.to_id, f.count, f.person_ids) for f in flows] == [("apple", "meta", 1, ["ruoming-pang"])]
    asked = Cutoffs(min_sources=1, min_status=R)
    assert world.c.queries.flows(start=date(2025, 1, 1), end=date(2025, 12, 31), cutoffs=asked) == flows


def test_headcount_counts_certain_and_possible_people_each_month(world: World) -> None:
    world.move("ruoming-pang", "2025-07", "bloomberg", to="msl")
    points = world.c.queries.headcount("meta", start=date(2025, 6, 1), end=date(2025, 9, 1), cutoffs=DEFAULT_CUTOFFS,
                                       include_units=True)
    assert [(p.date.isoformat(), p.certain, p.possible) for p in points] == [
        ("2025-06-01", 0, 0), ("2025-07-01", 0, 1), ("2025-08-01", 1, 1), ("2025-09-01", 1, 1)]
    assert [p.possible for p in world.c.queries.headcount("meta", start=date(2025, 8, 1), end=date(2025, 8, 1),
                                                           cutoffs=DEFAULT_CUTOFFS, include_units=False)] == [0]


def test_search_finds_people_by_any_alias_ignoring_case_and_accents(world: World) -> None:
    world.write(c.AddAlias(subject_id="ruoming-pang", name="庞若鸣", language="zh"))
    world.person("jose-garcia", "José García")
    queries = world.c.queries
    assert [p.id for p in queries.people(search="若鸣", first=10, after=None).items] == ["ruoming-pang"]
    assert [p.id for p in queries.people(search="RUOMING", first=10, after=None).items] == ["ruoming-pang"]
    assert [p.id for p in queries.people(search="jose garcia", first=10, after=None).items] == ["jose-garcia"]


def test_paging_a_roster_read_in_small_batches_gives_every_member_once(world: World) -> None:
    people = [f"member-{i:02d}" for i in range(7)]
    for person in people:
        world.person(person)
        world.move(person, "2020", "bloomberg", to="apple")  # two holding stints per person:
        world.move(person, "2021", "bloomberg", to="openai")  # one in the roster's scope, one outside
        world.move(person, "2022", "bloomberg", to="apple-fm")
    world.c.queries.roster_batch = 3
    seen, after = [], None
    while True:
        page = world.c.queries.roster("apple", at=date(2024, 1, 1), cutoffs=DEFAULT_CUTOFFS, certainty=None,
                                      include_units=True, first=2, after=after)
        seen += [(e.person_id, e.stint.organization_id) for e in page.items]
        if not page.has_next:
            break
        after = page.cursors[-1]
    assert seen == [(p, "apple-fm") for p in people]
