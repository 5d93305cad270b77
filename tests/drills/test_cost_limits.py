"""Issue 10, item 2: one anonymous query within every other limit froze the server.

Depth 9 over a source with 200 claims blocked `/health` for minutes and ignored SIGTERM. Now a
query's objects are estimated before it runs and counted while it runs, its time is limited, and
it runs off the event loop.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from events import commands as c
from events.base import ClaimStatus
from projections.db import SQLiteDatabase, interrupt
from service.bootstrap import Components
from tests.support.client import code, error, gql
from tests.support.processes import Topology
from tests.support.server import serving
from tests.support.world import a_source_with_claims, import_line, in_one_append

FREEZER = "{ source(id: \"wire\") { claims { reports { source { claims { reports { source { claims { id } } } } } } } } }"


def test_a_query_that_would_resolve_too_many_objects_is_refused_before_it_runs(components: Components) -> None:
    with serving(components) as server, server.client() as client:
        in_one_append(components, a_source_with_claims(200))
        response = gql(client, FREEZER)
        assert code(response) == "COST_LIMIT_EXCEEDED"
        # Claims count a full page (500), reports ten a claim: 500 × 10 × 500 × 10 × 500 and the parents.
        assert "12,552,510,501 objects" in error(response)["message"]
        assert "data" not in response.json() or response.json()["data"] is None
        paged = '{ source(id: "wire") { claimCount claims(first: 20) { id reports { source { id } } } } }'
        answer = gql(client, paged).json()["data"]["source"]
        assert answer["claimCount"] == 200 and len(answer["claims"]) == 20


def test_objects_are_counted_while_the_query_runs(components: Components) -> None:
    # A claim reported by 40 sources: the estimate assumes ten reports a claim, the count sees 40.
    commands: list[c.Command] = [*a_source_with_claims(1, source="s00")]
    commands += [c.RegisterSource(id=f"s{n:02d}", publisher=f"Paper {n}", published_at=datetime(2025, 6, 2, tzinfo=UTC))
                 for n in range(1, 40)]
    with serving(components, max_cost=60) as server, server.client() as client:
        in_one_append(components, commands)
        claim = components.queries.claims_of_source("s00")[0].id
        in_one_append(components, [c.AddReport(claim_id=claim, source_id=f"s{n:02d}", status=ClaimStatus.REPORTED)
                           for n in range(1, 40)])
        query = f'{{ claim(id: "{claim}") {{ reports {{ source {{ id }} }} }} }}'  # estimated 21, resolves 81
        response = gql(client, query)
        assert code(response) == "COST_LIMIT_EXCEEDED"
        assert response.json()["data"] is None  # never a partial answer that looks complete
        assert gql(client, f'{{ claim(id: "{claim}") {{ id }} }}').json()["data"]["claim"]["id"] == claim


def test_a_request_that_runs_out_of_time_is_stopped(components: Components) -> None:
    with serving(components, request_timeout_s=0.01, max_cost=10**9) as server, server.client() as client:
        in_one_append(components, a_source_with_claims(200))
        started = time.monotonic()
        response = gql(client, FREEZER.replace("claims {", "claims(first: 200) {"))
        assert code(response) == "TIMEOUT"
        assert time.monotonic() - started < 5
        assert client.get("/health").status_code == 200


def test_a_long_sqlite_statement_stops_at_the_deadline(tmp_path: Path) -> None:
    db = SQLiteDatabase(str(tmp_path / "slow.db"))
    endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="interrupted"), interrupt.deadline(started + 0.2), \
            db.read() as cur:
        cur.execute(endless)
    assert time.monotonic() - started < 3
    with db.read() as cur:  # the same connection, no deadline: statements run to the end
        cur.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)"
                    " SELECT count(*) FROM n")
        assert cur.fetchone()[0] == 1000
    db.close()


def test_a_sort_too_large_for_memory_runs_in_helper_threads_and_stops_at_the_deadline(tmp_path: Path) -> None:
    # 700,000 records of more than 100 bytes: past the connection's 64 MiB, so SQLite writes sorted
    # runs to disk in its helper threads (``PRAGMA threads``), each run in one step of the statement.
    db = SQLiteDatabase(str(tmp_path / "sort.db"))
    rows, modulus = 700_000, 700_001
    query = (f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows})"
             f" SELECT i FROM n ORDER BY (i * 7919) % {modulus}, zeroblob(100)")
    helpers: set[str] = set()
    sorting = threading.Event()

    def watch() -> None:  # threads of this process that Python did not start appear while the sort runs
        before = set(os.listdir("/proc/self/task"))
        while not sorting.is_set():
            ours = {str(t.native_id) for t in threading.enumerate()}
            helpers.update(set(os.listdir("/proc/self/task")) - before - ours)
            time.sleep(0.001)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with db.read() as cur:
            started = time.monotonic()
            cur.execute(query)  # returns with the first row: every record sorted
            sorted_in = time.monotonic() - started
            answer = [row[0] for row in cur.fetchall()]
    finally:
        sorting.set()
        watcher.join()
    assert answer == sorted(range(1, rows + 1), key=lambda i: i * 7919 % modulus)
    assert helpers, "the sort never ran in a helper thread"
    started = time.monotonic()  # the deadline halfway through the sort, while runs are being written
    with pytest.raises(sqlite3.OperationalError, match="interrupted"), \
            interrupt.deadline(started + sorted_in / 2), db.read() as cur:
        cur.execute(query)
        cur.fetchall()
    assert time.monotonic() - started < sorted_in + 5  # a run written to disk is one step: the deadline waits for it
    with db.read() as cur:  # the same connection sorts it again, in its helper threads, to the end
        cur.execute(query)
        assert [row[0] for row in cur.fetchall()] == answer
    db.close()


def test_health_answers_and_sigterm_stops_the_server_while_a_heavy_query_runs(tmp_path: Path) -> None:
    (tmp_path / "wire.ndjson").write_bytes(b"".join(import_line(cmd) for cmd in a_source_with_claims(200)))
    processes = Topology(str(tmp_path / "heavy.db"), TALENTLEDGER_MAX_COST=str(10**12),
                         TALENTLEDGER_REQUEST_TIMEOUT_S="6")
    try:
        processes.run("import", str(tmp_path / "wire.ndjson"))
        server, base = processes.serve(until_path="/health/ready")
        heavy = threading.Thread(target=lambda: httpx.post(f"{base}/graphql", json={"query": FREEZER}, timeout=30),
                                 daemon=True)
        heavy.start()
        time.sleep(1)  # the freezer is resolving millions of objects now
        for _ in range(5):
            started = time.monotonic()
            assert httpx.get(f"{base}/health", timeout=5).status_code == 200
            assert time.monotonic() - started < 1.5
        stopping = time.monotonic()
        assert server.terminate(timeout=30) == 0, server.output
        assert time.monotonic() - stopping < 15  # at most the request's time limit, then it stops
    finally:
        processes.close()
