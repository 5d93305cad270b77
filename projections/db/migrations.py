"""Versioned changes to the database's schema: each applied once, in order, never at every start.

A database records the versions it has in ``tl_migrations``. At start-up (``migrate``, inside a
write transaction that holds the projection lock):

- a **fresh** database gets the current schema whole (``tables.ddl`` and the API keys) and
  every version recorded as applied (what Alembic calls ``create_all`` then ``stamp head``);
- an **existing** database gets the versions it lacks, all in that one transaction (PostgreSQL
  and SQLite both roll DDL back), so a crash leaves it as it was;
- a database already at ``LATEST`` costs one catalog read and one ``max(version)``, and no
  lock on any live table.

Adding a read-model table is one line here, after adding it to its folder's ``sql.py`` and its
name to ``tables.TABLES`` (so that rebuilds make it too)::

    Migration(3, "people's photos", add_tables("photos")),

and ``talentledger rebuild`` then fills it from the events, if it holds what they say. A change to
an existing table is ``Migration(n, "why", sql("ALTER TABLE ..."))``; a change to what read models
hold (new columns filled from the events) is ``Migration(n, "why", reproject)``. Steps built from the
current DDL (``add_tables``, version 1) make what the DDL says now; ``tests/drills/
test_migrations.py`` checks that an upgraded database and a fresh one end with the same schema.
Why a list and not Alembic: ``projections/README.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import NamedTuple

from projections.claims.horizons import fill as fill_horizons
from projections.db import tables
from projections.db.adapter import Cursor

VERSIONS = "tl_migrations"
# Not a read model (never rebuilt): the service's API keys, created with the schema.
KEYS_DDL = (
    "CREATE TABLE IF NOT EXISTS tl_api_keys (name TEXT PRIMARY KEY, role TEXT NOT NULL,"
    " key_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)"
)
# Keys that can be revoked and say when they were last used (version 3).
KEY_COLUMNS = (
    "ALTER TABLE tl_api_keys ADD COLUMN last_used_at TEXT",
    "ALTER TABLE tl_api_keys ADD COLUMN revoked_at TEXT",
)
# Not a read model either: the projector that leads says so every few seconds (``service/health.py``).
HEARTBEAT_DDL = (
    "CREATE TABLE IF NOT EXISTS tl_projector_heartbeat (name TEXT PRIMARY KEY, holder TEXT NOT NULL,"
    " position BIGINT NOT NULL, beat_at DOUBLE PRECISION NOT NULL, error TEXT)"
)
# The read-model tables of the databases made before migrations existed (see version 1).
_UNVERSIONED = (
    "events", "history", "persons", "aliases", "orgs", "sources", "claims", "facts", "merges",
    "stints", "moves", "tracking",
)

Step = Callable[[Cursor, str], None]  # (cursor, dialect)


class Migration(NamedTuple):
    version: int
    name: str
    apply: Step


def add_tables(*names: str) -> Step:
    """Create read-model tables (as ``tables`` has them) and their indexes in the live set."""

    def apply(cur: Cursor, dialect: str) -> None:
        generation = tables.generation_of(cur, dialect)
        for name in names:
            for statement in tables.table_ddl(tables.LIVE, dialect, name, generation=generation):
                cur.execute(statement)

    return apply


def add_indexes(*names: str) -> Step:
    """Create the indexes of these read-model tables (as ``tables`` has them) that the live set lacks.
    An index keeps the name it was made with, and a rebuild makes its set under ``tl_new_``
    (``tables``' docstring): an index named either way is there."""

    def apply(cur: Cursor, dialect: str) -> None:
        generation = tables.generation_of(cur, dialect)
        for name in names:
            there = {_unprefixed(index) for index in tables.index_names(cur, dialect, f"{tables.LIVE}{name}")}
            for statement in tables.indexes(tables.LIVE, dialect, [name], generation=generation):
                if statement.split()[5].removeprefix(tables.LIVE) not in there:  # CREATE INDEX IF NOT EXISTS <name>
                    cur.execute(statement)

    return apply


def _unprefixed(index: str) -> str:
    """An index's name without the set's prefix it was made under (``tl_`` or ``tl_new_``)."""
    return index.removeprefix(tables.SHADOW).removeprefix(tables.LIVE)


def replace_indexes(table: str, *names: str) -> Step:
    """Drop the indexes of this read-model table named ``names`` (in either generation) and create the
    ones of ``tables`` the live set lacks: an index whose definition changed takes a new name. Also
    drop an index made twice, under both prefixes (``add_indexes`` before it saw ``tl_new_`` names)."""

    def apply(cur: Cursor, dialect: str) -> None:
        old = {f"{name}_{g}" for name in names for g in tables.GENERATIONS}
        there = tables.index_names(cur, dialect, f"{tables.LIVE}{table}")
        for index in there:
            bare = _unprefixed(index)
            twin = not index.startswith(tables.SHADOW) and f"{tables.SHADOW}{bare}" in there
            if bare in old or twin:
                cur.execute(f'DROP INDEX IF EXISTS "{index}"')
        add_indexes(table)(cur, dialect)

    return apply


def each(*steps: Step) -> Step:
    """These steps, in order."""

    def apply(cur: Cursor, dialect: str) -> None:
        for step in steps:
            step(cur, dialect)

    return apply


def sql(*statements: str) -> Step:
    """Run these statements as they are (the same text on both backends)."""

    def apply(cur: Cursor, dialect: str) -> None:
        for statement in statements:
            cur.execute(statement)

    return apply


def reproject(cur: Cursor, dialect: str) -> None:
    """The read models changed shape (new columns, a new meaning of a column): drop the live
    read-model tables and make the current ones, the projection tracking included, so that the
    projector projects every event again from the first (what ``rebuild`` does, without a swap).
    The events are untouched; reads answer from the new tables as the projector refills them."""
    generation = tables.generation_of(cur, dialect)
    for statement in [*tables.drop(tables.LIVE), *tables.ddl(tables.LIVE, dialect, generation=generation)]:
        cur.execute(statement)


def _named_indexes(cur: Cursor, dialect: str) -> None:
    """Databases made before version 1 gained 14 indexes, randomly named, at every start (and
    after every rebuild's swap): drop every secondary index of the live tables and make each
    one once, in generation ``a``. The API keys' table was also created at every start."""
    for table in _UNVERSIONED:
        for name in tables.index_names(cur, dialect, f"{tables.LIVE}{table}"):
            cur.execute(f'DROP INDEX IF EXISTS "{name}"')
    for statement in tables.indexes(tables.LIVE, dialect, _UNVERSIONED, generation="a"):
        cur.execute(statement)
    cur.execute(KEYS_DDL)


def _horizons(cur: Cursor, dialect: str) -> None:
    """The horizons from every fact and merge so far (anew, should the table be there already)."""
    add_tables("horizons")(cur, dialect)
    cur.execute(f"DELETE FROM {tables.LIVE}horizons")
    fill_horizons(cur, tables.LIVE)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "indexes made once, named by generation; API keys", _named_indexes),
    Migration(2, "dead letters: events the projector could not project", add_tables("dead_letters")),
    Migration(3, "API keys can be revoked and say when last used; the leading projector's heartbeat",
              sql(*KEY_COLUMNS, HEARTBEAT_DDL)),
    Migration(4, "affiliations, group claims (signals), per-report citations, corroborating sources per claim,"
              " stint bounds with reasons, publishers and their calls (track records), belief changes:"
              " new columns and tables",
              reproject),
    Migration(5, "versions: the default lens's stints and moves over publication time x recorded time", reproject),
    Migration(6, "versions along recorded time (asOf alone); the other lenses now", reproject),
    Migration(7, "facts by the organizations they name (the candidates of reads that fold)", add_indexes("facts")),
    Migration(8, "the people with facts naming an organization, from the indexes alone",
              replace_indexes("facts", "facts_from", "facts_to", "facts_org")),
    Migration(9, "horizons: reads with both moments that one moment answers", _horizons),
    Migration(10, "versions of the other lenses along publication time (a kept lens with a knownAt alone)", reproject),
    Migration(11, "the other lenses now are their last versions along publication time: their own tables dropped",
              sql(*(f"DROP TABLE IF EXISTS {prefix}{table}" for prefix in (tables.LIVE, tables.SHADOW)
                    for table in ("stint_lenses", "move_lenses")))),
    Migration(12, "versions: no (org_id, possible_from) index; the (org_id, person_id, interval, dates) one answers"
              " headcounts and roster counts within the index",
              each(*(replace_indexes(table, f"{table}_org")
                     for table in ("stint_versions", "stint_recorded_versions", "stint_lens_versions")))),
)
LATEST = MIGRATIONS[-1].version


