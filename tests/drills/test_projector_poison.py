"""Events the projector cannot project, appended straight into the event store (as by an older
version, a bug, or a hand in the database: the domain would refuse them), on both backends. None
may stop the world: text is made storable, anything else is set aside as a dead letter, the
projector goes on, and `rebuild` retries (docs/operations.md)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from events.claim import Claim
from events.person import Person
from projections.model import DEFAULT_CUTOFFS
from service.bootstrap import Components
from tests.support.client import data, gql, register_person
from tests.support.databases import seed, snapshot
from tests.support.server import LiveServer

PERSON = 'query($id: ID!) { person(id: $id) { name aliases { name } } }'
FEED = "{ events(first: 500) { edges { node { position type subjectId } } } }"


def append(components: Components, *events: Any) -> int:
    """Store events (or raw ``StoredEvent``s) as they are, past every check; the last position."""
    stored = [e if isinstance(e, StoredEvent) else components.store.mapper.to_stored_event(e) for e in events]
    components.store.recorder.insert_events(stored)
    return components.store.max_position()


def registered(person_id: str, name: str, aliases: list[dict[str, Any]] | None = None) -> Person.Registered:
    return Person.Registered(
        originator_id=f"person:{person_id}", originator_version=1, timestamp=datetime.now(UTC),
        recorded_by="drill", originator_topic=get_topic(Person), name=name, aliases=aliases or [],
    )


def undecodable(person_id: str) -> StoredEvent:
    return StoredEvent(originator_id=f"person:{person_id}", originator_version=1,
                       topic=get_topic(Person.Registered), state=b"\xffnot json")


def report_on_no_claim() -> Claim.ReportAdded:
    return Claim.ReportAdded(originator_id="claim:nowhere", originator_version=2, timestamp=datetime.now(UTC),
                             recorded_by="drill", source_id="nobody", status="REPORTED", note=None)


def test_a_nul_in_text_is_stored_as_a_replacement_character_and_the_event_counts(live: LiveServer) -> None:
    components = live.components
    append(components, registered("nul", "Ada\x00Lovelace", [{"name": "A\x00L", "language": None}]))
    with live.client("reporter") as client:
        data(register_person(client, "after", "Written after"))  # answered in time: the projector moved on
        person = data(gql(client, PERSON, id="nul"))["person"]
    assert person == {"name": "Ada\ufffdLovelace", "aliases": [{"name": "A\ufffdL"}]}
    assert components.projector.dead_letter_count() == 0
    exported = httpx.get(f"{live.base_url}/export/events.ndjson", timeout=10).text
    assert "Ada\\u0000Lovelace" in exported  # the event store keeps what was stored


def test_an_event_that_cannot_be_projected_is_set_aside_once_and_writes_go_on(
    live: LiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="talentledger.projector")
    components = live.components
    bad_state = append(components, undecodable("garbled"))
    no_claim = append(components, report_on_no_claim())
    with live.client("reporter") as client:
        started = datetime.now(UTC)
        data(register_person(client, "after", "Written after"))
        assert (datetime.now(UTC) - started).total_seconds() < 3
        feed = [edge["node"] for edge in data(gql(client, FEED))["events"]["edges"]]

    assert [letter[:2] for letter in components.projector.dead_letters()] == [
        (bad_state, "Person.Registered"), (no_claim, "ReportAdded")]
    assert all("\n" not in letter.error and letter.error for letter in components.projector.dead_letters())
    health = httpx.get(f"{live.base_url}/health/ready", timeout=10).json()
    assert health["deadLetters"] == 2 and health["lag"] == 0
    metrics = httpx.get(f"{live.base_url}/metrics", timeout=10).text
    assert "talentledger_projector_dead_letters 2.0" in metrics
    # The change feed stays gap-free where an event can be read at all.
    assert [int(n["position"]) for n in feed if n["type"] == "ReportAdded"] == [no_claim]
    assert bad_state not in [int(n["position"]) for n in feed]
    said = [r.getMessage() for r in caplog.records if "dead letter" in r.getMessage()]
    assert len(said) == 2 and f"event {no_claim} (ReportAdded)" in said[1]


def test_restart_and_rebuild_resume_past_dead_letters_and_retry_them(components: Components) -> None:
    seed(components)
    append(components, undecodable("garbled"), report_on_no_claim())
    components.projector.catch_up()
    assert components.projector.position() == components.store.max_position()
    incremental, letters = snapshot(components.db), components.projector.dead_letters()
    assert len(letters) == 2
    components.projector.rebuild()  # retried, and still not projectable: set aside again
    assert components.projector.dead_letters() == letters
    assert snapshot(components.db) == incremental


def test_rebuild_projects_an_event_set_aside_for_a_cause_it_no_longer_has(components: Components) -> None:
    # A hand in the read models: a row that makes the next registration's insert fail.
    with components.db.transaction() as cur:
        cur.execute("INSERT INTO tl_persons (id, name) VALUES ('ada', 'Planted by hand')")
    position = append(components, registered("ada", "Ada Lovelace"))
    components.projector.catch_up()
    [letter] = components.projector.dead_letters()
    assert letter[:2] == (position, "PersonRegistered") and "unique" in letter.error.lower()
    components.projector.rebuild()  # a new set has no planted row: the event is projected now
    assert components.projector.dead_letters() == []
    person = components.queries.person("ada")
    assert person is not None and person.name == "Ada Lovelace"


def test_a_timeline_that_cannot_be_folded_sets_its_event_aside_live_and_in_a_rebuild(
    components: Components, caplog: pytest.LogCaptureFixture
) -> None:
    seed(components)
    components.projector.catch_up()
    broken = Claim.MoveReported(
        originator_id="claim:broken", originator_version=1, timestamp=datetime.now(UTC), recorded_by="drill",
        originator_topic=get_topic(Claim), person_id="ruoming-pang", kind="MOVE", from_id="apple", to_id="meta",
        role=None, effective="some day", status="REPORTED", source_id="bloomberg-apple-four-ai-researchers-leave",
        note=None,
    )
    position = append(components, broken)
    components.projector.catch_up()
    assert [letter[:2] for letter in components.projector.dead_letters()] == [(position, "MoveReported")]
    incremental = snapshot(components.db)
    assert components.queries.employer("ruoming-pang", datetime(2025, 9, 1).date(), DEFAULT_CUTOFFS) is not None

    components.projector.rebuild()  # the bulk fold meets it and starts over event by event
    assert "starting over event by event" in caplog.text
    assert snapshot(components.db) == incremental
    [letter] = components.projector.dead_letters()
    assert letter[:2] == (position, "MoveReported") and "some day" in letter.error
    assert components.projector.position() == components.store.max_position()
