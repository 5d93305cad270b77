"""Publishers and their track records through a real server, on both backends
(docs/rules.md#track-record)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from events.base import ClaimStatus
from tests.support.client import answer, code, gql, over_graphql, retract_claim
from tests.support.server import LiveServer
from tests.support.world import World, now

RECORD = "calls confirmed denied retracted pending hitRate hitRateLow hitRateHigh medianLeadDays"
R, C, D, RUM = ClaimStatus.REPORTED, ClaimStatus.CONFIRMED, ClaimStatus.DENIED, ClaimStatus.RUMOURED


def given_bloombergs_four_calls(world: World) -> dict[str, str]:
    """Bloomberg calls four claims: Wired confirms one ten days later; an aggregator relaying
    Bloomberg repeats one (its own word, again); Apple denies one; an editor retracts one (later)."""
    world.organization("apple", "Apple")
    world.organization("meta", "Meta")
    for person in ("ada", "bob", "cy", "dee"):
        world.person(person)
    world.source("bloomberg-1", "2025-07-01T09:00:00", publisher="Bloomberg")
    world.source("aggregator-1", "2025-07-02T09:00:00", publisher="Aggregator", cites="bloomberg-1")
    world.source("wired-1", "2025-07-11T09:00:00", publisher="Wired")
    world.source("apple-pr", "2025-08-01T09:00:00", publisher="Apple PR")
    world.source("bloomberg-2", "2025-08-05T09:00:00", publisher="bloomberg")
    confirmed = world.move("ada", "2025-07", "bloomberg-1", frm="apple", to="meta", status=RUM)
    world.report(confirmed, "wired-1", R)
    relayed = world.move("bob", "2025-08", "aggregator-1", to="meta", status=R)
    world.report(relayed, "bloomberg-2", C)
    denied = world.move("cy", "2025", "bloomberg-2", frm="apple", status=R)
    world.report(denied, "apple-pr", D)
    retracted = world.move("dee", "2025-08", "bloomberg-2", to="meta", status=R)
    return {"confirmed": confirmed, "relayed": relayed, "denied": denied, "retracted": retracted}


def track_record(client: httpx.Client, name: str = "BLOOMBERG", **cutoffs: str) -> dict[str, Any]:
    args = ", ".join(f"{k}: $k{k}" for k in cutoffs)
    variables = "".join(f", $k{k}: DateTime" for k in cutoffs)
    document = (f"query($name: String!{variables}) {{ publisher(name: $name) {{ name"
                f" trackRecord{f'({args})' if args else ''} {{ {RECORD} }} }} }}")
    found = answer(client, document, name=name, **{f"k{k}": v for k, v in cutoffs.items()})["publisher"]
    assert found is not None
    return dict(found["trackRecord"])


def test_a_publishers_track_record_counts_its_calls_by_outcome(live: LiveServer) -> None:
    with live.client("reporter") as client, live.client("editor") as editor:
        claims = given_bloombergs_four_calls(over_graphql(client))
        assert retract_claim(editor, claimId=claims["retracted"], reason="duplicate").status_code == 200
        record = track_record(client)
        assert record == {
            "calls": 4, "confirmed": 1, "denied": 1, "retracted": 1, "pending": 1,
            "hitRate": pytest.approx(1 / 3), "hitRateLow": pytest.approx(0.0615, abs=1e-4),
            "hitRateHigh": pytest.approx(0.7923, abs=1e-4), "medianLeadDays": pytest.approx(10.0),
        }
        # The aggregator relays Bloomberg: its reports are Bloomberg's calls, not its own.
        assert track_record(client, "aggregator")["calls"] == 0


def test_a_track_record_travels_in_publication_and_recorded_time(live: LiveServer) -> None:
    with live.client("reporter") as client:
        world = over_graphql(client)
        world.source("wired-2", "2025-09-01T09:00:00", publisher="Wired")
        claims = given_bloombergs_four_calls(world)
        before_backfill = now()
        world.report(claims["retracted"], "wired-2", C)
        # Before Wired's report was published, the first call was open; before the others, not yet made.
        early = track_record(client, knownAt="2025-07-05T00:00:00Z")
        assert (early["calls"], early["pending"], early["hitRate"]) == (2, 2, None)
        assert track_record(client, asOf=before_backfill)["confirmed"] == 1
        assert track_record(client)["confirmed"] == 2


def test_publishers_are_listed_searched_and_paged_with_their_own_sources(live: LiveServer) -> None:
    with live.client("reporter") as client:
        given_bloombergs_four_calls(over_graphql(client))
        found = answer(client, '{ publishers(search: "bloom") { totalCount edges { node { name'
                               ' sources(first: 1) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } }'
                               ' } } } }')["publishers"]
        assert found["totalCount"] == 1
        [node] = [e["node"] for e in found["edges"]]
        assert node["name"] == "Bloomberg"  # as its first source wrote it
        sources = node["sources"]
        assert (sources["totalCount"], [e["node"]["id"] for e in sources["edges"]]) == (2, ["bloomberg-1"])
        rest = answer(client, 'query($after: String) { publisher(name: "bloomberg") { sources(after: $after)'
                              ' { edges { node { id } } pageInfo { hasNextPage } } } }',
                      after=sources["pageInfo"]["endCursor"])["publisher"]["sources"]
        assert [e["node"]["id"] for e in rest["edges"]] == ["bloomberg-2"]
        everyone = answer(client, "{ publishers(first: 2) { totalCount edges { node { name } } pageInfo { hasNextPage } } }")
        assert everyone["publishers"]["totalCount"] == 4  # Aggregator, Apple PR, Bloomberg, Wired
        assert [e["node"]["name"] for e in everyone["publishers"]["edges"]] == ["Aggregator", "Apple PR"]
        assert answer(client, '{ publisher(name: "Reuters") { name } }')["publisher"] is None


def test_a_publishers_calls_are_paged_newest_first_with_their_claims_and_outcomes(live: LiveServer) -> None:
    with live.client("reporter") as client:
        claims = given_bloombergs_four_calls(over_graphql(client))
        document = ('query($after: String, $outcome: CallOutcome) { publisher(name: "Bloomberg") {'
                    ' calls(first: 2, after: $after, outcome: $outcome) { totalCount edges { cursor node {'
                    ' publishedAt outcome leadDays claim { id status } source { id publisher } } }'
                    ' pageInfo { hasNextPage endCursor } } } }')
        first = answer(client, document)["publisher"]["calls"]
        assert first["totalCount"] == 4 and first["pageInfo"]["hasNextPage"]
        second = answer(client, document, after=first["pageInfo"]["endCursor"])["publisher"]["calls"]
        calls = [e["node"] for e in first["edges"] + second["edges"]]
        assert [c["publishedAt"][:10] for c in calls] == ["2025-08-05", "2025-08-05", "2025-07-02", "2025-07-01"]
        by_claim = {c["claim"]["id"]: c for c in calls}
        assert by_claim[claims["relayed"]]["source"] == {"id": "aggregator-1", "publisher": "Aggregator"}
        assert by_claim[claims["confirmed"]]["outcome"] == "CONFIRMED"
        assert by_claim[claims["confirmed"]]["leadDays"] == pytest.approx(10.0)
        assert by_claim[claims["denied"]]["outcome"] == "DENIED"
        only = answer(client, document, outcome="DENIED")["publisher"]["calls"]
        assert [e["node"]["claim"]["id"] for e in only["edges"]] == [claims["denied"]]
        assert code(gql(client, document, after="not a cursor")) == "BAD_USER_INPUT"
