"""The rebuild alone, on a copy of one imported ledger, so that two checkouts (or two settings) are
timed on the same events, one after the other (with ``farm-bench --vs``, say).

    python -m bench.rebuild_only --make 100000 ledger.db   # once: import the generator's lines
    python -m bench.rebuild_only ledger.db                 # each run: copy, rebuild, print
    python -m bench.rebuild_only ledger.db --workers-from 20000

SQLite only (the ledger is a file). Prints the rebuild's seconds, events per second and steps.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time

from bench.generate import lines
from service.bootstrap import bootstrap
from service.importer import import_lines
from service.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ledger")
    parser.add_argument("--make", type=int, metavar="EVENTS", help="import this many generated events into LEDGER")
    parser.add_argument("--workers-from", type=int, help="fold in worker processes from this many people")
    args = parser.parse_args()
    if args.make:
        c = bootstrap(Settings(database=args.ledger))
        report = import_lines(c.ledger, list(lines(args.make)), "bench")
        assert report.stored, report.errors[:3]
        print(f"imported {c.store.max_position():,} events into {args.ledger}")
        return
    with tempfile.TemporaryDirectory() as directory:
        copy = os.path.join(directory, "ledger.db")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(args.ledger + suffix):
                shutil.copy(args.ledger + suffix, copy + suffix)
        c = bootstrap(Settings(database=copy))
        if args.workers_from is not None:
            c.projector.fold_in_workers_from = args.workers_from
        started = time.perf_counter()
        c.projector.rebuild()
        seconds = time.perf_counter() - started
        steps = ", ".join(f"{step} {s:.1f}" for step, s in c.projector.rebuild_seconds.items())
        print(f"rebuild {seconds:.1f} s, {c.store.max_position() / seconds:,.0f} events/s ({steps})")


if __name__ == "__main__":
    main()
