"""The GraphQL client's named steps: each posts one real GraphQL document over HTTP (a mutation
by name, or a read the suites check), and the helpers that read its response.

``over_graphql(client)`` is the world builder (``tests.support.world``) writing through the API.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
import msgspec

from events import commands as c
from tests.support.world import OPS, World

PERSON_FIELDS = "id name aliases { name language }"
CLAIM_FIELDS = (
    "id kind status independentSources contested role effective { value precision earliest latest }"
    " person { id } fromOrganization { id } toOrganization { id }"
    " reports { status note publishedAt recordedAt source { id publisher } }"
)
STINT_FIELDS = "organization { id } role start { value } end { value } status certainty"


def gql(client: httpx.Client, query: str, headers: dict[str, str] | None = None, **variables: Any) -> httpx.Response:
    """Post a document; the raw response (for headers and errors)."""
    return client.post("/graphql", json={"query": query, "variables": variables}, headers=headers or {})


def data(response: httpx.Response) -> dict[str, Any]:
    """The `data` of a response that must have succeeded."""
    assert response.status_code == 200, response.text
    body = response.json()
    assert not body.get("errors"), body["errors"]
    result: dict[str, Any] = body["data"]
    return result


def answer(client: httpx.Client, query: str, **variables: Any) -> dict[str, Any]:
    """The `data` of a document that must succeed."""
    return data(gql(client, query, **variables))


def error(response: httpx.Response) -> dict[str, Any]:
    """The first error of a response that must have failed."""
    body = response.json()
    assert body.get("errors"), body
    first: dict[str, Any] = body["errors"][0]
    return first


def code(response: httpx.Response) -> str:
    return str(error(response).get("extensions", {}).get("code"))


# -- writes ------------------------------------------------------------------------------------


def post_command(client: httpx.Client, command: c.Command) -> httpx.Response:
    """A command as its mutation (the same name and input as an import line)."""
    op, name = OPS[type(command)], type(command).__name__
    selected = "name" if isinstance(command, c.AddAlias) else "id"
    return gql(client, f"mutation($input: {name}Input!) {{ {op}(input: $input) {{ {selected} }} }}",
               input=msgspec.to_builtins(command))


def over_graphql(client: httpx.Client) -> World:
    """A world written through the API with ``client``'s key (a reporter's, for most steps)."""

    def write(command: c.Command) -> str:
        written = data(post_command(client, command))[OPS[type(command)]]
        return command.subject_id if isinstance(command, c.AddAlias) else str(written["id"])

    return World(write)


def register_person(client: httpx.Client, id: str, name: str, aliases: list[dict[str, str]] | None = None) -> httpx.Response:
    return gql(
        client,
        f"mutation($input: RegisterPersonInput!) {{ registerPerson(input: $input) {{ {PERSON_FIELDS} }} }}",
        input={"id": id, "name": name, "aliases": aliases or []},
    )


def register_organization(client: httpx.Client, id: str, name: str, parent_id: str | None = None) -> httpx.Response:
    return gql(
        client,
        "mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input)"
        " { id name parent { id } units { id } } }",
        input={"id": id, "name": name, "parentId": parent_id},
    )


def register_source(
    client: httpx.Client, id: str, publisher: str, published_at: str, cites_id: str | None = None
) -> httpx.Response:
    return gql(
        client,
        "mutation($input: RegisterSourceInput!) { registerSource(input: $input)"
        " { id publisher publishedAt cites { id } } }",
        input={"id": id, "publisher": publisher, "publishedAt": published_at, "citesId": cites_id,
               "url": f"https://example.com/{id}", "title": f"About {id}", "language": "en"},
    )


def report_move(client: httpx.Client, **fields: Any) -> httpx.Response:
    return gql(
        client,
        f"mutation($input: ReportMoveInput!) {{ reportMove(input: $input) {{ {CLAIM_FIELDS} }} }}",
        input=fields,
    )


def add_report(client: httpx.Client, **fields: Any) -> httpx.Response:
    return gql(
        client, f"mutation($input: AddReportInput!) {{ addReport(input: $input) {{ {CLAIM_FIELDS} }} }}",
        input=fields,
    )


def retract_claim(client: httpx.Client, **fields: Any) -> httpx.Response:
    return gql(
        client, f"mutation($input: RetractClaimInput!) {{ retractClaim(input: $input) {{ {CLAIM_FIELDS} }} }}",
        input=fields,
    )


def correct_claim(client: httpx.Client, **fields: Any) -> httpx.Response:
    return gql(
        client, f"mutation($input: CorrectClaimInput!) {{ correctClaim(input: $input) {{ {CLAIM_FIELDS} }} }}",
        input=fields,
    )


def add_alias(client: httpx.Client, subject_id: str, name: str, language: str | None = None) -> httpx.Response:
    return gql(
        client, "mutation($input: AddAliasInput!) { addAlias(input: $input) { name language } }",
        input={"subjectId": subject_id, "name": name, "language": language},
    )


def merge_people(client: httpx.Client, duplicate_id: str, survivor_id: str, reason: str = "same person") -> httpx.Response:
    return gql(
        client, f"mutation($input: MergePeopleInput!) {{ mergePeople(input: $input) {{ {PERSON_FIELDS} }} }}",
        input={"duplicateId": duplicate_id, "survivorId": survivor_id, "reason": reason},
    )


def reparent_organization(client: httpx.Client, organization_id: str, **parent: str | None) -> httpx.Response:
    """Move an organization; pass ``parent_id=...`` (None detaches), or nothing to omit it."""
    fields: dict[str, Any] = {"organizationId": organization_id}
    if "parent_id" in parent:
        fields["parentId"] = parent["parent_id"]
    return gql(
        client,
        "mutation($input: ReparentOrganizationInput!) { reparentOrganization(input: $input)"
        " { id name parent { id } units { id } } }",
        input=fields,
    )


# -- reads -------------------------------------------------------------------------------------


def employer(client: httpx.Client, person_id: str, headers: dict[str, str] | None = None, **args: Any) -> dict[str, Any] | None:
    """The person's employer under the given time arguments (`at`, `asOf`, `knownAt`, ...)."""
    response = gql(
        client,
        "query($id: ID!, $at: Date, $asOf: DateTime, $knownAt: DateTime, $minStatus: ClaimStatus,"
        " $minSources: Int) { person(id: $id) { employer(at: $at, asOf: $asOf, knownAt: $knownAt,"
        f" minStatus: $minStatus, minSources: $minSources) {{ {STINT_FIELDS} }} }} }}",
        headers=headers, id=person_id, **args,
    )
    person = data(response)["person"]
    assert person is not None
    result: dict[str, Any] | None = person["employer"]
    return result


