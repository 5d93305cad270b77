"""Every error code, access rule and limit, through a real server."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.client import (
    code,
    data,
    error,
    gql,
    merge_people,
    over_graphql,
    register_person,
    report_move,
    retract_claim,
)
from tests.support.feed import event_page
from tests.support.server import LiveServer
from tests.support.world import given_ada_moving_to_globex


def test_bad_input_names_the_field_and_stores_nothing(live: LiveServer) -> None:
    with live.client("reporter") as client:
        given_ada_moving_to_globex(over_graphql(client))
        before = event_page(client, first=500)["pageInfo"]["endCursor"]
        response = report_move(client, personId="ada", toId="globex", effective="2025-13",
                               status="REPORTED", sourceId="reuters-confirms")
        assert code(response) == "BAD_USER_INPUT"
        assert error(response)["extensions"]["field"] == "effective"
        assert code(report_move(client, personId="ada", effective="2025", status="REPORTED",
                                sourceId="reuters-confirms")) == "BAD_USER_INPUT"
        assert event_page(client, after=before)["edges"] == []


def test_unknown_ids_are_not_found(live: LiveServer) -> None:
    with live.client("reporter") as client:
        given_ada_moving_to_globex(over_graphql(client))
        response = report_move(client, personId="nobody", toId="globex", effective="2025",
                               status="REPORTED", sourceId="reuters-confirms")
        assert code(response) == "NOT_FOUND"
        assert error(response)["extensions"]["field"] == "personId"


def test_contradicting_what_is_recorded_is_a_conflict(live: LiveServer) -> None:
    with live.client("reporter") as client:
        data(register_person(client, "ada", "Ada Lovelace"))
        assert code(register_person(client, "ada", "Ada Byron")) == "CONFLICT"


def test_read_filters_that_select_nothing_sensible_are_bad_input(live: LiveServer) -> None:
    with live.client() as client:
        for status in ("DENIED", "RETRACTED"):
            response = gql(client, f'{{ flows(from: "2025-01-01", to: "2025-02-01", minStatus: {status}) {{ count }} }}')
            assert code(response) == "BAD_USER_INPUT"
            assert error(response)["extensions"]["field"] == "minStatus"
        response = gql(client, '{ flows(from: "2025-03-01", to: "2025-02-01") { count } }')
        assert code(response) == "BAD_USER_INPUT"
        assert code(gql(client, '{ events(after: "abc") { edges { cursor } } }')) == "BAD_USER_INPUT"
        assert code(gql(client, '{ people(first: 0) { edges { cursor } } }')) == "BAD_USER_INPUT"


def test_writes_need_a_valid_key(live: LiveServer) -> None:
    with live.client() as anonymous:
        assert code(register_person(anonymous, "ada", "Ada")) == "UNAUTHENTICATED"
        bad = {"Authorization": "Bearer tl_not-a-key"}
        response = anonymous.post(
            "/graphql", json={"query": 'mutation { registerPerson(input: {name: "Ada"}) { id } }'}, headers=bad
        )
        assert code(response) == "UNAUTHENTICATED"
        assert data(gql(anonymous, '{ people { edges { cursor } } }'))  # reads stay public


def test_editor_writes_are_forbidden_to_reporters(live: LiveServer) -> None:
    with live.client("reporter") as reporter, live.client("admin") as admin:
        world = given_ada_moving_to_globex(over_graphql(reporter))
        assert code(retract_claim(reporter, claimId=world.move_claim, reason="no")) == "FORBIDDEN"
        assert code(merge_people(reporter, "ada", "ada")) == "FORBIDDEN"
        assert data(retract_claim(admin, claimId=world.move_claim, reason="no"))


def test_unexpected_failures_are_masked(live: LiveServer) -> None:
    if live.components.settings.is_postgres:
        pytest.skip("breaks the database by deleting the SQLite file")
    with live.client("reporter") as client:
        given_ada_moving_to_globex(over_graphql(client))
        live.components.projector.stop()
        live.components.db.close()
        for suffix in ("", "-wal", "-shm"):  # an outage: the read models' file is gone
            Path(live.components.settings.database + suffix).unlink(missing_ok=True)
        with live.client() as anonymous:
            response = gql(anonymous, '{ person(id: "ada") { name } }')
        assert response.status_code == 200
        assert error(response)["message"] == "Internal server error."
        assert code(response) == "INTERNAL_SERVER_ERROR"
        assert "Traceback" not in response.text and "no such table" not in response.text
        # Authentication fails too (the keys are gone): a bare 500, no detail.
        failed = register_person(client, "x", "X")
        assert failed.status_code == 500 and "no such table" not in failed.text
        assert failed.json() == {"errors": [{"message": "Internal server error.",
                                             "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]}


# -- limits, private reads and production mode (the `tight` server) ----------------------------


def test_query_depth_is_limited(tight: LiveServer) -> None:
    with tight.client("reporter") as client:
        deep = '{ organization(id: "a") { parent { parent { parent { parent { id } } } } } }'
        response = gql(client, deep)
        assert "exceeds maximum operation depth" in error(response)["message"]


def test_aliases_are_limited(tight: LiveServer) -> None:
    with tight.client("reporter") as client:
        response = gql(client, "{ a: people { totalCount } b: people { totalCount } c: people { totalCount }"
                               " d: people { totalCount } }")
        assert "aliases found" in error(response)["message"]


def test_document_size_is_limited(tight: LiveServer) -> None:
    with tight.client("reporter") as client:
        fields = " ".join(["id"] * 250)
        response = gql(client, f'{{ person(id: "a") {{ {fields} }} }}')
        assert "tokens" in error(response)["message"]


def test_pages_are_capped(tight: LiveServer) -> None:
    with tight.client("reporter") as client:
        for n in range(8):
            data(register_person(client, f"p{n}", f"Person {n}"))
        page = data(gql(client, "{ people(first: 100) { edges { cursor } pageInfo { hasNextPage } } }"))["people"]
        assert len(page["edges"]) == 5 and page["pageInfo"]["hasNextPage"] is True


def test_private_reads_need_a_key(tight: LiveServer) -> None:
    with tight.client() as anonymous, tight.client("reporter") as reporter:
        assert code(gql(anonymous, "{ people { totalCount } }")) == "UNAUTHENTICATED"
        assert data(gql(reporter, "{ people { totalCount } }"))
        assert anonymous.get("/export/events.ndjson").status_code == 401


def test_waiting_for_an_unreached_position_times_out(tight: LiveServer) -> None:
    with tight.client("reporter") as client:
        response = gql(client, "{ people { totalCount } }", headers={"Talentledger-Wait-For": "999999"})
        assert code(response) == "TIMEOUT"


def test_production_mode_hides_introspection_and_graphiql(tight: LiveServer) -> None:
    with tight.client("reporter") as client:
        assert "introspection" in error(gql(client, "{ __schema { types { name } } }"))["message"].lower()
        assert client.get("/graphql", headers={"Accept": "text/html"}).status_code != 200


def test_development_mode_offers_introspection_and_graphiql(live: LiveServer) -> None:
    with live.client() as client:
        assert data(gql(client, "{ __schema { queryType { name } } }"))
        assert "graphiql" in client.get("/graphql", headers={"Accept": "text/html"}).text.lower()


@pytest.mark.parametrize("origin", ["https://evil.example"])
def test_websockets_from_other_origins_are_refused(tight: LiveServer, origin: str) -> None:
    import websockets.sync.client as ws

    with pytest.raises(Exception, match="403"):
        ws.connect(tight.ws_url, subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
                   additional_headers={"Origin": origin}, open_timeout=5)
    with ws.connect(tight.ws_url, subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
                    additional_headers={"Origin": "https://allowed.example"}, open_timeout=5) as socket:
        assert socket.subprotocol == "graphql-transport-ws"
