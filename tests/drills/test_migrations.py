"""Schema changes are versioned migrations applied once (projections/db/migrations.py), never at every
start: on both backends, a database made before them is upgraded cleanly, starts and rebuilds
leave exactly the indexes the DDL names, and concurrent first starts on PostgreSQL are safe."""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Any

import pytest

from events.ledger import Ledger
from projections.db import Database, connect, migrations, tables
from projections.projector import Projector
from service.bootstrap import bootstrap
from service.importer import import_lines
from service.keys import KeyStore, Role
from service.settings import Settings
from service.storage import EventStoreAdapter
from tests.support.databases import PG_URL, SEED, fresh_database, row_order, snapshot
from tests.support.processes import Topology, until

STARTS = 3


def legacy_start(db: Database) -> None:
    """What every start did before migrations: the read-model tables if missing, their 14
    indexes again under new random names, the API keys' table if missing."""
    ddl = [s for s in tables.ddl(tables.LIVE, db.dialect) if "dead_letters" not in s]
    tag = secrets.token_hex(3)
    with db.transaction() as cur:
        for statement in ddl:
            cur.execute(re.sub(r"INDEX IF NOT EXISTS tl_(\w+)_a ON", rf"INDEX IF NOT EXISTS tl_{tag}_\1 ON", statement))
        cur.execute("INSERT INTO tl_tracking (name, position) VALUES ('talentledger', 0) ON CONFLICT DO NOTHING")
        cur.execute(migrations.KEYS_DDL)


def catalog(db: Database) -> list[tuple[Any, ...]]:
    """Every table (with its columns) and index of the read models, as the database describes them."""
    with db.read() as cur:
        if db.dialect == "sqlite":
            cur.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE substr(name, 1, 3) = 'tl_'"
                        " AND sql IS NOT NULL")
        else:
            cur.execute("SELECT 'index', indexname, tablename, indexdef FROM pg_indexes"
                        " WHERE schemaname = current_schema() AND left(tablename, 3) = 'tl_'"
                        " UNION ALL SELECT 'column', column_name || ' ' || data_type, table_name, is_nullable"
                        " FROM information_schema.columns WHERE table_schema = current_schema() AND left(table_name, 3) = 'tl_'")
        return sorted(tuple(row) for row in cur.fetchall() if row[2] != migrations.VERSIONS)


