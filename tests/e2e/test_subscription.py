"""The `events` subscription over graphql-transport-ws, with a real websocket client."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import websockets.sync.client as ws

from tests.e2e.conftest import LiveServer
from tests.e2e.steps import data, register_person

SUBSCRIPTION = "subscription($after: String) { events(after: $after) { position type subjectId recordedBy } }"


@contextmanager
def subscribed(live: LiveServer, after: str | None, key: str | None = None,
               query: str = SUBSCRIPTION) -> Iterator[ws.ClientConnection]:
    """A websocket subscribed to the change feed from `after`."""
    with ws.connect(live.ws_url, subprotocols=["graphql-transport-ws"], open_timeout=5) as socket:  # type: ignore[list-item]
        socket.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {key}"} if key else {}}))
        assert json.loads(socket.recv(timeout=5))["type"] == "connection_ack"
        socket.send(json.dumps({"id": "1", "type": "subscribe",
                                "payload": {"query": query, "variables": {"after": after}}}))
        yield socket


def next_events(socket: ws.ClientConnection, count: int) -> list[dict[str, Any]]:
    received = []
    while len(received) < count:
        message = json.loads(socket.recv(timeout=10))
        assert message["type"] == "next", message
        assert "errors" not in message["payload"], message
        received.append(message["payload"]["data"]["events"])
    return received


def refusal(socket: ws.ClientConnection) -> str:
    """The error code a refused subscription answers with (then it completes)."""
    message = json.loads(socket.recv(timeout=5))
    assert message["type"] == "next", message
    errors = message["payload"]["errors"]
    assert json.loads(socket.recv(timeout=5))["type"] == "complete"
    return str(errors[0]["extensions"]["code"])


def test_a_subscriber_catches_up_then_gets_writes_made_by_another_client(live: LiveServer) -> None:
    with live.client("reporter") as writer:
        for n in range(3):
            data(register_person(writer, f"early-{n}", f"Early {n}"))
        with subscribed(live, after=None) as socket:
            caught_up = next_events(socket, 3)
            assert [e["subjectId"] for e in caught_up] == ["early-0", "early-1", "early-2"]
            data(register_person(writer, "late", "Late Comer"))
            (live_event,) = next_events(socket, 1)
            assert live_event["subjectId"] == "late" and live_event["type"] == "PersonRegistered"
            assert live_event["recordedBy"] == "key:reporter-e2e"
            assert int(live_event["position"]) > int(caught_up[-1]["position"])


def test_many_subscribers_each_get_every_event_once_in_order(live: LiveServer) -> None:
    with live.client("reporter") as writer:
        first = data(register_person(writer, "p0", "Person 0"))
        assert first
        with subscribed(live, after="1") as one, subscribed(live, after="1") as two:
            for n in range(1, 12):
                data(register_person(writer, f"p{n}", f"Person {n}"))
            expected = [f"p{n}" for n in range(1, 12)]
            for socket in (one, two):
                events = next_events(socket, 11)
                assert [e["subjectId"] for e in events] == expected
                positions = [int(e["position"]) for e in events]
                assert positions == sorted(set(positions))


def test_a_bad_cursor_is_refused(live: LiveServer) -> None:
    with subscribed(live, after="not-a-position") as socket:
        assert refusal(socket) == "BAD_USER_INPUT"


def test_private_feeds_take_the_key_in_the_init_payload(tight: LiveServer) -> None:
    with tight.client("reporter") as writer:
        data(register_person(writer, "ada", "Ada"))
    headers = {"Origin": "https://allowed.example"}
    with ws.connect(tight.ws_url, subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
                    additional_headers=headers, open_timeout=5) as socket:
        socket.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(socket.recv(timeout=5))["type"] == "connection_ack"
        socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIPTION}}))
        assert refusal(socket) == "UNAUTHENTICATED"
    with ws.connect(tight.ws_url, subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
                    additional_headers=headers, open_timeout=5) as socket:
        socket.send(json.dumps({"type": "connection_init",
                                "payload": {"Authorization": f"Bearer {tight.keys['reporter']}"}}))
        assert json.loads(socket.recv(timeout=5))["type"] == "connection_ack"
        socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIPTION}}))
        assert next_events(socket, 1)[0]["subjectId"] == "ada"
