"""What an operator sees through a real server: readiness, metrics, private reads, one error shape,
CORS, no OpenAPI page in production, camelCase payloads."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import msgspec
import pytest
from prometheus_client import CONTENT_TYPE_LATEST

from service.bootstrap import Components
from service.health import Heartbeat
from tests.support.client import code, data, gql, register_organization, register_person, until_ready
from tests.support.databases import fresh_components
from tests.support.feed import event_page, next_events, subscribed
from tests.support.server import LiveServer, run_server

ORIGIN = "https://dash.example"


@pytest.fixture
def replica(components: Components) -> Iterator[LiveServer]:
    """`serve --no-projector`: nothing in this process projects."""
    components.settings = msgspec.structs.replace(components.settings, ready_max_lag_s=0.5)
    yield from run_server(components, run_projector=False)


# HTTP conventions do not depend on the backend: the servers below run on SQLite only.


@pytest.fixture
def web(tmp_path: Path) -> Iterator[LiveServer]:
    """A development server (SQLite)."""
    with fresh_components("sqlite", tmp_path) as components:
        yield from run_server(components)


@pytest.fixture
def private(tmp_path: Path) -> Iterator[LiveServer]:
    """Private reads, a metrics key, CORS for one dashboard origin, production mode (SQLite)."""
    with fresh_components("sqlite", tmp_path) as components:
        components.settings = msgspec.structs.replace(
            components.settings, public_reads=False, metrics_key="scrape-secret", cors_origins=(ORIGIN,),
            production=True)
        yield from run_server(components)


@pytest.fixture
def small_imports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveServer]:
    """A server whose import route takes at most 1,000 bytes (SQLite)."""
    monkeypatch.setattr("service.routes.MAX_IMPORT_BYTES", 1000)
    with fresh_components("sqlite", tmp_path) as components:
        yield from run_server(components)


def metric(text: str, name: str) -> float:
    """The value of one sample line of the exposition."""
    line = next(line for line in text.splitlines() if line.startswith(name + " ") or line.startswith(name + "{"))
    return float(line.rsplit(" ", 1)[1])


# -- health and readiness ------------------------------------------------------------------------


def test_a_replica_is_ready_only_while_a_projector_beats(replica: LiveServer) -> None:
    components = replica.components
    with replica.client() as client:
        assert client.get("/health").json() == {"status": "ok"}  # alive, whatever else is wrong
        unready = client.get("/health/ready")
        assert unready.status_code == 503
        assert unready.json()["errors"][0]["extensions"]["code"] == "NOT_READY"
        assert "no projector leads" in unready.json()["errors"][0]["message"]
        # A projector elsewhere (here: this process's, standing in for `talentledger projector`).
        components.projector.start()
        heartbeat = Heartbeat(components.db, components.projector, interval=0.2)
        heartbeat.start()
        try:
            assert until_ready(client)["projector"]["holder"] == heartbeat.holder
        finally:
            heartbeat.stop()  # a clean stop withdraws the heartbeat: unready at once
            components.projector.stop()
        assert "no projector leads" in client.get("/health/ready").json()["errors"][0]["message"]


def test_a_replica_is_not_ready_while_the_projections_fall_behind(replica: LiveServer) -> None:
    components = replica.components
    Heartbeat(components.db, components.projector).beat()  # a projector leads, but does not follow
    with replica.client() as client, replica.client("reporter") as writer:
        assert client.get("/health/ready").status_code == 200
        wrote = register_person(writer, "ada", "Ada")
        assert wrote.status_code == 200  # stored; its projection does not arrive
        time.sleep(0.6)  # beyond TALENTLEDGER_READY_MAX_LAG_S (0.5 s here)
        behind = client.get("/health/ready")
        assert behind.status_code == 503, behind.text
        assert behind.json()["lag"] == 1 and behind.json()["lagSeconds"] > 0.5
        assert "behind the store" in behind.json()["errors"][0]["message"]
        components.projector.catch_up()
        Heartbeat(components.db, components.projector).beat()
        assert client.get("/health/ready").status_code == 200


# -- metrics -------------------------------------------------------------------------------------


def test_metrics_count_graphql_errors_by_code_and_show_the_figures(live: LiveServer) -> None:
    with live.client() as anonymous, live.client("reporter") as writer:
        until_ready(anonymous)
        for _ in range(2):
            assert code(register_person(anonymous, "ada", "Ada")) == "UNAUTHENTICATED"  # HTTP 200 each time
        data(register_person(writer, "ada", "Ada"))
        assert gql(anonymous, "{ nope }").json()["errors"]
        response = anonymous.get("/metrics")
        assert response.headers["content-type"] == CONTENT_TYPE_LATEST  # one charset, once
        text = response.text
        assert metric(text, 'talentledger_graphql_errors_total{code="UNAUTHENTICATED"}') == 2
        assert sum(metric(line, line.split(" ")[0]) for line in text.splitlines()
                   if line.startswith("talentledger_graphql_errors_total{")) == 3
        assert metric(text, "talentledger_append_seconds_count") == 1
        assert metric(text, "talentledger_projector_leading") == 1
        assert metric(text, "talentledger_ready") == 1
        assert 0 <= metric(text, "talentledger_projector_heartbeat_age_seconds") < 10


def test_metrics_count_open_subscriptions(live: LiveServer) -> None:
    with live.client() as client:
        with subscribed(live.ws_url, after=None):
            deadline = time.monotonic() + 5
            while metric(client.get("/metrics").text, "talentledger_subscriptions") != 1:
                assert time.monotonic() < deadline, "the subscription was not counted"
                time.sleep(0.05)
        deadline = time.monotonic() + 5
        while metric(client.get("/metrics").text, "talentledger_subscriptions") != 0:
            assert time.monotonic() < deadline, "the closed subscription is still counted"
            time.sleep(0.05)


# -- private reads -------------------------------------------------------------------------------


def test_private_reads_cover_metrics_and_exports(private: LiveServer) -> None:
    with private.client() as anonymous, private.client("reporter") as reporter:
        assert anonymous.get("/metrics").status_code == 401
        assert anonymous.get("/metrics").json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert anonymous.get("/metrics", headers={"Authorization": "Bearer scrape-secret"}).status_code == 200
        assert reporter.get("/metrics").status_code == 200
        assert anonymous.get("/export/events.ndjson").status_code == 401
        assert reporter.get("/export/events.ndjson").status_code == 200
        assert anonymous.get("/health/ready").status_code in {200, 503}  # probes need no key


def test_metrics_need_a_key_with_private_reads_even_without_a_metrics_key(tight: LiveServer) -> None:
    with tight.client() as anonymous, tight.client("reporter") as reporter:
        assert anonymous.get("/metrics").status_code == 401
        assert reporter.get("/metrics").status_code == 200


# -- one error shape, GraphQL over HTTP, CORS, no OpenAPI in production ----------------------------


def test_every_error_response_has_the_graphql_shape(web: LiveServer) -> None:
    with web.client() as client:
        refusals = {
            404: client.get("/nowhere"),
            405: client.post("/health"),
            400: client.get("/export/events.ndjson", params={"after": "abc"}),
            406: client.post("/graphql", json={"query": "{ people { totalCount } }"}, headers={"Accept": "text/csv"}),
        }
        not_json = client.post("/graphql", content=b"{", headers={"Content-Type": "application/json"})
        for status, response in [*refusals.items(), (400, not_json)]:
            assert response.status_code == status, response.text
            body = response.json()
            assert set(body) == {"errors"} and body["errors"][0]["message"], body
            assert body["errors"][0]["extensions"]["code"], body
        assert refusals[400].json()["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "after"}
        assert refusals[404].json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_an_oversized_import_is_refused_in_the_same_shape(small_imports: LiveServer) -> None:
    with small_imports.client("editor") as editor:
        response = editor.post("/import", content=b"x" * 5000)
        assert response.status_code == 413
        assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


def test_graphql_responses_follow_the_accept_header(web: LiveServer) -> None:
    wanted = {"Accept": "application/graphql-response+json, application/json;q=0.9"}
    with web.client() as client:
        ok = client.post("/graphql", json={"query": "{ people { totalCount } }"}, headers=wanted)
        assert ok.status_code == 200 and ok.headers["content-type"].startswith("application/graphql-response+json")
        broken = client.post("/graphql", json={"query": "{ people {"}, headers=wanted)
        assert broken.status_code == 400 and "data" not in broken.json()
        legacy = client.post("/graphql", json={"query": "{ people {"}, headers={"Accept": "application/json"})
        assert legacy.status_code == 200 and legacy.headers["content-type"].startswith("application/json")
        assert "data" not in legacy.json() and legacy.json()["errors"]


def test_cors_lets_the_configured_dashboard_in(private: LiveServer) -> None:
    with private.client() as client:
        preflight = client.options("/graphql", headers={
            "Origin": ORIGIN, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type"})
        assert preflight.status_code in {200, 204}
        assert preflight.headers["access-control-allow-origin"] == ORIGIN
        other = client.get("/health", headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers
        answered = client.post("/graphql", json={"query": "{ people { totalCount } }"}, headers={"Origin": ORIGIN})
        assert answered.headers["access-control-allow-origin"] == ORIGIN


def test_the_openapi_page_is_served_in_development(web: LiveServer) -> None:
    with web.client() as development:
        assert development.get("/schema/openapi.json").status_code == 200


def test_no_openapi_page_in_production(private: LiveServer) -> None:
    with private.client() as production:
        hidden = production.get("/schema/openapi.json")
        assert hidden.status_code == 404 and hidden.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


# -- camelCase in every payload --------------------------------------------------------------------


def test_feed_subscription_and_export_payloads_are_camel_case(live: LiveServer) -> None:
    with live.client("reporter") as client:
        data(register_organization(client, "acme", "Acme"))
        data(register_organization(client, "acme-labs", "Acme Labs", parent_id="acme"))
        feed = [edge["node"]["data"] for edge in event_page(client)["edges"]]
        assert feed[1]["parentId"] == "acme" and "parent_id" not in json.dumps(feed)
        with subscribed(live.ws_url, after="1", query="subscription($after: String) { events(after: $after) { data } }") as s:
            assert next_events(s, 1)[0]["data"]["parentId"] == "acme"
        exported = [json.loads(line) for line in httpx.get(f"{live.base_url}/export/events.ndjson").text.splitlines()]
        assert exported[1]["data"]["parentId"] == "acme" and "_" not in "".join(
            key for line in exported for key in [*line, *line["data"]])
