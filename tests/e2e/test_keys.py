"""The key lifecycle through a real server: revocation and rotation count at once, a revoked key's
subscriptions close, and an admin key manages keys over HTTP."""

from __future__ import annotations

import json

import pytest
import websockets.sync.client as ws

from tests.support.client import code, data, register_person
from tests.support.feed import closed_with, next_events, subscribed
from tests.support.server import LiveServer


def test_a_revoked_key_stops_working_at_once(live: LiveServer) -> None:
    keys = live.components.keys
    with live.client("reporter") as reporter, live.client("editor") as editor:
        data(register_person(reporter, "ada", "Ada"))
        keys.revoke("reporter-e2e")
        assert code(register_person(reporter, "bob", "Bob")) == "UNAUTHENTICATED"
        keys.revoke("editor-e2e")
        assert editor.post("/import", content=b"").status_code == 401


def test_a_rotated_key_works_under_its_name_and_the_old_secret_does_not(live: LiveServer) -> None:
    fresh = live.components.keys.rotate("reporter-e2e")
    with live.client("reporter") as old:
        assert code(register_person(old, "ada", "Ada")) == "UNAUTHENTICATED"
    live.keys["reporter"] = fresh
    with live.client("reporter") as new:
        data(register_person(new, "ada", "Ada"))
        history = new.post("/graphql", json={"query": '{ person(id: "ada") { history { recordedBy } } }'}).json()
        assert history["data"]["person"]["history"] == [{"recordedBy": "key:reporter-e2e"}]


@pytest.mark.parametrize("change", ["revoke", "rotate"])
def test_a_revoked_or_rotated_keys_subscriptions_close(live: LiveServer, change: str) -> None:
    with live.client("reporter") as writer:
        data(register_person(writer, "ada", "Ada"))
    with subscribed(live.ws_url, key=live.keys["reporter"]) as mine, subscribed(live.ws_url) as anonymous:
        assert next_events(mine, 1)[0]["subjectId"] == "ada"
        getattr(live.components.keys, change)("reporter-e2e")
        assert closed_with(mine) == (4403, "Forbidden: the API key was revoked")
        with live.client("editor") as writer:  # a subscription without that key follows on
            data(register_person(writer, "bob", "Bob"))
        assert [e["subjectId"] for e in next_events(anonymous, 2)] == ["ada", "bob"]


def test_a_key_sent_in_the_handshake_header_closes_too(live: LiveServer) -> None:
    headers = {"Authorization": f"Bearer {live.keys['editor']}"}
    with ws.connect(live.ws_url, subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
                    additional_headers=headers, open_timeout=5) as socket:
        socket.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(socket.recv(timeout=5))["type"] == "connection_ack"
        live.components.keys.revoke("editor-e2e")
        assert closed_with(socket)[0] == 4403


def test_only_an_admin_key_manages_keys_over_http(live: LiveServer) -> None:
    with live.client("editor") as editor, live.client("admin") as admin, live.client() as anonymous:
        assert anonymous.get("/keys").status_code == 401
        refused = editor.post("/keys", json={"role": "reporter"})
        assert refused.status_code == 403 and refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        created = admin.post("/keys", json={"role": "reporter", "name": "dashboard"})
        assert created.status_code == 201, created.text
        key = created.json()["key"]
        assert admin.post("/keys", json={"role": "reporter", "name": "dashboard"}).status_code == 409
        assert admin.post("/keys", json={"role": "overlord"}).status_code == 400
        with live.client() as dashboard:
            dashboard.headers["Authorization"] = f"Bearer {key}"
            data(register_person(dashboard, "ada", "Ada"))
            listed = {k["name"]: k for k in admin.get("/keys").json()["keys"]}
            assert listed["dashboard"]["role"] == "reporter" and listed["dashboard"]["lastUsedAt"] is not None
            assert listed["dashboard"]["createdAt"] and listed["dashboard"]["revokedAt"] is None
            rotated = admin.post("/keys/dashboard/rotate").json()["key"]
            assert code(register_person(dashboard, "bob", "Bob")) == "UNAUTHENTICATED"
            dashboard.headers["Authorization"] = f"Bearer {rotated}"
            data(register_person(dashboard, "bob", "Bob"))
            assert admin.post("/keys/dashboard/revoke").json() == {"name": "dashboard", "revoked": True}
            assert code(register_person(dashboard, "cy", "Cy")) == "UNAUTHENTICATED"
        assert admin.post("/keys/nobody/revoke").status_code == 404
        assert admin.post("/keys/dashboard/revoke").status_code == 409  # already revoked
        assert {k["name"]: k for k in admin.get("/keys").json()["keys"]}["dashboard"]["revokedAt"]
