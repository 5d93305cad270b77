"""The rules of the aggregates (``projections/README.md``, headcount and flows), pure: which
months a headcount counts and who is counted in them, which moves count as flows and how units
roll up to their companies."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from projections.model import Cutoffs, Flow
from projections.rules.claims import ClaimState
from projections.rules.orgs import OrgTree

Bounds = tuple[Any, Any, Any, Any]  # possible_from, certain_from, certain_until, possible_until


def months(start: date, end: date) -> list[date]:
    """The first days of the months from ``start`` to ``end`` (the calendar ends in 9999)."""
    found = []
    year, month = start.year, start.month + (start.day > 1)
    while (year, month) <= (end.year, end.month) and year <= date.max.year:
        if month > 12:
            year, month = year + 1, 1
            continue
        found.append(date(year, month, 1))
        month += 1
    return found


def headcount(days: Sequence[Any], bounds: Mapping[str, Iterable[Bounds]]) -> tuple[list[int], list[int]]:
    """On each of ``days`` (sorted; dates, or ISO text compared with text bounds), how many people
    are certainly there and how many at least possibly there (so certain <= possible); a person
    with several stints counts once."""
    certain, possible = [0] * len(days), [0] * len(days)
    for person_bounds in bounds.values():
        # Per person, mark the days each stint covers (found by bisection), then count once.
        marked = bytearray(len(days))  # 0 absent, 1 possibly there, 2 certainly there
        for possible_from, certain_from, certain_until, possible_until in person_bounds:
            for i in range(bisect_left(days, possible_from), bisect_right(days, possible_until)):
                marked[i] = max(marked[i], 1)
            for i in range(bisect_left(days, certain_from), bisect_right(days, certain_until)):
                marked[i] = 2
        for i, mark in enumerate(marked):
            if mark:
                possible[i] += 1
                certain[i] += mark == 2
    return certain, possible


def counted_moves(claims: Iterable[ClaimState], cutoffs: Cutoffs) -> list[ClaimState]:
    """The claims that move the person from one organization to another and count: uncontested
    (call after ``build_timeline``, which marks the losers of conflicts) and at least the read's
    status and sources."""
    return [c for c in claims if c.from_id and c.to_id and not c.contested and c.counts(cutoffs)]


def flows(moves: Iterable[tuple[str, str, str]], orgs: OrgTree) -> list[Flow]:
    """People per (company, company) pair from ``(person, from, to)`` moves, units rolled up and
    moves inside one company left out; the largest flows first, then by the pair."""
    people: dict[tuple[str, str], set[str]] = defaultdict(set)
    for person_id, from_id, to_id in moves:
        source, target = orgs.root(from_id), orgs.root(to_id)
        if source != target:
            people[(source, target)].add(person_id)
    ranked = sorted(people.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [Flow(f, t, len(p), sorted(p)) for (f, t), p in ranked]
