"""The routes beside GraphQL (health, metrics, export, import) and the seed data's questions."""

from __future__ import annotations

import json

from tests.support.client import data, employer_id, gql, register_person, roster_ids, until_ready
from tests.support.databases import seed_bytes
from tests.support.server import LiveServer


def import_file(client: object, body: bytes, **params: str) -> object:
    return client.post("/import", content=body, params=params)  # type: ignore[attr-defined]


def test_readiness_reports_the_projection_position(live: LiveServer) -> None:
    with live.client("reporter") as client:
        position = int(register_person(client, "ada", "Ada").headers["Talentledger-Position"])
        assert client.get("/health").json() == {"status": "ok"}
        ready = until_ready(client)
        assert ready["position"] == ready["storePosition"] == position and ready["lag"] == 0
        assert ready["projector"]["position"] <= position and ready["projector"]["error"] is None


def test_metrics_count_requests_and_show_the_projector(live: LiveServer) -> None:
    with live.client() as client:
        data(gql(client, "{ people { totalCount } }"))
        text = client.get("/metrics").text
        assert 'talentledger_http_requests_total{method="POST",path="/graphql",status="200"} 1.0' in text
        assert "talentledger_http_request_seconds_bucket" in text
        assert "talentledger_projector_position 0.0" in text and "talentledger_projector_lag 0.0" in text
        assert "talentledger_projector_leading 1.0" in text


def test_export_streams_every_event_after_a_position(live: LiveServer) -> None:
    with live.client("reporter") as client:
        for n in range(5):
            data(register_person(client, f"p{n}", f"Person {n}"))
        with client.stream("GET", "/export/events.ndjson", params={"after": 2}) as response:
            assert response.headers["content-type"].startswith("application/x-ndjson")
            lines = [json.loads(line) for line in response.iter_lines() if line]
        assert [line["position"] for line in lines] == [3, 4, 5]
        assert [line["subjectId"] for line in lines] == ["p2", "p3", "p4"]


def test_import_needs_an_editor_key(live: LiveServer) -> None:
    body = seed_bytes()
    with live.client() as anonymous, live.client("reporter") as reporter:
        assert import_file(anonymous, body).status_code == 401  # type: ignore[attr-defined]
        assert import_file(reporter, body).status_code == 403  # type: ignore[attr-defined]


def test_a_file_with_a_bad_line_stores_nothing_unless_asked_to_skip(live: LiveServer) -> None:
    good = b'{"op": "registerPerson", "input": {"id": "ada", "name": "Ada"}}\n'
    bad = b'{"op": "reportMove", "input": {"personId": "ada", "toId": "nowhere", "effective": "2025",' \
          b' "status": "REPORTED", "sourceId": "none"}}\n'
    with live.client("editor") as editor:
        refused = import_file(editor, good + bad)
        assert refused.status_code == 422  # type: ignore[attr-defined]
        report = refused.json()  # type: ignore[attr-defined]
        assert report["stored"] is False
        assert [(e["line"], e["code"]) for e in report["errors"]] == [(2, "NOT_FOUND")]
        assert data(gql(editor, '{ person(id: "ada") { id } }'))["person"] is None
        misspelt = import_file(editor, good + bad, skip_invalid="true")  # the CLI's spelling is not the API's
        assert misspelt.status_code == 400  # type: ignore[attr-defined]
        assert misspelt.json()["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "skip_invalid"}  # type: ignore[attr-defined]
        skipped = import_file(editor, good + bad, skipInvalid="true")
        assert skipped.status_code == 200  # type: ignore[attr-defined]
        assert skipped.json()["accepted"] == 1  # type: ignore[attr-defined]
        assert data(gql(editor, '{ person(id: "ada") { id } }'))["person"] == {"id": "ada"}


def test_the_seed_answers_what_the_articles_say(live: LiveServer) -> None:
    with live.client("editor") as client:
        imported = import_file(client, seed_bytes())
        assert imported.status_code == 200, imported.text  # type: ignore[attr-defined]
        assert int(imported.headers["Talentledger-Position"]) == imported.json()["position"]  # type: ignore[attr-defined]
        again = import_file(client, seed_bytes()).json()  # type: ignore[attr-defined]
        assert again["recordedEvents"] == 0  # re-importing stores nothing new
        # Pang left Apple's foundation-model team for Meta's superintelligence lab in July 2025 ...
        assert employer_id(client, "ruoming-pang", at="2025-08-15") == "meta-superintelligence-labs"
        # ... which nobody had published on 1 July 2025;
        assert employer_id(client, "ruoming-pang", at="2025-08-15", knownAt="2025-07-01T00:00:00Z") is None
        # and by 2026 he had moved on to OpenAI (reported in March 2026).
        assert employer_id(client, "ruoming-pang", at="2026-06-01") == "openai"
        assert employer_id(client, "ruoming-pang", at="2026-06-01",
                           knownAt="2026-01-01T00:00:00Z") == "meta-superintelligence-labs"
        found = data(gql(client, '{ people(search: "庞若鸣") { edges { node { id } } } }'))
        assert found["people"]["edges"] == [{"node": {"id": "ruoming-pang"}}]
        flows = data(gql(client, '{ flows(from: "2025-01-01", to: "2025-12-31") { from { id } to { id } people { id } } }'))
        apple_to_meta = next(f for f in flows["flows"] if (f["from"]["id"], f["to"]["id"]) == ("apple", "meta"))
        assert {"id": "ruoming-pang"} in apple_to_meta["people"]
        assert ("ruoming-pang", "CERTAIN") in roster_ids(client, "apple", at="2024-06-01")
