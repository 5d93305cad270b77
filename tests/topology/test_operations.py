"""Operating the production topology as processes: a replica's readiness follows the projector
process's heartbeat, and a key revoked with the CLI stops working, and closes its subscriptions,
on every replica."""

from __future__ import annotations

import httpx
import pytest

from service.health import STALE_AFTER_S
from tests.support.client import code, data, register_person
from tests.support.databases import PG_URL
from tests.support.feed import closed_with, next_events, subscribed, ws_url
from tests.support.processes import Topology, until

pytestmark = pytest.mark.skipif(not PG_URL, reason="no PostgreSQL")


def ready(base: str) -> httpx.Response:
    return httpx.get(f"{base}/health/ready", timeout=5)


def test_a_replica_is_ready_while_the_projector_process_leads(topology: Topology) -> None:
    _, base = topology.replica()
    assert "no projector leads" in ready(base).json()["errors"][0]["message"]
    projector = topology.start("projector")
    until(lambda: ready(base).status_code == 200, 20, "the replica to see the projector's heartbeat")
    assert ready(base).json()["projector"]["holder"].endswith(f":{projector.popen.pid}")
    assert projector.terminate() == 0, projector.output  # a clean stop withdraws its heartbeat
    assert ready(base).status_code == 503
    crashed = topology.start("projector")
    until(lambda: ready(base).status_code == 200, 20, "a new projector to lead")
    crashed.kill()  # no goodbye: the heartbeat goes stale
    until(lambda: ready(base).status_code == 503, STALE_AFTER_S + 10, "the stale heartbeat to count")
    assert "s old" in ready(base).json()["errors"][0]["message"]


def test_a_key_revoked_with_the_cli_stops_on_every_replica(topology: Topology) -> None:
    topology.start("projector")
    _, base_a = topology.replica()
    _, base_b = topology.replica()
    key = topology.run("keys", "create", "--role", "reporter", "--name", "feed").strip().splitlines()[-1]
    headers = {"Authorization": f"Bearer {key}"}
    with httpx.Client(base_url=base_a, headers=headers, timeout=15) as writer:
        data(register_person(writer, "ada", "Ada"))
    with subscribed(ws_url(base_b), key=key) as socket:
        assert next_events(socket, 1)[0]["subjectId"] == "ada"
        topology.run("keys", "revoke", "feed")
        with httpx.Client(base_url=base_a, headers=headers, timeout=15) as writer:
            assert code(register_person(writer, "bob", "Bob")) == "UNAUTHENTICATED"  # at once, elsewhere
        assert closed_with(socket) == (4403, "Forbidden: the API key was revoked")
    listed = topology.run("keys", "list").splitlines()
    feed = next(line.split("\t") for line in listed if line.startswith("feed\t"))
    assert feed[4].startswith("revoked ")
