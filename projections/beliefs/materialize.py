"""Belief changes written beside the timelines they come from (``docs/rules.md#belief-changes``).

The live projector notes which events touched which person (``handlers.py``); when it recomputes
a person's default timeline for a page, ``steps_of`` replays those events through the pure rule
(``rules/beliefs.replay``) and ``write`` inserts the changes in the page's transaction, beside the
timelines and the tracking position: exactly once, with no gap. A rebuild folds each person's
whole history the same way (``changes_of_person``, in the fold workers; ``replay_merged`` for the
people in merges), so it finds the same changes at the same positions.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import msgspec

from projections.beliefs import sql as q
from projections.claims.reads import facts_of
from projections.db.adapter import Cursor
from projections.db.sql import marks, sql
from projections.db.writer import Writer
from projections.rules.beliefs import (
    NEVER,
    Reparent,
    Snapshot,
    Step,
    TreeAt,
    counts_for,
    merge_book,
    numbered,
    replay,
)
from projections.rules.claims import Fact
from projections.rules.orgs import OrgTree

Rows = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]  # belief_changes rows, belief_orgs rows


def merges_of(cur: Cursor, prefix: str, ids: list[str]) -> list[tuple[str, str, int]]:
    """The merge rows of these duplicates: ``(duplicate, survivor, position)`` (none for one person)."""
    if len(ids) < 2:
        return []
    cur.execute(sql(q.MERGES_OF, prefix, marks=marks(len(ids))), ids)
    return [(d, s, int(p)) for d, s, p in cur.fetchall()]


def tree_moves(cur: Cursor, prefix: str, since: int) -> list[Reparent]:
    """The moves in the organization tree from position ``since`` on (almost always none)."""
    cur.execute(sql(q.MOVES_FROM, prefix), (since,))
    return [(int(position), org, parent, old) for position, org, parent, old in cur.fetchall()]


def steps_of(
    people: dict[str, set[int]], facts: list[Fact], merges: list[tuple[str, str, int]], trees: TreeAt,
    finals: dict[str, list[Snapshot]] | None = None,
) -> list[Step]:
    """The changes each person made by the events noted for them (``people``: person -> positions),
    from the facts of everyone merged with them and the merges among them (``finals``: a person's
    timeline of all of ``facts`` under today's tree, when the caller has folded it)."""
    book = merge_book(merges)
    steps: list[Step] = []
    for person_id in sorted(people):
        gone = book[person_id][1] if person_id in book else NEVER
        steps += replay(person_id, facts, counts_for(person_id, book), people[person_id], trees, gone_from=gone,
                        final=(finals or {}).get(person_id))
    return steps


def changes_of_person(
    person_id: str, facts: list[Fact], tree: OrgTree, final: list[Snapshot] | None = None
) -> list[Step]:
    """A rebuild's replay of a person in no merge: every event of theirs, from the first (``final``:
    the person's timeline of all these facts, when the caller has folded it)."""
    return replay(person_id, facts, {person_id: 0}, [f.position for f in facts], TreeAt.fixed(tree), final=final)


def replay_together(w: Writer, merged: Iterable[str], parents: dict[str, str | None]) -> None:
    """A rebuild's replay, from the first event, of everyone in a merge and everyone with a fact
    at an organization that moved in the tree: each at every event of the people merged with them,
    every merge among them and every move in the tree, under the tree of each event's time. The
    fold workers replayed the latter under today's tree: their changes are replaced."""
    trees = TreeAt(parents, tree_moves(w.cur, w.p, 0))
    moved = _people_at_moved(w, trees)
    if moved:
        w.execute(q.DELETE_ORGS_OF, moved, marks=marks(len(moved)))
        w.execute(q.DELETE_CHANGES_OF, moved, marks=marks(len(moved)))
    w.execute(q.ALL_MERGES)
    merges = [(d, s, int(p)) for d, s, p in w.fetchall()]
    book = merge_book(merges)
    groups: dict[str, set[str]] = {}
    for person in {*merged, *moved}:
        root = person
        while root in book:
            root = book[root][0]
        groups.setdefault(root, set()).add(person)
    steps: list[Step] = []
    for members in groups.values():
        ids = sorted(members)
        facts = facts_of(w.cur, w.p, ids)
        positions = {f.position for f in facts} | {p for d, _, p in merges if d in members}
        positions |= {move[0] for move in trees.moves}
        steps += steps_of({person: positions for person in ids}, facts, merges, trees)
    write(w, rows_of(steps))


def _people_at_moved(w: Writer, trees: TreeAt) -> list[str]:
    """Everyone with a fact at an organization that moved in the tree, or at one of its units."""
    orgs = sorted({o for position, org_id, _, _ in trees.moves for o in trees(position).subtree(org_id)})
    if not orgs:
        return []
    w.execute(q.PEOPLE_WITH_FACTS_AT, orgs + orgs, marks=marks(len(orgs)))
    return sorted(row[0] for row in w.fetchall())


def rows_of(steps: Iterable[Step]) -> Rows:
    """The rows of these changes, numbered within each event (people in id order)."""
    changes: list[tuple[Any, ...]] = []
    orgs: list[tuple[Any, ...]] = []
    for position, n, step, change in numbered(steps):
        changes.append((position, n, step.person_id, change.kind.value, _json(change.before), _json(change.after),
                        step.late_by_days))
        orgs += [(org, position, n) for org in sorted({s[0] for s in (change.before, change.after) if s})]
    return changes, orgs


def write(w: Writer, rows: Rows) -> None:
    w.executemany(q.INSERT_CHANGE, rows[0])
    w.executemany(q.INSERT_ORG, rows[1])


def _json(stint: Snapshot | None) -> str | None:
    return msgspec.json.encode(stint).decode() if stint is not None else None
