"""Belief changes (docs/rules.md#belief-changes) through the real store and projector, on SQLite
and PostgreSQL: each cause produces the right changes, a no-op none, and a rebuild the same."""

from __future__ import annotations

from events import commands as c
from events.base import ClaimStatus
from projections.beliefs.queries import BeliefChangeView
from service.bootstrap import Components
from tests.support.world import World, given_apple_meta_openai_and_google, over_ledger, utc

import pytest

R, C, D, RUM = ClaimStatus.REPORTED, ClaimStatus.CONFIRMED, ClaimStatus.DENIED, ClaimStatus.RUMOURED


@pytest.fixture
def world(components: Components) -> World:
    w = given_apple_meta_openai_and_google(over_ledger(components))
    for name, published in (("bloomberg", "2025-07-10"), ("wired", "2025-07-20"), ("old-news", "2024-03-01")):
        w.source(name, published)
    w.person("ruoming-pang", "Ruoming Pang")
    return w


def changes(world: World, **filters: str) -> list[BeliefChangeView]:
    return world.c.queries.belief_changes(after=(0, 0), first=500, **filters).items  # type: ignore[arg-type]


def summary(found: list[BeliefChangeView]) -> list[tuple[str, str | None, str | None]]:
    return [(ch.kind, ch.before and ch.before.organization_id, ch.after and ch.after.organization_id) for ch in found]


def test_a_report_adds_the_stints_it_opens_and_implies(world: World) -> None:
    world.move("ruoming-pang", "2025-07", "bloomberg", frm="apple", to="meta")
    found = changes(world)
    assert summary(found) == [("STINT_ADDED", None, "apple"), ("STINT_ADDED", None, "meta")]
    assert [ch.position.split(":")[1] for ch in found] == ["1", "2"]
    assert len({ch.event_position for ch in found}) == 1
