"""Importing cost about 20 times the file in memory (issue 10, item 6). A file is now decided a
chunk at a time with its events staged on disk (docs/import.md#all-or-nothing-in-bounded-memory): memory stays a small multiple of
the file, and the import stays all or nothing, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bench import memory
from bench.generate import lines
from events import commands as c
from events.ledger import Ledger
from service.bootstrap import Components, bootstrap
from service.importer import NdjsonFile, import_lines
from service.settings import Settings
from tests.support.databases import fresh_database

LINES = 60_000  # a 9 MB file: large enough that the fixed cost of an import is a small part
NOW = datetime(2026, 1, 2, tzinfo=UTC)


def stored_events(components: Components) -> list[tuple[str, int, str, bytes]]:
    notes = components.store.notifications(0, 1_000_000)
    return sorted((n.originator_id, n.originator_version, n.topic, n.state) for n in notes)


def test_an_import_grows_memory_by_less_than_five_times_its_file(database_url: str, tmp_path: Path) -> None:
    path = tmp_path / "generated.ndjson"
    path.write_bytes(b"\n".join(lines(LINES)) + b"\n")
    figures = memory.measure(database_url, path)
    assert figures["events"] >= LINES
    assert figures["rss_ratio"] < 5, figures


def test_a_file_decided_in_small_chunks_with_a_tiny_cache_stores_what_a_whole_one_does(
    components: Components, tmp_path: Path,
) -> None:
    path = tmp_path / "generated.ndjson"
    path.write_bytes(b"\n".join(lines(1500, seed=9)))
    small = Ledger(components.store, clock=lambda: NOW, batch_chunk=7, batch_cache=5)
    assert import_lines(small, NdjsonFile(path), "t").stored
    with fresh_database("postgresql" if components.settings.is_postgres else "sqlite", tmp_path) as url:
        other = bootstrap(Settings(database=url, pool_size=2))
        try:
            whole = Ledger(other.store, clock=lambda: NOW)
            assert import_lines(whole, NdjsonFile(path), "t").stored
            assert stored_events(components) == stored_events(other)
        finally:
            other.close()


def test_a_write_racing_an_import_makes_it_start_over_and_both_are_stored_once(
    components: Components, tmp_path: Path,
) -> None:
    components.ledger.execute(c.RegisterOrganization(id="acme", name="Acme"), "t")
    path = tmp_path / "race.ndjson"
    path.write_bytes(b"\n".join([
        b'{"op":"addAlias","input":{"subjectId":"acme","name":"Acme Corp"}}',
        *(b'{"op":"registerPerson","input":{"id":"p%d","name":"P %d"}}' % (n, n) for n in range(2500)),
    ]))
    raced: list[int] = []

    def race(line: int) -> None:  # after the alias is staged, before the file's append
        if line == 2000 and not raced:
            raced.append(components.ledger.execute(c.AddAlias(subject_id="acme", name="ACME"), "t").position)

    report = import_lines(components.ledger, NdjsonFile(path), "t", on_parsed=race)
    assert report.stored and report.recorded_events == 2501 and raced == [2]
    assert len(components.store.notifications(0, 10_000)) == 2 + 2501  # PostgreSQL positions may skip
    acme = components.store.load("org:acme")
    assert {a.name for a in acme.aliases} == {"Acme Corp", "ACME"}  # type: ignore[union-attr]
