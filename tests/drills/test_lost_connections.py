"""PostgreSQL connections terminated under the service (``pg_terminate_backend``, as a restart or a
failover does): it recovers without a restart, loses and doubles nothing, and a projector whose
leader lock went with its session stops believing it leads."""

from __future__ import annotations

import json
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
import psycopg
import pytest

from tests.support.client import gql, register_person
from tests.support.databases import PG_URL
from tests.support.feed import change_feed, exported
from tests.support.processes import Topology, caught_up, until

pytestmark = pytest.mark.skipif(not PG_URL, reason="no PostgreSQL")

PERSON = 'query($id: ID!) { person(id: $id) { id } }'
LEADER_KEY = zlib.crc32(b"projector")  # PostgresDatabase.leader_lock("projector")
QUIET_S = 3.0  # after the last termination, every request in this long must succeed


def terminate(url: str) -> int:
    """Terminate every session of the service on the database; how many."""
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid()"
        ).fetchall()
    return len(rows)


def leader_locks(url: str, terminate: bool = False) -> int:
    """Sessions holding the projectors' leader lock (terminated, with ``terminate``)."""
    action = "pg_terminate_backend(pid)" if terminate else "pid"
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            f"SELECT {action} FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1"
            " AND objid = %s AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            (LEADER_KEY,),
        ).fetchall()
    return len(rows)


@dataclass
class Load:
    """Writers and readers running against one base URL until stopped, each outcome timed."""

    base: str
    key: str
    accepted: list[str] = field(default_factory=list)
    failures: list[tuple[float, str]] = field(default_factory=list)
    successes: list[float] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self, writers: int = 3, readers: int = 2) -> list[threading.Thread]:
        jobs: list[Callable[[int], None]] = [self._write] * writers + [self._read] * readers + [self._export]
        threads = [threading.Thread(target=job, args=(n,), daemon=True) for n, job in enumerate(jobs)]
        for thread in threads:
            thread.start()
        return threads

    def _record(self, ok: bool, what: str) -> None:
        (self.successes.append(time.monotonic()) if ok else self.failures.append((time.monotonic(), what)))

    def _write(self, writer: int) -> None:
        with httpx.Client(base_url=self.base, headers={"Authorization": f"Bearer {self.key}"}, timeout=20) as client:
            n = 0
            while not self.stop.is_set():
                person = f"load-{writer}-{n}"
                n += 1
                try:
                    answer = register_person(client, person, person)
                    ok = answer.status_code == 200 and not answer.json().get("errors")
                except httpx.HTTPError as error:
                    ok, answer = False, error  # type: ignore[assignment]
                if ok:
                    self.accepted.append(person)
                self._record(ok, f"write {person}: {str(getattr(answer, 'text', answer))[:200]}")

    def _read(self, reader: int) -> None:
        with httpx.Client(base_url=self.base, timeout=20) as client:
            while not self.stop.is_set():
                try:
                    answer = gql(client, PERSON, id="load-0-0")
                    ok = answer.status_code == 200 and not answer.json().get("errors")
                    self._record(ok, f"read: {answer.text[:200]}")
                except httpx.HTTPError as error:
                    self._record(False, f"read: {error}")
                time.sleep(0.02)

    def _export(self, _: int) -> None:
        while not self.stop.is_set():
            try:
                lines = [json.loads(line) for line in _stream(f"{self.base}/export/events.ndjson")]
                positions = [line["position"] for line in lines]
                self._record(positions == sorted(set(positions)), "export out of order")
            except (httpx.HTTPError, json.JSONDecodeError) as error:  # a stream cut mid-body
                self._record(False, f"export: {error!r}")
            time.sleep(0.05)


def _stream(url: str) -> list[str]:
    with httpx.stream("GET", url, timeout=20) as response:
        response.raise_for_status()
        return [line for line in response.iter_lines() if line]


def test_terminated_connections_under_load_recover_without_restart_losing_and_doubling_nothing(
    topology: Topology,
) -> None:
    projector = topology.start("projector")
    _, base = topology.replica()
    until(lambda: projector.said("leading"), 30, "the projector to lead")
    load = Load(base, topology.key("reporter"))
    threads = load.run()
    try:
        until(lambda: len(load.accepted) >= 10, 30, "writes before the terminations")
        for _ in range(2):
            assert terminate(topology.url) > 0
            time.sleep(1.0)
        last_termination = time.monotonic()
        until(lambda: time.monotonic() > last_termination + QUIET_S + 2, QUIET_S + 5, "the load to run on")
    finally:
        load.stop.set()
        for thread in threads:
            thread.join(timeout=30)

    late = [what for when, what in load.failures if when > last_termination + QUIET_S]
    assert not late, f"still failing {QUIET_S} s after the last termination: {late[:3]}"
    assert sum(1 for when in load.successes if when > last_termination + QUIET_S) > 10
    assert projector.alive(), projector.output
    store = until(lambda: caught_up(base), 30, "the projector to catch up")
    events = exported(base)
    registered = [str(e["subjectId"]) for e in events if e["type"] == "PersonRegistered"]
    assert len(registered) == len(set(registered)), "a write was stored twice"
    assert set(load.accepted) <= set(registered), "an accepted write is missing"
    feed = change_feed(base)
    assert [int(str(n["position"])) for n in feed] == [e["position"] for e in events]
    assert store["storePosition"] == events[-1]["position"]
    print(f"{len(load.accepted)} writes accepted, {len(load.failures)} requests failed around the terminations")


def test_a_leader_whose_lock_session_is_terminated_steps_down_and_one_projector_leads(topology: Topology) -> None:
    first, second = topology.start("projector"), topology.start("projector")
    [leader] = until(lambda: [p for p in (first, second) if p.said("leading")], 30, "a projector to lead")
    standby = second if leader is first else first
    until(lambda: standby.said("standing by"), 30, "the other projector to stand by")

    assert leader_locks(topology.url, terminate=True) == 1
    until(lambda: leader.said("no longer leading"), 15, "the leader to notice its lock is gone")
    until(lambda: leader_locks(topology.url) == 1, 15, "one projector to hold the lock again")

    _, base = topology.replica()
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {topology.key('reporter')}"},
                      timeout=20) as client:
        answer = register_person(client, "after-failover", "After Failover")  # waits for the projection
    assert answer.status_code == 200 and not answer.json().get("errors"), answer.text
    assert first.alive() and second.alive()
