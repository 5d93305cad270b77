"""Reads under knownAt, asOf, minStatus and minSources (docs/time.md#reads-that-fold): the batched
fold of rosters, headcount and flows gives the same answers as folding every person on their own
(``timelines.reads.computed_stints``, one query per person: the oracle), and a backfill changes
answers for a knownAt after its publication, never for an asOf before its recording."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from bench.generate import lines
from events import commands as c
from events.base import ClaimStatus
from projections.claims.horizons import narrow
from projections.claims.reads import claims_of
from projections.db.adapter import Cursor
from projections.directory.reads import OrgTrees
from projections.model import Certainty, Cutoffs, Flow, HeadcountPoint, RosterEntry
from projections.rules import aggregates as rules
from projections.rules.fold import Stint
from projections.rules.timeline import build_timeline, latest_holding
from projections.timelines.reads import computed_stints, stint_view
from service.bootstrap import Components
from service.importer import import_lines
from tests.support.world import World, given_apple_meta_openai_and_google, over_ledger, utc

AT = (date(2019, 3, 1), date(2022, 7, 15), date(2024, 6, 1))


def recorded_now(components: Components) -> datetime:
    """The recorded time of the last event: an asOf that sees everything written so far."""
    last = components.queries.events(after=components.queries.position() - 1, first=1).items[0]
    return last.recorded_at


def survivors(cur: Cursor) -> list[str]:
    cur.execute("SELECT id FROM tl_persons WHERE merged_into IS NULL ORDER BY id")
    return [row[0] for row in cur.fetchall()]


def oracle_stints(components: Components, org: str, cutoffs: Cutoffs) -> dict[str, list[Stint]]:
    """Every survivor's stints at the organization or its units, each person folded on their own."""
    trees = OrgTrees()
    with components.db.read() as cur:
        scope = set(trees.scope(cur, org, True))
        return {person: [s for s in computed_stints(cur, person, cutoffs, trees) if s.organization_id in scope]
                for person in survivors(cur)}


def oracle_roster(stints: dict[str, list[Stint]], at: date, certainty: Certainty | None) -> list[RosterEntry]:
    entries = []
    for person in sorted(stints):
        found = latest_holding(stints[person], at)
        if found and (certainty is None or found[1] is certainty):
            entries.append(RosterEntry(person, stint_view(*found), found[1]))
    return entries


def oracle_headcount(stints: dict[str, list[Stint]], start: date, end: date) -> list[HeadcountPoint]:
    firsts = rules.months(start, end)
    bounds = {person: [(s.possible_from, s.certain_from, s.certain_until, s.possible_until) for s in mine]
              for person, mine in stints.items()}
    certain, possible = rules.headcount(firsts, bounds)
    return [HeadcountPoint(m, c, p) for m, c, p in zip(firsts, certain, possible, strict=True)]


def oracle_flows(components: Components, start: date, end: date, cutoffs: Cutoffs) -> list[Flow]:
    trees = OrgTrees()
    moves = []
    with components.db.read() as cur:
        tree = trees.get(cur)
        for person in survivors(cur):
            claims = claims_of(cur, person, cutoffs)
            build_timeline(claims, cutoffs, tree)
            moves += [(person, m.from_id, m.to_id) for m in rules.counted_moves(claims, cutoffs)
                      if start <= m.effective.earliest <= end]
    return rules.flows(moves, tree)


def whole_roster(components: Components, org: str, at: date, cutoffs: Cutoffs,
                 certainty: Certainty | None) -> list[RosterEntry]:
    """Every page of 7 entries, following the cursors."""
    entries: list[RosterEntry] = []
    after = None
    while True:
        page = components.queries.roster(org, at=at, cutoffs=cutoffs, certainty=certainty, include_units=True,
                                         first=7, after=after)
        entries += page.items
        if not page.has_next:
            return entries
        after = page.cursors[-1]


