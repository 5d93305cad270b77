"""Belief changes (docs/rules.md#belief-changes) through the real store and projector, on SQLite
and PostgreSQL: each cause produces the right changes, a no-op none, and a rebuild the same."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime

import pytest

from bench.generate import lines
from events import commands as c
from events.base import ClaimStatus
from projections.beliefs.queries import BeliefChangeView
from service.bootstrap import Components
from service.importer import import_lines
from tests.support.databases import snapshot
from tests.support.world import World, given_apple_meta_openai_and_google, over_ledger, utc

R, C, D, RUM = ClaimStatus.REPORTED, ClaimStatus.CONFIRMED, ClaimStatus.DENIED, ClaimStatus.RUMOURED
Summary = list[tuple[str, str | None, str | None]]


@pytest.fixture
def world(components: Components) -> World:
    w = given_apple_meta_openai_and_google(over_ledger(components))
    for name, published in (("bloomberg", "2025-07-10"), ("wired", "2025-07-20"), ("old-news", "2024-03-01")):
        w.source(name, published)
    w.person("ruoming-pang", "Ruoming Pang")
    return w


def changes(world: World, after: tuple[int, int] = (0, 0), **filters: str) -> list[BeliefChangeView]:
    return world.c.queries.belief_changes(after=after, first=500, **filters).items  # type: ignore[arg-type]


def summary(found: list[BeliefChangeView]) -> Summary:
    return [(ch.kind, ch.before and ch.before.organization_id, ch.after and ch.after.organization_id) for ch in found]


def latest(world: World) -> list[BeliefChangeView]:
    """The changes of the last event that changed anything."""
    found = changes(world)
    return [ch for ch in found if ch.event_position == found[-1].event_position] if found else []


def test_a_report_adds_the_stints_it_opens_and_implies_numbered_within_its_event(world: World) -> None:
    world.move("ruoming-pang", "2025-07", "bloomberg", frm="apple", to="meta")
    found = changes(world)
    assert summary(found) == [("STINT_ADDED", None, "apple"), ("STINT_ADDED", None, "meta")]
    assert [ch.position for ch in found] == [f"{found[0].event_position}:1", f"{found[0].event_position}:2"]
    assert found[1].organization_ids == ["meta"] and found[1].person_id == "ruoming-pang"


def test_a_backdated_report_says_how_late_it_was_recorded(world: World) -> None:
    world.move("ruoming-pang", "2024-02", "old-news", frm="google", to="apple")
    late = (datetime.now(UTC) - utc("2024-03-01")).days
    assert {ch.late_by_days for ch in changes(world)} in ({late}, {late - 1})


def test_a_correction_changes_the_stints_it_moves(world: World) -> None:
    claim = world.move("ruoming-pang", "2025-07", "bloomberg", frm="apple", to="meta")
    world.write(c.CorrectClaim(claim_id=claim, source_id="wired", effective="2025-06"))
    found = latest(world)
    assert summary(found) == [("STINT_CHANGED", "apple", "apple"), ("STINT_CHANGED", "meta", "meta")]
    assert found[1].before and found[1].before.start and found[1].before.start.value == "2025-07"
    assert found[1].after and found[1].after.start and found[1].after.start.value == "2025-06"


def test_a_retraction_removes_what_the_claim_held_up(world: World) -> None:
    claim = world.move("ruoming-pang", "2025-07", "bloomberg", frm="apple", to="meta")
    world.write(c.RetractClaim(claim_id=claim, reason="misattributed"))
    found = latest(world)
    assert summary(found) == [("STINT_REMOVED", "apple", None), ("STINT_REMOVED", "meta", None)]
    assert found[0].late_by_days is None  # a retraction without a source


def test_a_new_source_that_makes_a_rumour_count_adds_its_stint(world: World) -> None:
    claim = world.move("ruoming-pang", "2025-07", "bloomberg", to="meta", status=RUM)
    assert changes(world) == []
    world.report(claim, "wired", R)
    assert summary(changes(world)) == [("STINT_ADDED", None, "meta")]


def test_a_second_source_changes_the_stint_it_supports(world: World) -> None:
    claim = world.move("ruoming-pang", "2025-07", "bloomberg", to="meta")
    world.report(claim, "wired", C)
    found = latest(world)
    assert summary(found) == [("STINT_CHANGED", "meta", "meta")]
    assert found[0].after and found[0].after.source_ids == ["bloomberg", "wired"]


def test_an_event_that_changes_no_timeline_produces_nothing(world: World) -> None:
    claim = world.move("ruoming-pang", "2025-07", "wired", to="meta")
    before = changes(world)
    world.report(claim, "old-news", D)  # a denial published before the report: superseded
    world.source("another", "2025-08-01")
    world.person("someone-else")
    world.move("ruoming-pang", "2026-01", "wired", frm="meta", to="openai", status=RUM)
    assert changes(world) == before


def test_a_merge_moves_the_duplicate_s_stints_to_the_survivor(world: World) -> None:
    world.person("r-pang", "R. Pang")
    world.move("r-pang", "2025-07", "bloomberg", to="meta")
    world.write(c.MergePeople(duplicate_id="r-pang", survivor_id="ruoming-pang", reason="same person"))
    found = latest(world)
    assert [(ch.person_id, ch.kind) for ch in found] == [("r-pang", "STINT_REMOVED"), ("ruoming-pang", "STINT_ADDED")]
    assert [ch.position.split(":")[1] for ch in found] == ["1", "2"]
    assert len(changes(world, person_id="ruoming-pang")) == 3  # the duplicate's history follows the survivor


def test_the_organization_filter_takes_units_and_the_cursor_resumes(world: World) -> None:
    world.move("ruoming-pang", "2025-07", "bloomberg", frm="apple-fm", to="msl")
    at_apple = changes(world, org_id="apple")
    assert summary(at_apple) == [("STINT_ADDED", None, "apple-fm")]
    assert at_apple[0].organization_ids == ["apple", "apple-fm"]
    everything = changes(world)
    first = everything[0]
    assert changes(world, after=(first.event_position, first.n)) == everything[1:]
    assert changes(world, after=(first.event_position, 2**31)) == []


def test_a_rebuild_reproduces_every_change_at_its_position(world: World) -> None:
    claim = world.move("ruoming-pang", "2025-07", "bloomberg", frm="apple", to="meta")
    world.report(claim, "wired", C)
    world.write(c.CorrectClaim(claim_id=claim, source_id="wired", effective="2025-06"))
    world.person("r-pang", "R. Pang")
    world.move("r-pang", "2026-01", "old-news", frm="meta", to="openai")
    world.write(c.MergePeople(duplicate_id="r-pang", survivor_id="ruoming-pang", reason="same person"))
    world.write(c.RetractClaim(claim_id=claim, reason="misattributed"))
    incremental = snapshot(world.c.db)
    assert len(incremental["belief_changes"]) >= 8
    world.c.projector.rebuild()
    assert snapshot(world.c.db) == incremental


def test_a_unit_moved_in_the_tree_changes_beliefs_at_that_event_and_a_rebuild_agrees(world: World) -> None:
    world.move("ruoming-pang", "2025", "bloomberg", to="msl")
    world.move("ruoming-pang", "2025-07", "wired", to="meta")  # the same hire while msl is Meta's
    assert summary(latest(world)) == [("STINT_CHANGED", "msl", "msl")]
    world.write(c.ReparentOrganization(organization_id="msl", parent_id=None))
    moved = latest(world)  # two hires now: at msl (2025) and at Meta (2025-07)
    assert moved[0].cause.type == "OrganizationReparented"
    assert summary(moved) == [("STINT_CHANGED", "msl", "msl"), ("STINT_ADDED", None, "meta")]
    world.write(c.ReparentOrganization(organization_id="msl", parent_id="meta"))
    world.move("ruoming-pang", "2026", "wired", frm="meta", to="openai")
    incremental = snapshot(world.c.db)
    world.c.projector.rebuild()
    assert snapshot(world.c.db) == incremental


def test_replaying_the_feed_from_empty_gives_every_materialized_timeline(components: Components) -> None:
    report = import_lines(components.ledger, list(lines(600, seed=11)), "cli:test")
    assert report.stored and not report.errors
    components.projector.catch_up()
    with components.db.read() as cur:
        cur.execute("SELECT person_id FROM tl_stints GROUP BY person_id ORDER BY count(*) DESC LIMIT 2")
        survivor, duplicate = (row[0] for row in cur.fetchall())
    components.ledger.execute(c.MergePeople(duplicate_id=duplicate, survivor_id=survivor, reason="same"), "t")
    components.projector.catch_up()
    feed: dict[str, Counter[str]] = {}
    with components.db.read() as cur:
        cur.execute("SELECT person_id, before, after FROM tl_belief_changes ORDER BY position, n")
        for person, before, after in cur.fetchall():
            held = feed.setdefault(person, Counter())
            if before is not None:
                assert held[canonical(json.loads(before))] > 0
                held[canonical(json.loads(before))] -= 1
            if after is not None:
                held[canonical(json.loads(after))] += 1
        cur.execute("SELECT person_id, org_id, role, start_value, end_value, status, possible_from, certain_from,"
                    " certain_until, possible_until, claim_ids, source_ids FROM tl_stints")
        stints: dict[str, Counter[str]] = {}
        for person, *stint in cur.fetchall():
            row = [*stint[:9], json.loads(stint[9]), json.loads(stint[10])]
            stints.setdefault(person, Counter())[canonical(row)] += 1
    assert {p: +held for p, held in feed.items() if +held} == stints
    assert not +feed[duplicate] and stints[survivor]


def canonical(stint: list[object]) -> str:
    return json.dumps(stint, ensure_ascii=False)
