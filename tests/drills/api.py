"""What the API drills share: a live server with chosen settings, and a store filled fast.

Data is written through the ledger in one atomic append (the same path as an import), so a drill
can build a source with hundreds of claims in well under a second.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import msgspec

from events import commands as c
from events.base import ClaimStatus
from service.bootstrap import Components
from tests.e2e.conftest import LiveServer, run_server


@contextmanager
def serving(components: Components, **settings: Any) -> Iterator[LiveServer]:
    """A live server over ``components`` with these settings changed."""
    components.settings = msgspec.structs.replace(components.settings, **settings)
    yield from run_server(components)


def write(components: Components, commands: list[c.Command]) -> int:
    """Store the commands in one append and wait until the read models reflect them (the
    server's in-process projector must be running)."""
    result = components.ledger.execute_batch(list(enumerate(commands, 1)), "cli:drill")
    assert not result.errors, result.errors
    assert components.projector.wait_for(result.position, 30)
    return result.position


def source_with_claims(claims: int, source: str = "wire") -> list[c.Command]:
    """A source reporting ``claims`` moves, one person each, from ``acme`` to ``globex``."""
    commands: list[c.Command] = [
        c.RegisterOrganization(id="acme", name="Acme"),
        c.RegisterOrganization(id="globex", name="Globex"),
        c.RegisterSource(id=source, publisher="Wire", published_at=datetime(2025, 6, 1, tzinfo=UTC)),
    ]
    for n in range(claims):
        commands += [
            c.RegisterPerson(id=f"p{n:04d}", name=f"Person {n}"),
            c.ReportMove(person_id=f"p{n:04d}", from_id="acme", to_id="globex", effective="2025-05",
                         status=ClaimStatus.REPORTED, source_id=source),
        ]
    return commands


def store_position(server: LiveServer) -> int:
    return server.components.store.max_position()
