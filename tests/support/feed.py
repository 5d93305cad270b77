"""The change feed as its consumers follow it: pages of `events`, the live subscription over
`graphql-transport-ws`, and the NDJSON export."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
import websockets.exceptions
import websockets.sync.client as ws

from tests.support.client import data, gql

SUBSCRIPTION = "subscription($after: String) { events(after: $after) { position type subjectId recordedBy } }"
PAGE = ("query($after: String, $first: Int) { events(after: $after, first: $first) {"
        " edges { cursor node { position type subjectId recordedBy recordedAt data source { id } } }"
        " pageInfo { hasNextPage endCursor } } }")


def event_page(client: httpx.Client, after: str | None = None, first: int | None = None) -> dict[str, Any]:
    """One page of the change feed."""
    page: dict[str, Any] = data(gql(client, PAGE, after=after, first=first))["events"]
    return page


def change_feed(base: str) -> list[dict[str, Any]]:
    """Every event of the change feed at ``base``, following the cursor page by page."""
    nodes: list[dict[str, Any]] = []
    after = None
    with httpx.Client(base_url=base, timeout=30) as client:
        while True:
            page = event_page(client, after=after, first=500)
            nodes += [edge["node"] for edge in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                return nodes
            after = page["pageInfo"]["endCursor"]


def exported(base: str) -> list[dict[str, Any]]:
    """Every line of `GET /export/events.ndjson` at ``base``."""
    with httpx.stream("GET", f"{base}/export/events.ndjson", timeout=30) as response:
        assert response.status_code == 200
        return [json.loads(line) for line in response.iter_lines() if line]


def ws_url(base: str) -> str:
    """The GraphQL websocket URL of the server at ``base`` (``http://…``)."""
    return base.replace("http://", "ws://") + "/graphql"


@contextmanager
def subscribed(url: str, after: str | None = None, key: str | None = None, query: str = SUBSCRIPTION,
               headers: dict[str, str] | None = None) -> Iterator[ws.ClientConnection]:
    """A websocket at ``url`` subscribed to ``query`` from ``after``, with ``key`` in its
    ``connection_init`` payload."""
    with ws.connect(url, subprotocols=["graphql-transport-ws"], additional_headers=headers,  # type: ignore[list-item]
                    open_timeout=5) as socket:
        socket.send(json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {key}"} if key else {}}))
        assert json.loads(socket.recv(timeout=5))["type"] == "connection_ack"
        socket.send(json.dumps({"id": "1", "type": "subscribe",
                                "payload": {"query": query, "variables": {"after": after}}}))
        yield socket


def next_events(socket: ws.ClientConnection, count: int) -> list[dict[str, Any]]:
    """The next ``count`` events a subscription delivers."""
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


def closed_with(socket: ws.ClientConnection, timeout: float = 10) -> tuple[int, str]:
    """The close code and reason of a socket the server closes (pings and events are skipped)."""
    deadline = time.monotonic() + timeout
    with pytest.raises(websockets.exceptions.ConnectionClosed) as closed:
        while time.monotonic() < deadline:
            socket.recv(timeout=deadline - time.monotonic())
    assert closed.value.rcvd is not None, "the server did not close the socket"
    return closed.value.rcvd.code, closed.value.rcvd.reason