def test_folded_reads_equal_the_per_person_fold_on_generated_data(components: Components) -> None:
    data = list(lines(2500, seed=5))
    split = len(data) * 3 // 5
    assert import_lines(components.ledger, data[:split], "test").stored
    components.projector.catch_up()
    as_of = recorded_now(components)  # the first import only: a later one is recorded after it
    assert import_lines(components.ledger, data[split:], "test").stored
    components.projector.catch_up()
    every = [
        Cutoffs(known_at=datetime(2019, 1, 1, tzinfo=UTC)), Cutoffs(known_at=datetime(2022, 1, 1, tzinfo=UTC)),
        Cutoffs(as_of=as_of), Cutoffs(as_of=as_of, known_at=datetime(2021, 6, 1, tzinfo=UTC)),
        Cutoffs(as_of=as_of, known_at=datetime(2024, 1, 1, tzinfo=UTC)),
        Cutoffs(min_status=ClaimStatus.CONFIRMED), Cutoffs(min_sources=2),
    ]
    q = components.queries
    for cutoffs in every:
        for company in ("apple", "openai"):
            stints = oracle_stints(components, company, cutoffs)
            for at in AT:
                for certainty in (None, Certainty.CERTAIN):
                    expected = oracle_roster(stints, at, certainty)
                    assert whole_roster(components, company, at, cutoffs, certainty) == expected
                    assert q.roster_count(company, at=at, cutoffs=cutoffs, certainty=certainty,
                                          include_units=True) == len(expected)
            span = {"start": date(2016, 1, 1), "end": date(2025, 12, 1)}
            assert q.headcount(company, cutoffs=cutoffs, include_units=True, **span) == oracle_headcount(
                stints, **span)
        for year in (2018, 2021, 2024):
            window = {"start": date(year, 3, 1), "end": date(year + 1, 2, 28)}
            assert q.flows(cutoffs=cutoffs, **window) == oracle_flows(components, cutoffs=cutoffs, **window)
    # the cutoffs above do change the answers (else the comparison would prove little)
    cut = every[1]
    assert whole_roster(components, "apple", AT[1], cut, None) != whole_roster(components, "apple", AT[1],
                                                                               Cutoffs(), None)


@pytest.fixture
def world(components: Components) -> World:
    w = given_apple_meta_openai_and_google(over_ledger(components))
    w.source("bloomberg", "2025-07-10")
    for person in ("ruoming-pang", "nan-du", "r-pang"):
        w.person(person)
    return w


def members(world: World, on: str, **cutoffs: datetime) -> list[str]:
    page = world.c.queries.roster("apple", at=date.fromisoformat(on), cutoffs=Cutoffs(**cutoffs), certainty=None,
                                  include_units=True, first=10, after=None)
    return [e.person_id for e in page.items]


def possible(world: World, month: str, **cutoffs: datetime) -> int:
    on = date.fromisoformat(month)
    points = world.c.queries.headcount("apple", start=on, end=on, cutoffs=Cutoffs(**cutoffs), include_units=True)
    return points[0].possible


def test_a_backfill_changes_rosters_and_headcount_known_after_its_publication_never_before_its_recording(
    world: World,
) -> None:
    world.move("nan-du", "2025-07", "bloomberg", to="apple")
    world.source("old-article", "2024-01-05")
    recorded_before = recorded_now(world.c)
    world.move("ruoming-pang", "2023-12", "old-article", to="apple")  # recorded now, published in January 2024
    later = utc("2025-08-01")
    assert members(world, "2025-08-15") == ["nan-du", "ruoming-pang"]
    assert members(world, "2025-08-15", known_at=later) == ["nan-du", "ruoming-pang"]
    assert members(world, "2025-08-15", known_at=later, as_of=recorded_before) == ["nan-du"]
    assert members(world, "2025-08-15", known_at=utc("2024-02-01")) == ["ruoming-pang"]
    assert members(world, "2025-08-15", known_at=utc("2023-12-15")) == []
    assert possible(world, "2024-06-01", known_at=utc("2024-02-01")) == 1
    assert possible(world, "2024-06-01", known_at=utc("2024-02-01"), as_of=recorded_before) == 0
    assert possible(world, "2024-06-01", known_at=utc("2023-12-15")) == 0


def test_a_merged_duplicate_joins_the_survivor_in_folded_rosters_from_the_merge_on(world: World) -> None:
    world.move("r-pang", "2025-07", "bloomberg", to="apple")
    before_merge = recorded_now(world.c)
    world.write(c.MergePeople(duplicate_id="r-pang", survivor_id="ruoming-pang", reason="same person"))
    later = utc("2025-08-01")
    assert members(world, "2025-08-15", known_at=later) == ["ruoming-pang"]
    assert members(world, "2025-08-15", known_at=later, as_of=before_merge) == []
    flows = world.c.queries.flows(start=date(2025, 1, 1), end=date(2025, 12, 31), cutoffs=Cutoffs(known_at=later))
    assert flows == []  # a hire is no move between companies


