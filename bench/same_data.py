"""Rebuild and default reads on the data of another commit's generator, so that two checkouts are
compared on the same events (this round's generator adds affiliations and group claims, which an
older checkout cannot import).

    python -m bench.same_data --generator-commit 77017a8 --events 30000

Run it in each checkout (the older one with this file copied in) and compare the printed lines.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date

from projections.model import DEFAULT_CUTOFFS
from service.bootstrap import bootstrap
from service.importer import import_lines
from service.settings import Settings


def _generator(commit: str, directory: str) -> object:
    source = subprocess.run(["git", "show", f"{commit}:bench/generate.py"], capture_output=True, check=True).stdout
    path = os.path.join(directory, "generate_at_commit.py")
    with open(path, "wb") as out:
        out.write(source)
    spec = importlib.util.spec_from_file_location("generate_at_commit", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _p50(f: Callable[[], object], n: int) -> float:
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        f()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--generator-commit", default="77017a8")
    parser.add_argument("--events", type=int, default=30_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        generate = _generator(args.generator_commit, directory)
        c = bootstrap(Settings(database=os.path.join(directory, "bench.db")))
        import_lines(c.ledger, list(generate.lines(args.events)), "bench")  # type: ignore[attr-defined]
        c.projector.catch_up()
        started = time.perf_counter()
        c.projector.rebuild()
        rebuild = time.perf_counter() - started
        with c.db.read() as cur:
            cur.execute("SELECT id FROM tl_persons")
            people = [row[0] for row in cur.fetchall()]
        rng = random.Random(3)
        at, start, end = date(2024, 6, 1), date(2016, 1, 1), date(2025, 12, 1)
        employer = _p50(lambda: c.queries.employer(
            rng.choice(people), date(rng.randrange(2016, 2027), rng.randrange(1, 13), 1), DEFAULT_CUTOFFS), 3000)
        roster = _p50(lambda: c.queries.roster(
            "apple", at=at, cutoffs=DEFAULT_CUTOFFS, certainty=None, include_units=True, first=100, after=None), 100)
        try:
            headcount = _p50(lambda: c.queries.headcount(
                "apple", start=start, end=end, cutoffs=DEFAULT_CUTOFFS, include_units=True), 10)
        except TypeError:  # the round's starting commit took these positionally
            headcount = _p50(lambda: c.queries.headcount("apple", start, end, DEFAULT_CUTOFFS, True), 10)  # type: ignore[call-arg]
        year = (date(2024, 1, 1), date(2024, 12, 31))
        flows = _p50(lambda: c.queries.flows(start=year[0], end=year[1], cutoffs=DEFAULT_CUTOFFS), 10)
        events = c.store.max_position()
        steps = getattr(c.projector, "rebuild_seconds", {})
        c.close()
    print(f"events {events}: rebuild {rebuild:.1f} s ({events / rebuild:,.0f} events/s; "
          + ", ".join(f"{k} {v:.1f}" for k, v in steps.items())
          + f"), employer p50 {employer:.3f} ms, roster p50 {roster:.2f} ms, headcount p50 {headcount:.0f} ms,"
          f" flows p50 {flows:.1f} ms", file=sys.stdout)


if __name__ == "__main__":
    main()
