"""Horizons (docs/time.md#horizons): when a read with both moments sees what a read with one of
them sees, so that it is answered from that moment's versions, with no fold.

A read under ``asOf`` and ``knownAt`` sees the facts recorded by ``asOf`` and published by
``knownAt`` (unsourced ones at every ``knownAt``), and the merges recorded by ``asOf``. Two
staircases over every fact, one step per time the running maximum rises, say in one indexed
lookup whether one moment hides nothing the other lets through:

- axis ``r``: the latest publication of the facts recorded by ``at``. When that is no later than
  ``knownAt`` at ``asOf``, every fact recorded by ``asOf`` was published by ``knownAt``: the read
  is ``asOf``'s alone (``RECORDED`` versions). News recorded after it is published meets this
  whenever ``asOf`` is no later than ``knownAt``: "what we showed then".
- axis ``p``: the latest recording of the facts published by ``at`` (and of the unsourced facts
  and merges, at ``''``). When that is no later than ``asOf`` at ``knownAt``, everything a
  ``knownAt`` alone would see was recorded by ``asOf``: the read is ``knownAt``'s alone
  (``PUBLICATION`` versions).

The same lookups drop a moment from a read under another lens when it hides nothing: a ``knownAt``
after every publication of what is recorded (by ``asOf``, if set), an ``asOf`` after every
recording of what is published (by ``knownAt``, if set). A kept lens reads its versions along
publication time: the last ones without a moment, those holding then with a ``knownAt`` alone
(``timelines/versions.LENSES``).

Otherwise the read folds the people the moments split (``timelines/folded.py``). The steps are
kept live by the fact and merge handlers; a rebuild's bulk load (and the migration that made the
table) computes them from every fact and merge at once (``fill``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from projections.claims import sql as q
from projections.db.adapter import Cursor
from projections.db.sql import LIVE, sql
from projections.db.writer import Writer
from projections.model import Cutoffs
from projections.timefmt import ts
from projections.timelines.versions import versioned

RECORDED, PUBLISHED = "r", "p"


def fact_added(w: Writer, recorded: str, published: str | None) -> None:
    """Note a projected fact's points, for ``apply`` at the end of the page."""
    if published is not None:
        w.horizon_points.append((RECORDED, recorded, published))
    w.horizon_points.append((PUBLISHED, published or "", recorded))


def merge_added(w: Writer, recorded: str) -> None:
    """Note a projected merge's point (seen at every ``knownAt``)."""
    w.horizon_points.append((PUBLISHED, "", recorded))


def apply(w: Writer) -> None:
    """Add the page's points to the staircases: of each axis, the page's own steps only (a point
    another of the page covers changes nothing), each dropping the steps it covers, then added
    unless a step covers it. At the end of the page: the deletes would otherwise break up the
    batches of the page's inserts (``BatchingCursor``)."""
    points, w.horizon_points = w.horizon_points, []
    for axis in (RECORDED, PUBLISHED):
        for at, latest in steps(sorted((at, latest) for kind, at, latest in points if kind == axis)):
            w.execute(q.HORIZON_COVERED, (axis, at, latest))
            w.execute(q.HORIZON_ADD, (axis, at, latest, axis, at, latest))


def steps(points: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """The staircase of ``points`` in order of ``at``, then ``latest``: each point above every
    earlier one, the highest of each ``at`` (what ``FILL_HORIZON`` computes in SQL)."""
    best: tuple[str, str] | None = None
    for at, latest in points:
        if best is not None and latest <= best[1]:
            continue
        if best is not None and best[0] != at:
            yield best
        best = (at, latest)
    if best is not None:
        yield best


def fill(cur: Cursor, prefix: str) -> None:
    """Both staircases from every fact and merge, into the empty ``horizons`` under ``prefix``."""
    for statement in q.FILL_HORIZON.values():
        cur.execute(sql(statement, prefix))


def narrow(cur: Cursor, cutoffs: Cutoffs) -> Cutoffs:
    """``cutoffs`` without a moment that hides nothing the other (or everything so far) lets
    through (see the module's docstring), for the reads that would fold: both moments, a kept lens
    with an ``asOf``, or a lens not kept with a moment. The default read and the versioned ones
    (``timelines/versions.axis_of``) are answered without a fold already: they cost no lookup."""
    if (cutoffs.as_of is None and cutoffs.known_at is None) or versioned(cutoffs):
        return cutoffs
    if cutoffs.known_at is not None:
        recorded_by = ts(cutoffs.as_of) if cutoffs.as_of else _AFTER_ALL
        if _latest(cur, RECORDED, recorded_by) <= ts(cutoffs.known_at):
            cutoffs = dataclasses.replace(cutoffs, known_at=None)
    if cutoffs.as_of is not None:
        published_by = ts(cutoffs.known_at) if cutoffs.known_at else _AFTER_ALL
        if _latest(cur, PUBLISHED, published_by) <= ts(cutoffs.as_of):
            cutoffs = dataclasses.replace(cutoffs, as_of=None)
    return cutoffs


_AFTER_ALL = "~"
"""A time after every other (fixed-width text: ``~`` sorts after digits)."""


def _latest(cur: Cursor, axis: str, at: str) -> str:
    cur.execute(sql(q.HORIZON, LIVE), (axis, at))
    row = cur.fetchone()
    return row[0] if row else ""
