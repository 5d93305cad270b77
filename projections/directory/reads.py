"""What the other read models ask the directory inside their own reads: who survives a merge,
who was merged into whom, the organizations' tree, rows and aliases by id."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from events.base import MAX_CHAIN, Alias
from projections.db.adapter import Cursor
from projections.db.sql import LIVE, TRACKED_POSITION, marks, sql
from projections.directory import sql as q
from projections.rules.orgs import OrgTree
from projections.timefmt import parse_ts

CHUNK = 500  # ids per ``IN (...)`` list: keeps a statement small


def survivor_of(cur: Cursor, prefix: str, person_id: str) -> str:
    """The person ``person_id`` was merged into, transitively (itself if never merged)."""
    current = person_id
    for _ in range(MAX_CHAIN):
        cur.execute(sql(q.MERGED_INTO, prefix), (current,))
        row = cur.fetchone()
        if row is None or row[0] is None:
            return current
        current = row[0]
    return current


def survivor(cur: Cursor, person_id: str) -> str | None:
    """The survivor of a known person; None for an id that names nobody."""
    cur.execute(sql(q.PERSON_EXISTS), (person_id,))
    return survivor_of(cur, LIVE, person_id) if cur.fetchone() else None


def merged_ids(cur: Cursor, prefix: str, survivor: str, as_of: str | None) -> list[str]:
    """The survivor and every person merged into it (transitively), by ``as_of`` if given."""
    ids, frontier = [survivor], [survivor]
    while frontier:
        template = q.DUPLICATES_OF + (q.DUPLICATES_BY if as_of is not None else "")
        params: list[str] = [*frontier, *([as_of] if as_of is not None else [])]
        cur.execute(sql(template, prefix, marks=marks(len(frontier))), params)
        frontier = [row[0] for row in cur.fetchall() if row[0] not in ids]
        ids.extend(frontier)
    return ids


def counting_from(cur: Cursor, prefix: str, ids: list[str]) -> dict[str, datetime]:
    """For a survivor and the people merged into it (``merged_ids``), when each duplicate's facts
    start counting for the survivor under an ``asOf``: the latest recording of the merges leading
    from it to the survivor (``merged_ids`` with ``as_of`` finds it from then on)."""
    if len(ids) < 2:
        return {}
    cur.execute(sql(q.MERGES_OF, prefix, marks=marks(len(ids))), ids)
    into = {duplicate: (survivor, parse_ts(recorded)) for duplicate, survivor, recorded in cur.fetchall()}
    found: dict[str, datetime] = {}
    for duplicate in into:
        person, latest = duplicate, into[duplicate][1]
        while person in into:  # up the chain to the survivor
            person, recorded = into[person]
            latest = max(latest, recorded)
        found[duplicate] = latest
    return found


def survivors_of(cur: Cursor, people: list[str]) -> dict[str, str]:
    """``survivor_of`` for many people at once: a few chunked queries per step of the chains."""
    found = {person: person for person in people}
    pending = sorted(set(people))
    for _ in range(MAX_CHAIN):
        into: dict[str, str] = {}
        for begin in range(0, len(pending), CHUNK):
            chunk = pending[begin : begin + CHUNK]
            cur.execute(sql(q.MERGED_INTO_MANY, marks=marks(len(chunk))), chunk)
            into.update((row[0], row[1]) for row in cur.fetchall())
        if not into:
            break
        for person, current in found.items():
            if current in into:
                found[person] = into[current]
        pending = sorted(set(into.values()))
    return found


def merged_groups(cur: Cursor, survivors: list[str], as_of: str | None) -> dict[str, list[str]]:
    """``merged_ids`` for many survivors at once: each one's own id first, then those merged into
    it (transitively, by ``as_of`` if given)."""
    groups = {survivor: [survivor] for survivor in survivors}
    owner = {survivor: survivor for survivor in survivors}
    frontier = sorted(groups)
    while frontier:
        found: list[tuple[str, str]] = []
        for begin in range(0, len(frontier), CHUNK):
            chunk = frontier[begin : begin + CHUNK]
            template = q.DUPLICATES_OF_MANY + (q.DUPLICATES_BY if as_of is not None else "")
            cur.execute(sql(template, marks=marks(len(chunk))), [*chunk, *([as_of] if as_of is not None else [])])
            found += [(row[0], row[1]) for row in cur.fetchall()]
        frontier = []
        for duplicate, into in sorted(found):
            if duplicate not in owner:
                owner[duplicate] = owner[into]
                groups[owner[into]].append(duplicate)
                frontier.append(duplicate)
    return groups


def merge_parties(cur: Cursor, prefix: str) -> frozenset[str]:
    """Everyone on either side of a merge: their timelines are computed per survivor."""
    cur.execute(sql(q.MERGE_PARTIES, prefix))
    return frozenset(name for row in cur.fetchall() for name in row)


class OrgTrees:
    """The organizations' tree as of the read models' position: read again only after it moved."""

    def __init__(self) -> None:
        # The position, its tree and the scopes worked out from it (replaced together).
        self._tree: tuple[int, OrgTree, dict[str, list[str]]] | None = None

    def get(self, cur: Cursor) -> OrgTree:
        return self._current(cur)[1]

    def _current(self, cur: Cursor) -> tuple[int, OrgTree, dict[str, list[str]]]:
        cur.execute(sql(TRACKED_POSITION))
        position = int(cur.fetchone()[0])
        current = self._tree
        if current is None or current[0] != position:
            cur.execute(sql(q.ORG_PARENTS))
            current = self._tree = (position, OrgTree(dict(cur.fetchall())), {})
        return current

    def scope(self, cur: Cursor, org_id: str, include_units: bool) -> list[str]:
        """The organizations a roster or a headcount covers: the organization, and its units
        unless ``include_units`` is false (worked out once per organization and tree)."""
        if not include_units:
            return [org_id]
        _, tree, scopes = self._current(cur)
        found = scopes.get(org_id)
        if found is None:
            found = scopes[org_id] = sorted(tree.subtree(org_id))
        return list(found)


def rows_by_id(cur: Cursor, table: str, columns: str, ids: list[str]) -> dict[str, tuple[Any, ...]]:
    """Rows by id (the first column), in chunks that keep the statement small."""
    found: dict[str, tuple[Any, ...]] = {}
    for begin in range(0, len(ids), CHUNK):
        chunk = ids[begin : begin + CHUNK]
        cur.execute(sql(q.ROWS_BY_ID, columns=columns, table=table, marks=marks(len(chunk))), chunk)
        found.update((row[0], tuple(row[1:])) for row in cur.fetchall())
    return found


def aliases_of(cur: Cursor, kind: str, ids: list[str]) -> dict[str, list[Alias]]:
    """Each subject's aliases (its display name left out), by language then name."""
    found: dict[str, list[Alias]] = defaultdict(list)
    for begin in range(0, len(ids), CHUNK):
        chunk = ids[begin : begin + CHUNK]
        cur.execute(sql(q.ALIASES_OF, marks=marks(len(chunk))), [kind, *chunk])
        for subject_id, name, language in cur.fetchall():
            found[subject_id].append(Alias(name, language or None))
    return found
