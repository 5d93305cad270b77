"""A large rebuild hands its Python work to worker processes (a loader, fold workers); its result
must be exactly the in-process rebuild's and the incremental projection's, on both backends."""

from __future__ import annotations

import os
from typing import Any

import pytest

from bench.generate import lines
from events import commands as c
from events.base import ClaimStatus
from projections.db import tables
from service.bootstrap import Components
from service.importer import import_lines
from tests.support.databases import seed, snapshot
from tests.support.world import utc


def rich_history(components: Components) -> None:
    """A generated crowd, and the edits the generator never makes: merges (chained), retractions,
    corrections, aliases, late reports on old claims, a unit moved in the tree."""
    report = import_lines(components.ledger, list(lines(3000, seed=5)), "cli:test")
    assert report.stored and not report.errors
    run = components.ledger.execute
    run(c.RegisterSource(id="late", publisher="Late Wire", published_at=utc("2026-02-01")), "t")
    run(c.RegisterPerson(id="dup-a", name="Ruoming P."), "t")
    run(c.RegisterPerson(id="dup-b", name="R. Pang"), "t")
    run(c.RegisterPerson(id="ruoming-pang", name="Ruoming Pang"), "t")
    run(c.ReportMove(person_id="ruoming-pang", from_id="apple", to_id="meta", effective="2025-07",
                     status=ClaimStatus.REPORTED, source_id="late"), "t")
    claim = run(c.ReportMove(person_id="dup-a", to_id="meta", effective="2025-07", status=ClaimStatus.CONFIRMED,
                             source_id="late"), "t").subject_id
    run(c.MergePeople(duplicate_id="dup-b", survivor_id="dup-a", reason="same person"), "t")
    run(c.MergePeople(duplicate_id="dup-a", survivor_id="ruoming-pang", reason="same person"), "t")
    run(c.CorrectClaim(claim_id=claim, source_id="late", effective="2025-06"), "t")
    run(c.AddAlias(subject_id="ruoming-pang", name="庞若鸣", language="zh"), "t")
    run(c.RegisterOrganization(id="lab", name="Lab", parent_id="meta"), "t")
    run(c.ReportMove(person_id="dup-b", to_id="lab", effective="2025", status=ClaimStatus.REPORTED,
                     source_id="late"), "t")
    run(c.ReparentOrganization(organization_id="lab", parent_id=None), "t")  # the tree moves
    components.projector.catch_up()
    with components.db.read() as cur:
        cur.execute("SELECT id FROM tl_claims ORDER BY id LIMIT 40")
        old = [row[0] for row in cur.fetchall()]
    assert len(old) == 40
    for claim_id in old[:20]:
        run(c.AddReport(claim_id=claim_id, source_id="late", status=ClaimStatus.DENIED), "t")
    for claim_id in old[20:25]:
        run(c.RetractClaim(claim_id=claim_id, reason="misattributed"), "t")


def in_workers(components: Components, **overrides: Any) -> None:
    projector = components.projector
    projector.load_in_worker_from = 0
    projector.fold_in_workers_from = 0
    projector.fold_workers = 2
    projector.rebuild_page_size = 250  # many pages in flight
    for name, value in overrides.items():
        setattr(projector, name, value)


def test_a_rebuild_in_worker_processes_equals_incremental_and_in_process(components: Components) -> None:
    components.projector.catch_up()  # an empty store first: the live tables exist
    rich_history(components)
    components.projector.page_size = 97
    components.projector.catch_up()
    incremental = snapshot(components.db)
    assert incremental["merges"] and incremental["stints"] and incremental["belief_changes"]

    components.projector.rebuild()  # small: in this process
    assert snapshot(components.db) == incremental

    in_workers(components, loader_cache=50)  # a tiny cache: the loader must read back old claims
    progress: list[tuple[str, int, int]] = []
    assert components.projector.rebuild(progress=lambda *step: progress.append(step)) > 0
    assert snapshot(components.db) == incremental
    assert components.projector.loader_misses > 0
    loaded = [done for step, done, _ in progress if step == "load"]
    assert loaded == sorted(loaded) and loaded[-1] == components.store.max_position()
    folded = [(done, total) for step, done, total in progress if step == "fold"]
    with components.db.read() as cur:
        cur.execute("SELECT COUNT(DISTINCT person_id) FROM tl_facts")
        people = cur.fetchone()[0]
    assert folded[0] == (0, people) and folded[-1] == (people, people)
    assert [step for step, *_ in progress if step not in ("load", "fold")] == ["index", "index", "swap", "swap"]
    assert components.projector.position() == components.store.max_position()


def _no_event_store() -> Any:
    raise ConnectionError("event store unreachable from the loader")


def test_a_failing_loader_makes_the_rebuild_start_over_in_this_process_with_the_same_result(
    components: Components, caplog: pytest.LogCaptureFixture
) -> None:
    seed(components)
    components.projector.catch_up()
    before = snapshot(components.db)
    in_workers(components, open_source=_no_event_store)
    assert components.projector.rebuild() == components.store.max_position()
    assert "event store unreachable" in caplog.text and "starting over event by event" in caplog.text
    assert snapshot(components.db) == before
    assert components.queries.person("ruoming-pang") is not None


