"""Lists for analysts through GraphQL (docs/api.md#lists-for-analysts): `claims(...)` and
`sources(...)` with their filters, cursor pages, counts, the cost limit, and a fixed number of
reads per page whatever its size."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from events.base import ClaimStatus
from tests.support.client import answer, code, data, gql, merge_people, over_graphql
from tests.support.server import LiveServer
from tests.support.world import World, given_ada_moving_to_globex

CLAIMS = """query($personId: ID, $organizationId: ID, $kind: ClaimKind, $status: [ClaimStatus!], $sourceId: ID,
  $publisher: String, $first: Int, $after: String, $includeUnits: Boolean) {
  claims(personId: $personId, organizationId: $organizationId, kind: $kind, status: $status, sourceId: $sourceId,
         publisher: $publisher, first: $first, after: $after, includeUnits: $includeUnits) {
    totalCount edges { cursor node { id kind status person { id } fromOrganization { id } toOrganization { id }
      effective { value edtf qualifiers earliest latest } reports { source { id publisher } } } }
    pageInfo { hasNextPage endCursor } } }"""
SOURCES = """query($search: String, $publisher: String, $first: Int, $after: String) {
  sources(search: $search, publisher: $publisher, first: $first, after: $after) {
    totalCount edges { cursor node { id publisher title cites { id } } } pageInfo { hasNextPage endCursor } } }"""


def claims(client: httpx.Client, **filters: Any) -> list[dict[str, Any]]:
    """Every matching claim, following the pages (``first`` each); checks ``totalCount`` too."""
    found: list[dict[str, Any]] = []
    after = None
    while True:
        page = answer(client, CLAIMS, after=after, **filters)["claims"]
        found += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            assert page["totalCount"] == len(found)
            return found
        after = page["pageInfo"]["endCursor"]


def ids(found: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in found]


def given_a_newsroom(world: World) -> dict[str, str]:
    """Ada's hire and rumoured-then-confirmed move (given_ada_moving_to_globex), Bob's hire at Globex
    on or before a day, Cy's approximate departure from Acme, and a rumour about Dee."""
    ada = given_ada_moving_to_globex(world)
    world.source("wired-scoop", "2025-09-03", publisher="Wired")
    world.source("wired-followup", "2025-09-20", publisher="WIRED")
    for person in ("bob", "cy", "dee", "d-e-e"):
        world.person(person)
    return {
        "hire": ada.hire_claim, "move": ada.move_claim,
        "bob": world.move("bob", "[..2025-09-03]", "wired-scoop", to="globex"),
        "cy": world.move("cy", "2025-06~", "wired-scoop", frm="acme"),
        "dee": world.move("dee", "2025", "wired-followup", frm="globex", to="acme-lab", status=ClaimStatus.RUMOURED),
    }


@pytest.fixture
def newsroom(live: LiveServer) -> Iterator[tuple[httpx.Client, dict[str, str]]]:
    with live.client("editor") as client:
        yield client, given_a_newsroom(over_graphql(client))


def test_every_claim_comes_a_page_at_a_time_in_id_order_with_its_count(newsroom: tuple[httpx.Client, dict]) -> None:
    client, claim = newsroom
    every = claims(client, first=2)
    assert ids(every) == sorted(claim.values())
    assert ids(claims(client, first=500)) == ids(every)


def test_rumours_and_confirmations_are_found_by_status_under_the_default_cutoffs(newsroom: tuple) -> None:
    client, claim = newsroom
    assert ids(claims(client, status=["RUMOURED"])) == [claim["dee"]]
    assert sorted(ids(claims(client, status=["CONFIRMED", "RUMOURED"]))) == sorted([claim["move"], claim["dee"]])


def test_an_organization_finds_claims_leaving_or_joining_it_or_its_units(newsroom: tuple) -> None:
    client, claim = newsroom
    assert sorted(ids(claims(client, organizationId="acme"))) == sorted(
        [claim["hire"], claim["move"], claim["cy"], claim["dee"]])
    assert sorted(ids(claims(client, organizationId="acme", includeUnits=False))) == [claim["cy"]]
    assert sorted(ids(claims(client, organizationId="globex", kind="HIRE"))) == [claim["bob"]]
    assert ids(claims(client, organizationId="nowhere")) == []


def test_kinds_are_told_apart(newsroom: tuple) -> None:
    client, claim = newsroom
    assert sorted(ids(claims(client, kind="MOVE"))) == sorted([claim["move"], claim["dee"]])
    assert ids(claims(client, kind="DEPARTURE")) == [claim["cy"]]


def test_a_publisher_is_matched_by_its_whole_name_in_any_case_and_a_citing_source_is_not_it(newsroom: tuple) -> None:
    client, claim = newsroom
    assert sorted(ids(claims(client, publisher="wired"))) == sorted([claim["bob"], claim["cy"], claim["dee"]])
    assert ids(claims(client, publisher="Aggregator")) == [claim["move"]]
    assert ids(claims(client, publisher="Wire")) == []
    assert sorted(ids(claims(client, sourceId="wired-scoop"))) == sorted([claim["bob"], claim["cy"]])
    assert ids(claims(client, sourceId="wired-scoop", kind="HIRE", status=["REPORTED"])) == [claim["bob"]]


