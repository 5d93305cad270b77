"""Re-registering an organization without parentId detached it (issue 10, item 8): a reporter
took Meta's lab, and Ruoming Pang with it, out of Meta's roster. An omitted field changes nothing;
moving a unit takes reparentOrganization and an editor key."""

from __future__ import annotations

import json

import httpx

from tests.support.client import (
    code,
    data,
    error,
    over_graphql,
    register_organization,
    reparent_organization,
    roster_ids,
)
from tests.support.feed import event_page
from tests.support.server import LiveServer
from tests.support.world import given_pang_at_meta_s_lab


def on_meta_s_roster(client: httpx.Client) -> bool:
    return [p for p, _ in roster_ids(client, "meta", at="2025-09-01")] == ["ruoming-pang"]


def test_a_reporter_re_registering_a_unit_without_its_parent_changes_nothing(live: LiveServer) -> None:
    with live.client("reporter") as reporter:
        given_pang_at_meta_s_lab(over_graphql(reporter))
        before = event_page(reporter, first=100)["pageInfo"]["endCursor"]
        lab = data(register_organization(reporter, "msl", "Meta Superintelligence Labs"))["registerOrganization"]
        assert lab["parent"] == {"id": "meta"}
        assert event_page(reporter, after=before)["edges"] == []
        assert on_meta_s_roster(reporter)


def test_re_registering_under_another_parent_is_a_conflict_naming_reparent(live: LiveServer) -> None:
    with live.client("reporter") as reporter:
        given_pang_at_meta_s_lab(over_graphql(reporter))
        response = register_organization(reporter, "msl", "Meta Superintelligence Labs", parent_id="openai")
        assert code(response) == "CONFLICT" and "reparentOrganization" in error(response)["message"]
        assert on_meta_s_roster(reporter)


def test_moving_a_unit_takes_an_editor_and_an_explicit_parent(live: LiveServer) -> None:
    with live.client("reporter") as reporter, live.client("editor") as editor:
        given_pang_at_meta_s_lab(over_graphql(reporter))
        assert code(reparent_organization(reporter, "msl", parent_id=None)) == "FORBIDDEN"
        omitted = reparent_organization(editor, "msl")
        assert code(omitted) == "BAD_USER_INPUT" and error(omitted)["extensions"]["field"] == "parentId"
        assert on_meta_s_roster(reporter)
        detached = data(reparent_organization(editor, "msl", parent_id=None))["reparentOrganization"]
        assert detached["parent"] is None and not on_meta_s_roster(reporter)
        line = {"op": "reparentOrganization", "input": {"organizationId": "msl", "parentId": "meta"}}
        assert editor.post("/import", content=json.dumps(line).encode()).status_code == 200
        assert on_meta_s_roster(reporter)
