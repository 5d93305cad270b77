"""The production topology as real processes: `talentledger projector` and `serve --no-projector`
replicas started as subprocesses on a fresh PostgreSQL database (helpers: ``tests/processes.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PG_URL, fresh_database
from tests.processes import Topology

pytestmark = pytest.mark.skipif(not PG_URL, reason="no PostgreSQL")


@pytest.fixture
def topology(tmp_path: Path) -> Iterator[Topology]:
    with fresh_database("postgresql", tmp_path) as url:
        built = Topology(url)
        try:
            yield built
        finally:
            built.close()
