"""Corroboration and stint bounds through GraphQL (docs/rules.md#corroboration, #bounds): the
materialized default answers and the answers folded under cutoffs agree."""

from __future__ import annotations

from typing import Any

from events.base import ClaimStatus
from tests.support.client import answer, over_graphql, roster_ids
from tests.support.server import LiveServer
from tests.support.world import given_apple_meta_openai_and_google

BOUNDS = "earliest latest reasons { kind date claim { id } source { id } }"
TIMELINE = (
    "query($id: ID!, $minSources: Int, $knownAt: DateTime) { person(id: $id) {"
    " timeline(minSources: $minSources, knownAt: $knownAt) { organization { id } observed anomalies"
    f" startBounds {{ {BOUNDS} }} endBounds {{ {BOUNDS} }} }}"
    " claims { id independentSources corroboratingSources } } }"
)


def timeline(client: Any, person: str, **args: Any) -> dict[str, Any]:
    found: dict[str, Any] = answer(client, TIMELINE, id=person, **args)["person"]
    return found


def test_min_sources_two_finds_a_move_reported_as_three_claims_of_one_publisher_each(live: LiveServer) -> None:
    with live.client("reporter") as client:
        world = given_apple_meta_openai_and_google(over_graphql(client))
        for source, published in (("bloomberg", "2025-07-07"), ("article-002", "2025-07-09"),
                                  ("article-003", "2025-07-12")):
            world.source(source, published)
        world.person("ruoming-pang", "Ruoming Pang")
        world.move("ruoming-pang", "2025", "bloomberg", frm="apple", to="meta")
        world.move("ruoming-pang", "2025", "article-002", to="msl")
        world.move("ruoming-pang", "2025-07", "article-003", to="msl")
        seen = timeline(client, "ruoming-pang", minSources=2)
        assert [(c["independentSources"], c["corroboratingSources"]) for c in seen["claims"]] == [(1, 3)] * 3
        assert [s["organization"]["id"] for s in seen["timeline"]] == ["apple", "msl"]
        assert seen["timeline"][1]["startBounds"]["latest"] == "2025-07-07"  # Bloomberg's day, in UTC+14
        assert timeline(client, "ruoming-pang", minSources=4)["timeline"] == []


def test_a_departure_dated_by_year_ends_by_the_day_it_was_reported(live: LiveServer) -> None:
    with live.client("reporter") as client:
        world = given_apple_meta_openai_and_google(over_graphql(client))
        world.source("bloomberg", "2025-09-03T04:00:00Z")
        world.person("jian-zhang", "Jian Zhang")
        claim = world.move("jian-zhang", "2025", "bloomberg", frm="apple-fm", to="meta", status=ClaimStatus.REPORTED)
        for args in ({}, {"knownAt": "2026-01-01T00:00:00Z"}):  # materialized, then folded on read
            apple = timeline(client, "jian-zhang", **args)["timeline"][0]
            assert apple["organization"]["id"] == "apple-fm" and apple["observed"] is False
            assert apple["endBounds"] == {
                "earliest": "2025-01-01", "latest": "2025-09-03",
                "reasons": [
                    {"kind": "REPORTED_DATE", "date": "2025-01-01", "claim": {"id": claim}, "source": None},
                    {"kind": "PUBLICATION", "date": "2025-09-03", "claim": {"id": claim}, "source": {"id": "bloomberg"}},
                ],
            }
            assert apple["startBounds"] == {"earliest": None, "latest": None, "reasons": []}
            assert roster_ids(client, "apple", at="2025-12-01", **args) == []
            assert roster_ids(client, "apple", at="2025-09-02", **args) == [("jian-zhang", "POSSIBLE")]
        headcount = answer(client, '{ organization(id: "apple") { headcount(from: "2025-09-01", to: "2025-10-01")'
                                   " { date certain possible } } }")["organization"]["headcount"]
        assert [(p["date"], p["possible"]) for p in headcount] == [("2025-09-01", 1), ("2025-10-01", 0)]
