"""The write side in memory: a ledger over the in-memory store (``tests/support/fakes.py``) whose
clock stands still, so that recorded times are known."""

from __future__ import annotations

import pytest

from events.ledger import Ledger
from tests.support.fakes import NOW, MemoryStore


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture
def ledger(store: MemoryStore) -> Ledger:
    return Ledger(store, clock=lambda: NOW)