class SchemaTooNew(RuntimeError):
    """The database's schema is at a version this code does not know: a newer release migrated it
    (version 11 dropped tables that version 10 uses). Running older code on it would fail later,
    half-way through a read or a page; it refuses to start instead."""


def known(done: int) -> None:
    """Raise ``SchemaTooNew`` when ``done`` (``version``) is past ``LATEST``."""
    if done > LATEST:
        raise SchemaTooNew(f"the database's schema is at version {done}, and this release knows versions up to"
                           f" {LATEST}: run the release that migrated it (or a newer one)")


def version(cur: Cursor, dialect: str) -> int:
    """The newest version applied (0: none recorded, a fresh or an unversioned database)."""
    if not _exists(cur, dialect, VERSIONS):
        return 0
    cur.execute(f"SELECT max(version) FROM {VERSIONS}")
    row = cur.fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(cur: Cursor, dialect: str) -> list[int]:
    """Inside a write transaction holding the projection lock: bring the schema to ``LATEST``.
    Returns the versions applied now (every one for a fresh database, none if current)."""
    done = version(cur, dialect)
    known(done)
    if done >= LATEST:
        return []
    if done == 0:
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {VERSIONS} (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied_at TEXT NOT NULL)"
        )
        if not _exists(cur, dialect, f"{tables.LIVE}tracking"):
            for statement in [*tables.ddl(tables.LIVE, dialect), KEYS_DDL, *KEY_COLUMNS, HEARTBEAT_DDL]:
                cur.execute(statement)
            _record(cur, MIGRATIONS)
            return [m.version for m in MIGRATIONS]
    todo = [m for m in MIGRATIONS if m.version > done]
    for migration in todo:
        migration.apply(cur, dialect)
        _record(cur, [migration])
    return [m.version for m in todo]


def _record(cur: Cursor, applied: tuple[Migration, ...] | list[Migration]) -> None:
    now = datetime.now(UTC).isoformat()
    cur.executemany(f"INSERT INTO {VERSIONS} (version, name, applied_at) VALUES (?, ?, ?)",
                    [(m.version, m.name, now) for m in applied])


def _exists(cur: Cursor, dialect: str, table: str) -> bool:
    if dialect == "sqlite":
        cur.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,))
        return cur.fetchone() is not None
    cur.execute("SELECT to_regclass(?) IS NOT NULL", (table,))
    row = cur.fetchone()
    return bool(row and row[0])
