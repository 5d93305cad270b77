"""The claims' reads: claims by id, of a person, of a source, with their reports."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from projections.claims import sql as q
from projections.claims.reads import claim_view, claims_by_ids, claims_of, with_stored_contested
from projections.db.adapter import Database
from projections.db.sql import LIVE, marks, sql
from projections.directory.reads import merged_ids, survivor
from projections.model import DEFAULT_CUTOFFS, ClaimView


def _after(items: Sequence[Any], key: Any, after: Any, first: int | None) -> list[Any]:
    """The ``first`` items that follow the one whose ``key`` is ``after`` (all when ``first`` is
    None); nothing follows an ``after`` that is not in the list."""
    start = 0
    if after is not None:
        keys = [key(item) for item in items]
        start = keys.index(after) + 1 if after in keys else len(items)
    return list(items[start:] if first is None else items[start : start + first])


class ClaimQueries:
    def __init__(self, db: Database) -> None:
        self.db = db

    def claims_by_ids(self, claim_ids: Iterable[str]) -> dict[str, ClaimView]:
        """Many claims in two reads (their facts, their ``contested`` flags); unknown ids are left out."""
        with self.db.read() as cur:
            claims = with_stored_contested(cur, claims_by_ids(cur, sorted(set(claim_ids)), DEFAULT_CUTOFFS))
        return {c.id: claim_view(c) for c in claims}

    def claims_of_person(self, person_id: str, first: int | None = None, after: str | None = None) -> list[ClaimView]:
        """Claims about the person (and merged duplicates), whatever their status, in effective-date
        order: the ``first`` after the claim ``after`` (every one when ``first`` is None)."""
        with self.db.read() as cur:
            found = survivor(cur, person_id)
            if found is None:
                return []
            claims = claims_of(cur, found, DEFAULT_CUTOFFS)
            claims.sort(key=lambda c: (c.effective.earliest, c.first_position))
            page = with_stored_contested(cur, _after(claims, lambda c: c.id, after, first))
        return [claim_view(c) for c in page]

    def claim_count_of_person(self, person_id: str) -> int:
        """How many claims are about the person and their merged duplicates."""
        with self.db.read() as cur:
            found = survivor(cur, person_id)
            if found is None:
                return 0
            ids = merged_ids(cur, LIVE, found, None)
            cur.execute(sql(q.CLAIM_COUNT_OF_PEOPLE, marks=marks(len(ids))), ids)
            return int(cur.fetchone()[0])

    def claims_of_source(self, source_id: str, first: int | None = None, after: str | None = None) -> list[ClaimView]:
        """Claims the source reported on, whatever their status, in id order: the ``first`` after
        the claim ``after`` (every one when ``first`` is None), read in one page."""
        params: list[Any] = [source_id, after or ""]
        with self.db.read() as cur:
            cur.execute(sql(q.CLAIMS_OF_SOURCE) + (" LIMIT ?" if first is not None else ""),
                        params + ([first] if first is not None else []))
            ids = [row[0] for row in cur.fetchall()]
        found = self.claims_by_ids(ids)
        return [found[i] for i in ids if i in found]

    def claim_count_of_source(self, source_id: str) -> int:
        """How many claims the source reported on."""
        with self.db.read() as cur:
            cur.execute(sql(q.CLAIM_COUNT_OF_SOURCE), (source_id,))
            return int(cur.fetchone()[0])
