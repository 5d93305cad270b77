""""What was known then" on a ledger recorded as published: the bench generator's lines with each
claim line moved to its source's publication order (registrations first), imported and rebuilt in
a temporary SQLite file; then the roster (first 100) and the monthly headcount of a company under
the default cutoffs, a ``knownAt`` alone, and that ``knownAt`` with the ``asOf`` at which the last
fact published by then was recorded (docs/time.md#reads-that-fold: no one folds).

    python -m bench.known_then --events 30000

The generator's own order (``bench.run``) records each person's reports in an order unrelated to
their publication, the worst case for a read with both moments; this is the opposite one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import partial
from typing import Any

import msgspec

from bench.generate import lines
from bench.run import latencies
from projections.model import DEFAULT_CUTOFFS, Cutoffs
from projections.timefmt import parse_ts, ts
from service.bootstrap import bootstrap
from service.importer import import_lines
from service.settings import Settings

KNOWN_AT = datetime(2022, 1, 1, tzinfo=UTC)


def in_publication_order(events: int) -> list[bytes]:
    registrations: list[tuple[Any, bytes]] = []
    claims: list[tuple[Any, bytes]] = []
    published: dict[str, str] = {}
    for line in lines(events):
        op = msgspec.json.decode(line)
        if op["op"] == "registerSource":
            published[op["input"]["id"]] = op["input"]["publishedAt"]
        (claims if "sourceId" in op["input"] else registrations).append((op, line))
    claims.sort(key=lambda claim: published[claim[0]["input"]["sourceId"]])
    return [line for _, line in registrations] + [line for _, line in claims]


def p50(read: Callable[[], Any], samples: int) -> float:
    """The median of ``samples`` calls, after one that warms the caches."""
    read()
    return statistics.median(latencies(read, samples))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=30_000)
    parser.add_argument("--company", default="openai")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        c = bootstrap(Settings(database=os.path.join(directory, "known-then.db")))
        report = import_lines(c.ledger, in_publication_order(args.events), "bench")
        assert report.stored, report.errors[:3]
        c.projector.rebuild()
        with c.db.read() as cur:
            cur.execute("SELECT MAX(recorded_at) FROM tl_facts WHERE published_at <= ?", (ts(KNOWN_AT),))
            as_of = parse_ts(cur.fetchone()[0])

        def roster(cutoffs: Cutoffs) -> Any:
            return c.queries.roster(args.company, at=date(2021, 6, 1), cutoffs=cutoffs, certainty=None,
                                    include_units=True, first=100, after=None)

        def headcount(cutoffs: Cutoffs) -> Any:
            return c.queries.headcount(args.company, start=date(2016, 1, 1), end=date(2021, 12, 1), cutoffs=cutoffs,
                                       include_units=True)

        print(f"{c.store.max_position():,} events; knownAt {KNOWN_AT:%Y-%m-%d}, asOf {ts(as_of)}")
        for name, read, samples in (("roster", roster, 7), ("headcount", headcount, 3)):
            figures = {label: p50(partial(read, cut), samples) for label, cut in (
                ("default", DEFAULT_CUTOFFS), ("knownAt", Cutoffs(known_at=KNOWN_AT)),
                ("asOf + knownAt", Cutoffs(as_of=as_of, known_at=KNOWN_AT)))}
            print(f"{name} p50 ms: " + ", ".join(f"{label} {ms:.1f}" for label, ms in figures.items())
                  + f"; both / default {figures['asOf + knownAt'] / figures['default']:.1f}")


if __name__ == "__main__":
    main()
