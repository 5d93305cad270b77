"""Every mutation through a real server: its answer, idempotent repeats, read-your-writes."""

from __future__ import annotations

from tests.support.client import (
    add_alias,
    add_report,
    code,
    correct_claim,
    data,
    employer_id,
    error,
    gql,
    merge_people,
    over_graphql,
    register_organization,
    register_person,
    register_source,
    reparent_organization,
    report_move,
    retract_claim,
)
from tests.support.feed import event_page
from tests.support.server import LiveServer
from tests.support.world import given_ada_moving_to_globex

POSITION = "Talentledger-Position"


def test_registrations_answer_what_they_wrote(live: LiveServer) -> None:
    with live.client("reporter") as client:
        org = data(register_organization(client, "acme", "Acme"))["registerOrganization"]
        lab = data(register_organization(client, "acme-lab", "Acme Lab", parent_id="acme"))["registerOrganization"]
        assert org == {"id": "acme", "name": "Acme", "parent": None, "units": []}
        assert lab["parent"] == {"id": "acme"}
        source = data(register_source(client, "s1", "Bloomberg", "2025-07-10T12:00:00Z"))["registerSource"]
        assert source == {"id": "s1", "publisher": "Bloomberg", "publishedAt": "2025-07-10T12:00:00+00:00",
                          "cites": None}
        person = data(register_person(client, "ruoming-pang", "Ruoming Pang",
                                       [{"name": "庞若鸣", "language": "zh"}]))["registerPerson"]
        assert person["aliases"] == [{"name": "庞若鸣", "language": "zh"}]
        alias = data(add_alias(client, "ruoming-pang", "R. Pang", "en"))["addAlias"]
        assert alias == {"name": "R. Pang", "language": "en"}
        found = data(gql(client, '{ people(search: "r. pang") { edges { node { id } } } }'))
        assert found["people"]["edges"] == [{"node": {"id": "ruoming-pang"}}]


def test_reparenting_answers_the_moved_organization_and_refuses_a_cycle(live: LiveServer) -> None:
    with live.client("reporter") as reporter, live.client("editor") as editor:
        data(register_organization(reporter, "acme", "Acme"))
        data(register_organization(reporter, "acme-lab", "Acme Lab", parent_id="acme"))
        data(register_organization(reporter, "globex", "Globex"))
        moved = data(reparent_organization(editor, "acme-lab", parent_id="globex"))["reparentOrganization"]
        assert moved == {"id": "acme-lab", "name": "Acme Lab", "parent": {"id": "globex"}, "units": []}
        globex = data(gql(reporter, '{ organization(id: "globex") { units { id } } }'))["organization"]
        assert globex["units"] == [{"id": "acme-lab"}]
        cycle = reparent_organization(editor, "globex", parent_id="acme-lab")
        assert code(cycle) == "BAD_USER_INPUT" and error(cycle)["extensions"]["field"] == "parentId"


def test_a_repeated_write_records_nothing_new(live: LiveServer) -> None:
    with live.client("reporter") as client:
        world = given_ada_moving_to_globex(over_graphql(client))
        before = event_page(client, first=500)["pageInfo"]["endCursor"]
        first = report_move(client, personId="ada", fromId="acme-lab", toId="globex", effective="2025-07",
                            status="RUMOURED", sourceId="bloomberg-rumour")
        again = data(first)["reportMove"]
        assert again["id"] == world.move_claim
        assert data(register_person(client, "ada", "Ada Lovelace"))["registerPerson"]["id"] == "ada"
        assert data(add_report(client, claimId=world.move_claim, sourceId="reuters-confirms",
                               status="CONFIRMED", note="confirmed by the company"))
        assert event_page(client, after=before)["edges"] == []
        assert int(first.headers[POSITION]) == int(before)


def test_report_retract_correct_and_merge(live: LiveServer) -> None:
    with live.client("reporter") as reporter, live.client("editor") as editor:
        world = given_ada_moving_to_globex(over_graphql(reporter))
        corrected = data(correct_claim(editor, claimId=world.move_claim, sourceId="reuters-confirms",
                                       effective="2025-06-15"))["correctClaim"]
        assert corrected["effective"] == {"value": "2025-06-15", "precision": "DAY",
                                          "earliest": "2025-06-15", "latest": "2025-06-15"}
        assert employer_id(reporter, "ada", at="2025-06-20") == "globex"
        retracted = data(retract_claim(editor, claimId=world.move_claim, reason="misreported"))["retractClaim"]
        assert retracted["status"] == "RETRACTED"
        assert employer_id(reporter, "ada", at="2025-09-01") == "acme-lab"
        data(register_person(reporter, "ada-l", "A. Lovelace"))
        survivor = data(merge_people(editor, "ada-l", "ada"))["mergePeople"]
        assert survivor["id"] == "ada"
        assert data(gql(reporter, '{ person(id: "ada-l") { id } }'))["person"] == {"id": "ada"}


def test_a_denial_makes_the_claim_denied(live: LiveServer) -> None:
    with live.client("reporter") as client:
        world = given_ada_moving_to_globex(over_graphql(client))
        data(register_source(client, "globex-denies", "Globex PR", "2025-08-02T00:00:00Z"))
        denied = data(add_report(client, claimId=world.move_claim, sourceId="globex-denies",
                                 status="DENIED"))["addReport"]
        assert denied["status"] == "DENIED"
        assert employer_id(client, "ada", at="2025-09-01") == "acme-lab"


def test_every_write_answers_with_its_position_and_reads_can_wait_for_it(live: LiveServer) -> None:
    with live.client("reporter") as writer, live.client() as reader:
        response = register_person(writer, "grace", "Grace Hopper")
        position = int(response.headers[POSITION])
        assert position > 0
        wait = {"Talentledger-Wait-For": str(position)}
        answer = gql(reader, '{ person(id: "grace") { name } }', headers=wait)
        assert data(answer)["person"] == {"name": "Grace Hopper"}
        assert POSITION not in answer.headers  # reads carry no position
        failed = register_person(writer, "grace", "Someone Else")
        assert POSITION not in failed.headers


def test_several_writes_in_one_document_report_the_last_position(live: LiveServer) -> None:
    with live.client("reporter") as client:
        response = gql(
            client,
            'mutation { a: registerPerson(input: {id: "p1", name: "One"}) { id }'
            ' b: registerPerson(input: {id: "p2", name: "Two"}) { id } }',
        )
        assert data(response) == {"a": {"id": "p1"}, "b": {"id": "p2"}}
        last = event_page(client)["edges"][-1]["node"]
        assert response.headers[POSITION] == last["position"]
        assert last["subjectId"] == "p2" and last["recordedBy"] == "key:reporter-e2e"
