"""Two projectors started at once on one database: one leads and writes, the other stands by and
takes over when the leader dies."""

from __future__ import annotations

import pytest

from events import commands as c
from tests.support.databases import PG_URL, opened
from tests.support.processes import Topology, until

pytestmark = pytest.mark.skipif(not PG_URL, reason="no PostgreSQL")


def register(url: str, *ids: str) -> int:
    """Store people through the write side only (no projection here); the last position."""
    with opened(url, pool_size=2) as components:
        return max(components.ledger.execute(c.RegisterPerson(id=i, name=i.title()), "t").position for i in ids)


def test_only_one_projector_writes_and_the_other_takes_over_when_it_dies(topology: Topology) -> None:
    first, second = topology.start("projector"), topology.start("projector")
    leader = until(lambda: [p for p in (first, second) if p.said("leading")], 30, "a projector to lead")
    assert len(leader) == 1, first.output + "\n---\n" + second.output
    leading, standing_by = leader[0], second if leader[0] is first else first
    until(lambda: standing_by.said("standing by"), 30, "the other projector to stand by")

    position = register(topology.url, "one", "two")
    until(lambda: topology.tracked() == position, 15, "the leader to project")
    assert not standing_by.said("leading")

    leading.kill()  # SIGKILL: the session advisory lock goes with its connection
    until(lambda: standing_by.said("leading"), 30, "the other projector to take over")
    position = register(topology.url, "three")
    until(lambda: topology.tracked() == position, 15, "the new leader to project")
    assert standing_by.terminate() == 0, standing_by.output
