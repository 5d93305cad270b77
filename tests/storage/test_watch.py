"""The per-process watch of the read models' position: woken by the projector's NOTIFY on
PostgreSQL (no polling), by polling on SQLite; wakes threads and asyncio subscribers alike."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from events import commands as c
from service.bootstrap import Components, bootstrap
from service.settings import Settings


def _stored(components: Components, person_id: str) -> int:
    return components.ledger.execute(c.RegisterPerson(id=person_id, name=person_id.title()), "t").position


def test_a_committed_page_wakes_waiters_of_another_process(components: Components) -> None:
    watch = components.watch
    watch.recheck_interval = 60.0  # on PostgreSQL only a notification can wake it in time
    watch.start()
    try:
        position = _stored(components, "ada")
        assert not watch.wait_for(position, timeout=0.3)  # nobody has projected it yet
        # The projector is another process as far as the watch knows: it shares only the database.
        projecting = threading.Timer(0.3, components.projector.catch_up)
        started = time.monotonic()
        projecting.start()
        assert watch.wait_for(position, timeout=5)
        assert time.monotonic() - started < 2
    finally:
        projecting.join()
        watch.stop()


def test_subscribers_wake_on_the_next_page(components: Components) -> None:
    watch = components.watch
    watch.recheck_interval = 60.0
    watch.start()

    async def follow() -> float:
        async with watch.subscribed():
            await asyncio.sleep(0.3)  # the watch has read the current position
            seen = watch.head
            position = await asyncio.to_thread(_stored, components, "bea")
            started = time.monotonic()
            await asyncio.to_thread(components.projector.catch_up)
            await asyncio.wait_for(watch.wait_past(seen), timeout=5)
            assert watch.head >= position
            return time.monotonic() - started

    try:
        assert asyncio.run(follow()) < 2
    finally:
        watch.stop()


def test_closing_the_components_leaves_no_connection_open(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("connections are PostgreSQL's")
    import psycopg

    components = bootstrap(Settings(database=database_url, pool_size=4))
    components.watch.start()
    components.projector.start()
    components.projector.wait_for(_stored(components, "cy"), timeout=5)
    assert components.watch.wait_for(components.projector.position(), timeout=5)
    components.close()
    deadline = time.monotonic() + 2  # the server ends a closed session's backend a moment later
    with psycopg.connect(database_url, autocommit=True) as conn:
        while True:
            left = conn.execute("SELECT application_name, state, query FROM pg_stat_activity"
                                " WHERE datname = current_database() AND pid <> pg_backend_pid()").fetchall()
            if not left or time.monotonic() > deadline:
                break
            time.sleep(0.05)
    assert left == []
