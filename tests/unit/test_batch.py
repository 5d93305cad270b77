"""Batches in bounded memory (events/batch.py): given a batch decided a few lines at a time with a
tiny cache, then it records exactly what the same batch decided whole records, or nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bench.generate import lines
from events import commands as c
from events.base import ClaimStatus
from events.ledger import Ledger
from service.importer import parse_line
from tests.support.fakes import MemoryStore

NOW = datetime(2026, 1, 2, tzinfo=UTC)


def generated(count: int) -> list[tuple[int, Any]]:
    return [(n, parse_line(n, raw)) for n, raw in enumerate(lines(count, seed=3), start=1)]


def recorded(store: MemoryStore) -> list[tuple[str, int, str, dict[str, Any]]]:
    return [(e.originator_id, e.originator_version, type(e).__qualname__,
             {k: v for k, v in vars(e).items() if k not in ("originator_id", "originator_version")})
            for e in store.events]


def test_a_batch_decided_in_small_chunks_with_a_tiny_cache_records_what_a_whole_one_does() -> None:
    batch = generated(600)
    whole, chunked = MemoryStore(), MemoryStore()
    Ledger(whole, clock=lambda: NOW, batch_chunk=10_000, batch_cache=100_000).execute_batch(batch, "t")
    result = Ledger(chunked, clock=lambda: NOW, batch_chunk=7, batch_cache=5).execute_batch(batch, "t")
    assert result.errors == [] and result.recorded_events == len(whole.events) > 600
    assert sorted(recorded(chunked)) == sorted(recorded(whole))


def test_a_bad_last_line_stores_nothing_of_the_chunks_before_it() -> None:
    store = MemoryStore()
    bad = c.ReportMove(person_id="nobody", to_id="apple", effective="2025", status=ClaimStatus.REPORTED,
                       source_id="src-0")
    batch = [*generated(200), (10_000, bad)]
    result = Ledger(store, clock=lambda: NOW, batch_chunk=10, batch_cache=5).execute_batch(batch, "t")
    assert [(e.line, e.field) for e in result.errors] == [(10_000, "personId")]
    assert (result.accepted, store.events) == (0, [])


def test_a_batch_must_be_readable_again() -> None:
    with pytest.raises(TypeError):
        Ledger(MemoryStore()).execute_batch(iter(generated(5)), "t")
