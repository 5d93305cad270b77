"""Issue 10, item 7: a document with two mutations stored the first and answered `data: null`
when the second was refused. A document's mutation fields are now one atomic write
(``docs/api.md``). Issue 11: a write whose projection is late answers with what it stored."""

from __future__ import annotations

from service.bootstrap import Components
from tests.support.client import data, gql
from tests.support.server import serving

PAIR = """mutation($effective: String!) {
  person: registerPerson(input: {id: "bob", name: "Bob"}) { id name }
  move: reportMove(input: {personId: "bob", toId: "acme", effective: $effective, status: REPORTED,
                           sourceId: "wire"}) { id kind effective { value } person { id } }
}"""
WORLD = """mutation { registerOrganization(input: {id: "acme", name: "Acme"}) { id }
  registerSource(input: {id: "wire", publisher: "Wire", publishedAt: "2025-06-01T00:00:00Z"}) { id } }"""


def test_a_refused_field_stores_nothing_of_the_document(components: Components) -> None:
    with serving(components) as server, server.client("reporter") as client:
        data(gql(client, WORLD))
        before = server.stored()
        body = gql(client, PAIR, effective="2025-13").json()
        assert body["data"] is None
        [refusal] = body["errors"]
        assert refusal["path"] == ["move"]
        assert refusal["extensions"] == {"code": "BAD_USER_INPUT", "field": "effective"}
        assert server.stored() == before
        assert data(gql(client, '{ person(id: "bob") { id } }'))["person"] is None


def test_a_forbidden_field_stores_nothing_of_the_document(components: Components) -> None:
    with serving(components) as server, server.client("reporter") as client:
        data(gql(client, WORLD))
        before = server.stored()
        body = gql(client, 'mutation { registerPerson(input: {id: "bob", name: "Bob"}) { id }'
                           ' retractClaim(input: {claimId: "x", reason: "no"}) { id } }').json()
        assert body["data"] is None
        assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [(["retractClaim"], "FORBIDDEN")]
        assert server.stored() == before


def test_an_answer_that_would_be_refused_stores_nothing(components: Components) -> None:
    with serving(components) as server, server.client("reporter") as client:
        data(gql(client, WORLD))
        before = server.stored()
        body = gql(client, 'mutation { registerPerson(input: {id: "bob", name: "Bob"}) { id'
                           ' claims(first: 0) { id } history(asOf: "9999-12-31T23:00:00-05:00") { type } } }').json()
        assert body["data"] is None
        assert [(e["path"], e["extensions"]["field"]) for e in body["errors"]] == [
            (["registerPerson", "claims"], "first"), (["registerPerson", "history"], "asOf")]
        assert server.stored() == before


def test_an_accepted_pair_is_stored_together_and_answered_field_by_field(components: Components) -> None:
    with serving(components) as server, server.client("reporter") as client:
        data(gql(client, WORLD))
        before = server.stored()
        response = gql(client, PAIR, effective="2025-07")
        answer = data(response)
        assert answer["person"] == {"id": "bob", "name": "Bob"}
        assert answer["move"]["kind"] == "HIRE" and answer["move"]["person"] == {"id": "bob"}
        position = int(response.headers["Talentledger-Position"])
        assert position == server.stored() == before + 2  # one append, both events
        stored = data(gql(client, '{ person(id: "bob") { claimCount history { type } } }'))["person"]
        assert stored["claimCount"] == 1 and len(stored["history"]) == 2


def test_a_write_whose_projection_is_late_answers_with_what_it_stored(components: Components) -> None:
    with serving(components, wait_for_timeout_s=0.3) as server, server.client("reporter") as client:
        data(gql(client, WORLD))
        components.projector.stop()  # the read models stop following the store
        response = gql(client, PAIR, effective="2025-07")
        body = response.json()
        assert body["data"]["person"] == {"id": "bob", "name": "Bob"}
        assert body["data"]["move"]["effective"] == {"value": "2025-07"}
        [warning] = body["extensions"]["warnings"]
        assert warning["code"] == "PROJECTION_PENDING"
        assert warning["position"] == response.headers["Talentledger-Position"] == str(server.stored())
        assert "errors" not in body
