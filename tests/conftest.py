"""Fixtures: one suite, two backends. Storage tests run on a SQLite file and on PostgreSQL
(a fresh database per test on the server named by TALENTLEDGER_TEST_POSTGRES)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest

from service.bootstrap import Components, bootstrap
from service.settings import Settings
from tests.processes import Topology

PG_URL = os.environ.get("TALENTLEDGER_TEST_POSTGRES", "")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(not PG_URL, reason="no PostgreSQL"))]


def _admin_execute(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(sql)


@contextmanager
def fresh_database(backend: str, directory: Path) -> Iterator[str]:
    """A new, empty database: a SQLite file, or a PostgreSQL database dropped afterwards."""
    if backend == "sqlite":
        yield str(directory / f"ledger-{uuid.uuid4().hex[:8]}.db")
        return
    name = f"tl_test_{uuid.uuid4().hex[:12]}"
    _admin_execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunparse(urlparse(PG_URL)._replace(path=f"/{name}"))
    finally:
        _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def fresh_components(backend: str, directory: Path) -> Iterator[Components]:
    with fresh_database(backend, directory) as url:
        built = bootstrap(Settings(database=url, pool_size=4))
        try:
            yield built
        finally:
            built.close()


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of the parametrized backend."""
    with fresh_database(getattr(request, "param", "sqlite"), tmp_path) as url:
        yield url


@pytest.fixture
def components(database_url: str) -> Iterator[Components]:
    built = bootstrap(Settings(database=database_url, pool_size=4))
    try:
        yield built
    finally:
        built.close()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database_url" in metafunc.fixturenames:
        metafunc.parametrize("database_url", BACKENDS, indirect=True)
    elif "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", BACKENDS)


@pytest.fixture
def processes(backend: str, tmp_path: Path) -> Iterator[Topology]:
    """Real CLI processes on a fresh database of the parametrized backend (``tests/processes.py``)."""
    with fresh_database(backend, tmp_path) as url:
        built = Topology(url)
        try:
            yield built
        finally:
            built.close()
