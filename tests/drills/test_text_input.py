"""Text the service refuses (docs/input.md), through GraphQL and POST /import alike: a NUL in a name
(which poisoned the PostgreSQL projector), a 9 MB name, a 1 MB note. Each is BAD_USER_INPUT naming
its field, and nothing is stored; one name typed two ways is one person."""

from __future__ import annotations

import json

import httpx

from tests.support.client import code, data, error, gql, register_person, register_source, report_move
from tests.support.feed import event_page
from tests.support.server import LiveServer


def refused(response: httpx.Response, field: str) -> None:
    assert response.status_code == 200, response.text
    assert code(response) == "BAD_USER_INPUT" and error(response)["extensions"]["field"] == field
    assert "data" not in response.json() or response.json()["data"] is None


def test_a_nul_in_a_name_is_refused_by_graphql_and_by_import(live: LiveServer) -> None:
    with live.client("reporter") as reporter, live.client("editor") as editor:
        refused(register_person(reporter, "ada", "Ada\u0000Lovelace"), "name")
        line = {"op": "registerPerson", "input": {"id": "ada", "name": "Ada\u0000Lovelace"}}
        imported = editor.post("/import", content=json.dumps(line).encode() + b"\n")
        assert imported.status_code == 422
        assert [(e["line"], e["field"], e["code"]) for e in imported.json()["errors"]] == [(1, "name", "BAD_USER_INPUT")]
        assert live.stored() == 0
        data(register_person(reporter, "ada", "Ada Lovelace"))  # the service writes and projects on
        assert reporter.get("/health").json()["status"] == "ok"


def test_a_nine_megabyte_name_and_a_one_megabyte_note_are_refused(live: LiveServer) -> None:
    with live.client("reporter") as reporter:
        refused(register_person(reporter, "big", "x" * 9_000_000), "name")
        data(register_person(reporter, "ada", "Ada"))
        data(register_source(reporter, "wire", "Wire", "2025-07-01T00:00:00Z"))
        before = live.stored()
        refused(report_move(reporter, personId="ada", toId="wire-co", effective="2025", status="REPORTED",
                            sourceId="wire", note="y" * 1_000_000), "note")
        assert live.stored() == before


def test_the_same_name_in_two_unicode_forms_is_one_person(live: LiveServer) -> None:
    with live.client("reporter") as reporter:
        first = data(register_person(reporter, "jose", "Jose\u0301"))["registerPerson"]
        again = data(register_person(reporter, "jose", "Jos\u00e9"))["registerPerson"]
        assert first["name"] == again["name"] == "Jos\u00e9"
        assert len(event_page(reporter)["edges"]) == 1
        found = data(gql(reporter, '{ people(search: "jos\u00e9") { edges { node { id } } } }'))
        assert found["people"]["edges"] == [{"node": {"id": "jose"}}]
