"""The crash drill: a projector SIGKILLed at several points of a large catch-up resumes where its
last committed page left off; the read models then equal a clean rebuild, table by table."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bench.generate import lines
from service.importer import import_lines
from tests.support.databases import PG_URL, opened
from tests.support.processes import Topology, until

pytestmark = pytest.mark.skipif(not PG_URL, reason="no PostgreSQL")

EVENTS = 10_000  # ten pages of a catch-up: the three kills landed after pages 1, 2 and 3 (measured)


def import_without_projecting(url: str, path: Path) -> int:
    """Store a generated file's events, leaving every one to the projector; the last position."""
    path.write_bytes(b"\n".join(lines(EVENTS)) + b"\n")
    with opened(url) as components:
        report = import_lines(components.ledger, path.read_bytes().splitlines(), "cli:drill")
        assert report.stored and report.recorded_events >= EVENTS
        assert components.projector.position() == 0
        return report.position


def test_a_projector_killed_during_catch_up_resumes_to_the_same_read_models_as_a_rebuild(
    topology: Topology, tmp_path: Path
) -> None:
    last = import_without_projecting(topology.url, tmp_path / "generated.ndjson")

    reached = [0]
    for delay in (0.0, 0.5, 1.0):
        projector = topology.start("projector")
        until(lambda p=projector: p.said("leading"), 30, "the projector to lead")  # type: ignore[misc]
        # Killed once it has committed a page of its own (however slow the machine), then some way
        # into a later one: each run resumes where the last one's last page left off.
        until(lambda: topology.tracked() > reached[-1], 60, "the projector to commit a page")
        time.sleep(delay)
        projector.kill()
        position = topology.tracked()
        assert reached[-1] < position < last, f"killed {delay} s after a page at {position} of {last}"
        reached.append(position)

    projector = topology.start("projector")
    until(lambda: topology.tracked() == last, 120, "the restarted projector to catch up")
    assert projector.terminate() == 0, projector.output
    resumed = topology.read_models()

    topology.run("rebuild", timeout=180)
    assert topology.tracked() == last
    rebuilt = topology.read_models()
    for table in rebuilt:
        assert resumed[table] == rebuilt[table], f"{table} differs from a clean rebuild"
