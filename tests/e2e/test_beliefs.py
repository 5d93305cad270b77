"""Belief changes through HTTP: the `beliefChanges` query, its subscription over
graphql-transport-ws, `Talentledger-Wait-For` with a change's position, and the NDJSON export."""

from __future__ import annotations

import json
from typing import Any

import httpx

from events import commands as c
from events.base import ClaimStatus
from tests.support.client import code, data, gql, over_graphql
from tests.support.feed import subscribed
from tests.support.server import LiveServer
from tests.support.world import World, given_apple_meta_openai_and_google

CHANGES = (
    "query($after: String, $personId: ID, $organizationId: ID) {"
    " beliefChanges(after: $after, first: 50, personId: $personId, organizationId: $organizationId) {"
    "  edges { cursor node { position kind lateByDays person { id } organizations { id }"
    "   cause { type position source { id } } before { organization { id } start { value } }"
    "   after { organization { id } start { value } sources { id } } } }"
    "  pageInfo { hasNextPage endCursor } } }"
)
LIVE = ("subscription($after: String) { beliefChanges(after: $after, organizationId: \"meta\") {"
        " position kind person { id } after { organization { id } } } }")


def given_pang_at_meta(world: World) -> str:
    given_apple_meta_openai_and_google(world)
    world.source("bloomberg", "2025-07-10")
    world.source("archive", "2020-01-15")
    world.person("ruoming-pang", "Ruoming Pang")
    return world.move("ruoming-pang", "2025-07", "bloomberg", frm="apple-fm", to="msl")


def changes(client: httpx.Client, **variables: Any) -> list[dict[str, Any]]:
    page = data(gql(client, CHANGES, **variables))["beliefChanges"]
    return [edge["node"] for edge in page["edges"]]


def test_the_query_shows_each_change_with_its_cause_and_filters_it(live: LiveServer) -> None:
    with live.client("editor") as editor:
        world = over_graphql(editor)
        claim = given_pang_at_meta(world)
        world.write(c.CorrectClaim(claim_id=claim, source_id="bloomberg", effective="2025-06"))
        world.move("ruoming-pang", "2019", "archive", frm="google", to="apple", status=ClaimStatus.CONFIRMED)
        found = changes(editor)
        assert [(n["kind"], n["cause"]["type"]) for n in found[:4]] == [
            ("STINT_ADDED", "MoveReported"), ("STINT_ADDED", "MoveReported"),
            ("STINT_CHANGED", "ClaimCorrected"), ("STINT_CHANGED", "ClaimCorrected")]
        added_msl = found[1]
        assert added_msl["organizations"] == [{"id": "meta"}, {"id": "msl"}]
        assert added_msl["after"]["sources"] == [{"id": "bloomberg"}] and added_msl["before"] is None
        assert added_msl["position"] == f"{added_msl['cause']['position']}:2"
        assert found[3]["before"]["start"]["value"] == "2025-07" and found[3]["after"]["start"]["value"] == "2025-06"
        backfill = [n for n in found if n["cause"]["source"] == {"id": "archive"}]
        assert backfill and all(n["lateByDays"] > 365 * 5 for n in backfill)
        assert {n["person"]["id"] for n in found} == {"ruoming-pang"}

        at_google = changes(editor, organizationId="google")
        assert [n["kind"] for n in at_google] == ["STINT_ADDED"]
        assert changes(editor, personId="nobody") == []
        assert changes(editor, after=found[1]["position"]) == found[2:]
        assert changes(editor, after=found[1]["cause"]["position"]) == found[2:]  # an event's position alone
        assert code(gql(editor, CHANGES, after="12:x")) == "BAD_USER_INPUT"


def test_a_read_waits_for_the_event_part_of_a_change_s_position(live: LiveServer) -> None:
    with live.client("editor") as editor:
        given_pang_at_meta(over_graphql(editor))
        position = changes(editor)[-1]["position"]
        waited = gql(editor, CHANGES, headers={"Talentledger-Wait-For": position})
        assert waited.status_code == 200 and data(waited)["beliefChanges"]["edges"]


def test_the_subscription_catches_up_then_follows_at_an_organization(live: LiveServer) -> None:
    with live.client("editor") as editor:
        world = over_graphql(editor)
        claim = given_pang_at_meta(world)
        with subscribed(live.ws_url, after=None, query=LIVE) as socket:
            (caught_up,) = receive(socket, 1)
            assert caught_up["kind"] == "STINT_ADDED" and caught_up["after"]["organization"] == {"id": "msl"}
            world.write(c.RetractClaim(claim_id=claim, reason="misattributed"))
            (removed,) = receive(socket, 1)
            assert removed["kind"] == "STINT_REMOVED" and removed["person"] == {"id": "ruoming-pang"}
            assert removed["position"] > caught_up["position"]


def test_the_export_streams_every_change_as_camel_case_ndjson(live: LiveServer) -> None:
    with live.client("editor") as editor:
        given_pang_at_meta(over_graphql(editor))
        found = changes(editor)
    lines = exported(live.base_url)
    assert [line["position"] for line in lines] == [n["position"] for n in found]
    assert lines[1]["after"]["organizationId"] == "msl" and lines[1]["organizations"] == ["meta", "msl"]
    assert lines[1]["causeType"] == "MoveReported" and lines[1]["personId"] == "ruoming-pang"
    assert exported(live.base_url, after=lines[0]["position"]) == lines[1:]
    with httpx.Client(base_url=live.base_url) as client:
        assert client.get("/export/belief-changes.ndjson", params={"after": "x:1"}).status_code == 400


def exported(base: str, after: str | None = None) -> list[dict[str, Any]]:
    params = {"after": after} if after else {}
    with httpx.stream("GET", f"{base}/export/belief-changes.ndjson", params=params, timeout=30) as response:
        assert response.status_code == 200
        return [json.loads(line) for line in response.iter_lines() if line]


def receive(socket: Any, count: int) -> list[dict[str, Any]]:
    received = []
    while len(received) < count:
        message = json.loads(socket.recv(timeout=10))
        assert message["type"] == "next" and "errors" not in message["payload"], message
        received.append(message["payload"]["data"]["beliefChanges"])
    return received
