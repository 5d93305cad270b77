"""Fixtures every suite may use, built from ``tests/support``: one suite, two backends. Storage
tests run on a SQLite file and on PostgreSQL (a fresh database per test on the server named by
TALENTLEDGER_TEST_POSTGRES)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest

from service.bootstrap import Components
from tests.support.databases import BACKENDS, PG_URL, fresh_database, opened
from tests.support.processes import Topology
from tests.support.server import LiveServer, run_server


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of the parametrized backend."""
    with fresh_database(getattr(request, "param", "sqlite"), tmp_path) as url:
        yield url


@pytest.fixture
def components(database_url: str) -> Iterator[Components]:
    """The service's components (ledger, projector, queries, keys) over ``database_url``."""
    with opened(database_url) as built:
        yield built


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database_url" in metafunc.fixturenames:
        metafunc.parametrize("database_url", BACKENDS, indirect=True)
    elif "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", BACKENDS)


def _topology(url: str) -> Iterator[Topology]:
    built = Topology(url)
    try:
        yield built
    finally:
        built.close()


@pytest.fixture
def processes(backend: str, tmp_path: Path) -> Iterator[Topology]:
    """Real CLI processes on a fresh database of the parametrized backend."""
    with fresh_database(backend, tmp_path) as url:
        yield from _topology(url)


@pytest.fixture
def topology(tmp_path: Path) -> Iterator[Topology]:
    """Real CLI processes on a fresh PostgreSQL database: the production topology."""
    if not PG_URL:
        pytest.skip("no PostgreSQL")
    with fresh_database("postgresql", tmp_path) as url:
        yield from _topology(url)


@pytest.fixture
def live(components: Components) -> Iterator[LiveServer]:
    """A real HTTP server with the default settings (public reads), its projector in-process."""
    yield from run_server(components)


@pytest.fixture
def tight_components(components: Components) -> Components:
    """The same components in production mode, with small limits, private reads and a short wait."""
    components.settings = msgspec.structs.replace(
        components.settings, max_depth=4, max_aliases=3, max_tokens=200, max_page=5,
        public_reads=False, wait_for_timeout_s=0.3, production=True, allowed_origins=("https://allowed.example",),
    )
    return components


@pytest.fixture
def tight(tight_components: Components) -> Iterator[LiveServer]:
    """A server over ``tight_components``."""
    yield from run_server(tight_components)
