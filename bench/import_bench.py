"""Import speed on SQLite against raw sqlite3 executemany of the same number of same-size rows.

``python -m bench.import_bench --events 100000``: prints both rates and their ratio.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time

from bench.generate import lines
from service.bootstrap import bootstrap
from service.importer import import_lines
from service.settings import Settings


def measure_import(events: int, directory: str) -> tuple[int, float, int]:
    data = list(lines(events))
    components = bootstrap(Settings(database=os.path.join(directory, "bench.db")))
    try:
        started = time.perf_counter()
        report = import_lines(components.ledger, data, "bench")
        elapsed = time.perf_counter() - started
        assert report.stored, report.errors[:3]
        notes = components.store.notifications(0, 2000)
        size = sum(len(n.state) for n in notes) // max(1, len(notes))
        return report.recorded_events, elapsed, size
    finally:
        components.close()


def measure_raw(rows: int, size: int, directory: str) -> float:
    conn = sqlite3.connect(os.path.join(directory, "raw.db"))
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE stored_events (originator_id TEXT, originator_version INTEGER, topic TEXT,"
                 " state BLOB, PRIMARY KEY (originator_id, originator_version))")
    payload = b"x" * size
    data = [(f"claim:{i:016x}", 1, "events.claim:Claim.MoveReported", payload) for i in range(rows)]
    started = time.perf_counter()
    with conn:
        conn.executemany("INSERT INTO stored_events VALUES (?, ?, ?, ?)", data)
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        events, elapsed, size = measure_import(args.events, directory)
        raw = measure_raw(events, size, directory)
    ours, physical = events / elapsed, events / raw
    print(f"import: {events} events in {elapsed:.2f} s = {ours:,.0f} events/s (avg state {size} B)")
    print(f"raw sqlite3 executemany: {events} rows in {raw:.2f} s = {physical:,.0f} rows/s")
    print(f"import_ratio_raw = {ours / physical:.3f}")


if __name__ == "__main__":
    main()
