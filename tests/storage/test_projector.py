"""Exactly-once projection, crash safety, rebuild: on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from events import commands as c
from events.base import ClaimStatus
from projections.db import tables
from projections.model import DEFAULT_CUTOFFS
from service.bootstrap import Components
from tests.support.databases import seed, snapshot
from tests.support.processes import until


def test_replaying_is_idempotent_and_rebuild_equals_incremental(components: Components) -> None:
    seed(components)
    components.projector.page_size = 7  # many small pages
    components.projector.catch_up()
    incremental = snapshot(components.db)
    assert components.projector.catch_up() == components.store.max_position()
    assert snapshot(components.db) == incremental
    components.projector.rebuild()
    assert snapshot(components.db) == incremental
    assert components.projector.position() == components.store.max_position()


class Killed(BaseException):
    """Stands for the process dying mid-page (an ``Exception`` would set one event aside instead)."""


def test_a_projector_that_fails_mid_page_resumes_with_nothing_lost_or_doubled(components: Components) -> None:
    seed(components)
    projector = components.projector
    real_decode = projector._decode
    calls = {"n": 0}

    def crashing_decode(note: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 20:
            raise Killed("killed mid-page")
        return real_decode(note)

    projector.page_size = 16
    projector._decode = crashing_decode
    with pytest.raises(Killed):
        projector.catch_up()
    assert projector.position() == 16  # the failed page rolled back whole
    projector._decode = real_decode
    projector.catch_up()
    resumed = snapshot(components.db)
    projector.rebuild()
    assert snapshot(components.db) == resumed


def test_rebuild_keeps_answering_from_the_old_tables_until_the_swap(components: Components) -> None:
    seed(components)
    components.projector.catch_up()
    before = components.queries.person("ruoming-pang")
    with components.db.transaction() as cur:
        for statement in tables.drop(tables.SHADOW) + tables.ddl(tables.SHADOW, components.db.dialect):
            cur.execute(statement)
    assert components.queries.person("ruoming-pang") == before
    components.projector.rebuild()
    assert components.queries.person("ruoming-pang") == before


def test_read_your_writes_waits_for_the_projector_thread(components: Components) -> None:
    components.projector.start()
    try:
        outcome = components.ledger.execute(c.RegisterPerson(id="new-hire", name="New Hire"), "t")
        assert components.projector.wait_for(outcome.position, timeout=5)
        assert components.queries.person("new-hire") is not None
        assert not components.projector.wait_for(outcome.position + 100, timeout=0.2)
    finally:
        components.projector.stop()


def test_one_following_projector_leads_and_another_takes_over_when_it_stops(components: Components) -> None:
    from projections.projector import Projector

    first = components.projector
    first.poll_interval = 0.05
    second = Projector(components.db, components.store.notifications, components.store.mapper.to_domain_event,
                       poll_interval=0.05)
    first.start()
    try:
        until(lambda: first.is_leader, 10, "the first projector to lead")
        second.start()
        outcome = components.ledger.execute(c.RegisterPerson(id="one", name="One"), "t")
        assert first.wait_for(outcome.position, timeout=5)
        assert not second.is_leader
        first.stop()
        until(lambda: second.is_leader, 10, "the second projector to take over")
        outcome = components.ledger.execute(c.RegisterPerson(id="two", name="Two"), "t")
        assert second.wait_for(outcome.position, timeout=5)
        assert components.queries.person("two") is not None
    finally:
        first.stop()
        second.stop()


def test_on_postgresql_a_write_wakes_the_projector_without_polling(components: Components) -> None:
    if not components.settings.is_postgres:
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's; SQLite is polled")
    projector = components.projector
    projector.listen_timeout = 60.0  # only a notification can wake it in time
    projector.start()
    try:
        until(lambda: projector.is_leader, 10, "the projector to lead")
        projector.process_page()
        import time

        time.sleep(0.3)  # let the thread settle into its LISTEN wait
        outcome = components.ledger.execute(c.RegisterPerson(id="woken", name="Woken"), "t")
        until(lambda: projector.position() >= outcome.position, 5, "a notification to wake the projector")
    finally:
        projector.stop()


def test_events_recorded_during_a_rebuild_are_in_the_swapped_in_tables(components: Components) -> None:
    seed(components)
    components.projector.catch_up()
    components.projector.rebuild_page_size = 20
    written: list[int] = []

    def write_meanwhile(step: str, done: int, total: int) -> None:
        if step == "swap" and done == 0 and not written:  # loaded and computed: only the swap is left
            move = c.ReportMove(person_id="tom-gunter", to_id="openai", effective="2026-02", status=ClaimStatus.CONFIRMED,
                                source_id="netease-ai-biange-2026-03-08-ruoming-pang-to-openai")
            written.append(components.ledger.execute(move, "t").position)

    components.projector.rebuild(progress=write_meanwhile, total=10**9)
    assert written and components.projector.position() >= written[0]
    stint = components.queries.employer("tom-gunter", date(2026, 6, 1), DEFAULT_CUTOFFS)
    assert stint is not None and stint.organization_id == "openai"
    rebuilt_with_write = snapshot(components.db)
    components.projector.rebuild()
    assert snapshot(components.db) == rebuilt_with_write
