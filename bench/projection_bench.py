"""Read-side figures on SQLite: rebuild rate, employer and roster latency (in-process).

``python -m bench.projection_bench --events 100000``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from datetime import date

from bench.generate import lines
from projections.model import DEFAULT_CUTOFFS
from service.bootstrap import bootstrap
from service.importer import import_lines
from service.settings import Settings


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--samples", type=int, default=2000)
    args = parser.parse_args()
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as directory:
        c = bootstrap(Settings(database=os.path.join(directory, "bench.db")))
        report = import_lines(c.ledger, list(lines(args.events)), "bench")
        events = c.store.max_position()
        started = time.perf_counter()
        c.projector.rebuild()
        rebuild_s = time.perf_counter() - started
        with c.db.read() as cur:
            cur.execute("SELECT id FROM tl_persons")
            people = [row[0] for row in cur.fetchall()]
        employer_ms = []
        for _ in range(args.samples):
            person, at = rng.choice(people), date(rng.randrange(2016, 2027), rng.randrange(1, 13), 1)
            t = time.perf_counter()
            c.queries.employer(person, at, DEFAULT_CUTOFFS)
            employer_ms.append((time.perf_counter() - t) * 1000)
        largest = "apple"
        roster_ms, size = [], 0
        for _ in range(200):
            t = time.perf_counter()
            c.queries.roster(largest, at=date(2024, 6, 1), cutoffs=DEFAULT_CUTOFFS, certainty=None,
                             include_units=True, first=100, after=None)
            roster_ms.append((time.perf_counter() - t) * 1000)
        with c.db.read() as cur:
            cur.execute("SELECT COUNT(DISTINCT person_id) FROM tl_stints WHERE possible_from <= '2024-06-01'"
                        " AND possible_until >= '2024-06-01' AND org_id IN (SELECT id FROM tl_orgs WHERE id = ?"
                        " OR parent_id = ?)", (largest, largest))
            size = cur.fetchone()[0]
        c.close()
    print(f"events {events} ({report.recorded_events} imported), people {len(people)}")
    print(f"rebuild: {rebuild_s:.2f} s = {events / rebuild_s:,.0f} events/s")
    print(f"employer p50 {statistics.median(employer_ms):.3f} ms, p99 {percentile(employer_ms, 0.99):.3f} ms")
    print(f"roster of '{largest}' ({size} members on 2024-06-01), first 100: p50 {statistics.median(roster_ms):.2f} ms,"
          f" p99 {percentile(roster_ms, 0.99):.2f} ms")


if __name__ == "__main__":
    main()
