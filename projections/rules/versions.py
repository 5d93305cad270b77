"""A person's answers on both time axes at once: versions as bitemporal rectangles
(docs/time.md#versions).

Under the default lens a person's answer depends on the read's ``asOf`` and ``knownAt`` only
through the set of their facts that are visible (recorded by ``asOf``, and published by
``knownAt`` when they rest on a source) and the people merged into them by ``asOf``. So it is
piecewise constant: it changes along recorded time only where one of their facts (or a merge into
them) was recorded, and along publication time only where one of their reports was published. The
sweep below walks the recorded times in order and, at each, the publication times of the facts
visible then, folds the cells that the new facts can change with the same rules as every other read
(``fold``), and returns each maximal answer with the rectangle it holds over:
``[known_from, known_until) x [recorded_from, recorded_until)`` (``None``: unbounded on that side).

A fact recorded at ``r`` and published at ``p`` can change only the cells with ``knownAt >= p``
(all of them when it rests on no source), so news recorded in publication order costs one fold per
recorded time, and a backfill one fold per later publication time it reaches.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, TypeVar

from projections.rules.claims import Fact

A = TypeVar("A", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Version(Generic[A]):
    """``answer`` for every ``knownAt`` in ``[known_from, known_until)`` and every ``asOf`` in
    ``[recorded_from, recorded_until)``; ``None`` is unbounded (before any time, or forever)."""

    known_from: datetime | None
    known_until: datetime | None
    recorded_from: datetime
    recorded_until: datetime | None
    answer: A


BEFORE_ANY = datetime.min.replace(tzinfo=UTC)
"""A ``knownAt`` before every publication time (of the cell before the first one)."""



def sweep(
    facts: Sequence[Fact], joined: Mapping[str, datetime], fold: Callable[[list[Fact], datetime], A], empty: A
) -> list[Version[A]]:
    """Every version of the answer ``fold(facts, known_at)`` gives: ``facts`` those recorded by
    then (in their order), ``known_at`` the first moment of the cell (``BEFORE_ANY`` for the cell
    before every publication), under which the rules' own ``visible`` leaves out the reports
    published later (a claim whose creating report is not yet published exists only through
    reports that are: leaving its facts out beforehand would lose it).

    ``joined`` gives, for each person merged into the one answered for, when the merge counts from
    (the latest merge recorded on their way to the survivor): their facts count from then on.
    ``empty`` is the answer with no visible fact; no version is returned for it."""
    visible_from = [max(f.recorded_at, joined[f.person_id]) if f.person_id in joined else f.recorded_at
                    for f in facts]
    steps = sorted(set(visible_from))
    open_cells: dict[tuple[datetime | None, datetime | None, A], datetime] = {}
    versions: list[Version[A]] = []
    cells: list[tuple[datetime | None, datetime | None, A]] = []  # publication time's partition, [from, until)
    published: list[datetime] = []  # the publication times of the facts visible, sorted
    for recorded in steps:
        arriving = [f for f, at in zip(facts, visible_from, strict=True) if at == recorded]
        unsourced = any(f.published_at is None for f in arriving)
        published = sorted({*published, *(f.published_at for f in arriving if f.published_at is not None)})
        lowest = None if unsourced else min(f.published_at for f in arriving if f.published_at is not None)
        shown = [f for f, at in zip(facts, visible_from, strict=True) if at <= recorded]
        bounds: list[datetime | None] = [None, *published]
        fresh: list[tuple[datetime | None, datetime | None, A]] = []
        for k, known_from in enumerate(bounds):
            known_until = bounds[k + 1] if k + 1 < len(bounds) else None
            if lowest is not None and (known_from is None or known_from < lowest):
                answer = _answer_at(cells, known_from, empty)  # the new facts are not published yet
            else:
                answer = fold(shown, known_from if known_from is not None else BEFORE_ANY)
            if fresh and fresh[-1][2] == answer:
                fresh[-1] = (fresh[-1][0], known_until, answer)
            else:
                fresh.append((known_from, known_until, answer))
        kept = set(fresh)
        for cell, since in list(open_cells.items()):
            if cell not in kept:
                del open_cells[cell]
                versions.append(Version(cell[0], cell[1], since, recorded, cell[2]))
        for cell in fresh:
            if cell not in open_cells and cell[2] != empty:
                open_cells[cell] = recorded
        cells = fresh
    versions += [Version(c[0], c[1], since, None, c[2]) for c, since in open_cells.items()]
    return versions


def _answer_at(cells: list[tuple[datetime | None, datetime | None, A]], known: datetime | None, empty: A) -> A:
    """The answer the previous partition gives at publication time ``known`` (None: before any)."""
    for known_from, known_until, answer in cells:
        if (known_from is None or (known is not None and known_from <= known)) and (
            known_until is None or known is None or known < known_until
        ):
            return answer
    return empty
