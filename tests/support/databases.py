"""Fresh databases on either backend, the seed data set, and snapshots of the read models.

The storage-touching suites run once per backend: a SQLite file, and a database created on the
PostgreSQL server named by ``TALENTLEDGER_TEST_POSTGRES`` (skipped when unset) and dropped after.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

import pytest

from projections.db import Database, connect, tables
from service.bootstrap import Components, bootstrap
from service.importer import import_lines
from service.settings import Settings

PG_URL = os.environ.get("TALENTLEDGER_TEST_POSTGRES", "")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(not PG_URL, reason="no PostgreSQL"))]
SEED = Path(__file__).resolve().parents[2] / "data" / "seed.ndjson"
READ_MODELS = ("persons", "aliases", "orgs", "sources", "claims", "facts", "horizons", "merges", "stints", "moves",
               "stint_versions", "move_versions", "stint_recorded_versions", "move_recorded_versions",
               "stint_lens_versions", "move_lens_versions", "events",
               "group_claims", "group_facts", "belief_changes", "belief_orgs", "history", "publishers",
               "publisher_sources", "calls")


def _admin_execute(server: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql)


@contextmanager
def fresh_database(backend: str, directory: Path | str, server: str = PG_URL) -> Iterator[str]:
    """A new, empty database: a SQLite file in ``directory``, or a database on the PostgreSQL
    ``server`` (the test server unless given), dropped afterwards."""
    if backend == "sqlite":
        yield str(Path(directory) / f"ledger-{uuid.uuid4().hex[:8]}.db")
        return
    name = f"tl_test_{uuid.uuid4().hex[:12]}"
    _admin_execute(server, f'CREATE DATABASE "{name}"')
    try:
        yield urlunparse(urlparse(server)._replace(path=f"/{name}"))
    finally:
        _admin_execute(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def fresh_components(backend: str, directory: Path) -> Iterator[Components]:
    """The service's components over a fresh database of ``backend``."""
    with fresh_database(backend, directory) as url, opened(url) as components:
        yield components


@contextmanager
def opened(url: str, pool_size: int = 4) -> Iterator[Components]:
    """The service's components over the database at ``url``, closed afterwards."""
    built = bootstrap(Settings(database=url, pool_size=pool_size))
    try:
        yield built
    finally:
        built.close()


def seed_lines() -> list[bytes]:
    """The lines of ``data/seed.ndjson``."""
    return SEED.read_bytes().splitlines()


def seed_bytes() -> bytes:
    """The seed as one NDJSON body, for the HTTP import and the CLI."""
    return b"".join(line + b"\n" for line in seed_lines())


def seed(components: Components, principal: str = "cli:test") -> int:
    """Import the seed data set (``data/seed.ndjson``); the last position."""
    report = import_lines(components.ledger, seed_lines(), principal)
    assert report.stored, report.errors
    return report.position


def row_order(row: tuple[Any, ...]) -> list[tuple[bool, Any]]:
    """A sort key for table rows whose columns may be NULL (None sorts first)."""
    return [(value is not None, value) for value in row]


def snapshot(db: Database) -> dict[str, list[Any]]:
    """Every live read-model table, rows sorted: equal snapshots are equal read models."""
    with db.read() as cur:
        found = {}
        for table in READ_MODELS:
            cur.execute(f"SELECT * FROM {tables.LIVE}{table}")
            found[table] = sorted((tuple(r) for r in cur.fetchall()), key=row_order)
        return found


def snapshot_at(url: str) -> dict[str, list[Any]]:
    """``snapshot`` of the database at ``url``, through a connection of its own."""
    db = connect(url, pool_size=1)
    try:
        return snapshot(db)
    finally:
        db.close()
