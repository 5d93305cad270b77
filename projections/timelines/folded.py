"""Timelines folded on read, for many people at once (docs/time.md#reads-that-fold): under cutoffs
other than the default, a read loads the fact rows of all its candidates in a few chunked,
indexed queries and folds each person with the same pure rules as the projector
(``rules.claims.claim_states``, ``rules.timeline.build_timeline``); no query per person.

A person the cutoffs cannot touch is not folded at all (``settled``): when no merge into them was
recorded after ``asOf`` and every fact of theirs (and of everyone merged into them) was recorded by
``asOf`` and published by ``knownAt``, the fold sees exactly what the projector folded for the
default answer, with the same rules and organization tree, so their materialized stints and moves
are that answer (under the default ``minStatus`` and ``minSources``), or their rows under the
read's lens (one of the other lenses kept now, ``versions.LENSES``). Otherwise, under the default
lens, a fold sees the facts recorded by ``asOf`` (of the people merged into them by then) and
published by ``knownAt``; when that is every fact recorded by ``asOf``, it sees what their version
at ``asOf`` along recorded time folded; when it is every fact published by ``knownAt`` and no merge
was recorded after ``asOf``, what their version at ``knownAt`` along publication time folded
(``versions.py``). News recorded as it is published is the first case for a read with both moments
at one time: what we knew then, from what had been published by then.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import NamedTuple

from projections.claims.reads import fact_from_row, fact_rows_of_groups
from projections.db.adapter import Cursor
from projections.db.sql import marks, sql
from projections.directory.reads import CHUNK, merged_groups, survivors_of
from projections.model import Cutoffs
from projections.rules.claims import ClaimState, claim_states
from projections.rules.fold import Stint
from projections.rules.orgs import OrgTree
from projections.rules.timeline import build_timeline
from projections.timefmt import ts
from projections.timelines import sql as q
from projections.timelines import versions
from projections.timelines.stored import StoredStint
from projections.timelines.versions import Axis, kept

AnyStint = StoredStint | Stint

FIRST_BATCH = 64
"""People folded in the first batch of a paged read; each further batch is twice as large."""
BATCH = 500
"""At most this many people folded at once: their fact rows are all in memory meanwhile."""


class Folded(NamedTuple):
    claims: list[ClaimState]  # after ``build_timeline``: contested and corroboration are set
    stints: list[Stint]


class Split(NamedTuple):
    settled: dict[Axis | None, list[str]]  # survivors answered by their rows (None) or versions (an axis)
    groups: dict[str, list[str]]  # the others, each with the people merged into it by ``asOf``


def split(cur: Cursor, survivors: list[str], cutoffs: Cutoffs) -> Split:
    """Which survivors the cutoffs cannot touch, or touch along one axis only (see the module's
    docstring), and the others' groups."""
    as_of = ts(cutoffs.as_of) if cutoffs.as_of else None
    then = merged_groups(cur, survivors, as_of)
    default_lens = cutoffs.default_lens
    if not default_lens and not kept(cutoffs):
        return Split({}, then)
    now = merged_groups(cur, survivors, None) if as_of is not None else then
    owner = {person: survivor for survivor, ids in now.items() for person in ids}
    merged_late = {s for s in survivors if len(now[s]) != len(then[s])}  # a merge recorded after ``asOf``
    counted = {person for ids in then.values() for person in ids}  # merged by ``asOf``
    late: set[str] = set()  # a fact recorded after ``asOf``
    unpublished: set[str] = set()  # a fact published after ``knownAt``
    unseen: set[str] = set()  # a fact recorded by ``asOf`` (and counted by then) published after ``knownAt``
    unrecorded: set[str] = set()  # a fact published by ``knownAt`` recorded after ``asOf``
    known_at = ts(cutoffs.known_at) if cutoffs.known_at else None
    people = sorted(owner)
    bounds = [as_of or _NEVER, known_at or _NEVER]
    for begin in range(0, len(people), CHUNK):
        chunk = people[begin : begin + CHUNK]
        cur.execute(sql(q.LAST_TIMES, marks=marks(len(chunk))), [*bounds, *chunk])
        for person, recorded, published, published_by, recorded_by in cur.fetchall():
            survivor = owner[person]
            if as_of is not None and recorded > as_of:
                late.add(survivor)
            if known_at and published and published > known_at:
                unpublished.add(survivor)
            if known_at and person in counted and published_by and published_by > known_at:
                unseen.add(survivor)
            if as_of is not None and recorded_by and recorded_by > as_of:
                unrecorded.add(survivor)
    now_axis: Axis | None
    if default_lens:
        now_axis, recorded_axis, published_axis = None, versions.RECORDED, versions.PUBLICATION
    else:  # the other lenses have no versions along recorded time
        now_axis, recorded_axis, published_axis = versions.LENS, None, versions.LENS_PUBLICATION
    settled: dict[Axis | None, list[str]] = defaultdict(list)
    groups: dict[str, list[str]] = {}
    for survivor in survivors:
        if survivor not in late and survivor not in merged_late and survivor not in unpublished:
            settled[now_axis].append(survivor)
        elif recorded_axis and survivor not in unseen:  # the versions along recorded time count merges from theirs
            settled[recorded_axis].append(survivor)
        elif survivor not in unrecorded and survivor not in merged_late:
            settled[published_axis].append(survivor)
        else:
            groups[survivor] = then[survivor]
    return Split(dict(settled), groups)


_NEVER = "9999-12-31T23:59:59.999999Z"
"""A recorded or published time after every other (a bound a read does not set)."""


