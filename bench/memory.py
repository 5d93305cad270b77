"""An import's peak memory, measured in a child process of its own so that nothing else the
measuring process holds (a generated data set, a server) counts.

    .venv/bin/python -m bench.memory DATABASE FILE     # prints one JSON object

The child bootstraps on DATABASE, reads its resident memory (``VmRSS``), imports FILE as
``talentledger import`` does (``NdjsonFile``, one atomic append), then reads its peak resident
memory (``VmHWM``). ``rss_ratio`` is the growth (peak minus the resident memory before the import)
divided by the file's size.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

MB = 1024 * 1024
ROOT = Path(__file__).resolve().parent.parent


def _status_mb(key: str) -> float:
    line = next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith(key))
    return int(line.split()[1]) / 1024


def child(database: str, path: Path) -> dict[str, Any]:
    from service.bootstrap import bootstrap
    from service.importer import NdjsonFile, import_lines
    from service.settings import Settings

    components = bootstrap(Settings(database=database))
    try:
        before = _status_mb("VmRSS")
        started = time.perf_counter()
        report = import_lines(components.ledger, NdjsonFile(path), "bench")
        seconds = time.perf_counter() - started
        peak = _status_mb("VmHWM")
    finally:
        components.close()
    assert report.stored, report.errors[:3]
    file_mb = path.stat().st_size / MB
    return {
        "events": report.recorded_events, "seconds": seconds, "file_mb": file_mb, "rss_before_mb": before,
        "peak_rss_mb": peak, "rss_growth_mb": peak - before, "rss_ratio": (peak - before) / file_mb,
    }


def measure(database: str, path: Path) -> dict[str, Any]:
    """Import ``path`` into ``database`` (empty) in a child process; its figures."""
    done = subprocess.run([sys.executable, "-m", "bench.memory", database, str(path)], cwd=ROOT,
                          capture_output=True, check=True, timeout=3600)
    figures: dict[str, Any] = json.loads(done.stdout.decode().strip().splitlines()[-1])
    return figures


if __name__ == "__main__":
    print(json.dumps(child(sys.argv[1], Path(sys.argv[2]))))
