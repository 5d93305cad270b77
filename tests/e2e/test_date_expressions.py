"""Date expressions through GraphQL and import (docs/domain.md#date-expressions): every form is
written and read back with its canonical form, qualifiers and open sides; two writings of one date
are one claim; every other form is BAD_USER_INPUT with a hint, and stores nothing."""

from __future__ import annotations

import json

import pytest

from tests.support.client import answer, code, correct_claim, data, error, over_graphql, report_move
from tests.support.server import LiveServer
from tests.support.world import World, given_ada_moving_to_globex

EFFECTIVE = "{ claim(id: $id) { effective { value edtf precision qualifiers earliest latest } } }"


def given_bob(world: World) -> None:
    world.organization("acme", "Acme")
    world.organization("globex", "Globex")
    world.source("wire", "2025-09-03", publisher="Wire")
    world.source("daily", "2025-09-04", publisher="Daily")
    world.person("bob")


@pytest.mark.parametrize(("written", "edtf", "precision", "qualifiers", "earliest", "latest"), [
    ("2025", "2025", "YEAR", [], "2025-01-01", "2025-12-31"),
    ("2025-07?", "2025-07?", "MONTH", ["UNCERTAIN"], "2025-07-01", "2025-07-31"),
    ("2025-07-15%", "2025-07-15%", "DAY", ["UNCERTAIN", "APPROXIMATE"], "2025-07-15", "2025-07-15"),
    ("[2025-07..2025-09]", "[2025-07..2025-09]", "MONTH", [], "2025-07-01", "2025-09-30"),
    ("[..2025-09-03]", "[..2025-09-03]", "DAY", [], None, "2025-09-03"),
    ("[2025-07..]", "[2025-07..]", "MONTH", [], "2025-07-01", None),
    ("[2025 .. 2025-09-03]", "[2025..2025-09-03]", "YEAR", [], "2025-01-01", "2025-09-03"),
])
def test_every_form_is_written_and_read_back(live: LiveServer, written: str, edtf: str, precision: str,
                                             qualifiers: list[str], earliest: str | None, latest: str | None) -> None:
    with live.client("reporter") as client:
        given_bob(over_graphql(client))
        claim = data(report_move(client, personId="bob", toId="acme", effective=written, status="REPORTED",
                                 sourceId="wire"))["reportMove"]
        read = answer(client, f"query($id: ID!) {EFFECTIVE}", id=claim["id"])["claim"]["effective"]
        assert read == {"value": written, "edtf": edtf, "precision": precision, "qualifiers": qualifiers,
                        "earliest": earliest, "latest": latest}
        assert claim["effective"] == {"value": written, "precision": precision, "earliest": earliest, "latest": latest}


def test_two_writings_of_one_date_are_one_claim_with_two_reports(live: LiveServer) -> None:
    with live.client("reporter") as client:
        given_bob(over_graphql(client))
        first = data(report_move(client, personId="bob", toId="acme", effective="[2025-07 .. 2025-09]",
                                 status="REPORTED", sourceId="wire"))["reportMove"]
        again = data(report_move(client, personId="bob", toId="acme", effective="[2025-07..2025-09]",
                                 status="REPORTED", sourceId="daily"))["reportMove"]
        assert again["id"] == first["id"]
        assert [r["source"]["id"] for r in again["reports"]] == ["wire", "daily"]
        assert again["effective"]["value"] == "[2025-07 .. 2025-09]"  # as first written


@pytest.mark.parametrize("written", ["2025-21", "2025/..", "{2025,2026}", "[..]", "[2025-09..2025-07]",
                                     "[2025,2026]", "2025-07~?"])
def test_a_refused_form_is_bad_user_input_with_a_hint_and_stores_nothing(live: LiveServer, written: str) -> None:
    with live.client("editor") as client:
        world = given_ada_moving_to_globex(over_graphql(client))
        before = live.stored()
        refused = report_move(client, personId="ada", toId="globex", effective=written, status="REPORTED",
                              sourceId="reuters-confirms")
        assert code(refused) == "BAD_USER_INPUT" and error(refused)["extensions"]["field"] == "effective"
        assert "[..2025-09-03]" in error(refused)["message"]
        corrected = correct_claim(client, claimId=world.move_claim, sourceId="reuters-confirms", effective=written)
        assert code(corrected) == "BAD_USER_INPUT" and error(corrected)["extensions"]["field"] == "effective"
        assert live.stored() == before


def test_an_import_line_with_a_refused_form_is_a_line_error_naming_the_field(live: LiveServer) -> None:
    lines = [
        {"op": "registerOrganization", "input": {"id": "acme", "name": "Acme"}},
        {"op": "registerSource", "input": {"id": "wire", "publisher": "Wire", "publishedAt": "2025-09-03T00:00:00Z"}},
        {"op": "registerPerson", "input": {"id": "bob", "name": "Bob"}},
        {"op": "reportMove", "input": {"personId": "bob", "toId": "acme", "effective": "[..2025-09-03]",
                                       "status": "REPORTED", "sourceId": "wire"}},
        {"op": "reportMove", "input": {"personId": "bob", "toId": "acme", "effective": "2025-21",
                                       "status": "REPORTED", "sourceId": "wire"}},
    ]
    body = "".join(json.dumps(line) + "\n" for line in lines).encode()
    with live.client("editor") as client:
        response = client.post("/import", content=body)
        assert response.status_code == 422
        report = response.json()
        assert report["stored"] is False
        assert [(e["line"], e["field"], e["code"]) for e in report["errors"]] == [(5, "effective", "BAD_USER_INPUT")]
        assert "seasons" in report["errors"][0]["message"]