def fold_groups(
    cur: Cursor, groups: dict[str, list[str]], cutoffs: Cutoffs, tree: OrgTree
) -> Iterator[tuple[str, Folded]]:
    """Each survivor's claims and stints under ``cutoffs``, from one chunked read of the fact rows
    of its group (itself and the people merged into it by ``asOf``), one person at a time: a
    caller keeps only what it needs of each, so a batch's claims never pile up (holding them all
    made the cycle collector's full passes slow every fold: measured 1.5x on a headcount)."""
    rows = fact_rows_of_groups(cur, groups)
    for survivor in groups:
        claims = claim_states([fact_from_row(row) for row in rows.pop(survivor)], cutoffs)
        yield survivor, Folded(claims, build_timeline(claims, cutoffs, tree))


def stints_of_people(
    cur: Cursor, survivors: list[str], cutoffs: Cutoffs, tree: OrgTree, orgs: set[str] | None = None
) -> dict[str, list[AnyStint]]:
    """Each survivor's stints under ``cutoffs`` (only those at ``orgs`` if given): materialized
    for the settled, folded for the others."""
    found: dict[str, list[AnyStint]] = {survivor: [] for survivor in survivors}
    if orgs is not None and not orgs:
        return found
    settled, groups = split(cur, survivors, cutoffs)
    for axis, people in settled.items():
        parts, holds = (axis.parts, axis.params(cutoffs)) if axis is not None else ({}, [])
        for begin in range(0, len(people), CHUNK):
            chunk = people[begin : begin + CHUNK]
            if orgs is None:
                template = q.STINTS_OF_PEOPLE if axis is None else q.VERSION_STINTS_OF_PEOPLE
                cur.execute(sql(template, marks=marks(len(chunk)), **parts), [*chunk, *holds])
            else:  # everyone's rows at the organizations from the chunk's first to its last, kept for the chunk
                template = q.STINTS_AT_PEOPLE if axis is None else q.VERSION_STINTS_AT_PEOPLE
                params = [*sorted(orgs), min(chunk), max(chunk), *holds]
                cur.execute(sql(template, orgs=marks(len(orgs)), **parts), params)
            mine = set(chunk)
            for row in cur.fetchall():
                if row[0] in mine:
                    found[row[0]].append(StoredStint(row))
    for survivor, folded in fold_groups(cur, groups, cutoffs, tree):
        found[survivor] = [s for s in folded.stints if orgs is None or s.organization_id in orgs]
    return found


def candidates_at(cur: Cursor, orgs: list[str]) -> list[str]:
    """The survivors of everyone with a fact naming one of ``orgs`` (the ends of a move, an
    affiliation's organization), in id order: no one else can hold a stint there under any cutoffs."""
    cur.execute(sql(q.PEOPLE_WITH_FACTS_AT, marks=marks(len(orgs))), orgs + orgs + orgs)
    rows = cur.fetchall()
    merged = [person for person, into in rows if into is not None]  # their survivors are the candidates
    return sorted({person for person, into in rows if into is None} | set(survivors_of(cur, merged).values()))


def candidate_pages(cur: Cursor, orgs: list[str], after: str, size: int) -> Iterator[list[str]]:
    """``candidates_at``, after ``after``, a batch at a time: each arm of each organization read
    along its index from the last batch on, at most ``size`` people, and the batch cut where a full
    read stopped (the frontier: everyone up to it is complete) and at ``size`` people; the
    survivors of the people merged away come from the merges. Doubles ``size`` (up to ``BATCH``)
    at each batch."""
    cur.execute(sql(q.MERGED_AWAY_AT, marks=marks(len(orgs))), orgs + orgs + orgs)
    away = {row[0] for row in cur.fetchall()}
    merged = sorted(set(survivors_of(cur, sorted(away)).values()))
    while True:
        found = {survivor for survivor in merged if survivor > after}
        frontier: str | None = None
        for org in orgs:
            for statement in q.PEOPLE_AT_AFTER.values():
                cur.execute(sql(statement), (org, after, size))
                rows = [row[0] for row in cur.fetchall()]
                found.update(rows)
                if len(rows) == size and (frontier is None or rows[-1] < frontier):
                    frontier = rows[-1]
        batch = sorted(p for p in found - away if frontier is None or p <= frontier)
        if len(batch) > size:  # many arms: no more than ``size`` a batch
            batch, frontier = batch[:size], batch[size - 1]
        if batch:
            yield batch
        if frontier is None:
            return
        after, size = frontier, min(size * 2, BATCH)


def folded_at(
    cur: Cursor, orgs: list[str], cutoffs: Cutoffs, tree: OrgTree, *, after: str = "", paged: bool = False
) -> Iterator[tuple[str, list[AnyStint]]]:
    """Each candidate after ``after`` (in id order) with their stints at ``orgs`` under ``cutoffs``.
    ``paged`` reads the candidates a small batch at a time and doubles it (up to ``BATCH``) while
    the caller asks for more, so a page of a roster reads and folds about as many people as it
    needs; otherwise every candidate first, ``BATCH`` at a time."""
    wanted = set(orgs)
    if paged:
        batches = candidate_pages(cur, orgs, after, FIRST_BATCH)
    else:
        people = [p for p in candidates_at(cur, orgs) if p > after]
        batches = (people[begin : begin + BATCH] for begin in range(0, len(people), BATCH))
    for batch in batches:
        found = stints_of_people(cur, batch, cutoffs, tree, wanted)
        for person in batch:
            yield person, found.pop(person)