def employer_id(client: httpx.Client, person_id: str, **args: Any) -> str | None:
    stint = employer(client, person_id, **args)
    return None if stint is None else str(stint["organization"]["id"])


def roster_ids(client: httpx.Client, org_id: str, **args: Any) -> list[tuple[str, str]]:
    """(person id, certainty) of every member, following the pages."""
    members: list[tuple[str, str]] = []
    after = None
    while True:
        response = gql(
            client,
            "query($id: ID!, $at: Date, $asOf: DateTime, $knownAt: DateTime, $minStatus: ClaimStatus,"
            " $certainty: Certainty, $includeUnits: Boolean, $first: Int, $after: String) {"
            " organization(id: $id) { roster(at: $at, asOf: $asOf, knownAt: $knownAt, minStatus: $minStatus,"
            " certainty: $certainty, includeUnits: $includeUnits, first: $first, after: $after) {"
            " edges { cursor node { certainty person { id } stint { organization { id } } } }"
            " pageInfo { hasNextPage endCursor } } } }",
            id=org_id, after=after, **args,
        )
        page = data(response)["organization"]["roster"]
        members += [(e["node"]["person"]["id"], e["node"]["certainty"]) for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return members
        after = page["pageInfo"]["endCursor"]


def until_ready(client: httpx.Client, timeout: float = 15) -> dict[str, Any]:
    """The body of `GET /health/ready` once it answers 200 (the projector's first heartbeat)."""
    deadline = time.monotonic() + timeout
    while True:
        response = client.get("/health/ready")
        if response.status_code == 200:
            body: dict[str, Any] = response.json()
            return body
        assert time.monotonic() < deadline, f"not ready after {timeout} s: {response.text}"
        time.sleep(0.1)