def appended_columns_left_out(after: dict[str, list[Any]], before: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """``after``'s rows cut to the width of ``before``'s, table by table."""
    width = {table: len(rows[0]) for table, rows in before.items() if rows}
    return {table: sorted((row[: width.get(table, len(row))] for row in rows), key=row_order)
            for table, rows in after.items()}


def live_indexes(db: Database) -> list[str]:
    with db.read() as cur:
        return sorted(name for table in tables.TABLES
                      for name in tables.index_names(cur, db.dialect, f"{tables.LIVE}{table}"))


def expected_indexes(db: Database) -> int:
    return sum(1 for s in tables.ddl(tables.LIVE, db.dialect) if s.startswith("CREATE INDEX"))


def test_a_database_made_before_migrations_is_upgraded_once_and_matches_a_fresh_one(
    database_url: str, tmp_path: Path
) -> None:
    settings = Settings(database=database_url, pool_size=2)
    store, db = EventStoreAdapter(settings), connect(database_url, pool_size=2)
    try:
        for _ in range(STARTS):
            legacy_start(db)
        assert len(live_indexes(db)) == STARTS * expected_indexes(db)
        import_lines(Ledger(store), SEED.read_bytes().splitlines(), "cli:old")
        Projector(db, store.notifications, store.mapper.to_domain_event).catch_up()
        _, key = KeyStore(db).create(Role.EDITOR, "old-key")
        before = snapshot(db)
    finally:
        store.close()
        db.close()

    upgraded = bootstrap(settings)
    try:
        assert live_indexes(upgraded.db) == sorted(
            n for t in tables.TABLES for n in _names(tables.LIVE, upgraded.db.dialect, t))
        assert upgraded.keys.authenticate(key) is not None
        with upgraded.db.read() as cur:
            assert migrations.version(cur, upgraded.db.dialect) == migrations.LATEST
        assert upgraded.projector.ensure_schema() == []  # once: the next start changes nothing
        upgraded.projector.catch_up()
        # A reproject step (migration 4) projects every event again: the same rows, each with the
        # columns the read models gained appended.
        assert appended_columns_left_out(snapshot(upgraded.db), before) == before
        assert upgraded.projector.dead_letter_count() == 0
        upgraded_catalog = catalog(upgraded.db)
    finally:
        upgraded.close()

    backend = "postgresql" if database_url.startswith("postgresql") else "sqlite"
    with fresh_database(backend, tmp_path) as url:
        fresh = bootstrap(Settings(database=url, pool_size=2))
        try:
            assert catalog(fresh.db) == upgraded_catalog
        finally:
            fresh.close()


def catalog_once_migrated(settings: Settings) -> list[tuple[Any, ...]]:
    """Start on the database (which migrates it) and give its catalog, once at the latest version."""
    upgraded = bootstrap(settings)
    try:
        with upgraded.db.read() as cur:
            assert migrations.version(cur, upgraded.db.dialect) == migrations.LATEST
        return catalog(upgraded.db)
    finally:
        upgraded.close()


def test_version_11_drops_the_kept_lenses_tables_of_the_answer_now(database_url: str) -> None:
    """A database at version 10 keeps the other lenses' answers now in tables of their own (live,
    and a rebuild's leftover); version 11 drops both pairs, and nothing else: its schema is then a
    fresh one's (a lens with no moment reads the last of its versions: docs/time.md#versions)."""
    settings = Settings(database=database_url, pool_size=2)
    components = bootstrap(settings)
    try:
        current = catalog(components.db)
        with components.db.transaction() as cur:
            for prefix in (tables.LIVE, tables.SHADOW):
                cur.execute(f"CREATE TABLE {prefix}stint_lenses (person_id TEXT NOT NULL, lens TEXT NOT NULL,"
                            " seq INTEGER NOT NULL, PRIMARY KEY (person_id, lens, seq))")
                cur.execute(f"CREATE TABLE {prefix}move_lenses (claim_id TEXT NOT NULL, lens TEXT NOT NULL,"
                            " person_id TEXT NOT NULL, PRIMARY KEY (person_id, lens, claim_id))")
                cur.execute(f"CREATE INDEX {prefix}move_lenses_earliest_a ON {prefix}move_lenses (lens, claim_id)")
            cur.execute(f"DELETE FROM {migrations.VERSIONS} WHERE version >= 11")
        assert len(catalog(components.db)) > len(current)
    finally:
        components.close()
    assert catalog_once_migrated(settings) == current


def test_version_12_drops_the_versions_organization_indexes_under_either_name(database_url: str) -> None:
    """A database at version 11 has an ``(org_id, possible_from)`` index on each table of stint
    versions, named with the live prefix or, after a rebuild's swap, with a rebuild's; version 12
    drops them, and nothing else: its schema is then a fresh one's."""
    settings = Settings(database=database_url, pool_size=2)
    components = bootstrap(settings)
    try:
        current = catalog(components.db)
        with components.db.transaction() as cur:
            for prefix, table, lens, generation in ((tables.LIVE, "stint_versions", "", "a"),
                                                    (tables.SHADOW, "stint_recorded_versions", "", "b"),
                                                    (tables.LIVE, "stint_lens_versions", "lens, ", "a")):
                cur.execute(f"CREATE INDEX {prefix}{table}_org_{generation} ON {tables.LIVE}{table}"
                            f" (org_id, {lens}possible_from)")
            cur.execute(f"DELETE FROM {migrations.VERSIONS} WHERE version = 12")
        assert len(catalog(components.db)) == len(current) + 3
    finally:
        components.close()
    assert catalog_once_migrated(settings) == current


def test_a_database_a_newer_release_migrated_is_refused_and_left_as_it_is(database_url: str) -> None:
    """Older code does not run on a schema it does not know (version 11 dropped tables version 10
    uses): it refuses to start, naming both versions, and changes nothing."""
    settings = Settings(database=database_url, pool_size=2)
    bootstrap(settings).close()
    newer = migrations.LATEST + 1
    db = connect(database_url, pool_size=1)
    try:
        with db.transaction() as cur:
            cur.execute(f"INSERT INTO {migrations.VERSIONS} (version, name, applied_at) VALUES (?, ?, ?)",
                        (newer, "from a newer release", "2030-01-01T00:00:00+00:00"))
        before = catalog(db)
        with pytest.raises(migrations.SchemaTooNew, match=rf"version {newer}\b.* up to {migrations.LATEST}\b"):
            bootstrap(settings)
        assert catalog(db) == before
        with db.read() as cur:
            assert migrations.version(cur, db.dialect) == newer
    finally:
        db.close()


def _names(prefix: str, dialect: str, table: str) -> list[str]:
    return [s.split()[5] for s in tables.table_ddl(prefix, dialect, table) if s.startswith("CREATE INDEX")]


def test_starts_and_rebuilds_in_a_row_leave_exactly_the_indexes_the_ddl_names(database_url: str) -> None:
    settings = Settings(database=database_url, pool_size=2)
    for _ in range(STARTS):
        bootstrap(settings).close()
    components = bootstrap(settings)
    try:
        import_lines(components.ledger, SEED.read_bytes().splitlines(), "cli:test")
        components.projector.catch_up()
        projected = snapshot(components.db)
        for rebuilds in range(1, 5):
            components.projector.rebuild()
            names = live_indexes(components.db)
            assert len(names) == expected_indexes(components.db), f"after {rebuilds} rebuild(s): {names}"
            assert all(name.endswith("_" + "ab"[rebuilds % 2]) for name in names), names  # generations alternate
            assert snapshot(components.db) == projected
        with components.db.read() as cur:  # nothing left over: only the live set's indexes exist
            everything = [n for t in (*tables.TABLES, *tables.SCRATCH)
                          for p in (tables.LIVE, tables.SHADOW, tables.OLD)
                          for n in tables.index_names(cur, components.db.dialect, p + t)]
        assert sorted(everything) == names
    finally:
        components.close()


def test_a_rebuild_after_a_swap_whose_drops_never_ran_makes_every_index(database_url: str) -> None:
    """A rebuild stopped right after its swap leaves the old set under ``tl_old_``, its indexes named
    in the generation the next rebuild makes: that rebuild drops it first, or its ``CREATE INDEX IF
    NOT EXISTS`` would find those names taken and make none of them."""
    components = bootstrap(Settings(database=database_url, pool_size=2))
    try:
        import_lines(components.ledger, SEED.read_bytes().splitlines(), "cli:test")
        components.projector.rebuild()
        projected = snapshot(components.db)
        dialect = components.db.dialect
        with components.db.transaction() as cur:  # the old set as the swap renamed it
            generation = tables.other_generation(tables.generation_of(cur, dialect))
            for statement in tables.ddl(tables.SHADOW, dialect, generation=generation):
                cur.execute(statement)
            for table in tables.TABLES:
                cur.execute(f"ALTER TABLE {tables.SHADOW}{table} RENAME TO {tables.OLD}{table}")
        components.projector.rebuild()
        assert len(live_indexes(components.db)) == expected_indexes(components.db)
        assert snapshot(components.db) == projected
        assert [row for row in catalog(components.db) if row[2].startswith(tables.OLD)] == []  # dropped
    finally:
        components.close()


def test_an_index_migration_on_a_rebuilt_database_replaces_the_old_indexes_and_duplicates_none(
    database_url: str,
) -> None:
    """A rebuilt set keeps its indexes' ``tl_new_`` names: migration 8 on it (as it was after
    migration 7, which made the table's other indexes a second time) drops the three indexes it
    replaces and the twins, and makes its own."""
    settings = Settings(database=database_url, pool_size=2)
    components = bootstrap(settings)
    try:
        import_lines(components.ledger, SEED.read_bytes().splitlines(), "cli:test")
        components.projector.rebuild()
        rebuilt = live_indexes(components.db)
        assert all(name.startswith(tables.SHADOW) for name in rebuilt), rebuilt
        with components.db.transaction() as cur:  # back to version 7: its three indexes, not migration 8's
            for name in ("from", "to", "org"):
                cur.execute(f"DROP INDEX {tables.SHADOW}facts_{name}_people_b")
                cur.execute(f"CREATE INDEX {tables.LIVE}facts_{name}_b ON {tables.LIVE}facts ({name}_id)"
                            f" WHERE {name}_id IS NOT NULL")
            for statement in tables.indexes(tables.LIVE, components.db.dialect, ["facts"], generation="b")[:4]:
                cur.execute(statement)  # the twins version 7 made of the table's other indexes
            cur.execute(f"DELETE FROM {migrations.VERSIONS} WHERE version >= 8")
        projected = snapshot(components.db)
    finally:
        components.close()
    upgraded = bootstrap(settings)
    try:
        names = live_indexes(upgraded.db)
        assert len(names) == expected_indexes(upgraded.db), names
        assert sorted(n.removeprefix(tables.SHADOW).removeprefix(tables.LIVE) for n in names) == sorted(
            n.removeprefix(tables.SHADOW) for n in rebuilt)
        upgraded.projector.catch_up()  # a later migration (10) projects every event again
        assert snapshot(upgraded.db) == projected
    finally:
        upgraded.close()


@pytest.mark.skipif(not PG_URL, reason="no PostgreSQL")
def test_a_projector_and_replicas_started_at_once_on_a_fresh_postgresql_database_migrate_it_once(
    tmp_path: Path,
) -> None:
    with fresh_database("postgresql", tmp_path) as url:
        processes = Topology(url)
        try:
            started = [processes.start("projector")]
            started += [processes.start("serve", "--no-projector", "--port", str(port)) for port in _ports(3)]
            until(lambda: all(p.said("leading") or p.said("Application startup complete") for p in started), 60,
                  "every process to start")
            assert all(p.alive() for p in started), processes.started[0].output
            db = connect(url, pool_size=1)
            try:
                with db.read() as cur:
                    cur.execute(f"SELECT version FROM {migrations.VERSIONS} ORDER BY version")
                    assert [row[0] for row in cur.fetchall()] == [m.version for m in migrations.MIGRATIONS]
                assert len(live_indexes(db)) == expected_indexes(db)
            finally:
                db.close()
        finally:
            processes.close()


def _ports(count: int) -> list[int]:
    from tests.support.processes import free_port

    return [free_port() for _ in range(count)]