def test_a_person_finds_the_claims_of_the_people_merged_into_them(newsroom: tuple) -> None:
    client, claim = newsroom
    data(merge_people(client, "d-e-e", "dee"))
    assert ids(claims(client, personId="dee")) == ids(claims(client, personId="d-e-e")) == [claim["dee"]]
    assert ids(claims(client, personId="nobody")) == []


def test_open_and_qualified_dates_show_their_form_and_null_sides(newsroom: tuple) -> None:
    client, claim = newsroom
    bob, cy = claims(client, personId="bob")[0], claims(client, personId="cy")[0]
    assert bob["effective"] == {"value": "[..2025-09-03]", "edtf": "[..2025-09-03]", "qualifiers": [],
                                "earliest": None, "latest": "2025-09-03"}
    assert cy["effective"] == {"value": "2025-06~", "edtf": "2025-06~", "qualifiers": ["APPROXIMATE"],
                               "earliest": "2025-06-01", "latest": "2025-06-30"}


def test_sources_are_found_by_publisher_or_by_a_part_of_publisher_or_title(newsroom: tuple) -> None:
    client, _ = newsroom
    def found(**filters: Any) -> list[str]:
        page = answer(client, SOURCES, **filters)["sources"]
        assert page["totalCount"] == len(page["edges"])
        return [e["node"]["id"] for e in page["edges"]]
    assert found(publisher="wired") == ["wired-followup", "wired-scoop"]
    assert found(search="REUT") == ["reuters-confirms"]
    assert found(search="bloomberg-rumour") == []  # ids are not searched: publisher and title are
    assert found(search="bloomberg") == ["bloomberg-hire", "bloomberg-rumour"]
    first = answer(client, SOURCES, first=2)["sources"]
    rest = answer(client, SOURCES, first=50, after=first["pageInfo"]["endCursor"])["sources"]
    every = [e["node"]["id"] for e in first["edges"] + rest["edges"]]
    assert every == sorted(every) and len(every) == first["totalCount"] == 6


@contextmanager
def counted_reads(live: LiveServer) -> Iterator[list[str]]:
    """Every statement the read models execute while inside (a spy over the real database)."""
    db, statements = live.components.db, []
    read = db.read

    @contextmanager
    def counting() -> Iterator[Any]:
        with read() as cur:
            class Spy:
                def execute(self, text: str, params: Any = ()) -> Any:
                    statements.append(text)
                    return cur.execute(text, params)

                def __getattr__(self, name: str) -> Any:
                    return getattr(cur, name)
            yield Spy()

    db.read = counting  # type: ignore[method-assign]
    try:
        yield statements
    finally:
        db.read = read  # type: ignore[method-assign]


def test_a_page_takes_as_many_reads_whatever_its_size(live: LiveServer) -> None:
    with live.client("reporter") as client:
        world = over_graphql(client)
        world.organization("acme", "Acme")
        world.source("wire", "2025-01-10", publisher="Wire")
        for n in range(12):
            world.person(f"p{n:02d}")
            world.move(f"p{n:02d}", "2025-01", "wire", to="acme")
        answer(client, CLAIMS, first=1)  # warm: what a first read of the process loads once
        sizes: dict[int, int] = {}
        # The spy also sees what the server's own threads read meanwhile (the projector asking for
        # its position, readiness): those only add, so the fewest of three tries is the request's.
        for first in (2, 12):
            for _ in range(3):
                with counted_reads(live) as statements:
                    assert len(answer(client, CLAIMS, first=first)["claims"]["edges"]) == first
                sizes[first] = min(sizes.get(first, len(statements)), len(statements))
        assert sizes[2] == sizes[12]


def test_the_cost_limit_counts_a_page_as_its_edges(live: LiveServer) -> None:
    with live.client() as client:
        refused = gql(client, "{ claims(first: 500) { edges { node { reports { source { cites { claims { id } } } } } } } }")
        assert code(refused) == "COST_LIMIT_EXCEEDED"
        bad = gql(client, '{ claims(after: "***") { edges { cursor } } }')
        assert code(bad) == "BAD_USER_INPUT"


def test_a_nul_in_a_filter_or_a_search_finds_nothing_and_is_no_error(live: LiveServer) -> None:
    with live.client() as client:
        for document in ('{ people(search: "a\\u0000b") { edges { cursor } } }',
                         '{ sources(search: "a\\u0000b", publisher: "\\u0000") { totalCount edges { cursor } } }',
                         '{ claims(personId: "a\\u0000", organizationId: "\\u0000", sourceId: "\\u0000",'
                         ' publisher: "\\u0000") { totalCount edges { cursor } } }'):
            body = gql(client, document).json()
            assert "errors" not in body and all(not v["edges"] for v in body["data"].values()), (document, body)
