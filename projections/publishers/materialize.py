"""The ``calls`` table: every publisher's calls under the default cutoffs, recomputed from a
claim's fact rows by the same rule a read with cutoffs folds (``rules/track_record.py``).

Live (and when a rebuild replays event by event) each claim event recomputes its claim's calls;
a rebuild's bulk load, whose tables have no index yet, leaves them to ``fill``, which folds every
claim once the facts are indexed, a range of claims at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import groupby
from operator import itemgetter
from typing import Any

from events.claim import Claim
from projections.claims.handlers import HANDLERS as CLAIM_EVENTS
from projections.db.adapter import Database
from projections.db.writer import Writer, public
from projections.publishers import sql
from projections.rules.track_record import Row, claim_calls

FILL_RANGE = 20_000  # fact rows read at a time by ``fill``


def call_rows(claim_rows: Iterable[Row]) -> list[tuple[Any, ...]]:
    """The ``calls`` rows of one claim: one per publisher with a positive report on it."""
    return [(call.claim_id, key, call.published_at, call.source_id, call.outcome.value, call.lead_days)
            for key, call in claim_calls(claim_rows)]


def claim_changed(w: Writer, e: Claim.Event, position: int) -> None:
    """Recompute the calls on the event's claim (its fact row is written: handlers run in order)."""
    if not w.track_touched:
        return  # a rebuild's bulk load: ``fill`` computes every claim's calls once indexed
    claim_id = public(e.originator_id)
    w.execute(sql.FACTS_OF_CLAIM, (claim_id,))
    rows = call_rows(map(Row._make, w.fetchall()))
    w.execute(sql.FORGET_CALLS, (claim_id,))
    w.executemany(sql.INSERT_CALL, rows)


def fill(db: Database, prefix: str, batch: int = FILL_RANGE) -> int:
    """Compute every claim's calls into the empty ``calls`` table under ``prefix``, a transaction
    per range of claims (the writers of the event store are never held up long); how many."""
    last: str | None = ""
    written = 0
    while last is not None:
        with db.transaction() as cur:
            last, count = _fill_range(Writer(cur, prefix), last, batch)
        written += count
    return written


def _fill_range(w: Writer, after: str, batch: int) -> tuple[str | None, int]:
    w.execute(sql.CLAIMS_AFTER, (after, batch))
    ids = [row[0] for row in w.fetchall()]
    if not ids:
        return None, 0
    w.execute(sql.FACTS_OF_CLAIM_RANGE, (after, ids[-1]))
    found = _calls_of_claims(Row._make(r) for r in w.fetchall())
    w.executemany(sql.INSERT_CALL, found)
    w.flush()
    return ids[-1], len(found)


def _calls_of_claims(rows: Iterable[Row]) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    for _, claim_rows in groupby(rows, key=itemgetter(0)):
        found += call_rows(claim_rows)
    return found


# Every claim event but a correction (which names no report) changes what the calls see.
HANDLERS: dict[type[Any], Callable[[Writer, Any, int], None]] = {
    kind: claim_changed for kind in CLAIM_EVENTS if kind is not Claim.Corrected
}