def test_a_rebuild_on_postgresql_leaves_every_table_analyzed_and_its_pages_all_visible(components: Components) -> None:
    """Reads right after a rebuild plan with statistics and read the indexes alone (``settle``)."""
    if components.db.dialect != "postgresql":
        pytest.skip("PostgreSQL's statistics and visibility map")
    rich_history(components)
    components.projector.rebuild()
    assert unsettled(components) == []
    in_workers(components, open_source=_no_event_store)  # the other path: event by event
    components.projector.rebuild()
    assert unsettled(components) == []


def test_a_rebuild_on_sqlite_leaves_its_write_ahead_log_written_back_and_empty(components: Components) -> None:
    """A rebuild writes every read model again, and its log cannot start over while its workers
    read: it is written back into the database and emptied (``checkpoint``), not left holding as
    much disk again (7.9 GB at 1M events)."""
    if components.db.dialect != "sqlite":
        pytest.skip("SQLite's write-ahead log")
    rich_history(components)
    components.projector.catch_up()
    log = f"{components.db.address}-wal"
    assert os.path.getsize(log) > 0  # the history's writes
    in_workers(components)
    before = snapshot(components.db)
    components.projector.rebuild()
    assert os.path.getsize(log) == 0
    assert snapshot(components.db) == before


def test_a_table_dropped_on_sqlite_is_not_written_again(components: Components) -> None:
    """A rebuild's swap drops the old set of tables: their pages go to the free list as they are.
    Zeroed first (Debian's SQLite does so by default), they went through the log again: 751 MiB
    and 6 s for a swap at 100k events, 111 s at 1M."""
    if components.db.dialect != "sqlite":
        pytest.skip("SQLite's free pages")
    with components.db.transaction() as cur:
        cur.execute("CREATE TABLE tl_scratch_drop (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
        cur.executemany("INSERT INTO tl_scratch_drop (text) VALUES (?)", [("x" * 1000,) for _ in range(4000)])
    components.db.checkpoint()
    log = f"{components.db.address}-wal"
    assert os.path.getsize(log) == 0
    with components.db.transaction() as cur:
        cur.execute("DROP TABLE tl_scratch_drop")
    assert os.path.getsize(log) < 4000 * 1000 / 8  # a few pages of the free list and the schema, not 4 MB


def unsettled(components: Components) -> list[str]:
    """The live tables never analyzed (``reltuples`` -1) or with pages not all visible."""
    with components.db.read() as cur:
        cur.execute("SELECT relname, reltuples, relpages, relallvisible FROM pg_class WHERE relkind = 'r'"
                    " AND relnamespace = current_schema()::regnamespace")
        found = {row[0]: row[1:] for row in cur.fetchall()}
    live = [f"{tables.LIVE}{table}" for table in tables.TABLES]
    assert all(name in found for name in live)
    assert found["tl_stints"][1] > 0  # the history fills pages
    return [name for name in live if found[name][0] < 0 or found[name][2] != found[name][1]]


def test_a_rebuild_whose_settle_fails_still_swaps_in_the_same_result(
    components: Components, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Settling is for speed only: a failed ``VACUUM`` is logged, and neither fails the rebuild
    nor starts it over."""
    seed(components)
    components.projector.catch_up()
    before = snapshot(components.db)

    def fails(names: list[str]) -> None:
        raise RuntimeError(f"VACUUM of {names[0]} canceled")

    monkeypatch.setattr(components.db, "settle", fails)
    assert components.projector.rebuild() == components.store.max_position()
    assert "settling the new tables failed (RuntimeError: VACUUM of tl_new_" in caplog.text
    assert "starting over" not in caplog.text
    assert snapshot(components.db) == before


def test_a_rebuild_whose_drops_fail_keeps_the_new_set_and_the_next_rebuild_drops_the_old_one(
    components: Components, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old set's drops come after the swap and are for disk only: a failure is logged, and
    neither fails the rebuild nor starts it over; the next rebuild drops what was left first."""
    seed(components)
    components.projector.catch_up()
    before = snapshot(components.db)
    real, asked = tables.drop, []

    def drop(prefix: str) -> list[str]:
        asked.append(prefix)
        if prefix == tables.OLD and asked.count(prefix) == 2:  # the first: before the new set is made
            return ["DROP TABLE tl_no_such_table"]
        return real(prefix)

    monkeypatch.setattr(tables, "drop", drop)
    assert components.projector.rebuild() == components.store.max_position()
    assert "the old set's drop failed (" in caplog.text
    assert "starting over" not in caplog.text
    assert snapshot(components.db) == before
    with components.db.read() as cur:  # left there, with its indexes
        assert tables.index_names(cur, components.db.dialect, f"{tables.OLD}stints") != []
    monkeypatch.setattr(tables, "drop", real)
    components.projector.rebuild()
    assert snapshot(components.db) == before
    with components.db.read() as cur:
        assert tables.index_names(cur, components.db.dialect, f"{tables.OLD}stints") == []
        assert tables.index_names(cur, components.db.dialect, f"{tables.LIVE}stints") != []
