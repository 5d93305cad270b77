"""The `events` subscription over graphql-transport-ws, with a real websocket client."""

from __future__ import annotations

from tests.support.client import data, register_person
from tests.support.feed import next_events, refusal, subscribed
from tests.support.server import LiveServer


def test_a_subscriber_catches_up_then_gets_writes_made_by_another_client(live: LiveServer) -> None:
    with live.client("reporter") as writer:
        for n in range(3):
            data(register_person(writer, f"early-{n}", f"Early {n}"))
        with subscribed(live.ws_url, after=None) as socket:
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
        with subscribed(live.ws_url, after="1") as one, subscribed(live.ws_url, after="1") as two:
            for n in range(1, 12):
                data(register_person(writer, f"p{n}", f"Person {n}"))
            expected = [f"p{n}" for n in range(1, 12)]
            for socket in (one, two):
                events = next_events(socket, 11)
                assert [e["subjectId"] for e in events] == expected
                positions = [int(e["position"]) for e in events]
                assert positions == sorted(set(positions))


def test_a_bad_cursor_is_refused(live: LiveServer) -> None:
    with subscribed(live.ws_url, after="not-a-position") as socket:
        assert refusal(socket) == "BAD_USER_INPUT"


def test_private_feeds_take_the_key_in_the_init_payload(tight: LiveServer) -> None:
    with tight.client("reporter") as writer:
        data(register_person(writer, "ada", "Ada"))
    origin = {"Origin": "https://allowed.example"}
    with subscribed(tight.ws_url, headers=origin) as socket:
        assert refusal(socket) == "UNAUTHENTICATED"
    with subscribed(tight.ws_url, key=tight.keys["reporter"], headers=origin) as socket:
        assert next_events(socket, 1)[0]["subjectId"] == "ada"
