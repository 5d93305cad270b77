"""Every query family through a real server, with its time arguments."""

from __future__ import annotations

from tests.support.client import (
    CLAIM_FIELDS,
    STINT_FIELDS,
    data,
    employer,
    employer_id,
    gql,
    over_graphql,
    roster_ids,
)
from tests.support.feed import event_page
from tests.support.server import LiveServer
from tests.support.world import given_ada_moving_to_globex


def test_employer_follows_valid_time(live: LiveServer) -> None:
    with live.client("reporter") as client:
        given_ada_moving_to_globex(over_graphql(client))
        assert employer_id(client, "ada", at="2020-06-01") is None
        assert employer_id(client, "ada", at="2023-01-01") == "acme-lab"
        assert employer_id(client, "ada", at="2025-09-01") == "globex"
        assert employer_id(client, "ada") == "globex"  # `at` defaults to today


def test_employer_as_known_on_an_earlier_publication_date(live: LiveServer) -> None:
    with live.client("reporter") as client:
        given_ada_moving_to_globex(over_graphql(client))
        # On 20 July 2025 only the rumour was published: rumours do not count by default.
        assert employer_id(client, "ada", at="2025-09-01", knownAt="2025-07-20T00:00:00Z") == "acme-lab"
        assert employer_id(client, "ada", at="2025-09-01", knownAt="2025-07-20T00:00:00Z",
                           minStatus="RUMOURED") == "globex"


def test_employer_as_recorded_earlier_is_unchanged_by_later_writes(live: LiveServer) -> None:
    with live.client("reporter") as client:
        world = given_ada_moving_to_globex(over_graphql(client))
        assert employer_id(client, "ada", at="2025-09-01", asOf=world.between) == "acme-lab"
        stint = employer(client, "ada", at="2025-09-01", asOf=world.between, minStatus="RUMOURED")
        assert stint is not None and stint["status"] == "RUMOURED"


def test_min_sources_counts_independent_publishers(live: LiveServer) -> None:
    with live.client("reporter") as client:
        given_ada_moving_to_globex(over_graphql(client))
        # Bloomberg (+ an aggregator citing it) and Reuters: two independent publishers;
        # the 2021 hire has one, so with three required nothing counts.
        assert employer_id(client, "ada", at="2025-09-01", minStatus="RUMOURED", minSources=2) == "globex"
        assert employer_id(client, "ada", at="2025-09-01", minStatus="RUMOURED", minSources=3) is None
        claim = data(gql(client, f'{{ claim(id: "{_move(client)}") {{ {CLAIM_FIELDS} }} }}'))["claim"]
        assert claim["independentSources"] == 2
        assert claim["status"] == "CONFIRMED"
        assert [r["source"]["id"] for r in claim["reports"]] == [
            "bloomberg-rumour", "aggregator-copy", "reuters-confirms",
        ]


def _move(client: object) -> str:
    response = gql(client, '{ person(id: "ada") { claims { id kind } } }')  # type: ignore[arg-type]
    return next(c["id"] for c in data(response)["person"]["claims"] if c["kind"] == "MOVE")


def test_employments_and_timeline(live: LiveServer) -> None:
    with live.client("reporter") as client:
        given_ada_moving_to_globex(over_graphql(client))
        person = data(gql(
            client,
            f'{{ person(id: "ada") {{ employments(at: "2025-07-15") {{ {STINT_FIELDS} }}'
            f' timeline(knownAt: "2030-01-01T00:00:00Z") {{ {STINT_FIELDS} claims {{ id }} sources {{ id }} }} }} }}',
        ))["person"]
        # In July 2025 (the month of the move) both stints possibly hold.
        assert {s["organization"]["id"] for s in person["employments"]} == {"acme-lab", "globex"}
        assert {s["certainty"] for s in person["employments"]} == {"POSSIBLE"}
        timeline = person["timeline"]
        assert [s["organization"]["id"] for s in timeline] == ["acme-lab", "globex"]
        assert timeline[0]["start"] == {"value": "2021"} and timeline[0]["end"] == {"value": "2025-07"}
        assert timeline[0]["role"] == "researcher" and timeline[0]["certainty"] is None
        assert "reuters-confirms" in {s["id"] for s in timeline[1]["sources"]}