def test_a_read_with_both_moments_is_answered_by_the_one_that_hides_nothing_the_other_shows(world: World) -> None:
    world.move("nan-du", "2025-07", "bloomberg", to="apple")  # published 2025-07-10
    first = recorded_now(world.c)
    world.source("later-article", "2025-09-01")
    world.move("ruoming-pang", "2025-08", "later-article", to="apple")
    second = recorded_now(world.c)
    world.source("old-article", "2024-01-05")
    world.move("r-pang", "2023-12", "old-article", to="apple")  # a backfill, recorded after ``second``
    third = recorded_now(world.c)
    known = utc("2025-08-01")

    def narrowed(as_of: datetime) -> Cutoffs:
        with world.c.db.read() as cur:
            return narrow(cur, Cutoffs(as_of=as_of, known_at=known))

    # Everything recorded by ``first`` was published by ``known``: the asOf alone answers.
    assert narrowed(first) == Cutoffs(as_of=first)
    assert members(world, "2025-08-15", as_of=first, known_at=known) == ["nan-du"]
    # By ``second`` a later publication was recorded, and one published earlier comes after it: a fold.
    assert narrowed(second) == Cutoffs(as_of=second, known_at=known)
    assert members(world, "2025-08-15", as_of=second, known_at=known) == ["nan-du"]  # not the two others
    # Everything published by ``known`` was recorded by ``third``: the knownAt alone answers.
    assert narrowed(third) == Cutoffs(known_at=known)
    assert members(world, "2025-08-15", as_of=third, known_at=known) == ["nan-du", "r-pang"]
    # A merge recorded after ``third`` is unseen at ``third`` but seen at every knownAt: a fold again.
    world.write(c.MergePeople(duplicate_id="r-pang", survivor_id="ruoming-pang", reason="same person"))
    assert narrowed(third) == Cutoffs(as_of=third, known_at=known)
    assert members(world, "2025-08-15", as_of=third, known_at=known) == ["nan-du"]
    assert members(world, "2025-08-15", known_at=known) == ["nan-du", "ruoming-pang"]


def test_a_moment_that_hides_nothing_is_dropped_from_a_read_under_another_lens(world: World) -> None:
    world.move("nan-du", "2025-07", "bloomberg", to="apple", status=ClaimStatus.CONFIRMED)  # published 2025-07-10
    world.move("ruoming-pang", "2025-07", "bloomberg", to="apple")
    recorded = recorded_now(world.c)
    confirmed = Cutoffs(min_status=ClaimStatus.CONFIRMED)

    def narrowed(**moments: datetime) -> Cutoffs:
        with world.c.db.read() as cur:
            return narrow(cur, replace(confirmed, **moments))

    def roster(**moments: datetime) -> list[str]:
        page = world.c.queries.roster("apple", at=date(2025, 8, 15), cutoffs=replace(confirmed, **moments),
                                      certainty=None, include_units=True, first=10, after=None)
        return [e.person_id for e in page.items]

    # A kept lens with a knownAt alone reads its versions: no lookup, nothing dropped.
    assert narrowed(known_at=utc("2025-08-01")) == replace(confirmed, known_at=utc("2025-08-01"))
    assert narrowed(as_of=recorded) == confirmed  # everything was recorded by then
    assert narrowed(known_at=utc("2025-08-01"), as_of=recorded) == confirmed
    assert roster(known_at=utc("2025-08-01")) == roster() == ["nan-du"]
    assert narrowed(known_at=utc("2025-07-01"), as_of=recorded) == replace(confirmed, known_at=utc("2025-07-01"))
    assert roster(known_at=utc("2025-07-01")) == roster(known_at=utc("2025-07-01"), as_of=recorded) == []
    world.write(c.MergePeople(duplicate_id="r-pang", survivor_id="nan-du", reason="same person"))
    assert narrowed(as_of=recorded) == replace(confirmed, as_of=recorded)  # the merge came after
