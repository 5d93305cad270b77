"""Evidence as the news states it, through a real server: affiliations, per-report citations and
group claims (signals), each mutation and field as a client sees it (docs/api.md)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.support.client import answer, code, data, error, gql, over_graphql
from tests.support.feed import event_page
from tests.support.server import LiveServer
from tests.support.world import World, given_apple_meta_openai_and_google

AFFILIATION_FIELDS = (
    "id kind role tense status independentSources effective { value } observedAt { value precision }"
    " organization { id } fromOrganization { id } toOrganization { id } person { id }"
    " reports { status source { id } cites { id } }"
)
GROUP_FIELDS = (
    "id modality countMin countMax whole effective { value } status independentSources"
    " organization { id } to { id } reports { status source { id } cites { id } }"
)


@pytest.fixture
def world(live: LiveServer) -> World:
    with live.client("reporter") as client:
        w = given_apple_meta_openai_and_google(over_graphql(client))
        w.organization("apple-mlx", "Apple MLX", parent="apple")
        w.source("bloomberg", "2025-09-03T20:00:00", publisher="Bloomberg")
        w.source("wired", "2025-09-04", publisher="Wired")
        w.source("digest", "2025-09-05", publisher="Digest")
        w.person("craig-federighi", "Craig Federighi")
        return w


def mutate(client: httpx.Client, name: str, fields: str, **input: Any) -> httpx.Response:
    kind = name[0].upper() + name[1:]
    if name in ("addGroupReport",):
        kind = "AddReport"
    elif name == "retractGroupClaim":
        kind = "RetractClaim"
    return gql(client, f"mutation($input: {kind}Input!) {{ {name}(input: $input) {{ {fields} }} }}", input=input)


def test_report_affiliation_answers_a_claim_observed_on_the_publication_day(live: LiveServer, world: World) -> None:
    with live.client("reporter") as client:
        claim = data(mutate(client, "reportAffiliation", AFFILIATION_FIELDS, personId="craig-federighi",
                            organizationId="apple", role="software chief", status="REPORTED",
                            sourceId="bloomberg"))["reportAffiliation"]
        assert {k: v for k, v in claim.items() if k not in ("id", "reports")} == {
            "kind": "AFFILIATION", "role": "software chief", "tense": "CURRENT", "status": "REPORTED",
            "independentSources": 1, "effective": {"value": "2025-09-03"},
            "observedAt": {"value": "2025-09-03", "precision": "DAY"}, "organization": {"id": "apple"},
            "fromOrganization": None, "toOrganization": None, "person": {"id": "craig-federighi"},
        }
        again = data(mutate(client, "reportAffiliation", AFFILIATION_FIELDS, personId="craig-federighi",
                            organizationId="apple", observedAt="2025-09-03", status="CONFIRMED",
                            sourceId="wired"))["reportAffiliation"]
        assert again["id"] == claim["id"] and again["independentSources"] == 2
        former = data(mutate(client, "reportAffiliation", "id tense observedAt { value }",
                             personId="craig-federighi", organizationId="apple", tense="FORMER",
                             observedAt="2025-09-03", status="REPORTED", sourceId="wired"))["reportAffiliation"]
        assert former["id"] != claim["id"] and former["tense"] == "FORMER"
        person = answer(client, '{ person(id: "craig-federighi") { claims { id kind }'
                                ' history { type } } }')["person"]
        assert {"id": claim["id"], "kind": "AFFILIATION"} in person["claims"]
        assert [e["type"] for e in person["history"]].count("AffiliationReported") == 2


def test_a_move_is_not_an_affiliation_and_shows_none_of_its_fields(live: LiveServer, world: World) -> None:
    with live.client("reporter") as client:
        move = data(mutate(client, "reportMove", "kind tense observedAt { value } organization { id }",
                           personId="craig-federighi", fromId="apple", toId="meta", effective="2025-09",
                           status="REPORTED", sourceId="bloomberg"))["reportMove"]
        assert move == {"kind": "MOVE", "tense": None, "observedAt": None, "organization": None}


def test_an_affiliation_refuses_what_cannot_be(live: LiveServer, world: World) -> None:
    with live.client("reporter") as client:
        bad_date = mutate(client, "reportAffiliation", "id", personId="craig-federighi", organizationId="apple",
                          observedAt="summer", status="REPORTED", sourceId="bloomberg")
        assert code(bad_date) == "BAD_USER_INPUT" and error(bad_date)["extensions"]["field"] == "observedAt"
        unknown = mutate(client, "reportAffiliation", "id", personId="craig-federighi", organizationId="nowhere",
                         status="REPORTED", sourceId="bloomberg")
        assert code(unknown) == "NOT_FOUND"


def test_a_report_that_relays_another_source_counts_as_that_publisher(live: LiveServer, world: World) -> None:
    with live.client("reporter") as client:
        fields = "id independentSources reports { source { id } cites { id publisher } }"
        move = data(mutate(client, "reportMove", fields, personId="craig-federighi", fromId="apple",
                           effective="2025", status="REPORTED", sourceId="digest", citesId="bloomberg"))["reportMove"]
        assert move["reports"] == [{"source": {"id": "digest"}, "cites": {"id": "bloomberg", "publisher": "Bloomberg"}}]
        relayed = data(mutate(client, "addReport", fields, claimId=move["id"], sourceId="bloomberg",
                              status="REPORTED"))["addReport"]
        assert relayed["independentSources"] == 1  # Bloomberg's own word, and the digest relaying it
        own = data(mutate(client, "addReport", fields, claimId=move["id"], sourceId="wired", status="REPORTED",
                          citesId="digest"))["addReport"]
        assert own["independentSources"] == 2
        self_cite = mutate(client, "addReport", "id", claimId=move["id"], sourceId="wired", status="REPORTED",
                           citesId="wired")
        assert code(self_cite) == "BAD_USER_INPUT" and error(self_cite)["extensions"]["field"] == "citesId"


def test_report_group_move_answers_the_group_claim_and_shows_among_the_signals(live: LiveServer, world: World) -> None:
    with live.client("reporter") as client, live.client("editor") as editor:
        group = data(mutate(client, "reportGroupMove", GROUP_FIELDS, organizationId="apple-mlx", toId="meta",
                            modality="CONSIDERED", whole=True, countMin=8, countMax=12, effective="2025-09",
                            status="RUMOURED", sourceId="bloomberg"))["reportGroupMove"]
        assert group["id"].startswith("g") and {k: v for k, v in group.items() if k != "id"} == {
            "modality": "CONSIDERED", "countMin": 8, "countMax": 12, "whole": True,
            "effective": {"value": "2025-09"}, "status": "RUMOURED", "independentSources": 1,
            "organization": {"id": "apple-mlx"}, "to": {"id": "meta"},
            "reports": [{"status": "RUMOURED", "source": {"id": "bloomberg"}, "cites": None}],
        }
        signals = '{ organization(id: "apple") { signals%s { id status } } }'
        assert answer(client, signals % "")["organization"]["signals"] == [{"id": group["id"], "status": "RUMOURED"}]
        assert answer(client, signals % "(minStatus: REPORTED)")["organization"]["signals"] == []
        assert answer(client, signals % "(includeUnits: false)")["organization"]["signals"] == []
        assert answer(client, signals % '(knownAt: "2025-09-01T00:00:00Z")')["organization"]["signals"] == []
        reported = data(mutate(client, "addGroupReport", "status independentSources", claimId=group["id"],
                               sourceId="digest", status="REPORTED", citesId="wired"))["addGroupReport"]
        assert reported == {"status": "REPORTED", "independentSources": 2}
        looked_up = answer(client, f'{{ groupClaim(id: "{group["id"]}") {{ reports {{ cites {{ id }} }} }} }}')
        assert looked_up["groupClaim"]["reports"][-1] == {"cites": {"id": "wired"}}
        retracted = data(mutate(editor, "retractGroupClaim", "status", claimId=group["id"],
                                reason="misread"))["retractGroupClaim"]
        assert retracted == {"status": "RETRACTED"}
        assert answer(client, signals % "")["organization"]["signals"] == []
        types = [e["node"]["type"] for e in event_page(client, first=500)["edges"]]
        assert types[-3:] == ["GroupMoveReported", "GroupReportAdded", "GroupClaimRetracted"]


def test_group_claim_ids_go_through_the_fields_that_answer_with_a_group_claim(live: LiveServer, world: World) -> None:
    with live.client("reporter") as client:
        group = data(mutate(client, "reportGroupMove", "id", organizationId="apple-mlx", modality="PLANNED",
                            status="RUMOURED", sourceId="bloomberg"))["reportGroupMove"]["id"]
        as_claim = mutate(client, "addReport", "id", claimId=group, sourceId="wired", status="REPORTED")
        assert code(as_claim) == "BAD_USER_INPUT" and "addGroupReport" in error(as_claim)["message"]
        claim = data(mutate(client, "reportMove", "id", personId="craig-federighi", fromId="apple",
                            effective="2025", status="REPORTED", sourceId="bloomberg"))["reportMove"]["id"]
        as_group = mutate(client, "addGroupReport", "id", claimId=claim, sourceId="wired", status="REPORTED")
        assert code(as_group) == "BAD_USER_INPUT"
    with live.client("editor") as editor:
        correct = gql(editor, "mutation($input: CorrectClaimInput!) { correctClaim(input: $input) { id } }",
                      input={"claimId": group, "sourceId": "wired", "effective": "2025"})
        assert code(correct) == "BAD_USER_INPUT" and error(correct)["extensions"]["field"] == "claimId"


@pytest.mark.parametrize(("counts", "field"), [
    ({"countMin": 5, "countMax": 2}, "countMax"), ({"countMin": -1}, "countMin"), ({"countMax": 0}, "countMax"),
])
def test_a_head_count_range_must_make_sense(live: LiveServer, world: World, counts: dict[str, int],
                                            field: str) -> None:
    with live.client("reporter") as client:
        refused = mutate(client, "reportGroupMove", "id", organizationId="apple-mlx", modality="PLANNED",
                         status="RUMOURED", sourceId="bloomberg", **counts)
        assert code(refused) == "BAD_USER_INPUT" and error(refused)["extensions"]["field"] == field


def test_one_document_stores_an_affiliation_and_a_group_claim_together_or_neither(
    live: LiveServer, world: World,
) -> None:
    document = """mutation($group: ReportGroupMoveInput!) {
      a: reportAffiliation(input: {personId: "craig-federighi", organizationId: "apple", status: REPORTED,
                                   sourceId: "bloomberg"}) { id kind }
      g: reportGroupMove(input: $group) { id modality }
    }"""
    group = {"organizationId": "apple-mlx", "modality": "PLANNED", "status": "RUMOURED", "sourceId": "bloomberg"}
    with live.client("reporter") as client:
        before = event_page(client, first=500)["pageInfo"]["endCursor"]
        refused = gql(client, document, group={**group, "countMin": 3, "countMax": 1})
        assert refused.json()["data"] is None and event_page(client, after=before)["edges"] == []
        stored = data(gql(client, document, group=group))
        assert stored["a"]["kind"] == "AFFILIATION" and stored["g"]["modality"] == "PLANNED"
        assert len(event_page(client, after=before)["edges"]) == 2
