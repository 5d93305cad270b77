"""A publisher's track record: its calls, how each ended, and how often they turn out true.

Pure: given the fact rows of every claim the publisher reported on (grouped by claim, each
claim's rows in position order) and the read's cutoffs, fold them in one pass
(``docs/rules.md#track-record``). Times stay the fixed-width UTC text the read models store
(``projections/timefmt.ts``), so the cutoffs are text comparisons and only the two moments of a
confirmed call's lead are parsed.
"""

from __future__ import annotations

import enum
import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

POSITIVE = frozenset({"RUMOURED", "REPORTED", "CONFIRMED"})
CORROBORATING = frozenset({"REPORTED", "CONFIRMED"})  # a rumour from another publisher confirms nothing
REPORTS = frozenset({"reported", "report"})  # the fact rows that add a report
Z95 = 1.959963984540054  # the standard normal quantile of 0.975
DAY_SECONDS = 86400.0


class Outcome(enum.Enum):
    CONFIRMED = "CONFIRMED"
    DENIED = "DENIED"
    RETRACTED = "RETRACTED"
    PENDING = "PENDING"


class Row(NamedTuple):
    """One fact row of a claim, as the track record reads it (times as stored text)."""

    claim_id: str
    fact: str  # reported, report, corrected, retracted
    recorded_at: str
    published_at: str | None
    status: str | None
    publisher: str | None  # the independence key: the cited publisher's, for a relaying report
    source_id: str | None


@dataclass(frozen=True, slots=True)
class Call:
    """A publisher's first positive report on a claim, and how the claim ended for it."""

    claim_id: str
    source_id: str
    published_at: str
    outcome: Outcome
    lead_days: float | None  # confirmed calls only: days to the first other publisher's report


@dataclass(frozen=True, slots=True)
class TrackRecord:
    calls: int
    confirmed: int
    denied: int
    retracted: int
    pending: int
    hit_rate: float | None
    hit_rate_low: float | None
    hit_rate_high: float | None
    median_lead_days: float | None


def publisher_key(name: str) -> str:
    """The key a publisher's reports carry (``docs/rules.md#independent-sources``: case ignored)."""
    return name.strip().casefold()


def calls_of(key: str, rows: Iterable[Row], as_of: str | None, known_at: str | None) -> list[Call]:
    """The publisher's calls under the cutoffs (``as_of``/``known_at`` as stored text, or None).
    ``rows``: the fact rows of the claims it reported on, grouped by claim, in position order."""
    keys = (key,)
    calls = []
    for _, claim_rows in groupby(rows, key=itemgetter(0)):
        calls += [call for _, call in claim_calls(claim_rows, as_of, known_at, keys)]
    return calls


def claim_calls(
    rows: Iterable[Row], as_of: str | None = None, known_at: str | None = None, keys: Iterable[str] | None = None
) -> list[tuple[str, Call]]:
    """The calls on one claim (its rows in position order) of the publishers ``keys`` (default:
    every publisher with a positive report on it), under the cutoffs, each with its publisher."""
    reports: list[Row] = []
    retracted = False
    for row in rows:
        if as_of is not None and row.recorded_at > as_of:
            continue  # not recorded yet for this read: it does not exist
        published = row.published_at
        if known_at is not None and published is not None and published > known_at:
            continue  # not published yet (a retraction without a source is editorial: always seen)
        fact = row.fact
        if fact == "retracted":
            retracted = True
        elif fact in REPORTS:
            reports.append(row)
    if len(reports) == 1:  # most claims: one report, and no one else to resolve it
        only = reports[0]
        if only.status not in POSITIVE or not only.publisher or (keys is not None and only.publisher not in keys):
            return []
        assert only.published_at is not None and only.source_id is not None
        outcome = Outcome.RETRACTED if retracted else Outcome.PENDING
        return [(only.publisher, Call(only.claim_id, only.source_id, only.published_at, outcome, None))]
    # Rows come in position order; a stable sort by publication keeps recorded order for ties.
    reports.sort(key=_published)
    if keys is None:
        keys = sorted({r.publisher for r in reports if r.status in POSITIVE and r.publisher})
    found = []
    for key in keys:
        call = next((r for r in reports if r.publisher == key and r.status in POSITIVE), None)
        if call is None:
            continue
        assert call.published_at is not None and call.source_id is not None
        outcome, lead = _outcome(call, [r for r in reports if r.publisher != key], retracted)
        found.append((key, Call(call.claim_id, call.source_id, call.published_at, outcome, lead)))
    return found


def _published(row: Row) -> str:
    return row.published_at or ""


def _outcome(call: Row, others: list[Row], retracted: bool) -> tuple[Outcome, float | None]:
    """Only other publishers' reports (and editors' retractions) resolve a call: the claim's
    status as they make it (``docs/rules.md#status``), the caller's own reports left out.
    ``others``: in publication order."""
    if retracted:
        return Outcome.RETRACTED, None
    if not others:
        return Outcome.PENDING, None
    if others[-1].status == "DENIED":
        return Outcome.DENIED, None
    # Positive (the latest other report is not a denial): confirmed by a REPORTED or CONFIRMED one.
    first = next((r for r in others if r.status in CORROBORATING), None)
    if first is None:
        return Outcome.PENDING, None
    return Outcome.CONFIRMED, _days(call.published_at, first.published_at)


def _days(start: str | None, end: str | None) -> float:
    assert start is not None and end is not None
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() / DAY_SECONDS


def record_of(calls: Iterable[Call]) -> TrackRecord:
    """Counts by outcome, the hit rate over resolved calls with its Wilson 95% interval, and the
    median lead of the confirmed calls."""
    counts = dict.fromkeys(Outcome, 0)
    leads = []
    for call in calls:
        counts[call.outcome] += 1
        if call.lead_days is not None:
            leads.append(call.lead_days)
    return record_of_counts(counts, leads)


def record_of_counts(counts: Mapping[Outcome, int], leads: Sequence[float]) -> TrackRecord:
    """The record from the calls counted by outcome and the confirmed calls' leads."""
    confirmed, denied, retracted = (counts.get(o, 0) for o in (Outcome.CONFIRMED, Outcome.DENIED, Outcome.RETRACTED))
    resolved = confirmed + denied + retracted
    interval = wilson(confirmed, resolved)
    return TrackRecord(
        calls=sum(counts.values()), confirmed=confirmed, denied=denied, retracted=retracted,
        pending=counts.get(Outcome.PENDING, 0), hit_rate=confirmed / resolved if resolved else None,
        hit_rate_low=interval[0] if interval else None, hit_rate_high=interval[1] if interval else None,
        median_lead_days=statistics.median(leads) if leads else None,
    )


def wilson(successes: int, trials: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval of a proportion (None without trials); it stays inside [0, 1]
    and, unlike the normal approximation, is not empty at 0 or n successes."""
    if trials <= 0:
        return None
    p = successes / trials
    z2 = z * z
    centre = p + z2 / (2 * trials)
    spread = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials))
    denominator = 1 + z2 / trials
    return max(0.0, (centre - spread) / denominator), min(1.0, (centre + spread) / denominator)
