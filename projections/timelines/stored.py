"""A stint's bounds as stored with its materialized row (one JSON text column), so the default
reads show them without folding: ``[start, end, anomalies]``, each side ``[earliest, latest,
[[kind, date, claim, source], ...]]`` with ISO days; a stored stint row as the reads see it
(``StoredStint``); and the stored columns of the stints a person's fold makes (``Encoder``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import msgspec

from events.base import ClaimStatus
from events.fuzzydate import FuzzyDate
from projections.model import BoundReason, Certainty, DateBounds
from projections.rules.beliefs import Snapshot
from projections.rules.bounds import certainty_on
from projections.rules.sides import Resolved
from projections.rules.stint import Stint
from projections.timefmt import day, parse_day


def _side(bounds: DateBounds) -> list[Any]:
    return [bounds.earliest, bounds.latest, [[r.kind, r.date, r.claim_id, r.source_id] for r in bounds.reasons]]


_ENCODED: dict[tuple[int, int], tuple[Resolved, Resolved, str]] = {}
"""The text of the latest bounds encoded. Settled bounds are shared and never changed
(``rules/stint._settled``), and the versions' sweeps encode the same stints at many moments; the
entry holds the bounds themselves, so their ids cannot be reused while it stands."""


def encode_bounds(stint: Stint) -> str:
    """The stint's two sides' bounds and its anomalies, as JSON text."""
    start, end = stint.start_bounds, stint.end_bounds
    found = _ENCODED.get((id(start), id(end)))
    if found is not None and found[0] is start and found[1] is end:
        return found[2]
    text = msgspec.json.encode([_side(start.view()), _side(end.view()), stint.anomalies]).decode()
    if len(_ENCODED) >= 4096:
        _ENCODED.clear()
    _ENCODED[id(start), id(end)] = (start, end, text)
    return text


class Encoder:
    """Stints' stored columns (after the sequence number: ``timelines/materialize._items``) and
    their belief snapshots (``rules.beliefs.snapshots``), remembered for one person's fold by the
    objects they are made of. The versions' sweeps fold a person's timeline at every moment of an
    axis, and most stints come out of each fold made of the same objects as before: the same claim
    states (a fold makes new ones only for the claims it refolds; a state's reports and status
    never change once folded), dates and bounds (shared, never changed: ``rules/stint._settled``).
    An entry holds those objects, so their ids are not reused while the encoder stands; one per
    person, so nothing outlives the fold (long-lived objects slow the cycle collector's passes)."""

    def __init__(self) -> None:
        self._seen: dict[tuple[Any, ...], tuple[tuple[Any, ...], Snapshot, tuple[Any, ...]]] = {}

    def columns(self, s: Stint) -> tuple[Any, ...]:
        return self._encoded(s)[0]

    def snapshots(self, stints: list[Stint]) -> list[Snapshot]:
        return [self._encoded(s)[1] for s in stints]

    def _encoded(self, s: Stint) -> tuple[tuple[Any, ...], Snapshot, tuple[Any, ...]]:
        key = (s.organization_id, s.role, s.observed, s.possible_from, s.certain_from, s.certain_until,
               s.possible_until, id(s.start), id(s.end), id(s.start_bounds), id(s.end_bounds),
               *map(id, s.start_claims), 0, *map(id, s.end_claims), 0, *map(id, s.affiliation_claims))
        found = self._seen.get(key)
        if found is None:
            start, end, status = s.start.value if s.start else None, s.end.value if s.end else None, s.status.value
            days = (day(s.possible_from), day(s.certain_from), day(s.certain_until), day(s.possible_until))
            claim_ids, source_ids = s.claim_ids, s.source_ids
            columns = (s.organization_id, s.role, start, end, status, *days, _json(claim_ids), _json(source_ids),
                       int(s.observed), encode_bounds(s))
            snapshot: Snapshot = (s.organization_id, s.role, start, end, status, *days, tuple(claim_ids),
                                  tuple(source_ids))
            made_of = (*s.start_claims, *s.end_claims, *s.affiliation_claims, s.start, s.end, s.start_bounds,
                       s.end_bounds)  # the objects themselves, whatever becomes of the stint's lists
            found = self._seen[key] = (columns, snapshot, made_of)
        return found


def _json(value: Any) -> str:
    return msgspec.json.encode(value).decode()


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _read_side(value: list[Any]) -> DateBounds:
    earliest, latest, reasons = value
    return DateBounds(_day(earliest), _day(latest),
                      [BoundReason(k, date.fromisoformat(d), c, s) for k, d, c, s in reasons])


def decode_bounds(text: str) -> tuple[DateBounds, DateBounds, list[str]]:
    """``(start, end, anomalies)`` from ``encode_bounds``'s text (an empty list: none stored)."""
    value = msgspec.json.decode(text)
    if not value:
        return DateBounds(), DateBounds(), []
    return _read_side(value[0]), _read_side(value[1]), list(value[2])


class StoredStint:
    """A materialized stint row (``STINT_COLUMNS``), with the date bounds the projector computed."""

    def __init__(self, row: Sequence[Any]) -> None:
        (self.person_id, self.org_id, self.role, start, end, status, pf, cf, cu, pu, claims, sources, observed,
         bounds) = row
        self.start = FuzzyDate.parse(start) if start else None
        self.end = FuzzyDate.parse(end) if end else None
        self.status = ClaimStatus(status)
        self.possible_from, self.certain_from = parse_day(pf), parse_day(cf)
        self.certain_until, self.possible_until = parse_day(cu), parse_day(pu)
        self.claim_ids: list[str] = msgspec.json.decode(claims)
        self.source_ids: list[str] = msgspec.json.decode(sources)
        self.observed = bool(observed)
        self.bounds = bounds  # decoded only when a view is made (rosters and headcount need none)

    def views(self) -> tuple[DateBounds, DateBounds, list[str]]:
        return decode_bounds(self.bounds)

    @property
    def organization_id(self) -> str:
        return self.org_id

    def certainty(self, on: date) -> Certainty | None:
        return certainty_on(self, on)