def test_roster_with_units_certainty_and_pages(live: LiveServer) -> None:
    with live.client("reporter") as client:
        given_ada_moving_to_globex(over_graphql(client))
        assert roster_ids(client, "acme", at="2024-01-01") == [("ada", "CERTAIN")]
        assert roster_ids(client, "acme", at="2024-01-01", includeUnits=False) == []
        # During 2021 the start is fuzzy: only possibly a member until Bloomberg reported the hire on
        # 2021-03-01 (docs/rules.md#publication-bounds), certainly from then on.
        assert roster_ids(client, "acme-lab", at="2021-02-01") == [("ada", "POSSIBLE")]
        assert roster_ids(client, "acme-lab", at="2021-02-01", certainty="CERTAIN") == []
        assert roster_ids(client, "acme-lab", at="2021-06-01", certainty="CERTAIN") == [("ada", "CERTAIN")]
        assert roster_ids(client, "acme", at="2025-09-01") == []
        assert roster_ids(client, "acme", at="2025-09-01", knownAt="2025-07-20T00:00:00Z") == [("ada", "CERTAIN")]
        assert roster_ids(client, "globex", at="2025-09-01", first=1) == [("ada", "CERTAIN")]


def test_headcount_is_monthly(live: LiveServer) -> None:
    with live.client("reporter") as client:
        given_ada_moving_to_globex(over_graphql(client))
        points = data(gql(
            client,
            '{ organization(id: "acme") { headcount(from: "2025-05-01", to: "2025-09-30") { date certain possible } } }',
        ))["organization"]["headcount"]
        assert [p["date"] for p in points] == ["2025-05-01", "2025-06-01", "2025-07-01", "2025-08-01", "2025-09-01"]
        assert [p["certain"] for p in points] == [1, 1, 0, 0, 0]


def test_flows_roll_units_up_to_companies(live: LiveServer) -> None:
    with live.client("reporter") as client:
        world = given_ada_moving_to_globex(over_graphql(client))
        query = (
            "query($asOf: DateTime) { flows(from: \"2025-01-01\", to: \"2025-12-31\", asOf: $asOf) {"
            " from { id } to { id } count people { id } } }"
        )
        assert data(gql(client, query))["flows"] == [
            {"from": {"id": "acme"}, "to": {"id": "globex"}, "count": 1, "people": [{"id": "ada"}]}
        ]
        assert data(gql(client, query, asOf=world.between))["flows"] == []


def test_lookups_searches_and_audit(live: LiveServer) -> None:
    with live.client("reporter") as client:
        given_ada_moving_to_globex(over_graphql(client))
        found = data(gql(client, '{ people(search: "ADA lovelace") { edges { node { id } } } }'))["people"]
        assert [e["node"]["id"] for e in found["edges"]] == ["ada"]
        accent = data(gql(client, '{ people(search: "ada lovelace") { edges { node { aliases { name } } } } }'))
        assert {"Ádä Lovelace"} <= {a["name"] for a in accent["people"]["edges"][0]["node"]["aliases"]}
        orgs = data(gql(client, '{ organizations(search: "acme") { edges { node { id parent { id } } } } }'))
        assert [e["node"]["id"] for e in orgs["organizations"]["edges"]] == ["acme", "acme-lab"]
        acme = data(gql(client, '{ organization(id: "acme") { name units { id } parent { id } } }'))
        assert acme["organization"] == {"name": "Acme", "units": [{"id": "acme-lab"}], "parent": None}
        source = data(gql(client, '{ source(id: "aggregator-copy") { publisher cites { id publisher }'
                                  ' claims { person { id } } } }'))["source"]
        assert source["cites"] == {"id": "bloomberg-rumour", "publisher": "Bloomberg"}
        assert source["claims"] == [{"person": {"id": "ada"}}]
        history = data(gql(client, '{ person(id: "ada") { history { type recordedBy source { id } } } }'))
        types = [h["type"] for h in history["person"]["history"]]
        assert types[0].endswith("Registered") and len(types) == 5
        assert {h["recordedBy"] for h in history["person"]["history"]} == {"key:reporter-e2e"}
        assert data(gql(client, '{ person(id: "nobody") { id } claim(id: "nothing") { id } }')) == {
            "person": None, "claim": None,
        }


def test_change_feed_pages_in_order_without_gaps(live: LiveServer) -> None:
    with live.client("reporter") as client:
        given_ada_moving_to_globex(over_graphql(client))
        seen: list[int] = []
        after = None
        while True:
            page = event_page(client, after=after, first=4)
            seen += [int(e["node"]["position"]) for e in page["edges"]]
            assert [e["cursor"] for e in page["edges"]] == [e["node"]["position"] for e in page["edges"]]
            after = page["pageInfo"]["endCursor"]
            if not page["pageInfo"]["hasNextPage"]:
                break
        assert seen == sorted(seen) and len(seen) == len(set(seen)) == 12
        assert event_page(client, after=after)["edges"] == []
        assert event_page(client, after=after)["pageInfo"]["endCursor"] == after
