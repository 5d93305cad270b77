"""Issue 10, item 3: lists that grow were unpaged (`Source.claims` read one claim at a time: 201k
claims froze a PostgreSQL replica). Each now takes `first`/`after`, has a count beside it, and a
page costs a fixed number of statements whatever its size."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Any

import pytest

from events import commands as c
from events.base import ClaimStatus
from service.bootstrap import Components
from tests.support.client import data, gql
from tests.support.server import serving
from tests.support.world import a_source_with_claims, in_one_append


def _pages(client: Any, query: str, path: list[str], key: str, first: int) -> list[dict[str, Any]]:
    """Every item of a paged list, following the last item's ``key`` as ``after``."""
    items: list[dict[str, Any]] = []
    after = None
    while True:
        answer: Any = data(gql(client, query, first=first, after=after))
        for step in path:
            answer = answer[step]
        items += answer
        if len(answer) < first:
            return items
        after = answer[-1][key]


def test_source_claims_page_by_id_with_a_count(components: Components) -> None:
    with serving(components) as server, server.client() as client:
        in_one_append(components, a_source_with_claims(7))
        query = "query($first: Int, $after: String) { source(id: \"wire\") { claimCount claims(first: $first," \
                " after: $after) { id person { id } } } }"
        items = _pages(client, query, ["source", "claims"], "id", 3)
        everything = data(gql(client, '{ source(id: "wire") { claimCount claims { id } } }'))["source"]
        assert everything["claimCount"] == 7 == len(items)
        assert [i["id"] for i in items] == [i["id"] for i in everything["claims"]] == sorted(i["id"] for i in items)


def test_person_claims_and_history_page_with_counts(components: Components) -> None:
    with serving(components) as server, server.client() as client:
        commands: list[c.Command] = [c.RegisterPerson(id="ada", name="Ada"), c.RegisterSource(
            id="wire", publisher="Wire", published_at=datetime(2025, 6, 1, tzinfo=UTC))]
        commands += [c.RegisterOrganization(id=f"org{n}", name=f"Org {n}") for n in range(6)]
        commands += [c.ReportMove(person_id="ada", from_id=f"org{n}", to_id=f"org{n + 1}", effective=f"201{n}",
                                  status=ClaimStatus.REPORTED, source_id="wire") for n in range(5)]
        in_one_append(components, commands)
        claims = _pages(client, "query($first: Int, $after: String) { person(id: \"ada\") { claims(first: $first,"
                        " after: $after) { id effective { value } } } }", ["person", "claims"], "id", 2)
        assert [cl["effective"]["value"] for cl in claims] == ["2010", "2011", "2012", "2013", "2014"]
        history = _pages(client, "query($first: Int, $after: String) { person(id: \"ada\") { history(first: $first,"
                         " after: $after) { position type } } }", ["person", "history"], "position", 2)
        positions = [int(e["position"]) for e in history]
        assert positions == sorted(positions) and len(positions) == 6  # registered, then five moves
        counts = data(gql(client, '{ person(id: "ada") { claimCount historyCount } }'))["person"]
        assert counts == {"claimCount": 5, "historyCount": 6}
        assert data(gql(client, '{ person(id: "ada") { claims(after: "no-such-claim") { id } } }')) == {
            "person": {"claims": []}}  # nothing follows what is not in the list


def test_units_page_by_id_with_a_count_and_totals_are_counted(components: Components) -> None:
    with serving(components) as server, server.client() as client:
        in_one_append(components, [c.RegisterOrganization(id="acme", name="Acme")] + [
            c.RegisterOrganization(id=f"acme-{n}", name=f"Acme {n}", parent_id="acme") for n in range(5)])
        units = _pages(client, "query($first: Int, $after: String) { organization(id: \"acme\") { units(first: $first,"
                       " after: $after) { id } } }", ["organization", "units"], "id", 2)
        assert [u["id"] for u in units] == [f"acme-{n}" for n in range(5)]
        assert data(gql(client, '{ organization(id: "acme") { unitCount } }'))["organization"]["unitCount"] == 5
        totals = data(gql(client, '{ organizations(first: 1) { totalCount } all: organizations(search: "acme 3")'
                                  " { totalCount } people { totalCount } }"))
        assert totals == {"organizations": {"totalCount": 6}, "all": {"totalCount": 1}, "people": {"totalCount": 0}}


def test_roster_total_count_is_the_whole_roster(components: Components) -> None:
    with serving(components) as server, server.client() as client:
        in_one_append(components, a_source_with_claims(7))
        query = '{ organization(id: "globex") { roster(at: "2025-12-01", first: 2%s) { totalCount edges { cursor } } } }'
        for extra in ("", ", certainty: CERTAIN", ", minSources: 1, knownAt: \"2026-01-01T00:00:00Z\""):
            roster = data(gql(client, query % extra))["organization"]["roster"]
            assert roster["totalCount"] == 7 and len(roster["edges"]) == 2


def test_lists_default_to_the_page_cap(components: Components) -> None:
    with serving(components, max_page=4) as server, server.client() as client:
        in_one_append(components, a_source_with_claims(6))
        source = data(gql(client, '{ source(id: "wire") { claimCount claims { id } more: claims(first: 100)'
                                  " { id } } }"))["source"]
        assert source["claimCount"] == 6 and len(source["claims"]) == 4 == len(source["more"])


def test_a_page_costs_the_same_statements_whatever_its_size(components: Components) -> None:
    if components.settings.is_postgres:
        pytest.skip("counts SQLite statements with its trace callback")
    with serving(components):
        in_one_append(components, a_source_with_claims(60))
    statements: list[str] = []
    connection: sqlite3.Connection = components.db._connection()  # type: ignore[attr-defined]
    connection.set_trace_callback(statements.append)
    try:
        counts = []
        for size in (5, 50):
            statements.clear()
            assert len(components.queries.claims_of_source("wire", size, None)) == size
            counts.append(len(statements))
    finally:
        connection.set_trace_callback(None)
    assert counts[0] == counts[1]
