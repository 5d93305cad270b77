"""Issue 10, item 9: bad input was answered as an internal error, and logged in full.

Each case below is the client's mistake: it gets ``BAD_USER_INPUT`` naming the field (or a 400 in
the same JSON shape), nothing is stored, and nothing longer than one short line is logged.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx
import pytest
import websockets.sync.client as ws

from service.bootstrap import Components
from tests.support.server import LiveServer, serving
from tests.support.world import a_source_with_claims, in_one_append

HUGE = "9" * 3000


def _post(client: httpx.Client, query: str, **variables: Any) -> dict[str, Any]:
    body: dict[str, Any] = client.post("/graphql", json={"query": query, "variables": variables}).json()
    return body


def _refused(body: dict[str, Any]) -> tuple[str, str | None]:
    """The code and field of a response that must be a refusal, never a masked error."""
    assert body.get("errors"), body
    extensions = body["errors"][0]["extensions"]
    return extensions["code"], extensions.get("field")


@pytest.fixture
def server(components: Components) -> Any:
    with serving(components) as live:
        in_one_append(components, a_source_with_claims(3))
        yield live


CURSORS = [
    ('{ people(after: "%s") { edges { cursor } } }', ["!!!", HUGE, "é"]),
    ('{ organization(id: "acme") { roster(after: "%s") { edges { cursor } } } }', ["%%%", HUGE]),
    ('{ events(after: "%s") { edges { cursor } } }', ["٤٢", HUGE, "-1", "1e3"]),
    ('{ person(id: "p0000") { history(after: "%s") { position } } }', ["٤٢", HUGE, "x"]),
    ('{ person(id: "p0000") { claims(after: "%s") { id } } }', [HUGE]),
    ('{ source(id: "wire") { claims(after: "%s") { id } } }', ["x" * 600]),
    ('{ organization(id: "acme") { units(after: "%s") { id } } }', ["x" * 600]),
]


def test_bad_cursors_are_bad_input_logged_briefly(server: LiveServer, caplog: pytest.LogCaptureFixture) -> None:
    with server.client() as client, caplog.at_level(logging.INFO):
        for query, cursors in CURSORS:
            for cursor in cursors:
                assert _refused(_post(client, query % cursor)) == ("BAD_USER_INPUT", "after"), (query, cursor)
    assert all(len(record.getMessage()) < 400 for record in caplog.records)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


TIMES = [
    ('{ person(id: "p0000") { timeline(knownAt: "9999-12-31T23:59:59-05:00") { status } } }', "knownAt"),
    ('{ person(id: "p0000") { employer(asOf: "0001-01-01T00:00:00+05:00") { status } } }', "asOf"),
    ('{ person(id: "p0000") { history(asOf: "9999-12-31T23:30:00-01:00") { position } } }', "asOf"),
    ('{ organization(id: "acme") { roster(knownAt: "0001-01-01T00:00:00+01:00") { edges { cursor } } } }',
     "knownAt"),
]
DATES = [
    '{ person(id: "p0000") { employer(at: "0001-01-01") { status } e: employments(at: "9999-12-31") { status } } }',
    '{ organization(id: "globex") { roster(at: "9999-12-31") { edges { cursor } } r: roster(at: "0001-01-01")'
    " { edges { cursor } } } }",
    '{ organization(id: "globex") { headcount(from: "9999-01-01", to: "9999-12-31") { certain } } }',
    '{ organization(id: "globex") { headcount(from: "0001-01-01", to: "9999-12-31") { certain } } }',
    '{ organization(id: "globex") { headcount(from: "0001-01-01", to: "0001-12-31", knownAt: "2025-01-01T00:00:00Z")'
    " { certain } } }",
    '{ flows(from: "0001-01-01", to: "9999-12-31") { count } f: flows(from: "0001-01-01", to: "0001-01-02",'
    ' asOf: "9999-12-31T00:00:00Z") { count } }',
]


def test_times_without_a_utc_equivalent_are_bad_input(server: LiveServer) -> None:
    with server.client() as client:
        for query, field in TIMES:
            assert _refused(_post(client, query)) == ("BAD_USER_INPUT", field), query


def test_dates_at_the_ends_of_the_calendar_are_answered_or_refused_never_failed(server: LiveServer) -> None:
    with server.client() as client:
        for query in DATES:
            body = _post(client, query)
            if body.get("errors"):
                assert _refused(body)[0] == "BAD_USER_INPUT", body
            else:
                assert body["data"], query


def test_writes_with_out_of_range_times_or_unstorable_text_store_nothing(server: LiveServer) -> None:
    register = "mutation($input: RegisterSourceInput!) { registerSource(input: $input) { id } }"
    person = "mutation($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }"
    before = server.stored()
    with server.client("reporter") as client:
        for moment in ("9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00"):
            body = _post(client, register, input={"publisher": "X", "publishedAt": moment})
            assert _refused(body) == ("BAD_USER_INPUT", "publishedAt")
        surrogates = json.dumps({"query": person, "variables": {"input": {"name": "Ada \ud800"}}})
        body = client.post("/graphql", content=surrogates, headers={"Content-Type": "application/json"}).json()
        assert _refused(body) == ("BAD_USER_INPUT", "input.name")
        literal = client.post("/graphql", content=b'{"query": "mutation { registerPerson(input: {name: \\"\\\\ud800\\"})'
                                                  b' { id } }"}', headers={"Content-Type": "application/json"})
        assert _refused(literal.json())[0] == "GRAPHQL_PARSE_FAILED"
    assert server.stored() == before


def test_a_body_that_is_not_utf8_or_too_deep_is_a_400_in_the_error_shape(server: LiveServer) -> None:
    with server.client() as client:
        response = client.post("/graphql", content=b'{"query": "{ people { edges { cursor } } }\xff"}',
                               headers={"Content-Type": "application/json"})
        assert response.status_code == 400
        assert _refused(response.json()) == ("BAD_USER_INPUT", "body")
        deep = b'{"query": "{ people { totalCount } }", "variables": {"x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}}"
        response = client.post("/graphql", content=deep, headers={"Content-Type": "application/json"})
        assert response.status_code == 400
        assert _refused(response.json()) == ("BAD_USER_INPUT", "body")


def test_positions_in_headers_and_export_cursors_are_checked_before_anything_runs(server: LiveServer) -> None:
    with server.client() as client:
        for value in ["٤٢", "9" * 40, "-1", "abc", HUGE]:
            response = client.post("/graphql", json={"query": "{ people { edges { cursor } } }"},
                                   headers={"Talentledger-Wait-For": value.encode()})
            assert response.status_code == 400
            assert _refused(response.json()) == ("BAD_USER_INPUT", "Talentledger-Wait-For")
        for value in ["٤٢", "9" * 30, "-1", "abc"]:
            response = client.get("/export/events.ndjson", params={"after": value})
            assert response.status_code == 400  # before the stream starts, not a body cut short
            assert _refused(response.json()) == ("BAD_USER_INPUT", "after")
        lines = client.get("/export/events.ndjson", params={"after": "2"}).text.splitlines()
        assert [json.loads(line)["position"] for line in lines][0] == 3


def test_documents_that_do_not_parse_or_validate_say_so(server: LiveServer) -> None:
    with server.client() as client:
        assert _refused(_post(client, "{ people { "))[0] == "GRAPHQL_PARSE_FAILED"
        assert _refused(_post(client, "{ nobody { id } }"))[0] == "GRAPHQL_VALIDATION_FAILED"
        bad_variable = _post(client, "query($n: Int) { people(first: $n) { edges { cursor } } }", n="ten")
        assert _refused(bad_variable) == ("BAD_USER_INPUT", "n")


WEBSOCKET_REFUSALS = [
    ("subscription { events(after: ", "error", "GRAPHQL_PARSE_FAILED"),
    ("subscription { nothing }", "error", "GRAPHQL_VALIDATION_FAILED"),
    ("{ source(id: \"wire\") { claims { reports { source { claims { reports { source { claims { id } } } } } } } } }",
     "error", "COST_LIMIT_EXCEEDED"),
    ('subscription { events(after: "٤٢") { position } }', "next", "BAD_USER_INPUT"),  # refused by the resolver
]


def test_refusals_over_websockets_carry_codes(server: LiveServer) -> None:
    with ws.connect(server.ws_url, subprotocols=["graphql-transport-ws"], open_timeout=5) as socket:  # type: ignore[list-item]
        socket.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(socket.recv(timeout=5))["type"] == "connection_ack"
        for n, (document, kind, expected) in enumerate(WEBSOCKET_REFUSALS):
            socket.send(json.dumps({"id": str(n), "type": "subscribe", "payload": {"query": document}}))
            message = json.loads(socket.recv(timeout=5))
            assert message["type"] == kind, message
            errors = message["payload"] if kind == "error" else message["payload"]["errors"]
            assert errors[0]["extensions"]["code"] == expected
            if kind == "next":
                assert json.loads(socket.recv(timeout=5))["type"] == "complete"
        socket.send(json.dumps({"id": "ok", "type": "subscribe", "payload": {"query": "{ people { totalCount } }"}}))
        answer = json.loads(socket.recv(timeout=5))  # the connection stays usable
        assert answer["type"] == "next" and answer["payload"]["data"]["people"]["totalCount"] == 3
