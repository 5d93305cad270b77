"""One projector and two API replicas: writes through one, reads and a live subscription through
the other, woken by the projector's NOTIFY over one LISTEN connection per replica."""

from __future__ import annotations

import httpx
import pytest

from projections.projector import PROJECTION_CHANNEL
from tests.support.client import data, gql, register_person
from tests.support.databases import PG_URL
from tests.support.feed import next_events, subscribed, ws_url
from tests.support.processes import Topology, until

pytestmark = pytest.mark.skipif(not PG_URL, reason="no PostgreSQL")

LISTENER = f"talentledger-listen-{PROJECTION_CHANNEL}"
PERSON = 'query($id: ID!) { person(id: $id) { id name } }'


def test_writes_on_one_replica_are_read_and_streamed_on_the_other(topology: Topology) -> None:
    projector = topology.start("projector")
    replica_a, base_a = topology.replica()
    replica_b, base_b = topology.replica()
    until(lambda: projector.said("leading"), 30, "the projector to lead")
    key = topology.run("keys", "create", "--role", "editor").strip().splitlines()[-1]

    with httpx.Client(base_url=base_a, headers={"Authorization": f"Bearer {key}"}, timeout=15) as writer, \
            httpx.Client(base_url=base_b, timeout=15) as reader:
        # Read-your-writes across replicas: B waits for the position A's write returned.
        wrote = register_person(writer, "ada", "Ada Lovelace")
        assert data(wrote)["registerPerson"]["id"] == "ada"  # A waited for the projector too
        position = wrote.headers["Talentledger-Position"]
        answer = gql(reader, PERSON, headers={"Talentledger-Wait-For": position}, id="ada")
        assert data(answer)["person"] == {"id": "ada", "name": "Ada Lovelace"}

        # Live subscriptions on B receive what is written through A.
        with subscribed(ws_url(base_b), after=position) as one, subscribed(ws_url(base_b), after=position) as two:
            for n in range(3):
                data(register_person(writer, f"live-{n}", f"Live {n}"))
            for socket in (one, two):
                events = next_events(socket, 3)
                assert [e["subjectId"] for e in events] == ["live-0", "live-1", "live-2"]
                assert all(e["recordedBy"].startswith("key:") for e in events)
            # However many subscribers, one LISTEN connection per replica.
            assert topology.connections(LISTENER) == 2

        # A write far beyond the projection answers TIMEOUT, not a wrong read.
        late = gql(reader, PERSON, headers={"Talentledger-Wait-For": str(int(position) + 10_000)}, id="ada")
        assert late.json()["errors"][0]["extensions"]["code"] == "TIMEOUT"

        # Clean shutdown, even with a subscriber still following: SIGTERM, exit code 0, no
        # traceback, and no connection left behind.
        with subscribed(ws_url(base_b), after=None) as following:
            assert next_events(following, 1)[0]["subjectId"] == "ada"
            assert replica_b.terminate() == 0, replica_b.output
    for process in (replica_a, projector):
        assert process.terminate() == 0, process.output
    for process in (replica_a, replica_b, projector):
        assert "Traceback" not in process.output, process.output
    until(lambda: topology.connections() == 0, 10, "every connection to close")
