"""The default-cutoff timelines, materialized: each person's stints and moves, and the status of
each of their claims, recomputed from their facts whenever one of them changes (per page), or
folded for everyone at once by a rebuild (``fold_and_write``, in worker processes); with them, the
belief changes of the events behind them (``beliefs/``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from itertools import pairwise
from typing import Any

import msgspec

from projections.beliefs import materialize as beliefs
from projections.claims.reads import fact_from_row, facts_of
from projections.claims.sql import FACT_COLUMNS
from projections.db.adapter import Cursor, Database
from projections.db.sql import marks, sql
from projections.db.writer import Writer
from projections.directory.handlers import org_parents
from projections.directory.reads import counting_from, merged_ids, survivor_of
from projections.model import DEFAULT_CUTOFFS
from projections.rules.beliefs import Snapshot, Step, TreeAt, changes_along, snapshots
from projections.rules.claims import Fact, claim_states
from projections.rules.corroboration import corroborated
from projections.rules.orgs import OrgTree
from projections.rules.stint import Stint
from projections.rules.timeline import build_timeline
from projections.rules.versions import Refold, published, recorded, sweep
from projections.timefmt import ts
from projections.timelines import sql as q
from projections.timelines import versions
from projections.timelines.stored import Encoder
from projections.timelines.sweeps import LENS_ITEM, Answers, as_row, items, lens_items, lensed


class TimelineRows(msgspec.Struct):
    """Default-cutoff timelines as rows: ``stints`` and ``moves`` to insert, and each claim's
    ``(status, independent, contested, corroborating, id)``, as plain tuples the writer inserts as
    they are (a rebuild's fold worker writes its range's itself: ``fold_and_write``). A stint's
    bounds are stored with it (``encode_bounds``), so reads stay lookups."""

    stints: list[tuple[Any, ...]] = msgspec.field(default_factory=list)
    moves: list[tuple[Any, ...]] = msgspec.field(default_factory=list)
    claims: list[tuple[Any, ...]] = msgspec.field(default_factory=list)
    beliefs: list[tuple[Any, ...]] = msgspec.field(default_factory=list)  # belief_changes rows
    belief_orgs: list[tuple[Any, ...]] = msgspec.field(default_factory=list)
    stint_versions: list[tuple[Any, ...]] = msgspec.field(default_factory=list)  # along publication time
    move_versions: list[tuple[Any, ...]] = msgspec.field(default_factory=list)
    stint_recorded: list[tuple[Any, ...]] = msgspec.field(default_factory=list)  # along recorded time
    move_recorded: list[tuple[Any, ...]] = msgspec.field(default_factory=list)
    stint_lens_versions: list[tuple[Any, ...]] = msgspec.field(default_factory=list)  # the other lenses' (publication)
    move_lens_versions: list[tuple[Any, ...]] = msgspec.field(default_factory=list)

    def add(
        self, survivor: str, facts: list[Fact], tree: OrgTree, counts_from: Mapping[str, datetime] | None = None,
        *, timelines: list[list[Snapshot]] | None = None, resume: Mapping[versions.Axis, Resume] | None = None,
    ) -> list[Stint]:
        """Fold one person's facts (and those of everyone merged into them, counting from the
        times in ``counts_from`` under an ``asOf``) under the default cutoffs and keep the rows,
        their versions along publication time and along recorded time, and the versions of the
        other lenses (``versions.LENSES``) along publication time; return the stints.
        ``timelines``, if given, receives the timeline as the belief changes show it
        (``rules.beliefs.snapshots``) before any fact was recorded and at each recorded time: the
        versions' sweep along recorded time folds it anyway. ``resume``: for an axis whose
        versions before a moment are kept (``_resumable``), that moment and the versions holding
        just before it; only the versions from then on are made. The sweep along publication time
        makes the other lenses' versions too (``sweeps.Answers``)."""
        claims = claim_states(facts, DEFAULT_CUTOFFS)
        corroboration = corroborated(claims, tree)  # the other lenses' builds share it
        stints = build_timeline(claims, DEFAULT_CUTOFFS, tree, corroboration)
        encoder = Encoder()  # one person's: their sweeps encode the same stints at many moments
        final = items(claims, stints, DEFAULT_CUTOFFS, encoder)
        for item in final:
            (self.stints if item[0] == "stint" else self.moves).append(as_row(survivor, item))
        self.claims += [
            (c.status.value if c.status else None, c.independent_sources, int(c.contested), c.corroborating_sources,
             c.id) for c in claims
        ]
        now = list(final)  # every lens's answer now: where the sweep along publication time ends
        # After the claims' status rows above: a lens's timeline marks their contests for that lens.
        # (Each lens's answer now is its versions' last: ``versions.LENS``.)
        for lens, found in lens_items(claims, DEFAULT_CUTOFFS, final, tree, encoder, corroboration, {}):
            now += lensed(lens, found)
        # Each axis: its fold, the belief timelines it notes, the answers where it ends, its tables' rows
        # (the default lens's, the other lenses').
        axes: list[tuple[Any, ...]] = [
            (versions.PUBLICATION, Refold.by_publication(facts, tree), None, now,
             (self.stint_versions, self.move_versions), (self.stint_lens_versions, self.move_lens_versions)),
            (versions.RECORDED, Refold.by_recording(facts, tree, counts_from or {}), timelines, final,
             (self.stint_recorded, self.move_recorded), ([], [])),
        ]
        for axis, fold, noted, ends, default_rows, lens_rows in axes:
            answers = Answers(fold, ends, stints, noted, encoder, lenses=axis in versions.LENSED)
            if resume and axis in resume:
                moment, running = resume[axis]
                found_versions = sweep([t for t in fold.times if t >= moment], answers, running)
            else:
                found_versions = sweep(fold.times, answers)
            for v in found_versions:
                edges = versions.edges(v.since, v.until)
                if v.item[0] == LENS_ITEM:
                    key, item, (stint_rows, move_rows) = v.item[1], v.item[2:], lens_rows
                    (stint_rows if item[0] == "stint" else move_rows).append((key, *as_row(survivor, item), *edges))
                else:
                    stint_rows, move_rows = default_rows
                    (stint_rows if v.item[0] == "stint" else move_rows).append((*as_row(survivor, v.item), *edges))
        return stints


Resume = tuple[datetime, dict[tuple[Any, ...], datetime | None]]
"""Where an axis's sweep resumes, and the versions holding just before (``sweep``'s ``resume``)."""


def recompute(w: Writer, people: Iterable[str]) -> None:
    """Recompute the default-cutoff timeline of each person (as its merge survivor), and write
    the belief changes of the events the page noted (``beliefs/materialize.py``)."""
    tree = OrgTree(org_parents(w))
    groups: dict[str, set[str]] = {}  # survivor -> the people of the page it answers for
    for person_id in sorted(set(people) | set(w.changed_at)):
        groups.setdefault(survivor_of(w.cur, w.p, person_id), set()).add(person_id)
    steps: list[Step] = []
    since = min((p for positions in w.changed_at.values() for p in positions), default=None)
    trees = TreeAt(org_parents(w), beliefs.tree_moves(w.cur, w.p, since) if since is not None else ())
    for survivor, members in groups.items():
        ids = merged_ids(w.cur, w.p, survivor, None)
        facts = facts_of(w.cur, w.p, ids)
        resume = {} if trees.moves else _resumable(w, ids, facts)
        for statement in q.DELETE_PEOPLE:
            w.execute(statement, ids, marks=marks(len(ids)))
        for axis in (versions.PUBLICATION, versions.RECORDED):  # the default lens's, and the others' if kept
            for kept in (axis, versions.LENSED[axis]) if axis in versions.LENSED else (axis,):
                if axis in resume:
                    for statement in (q.DELETE_STINT_VERSIONS_FROM, q.DELETE_MOVE_VERSIONS_FROM):
                        w.execute(statement, (survivor, ts(resume[axis][0])), **kept.parts)
                else:
                    for statement in q.DELETE_VERSIONS:
                        w.execute(statement, ids, marks=marks(len(ids)), **kept.parts)
        rows = TimelineRows()
        stints = rows.add(survivor, facts, tree, counting_from(w.cur, w.p, ids), resume=resume)
        write_rows(w, rows)
        noted = {person: w.changed_at[person] for person in members if person in w.changed_at}
        if noted:  # the survivor answers for every event about its duplicates
            noted[survivor] = set().union(*noted.values())
            final = {survivor: snapshots(stints)}  # under ``tree``: the parents of ``trees.now``
            steps += beliefs.steps_of(noted, facts, beliefs.merges_of(w.cur, w.p, ids), trees, final)
    w.changed_at.clear()
    beliefs.write(w, beliefs.rows_of(steps))


def _resumable(w: Writer, ids: list[str], facts: list[Fact]) -> dict[versions.Axis, Resume]:
    """For each axis, where the person's versions must be made again, when not from the first
    moment: the first moment a fact of this page becomes visible along it. Before it, every answer
    folds only facts the versions already folded (facts are only added), under the same tree (no
    move in this page). A person in a merge, a fact visible at every moment (an editorial
    retraction), or a person this page noted no fact of, is made again whole."""
    if len(ids) != 1 or ids[0] not in w.changed_at:
        return {}
    noted = w.changed_at[ids[0]]
    new = [f for f in facts if f.position in noted]
    found: dict[versions.Axis, Resume] = {}
    for axis, visible in ((versions.PUBLICATION, published), (versions.RECORDED, recorded)):
        moments = [visible(f) for f in new]
        if new and None not in moments:
            moment = min(m for m in moments if m is not None)
            running = _running(w, axis, ids[0], moment)
            if axis in versions.LENSED:
                running |= _running(w, versions.LENSED[axis], ids[0], moment)
            found[axis] = (moment, running)
    return found


def _running(w: Writer, axis: versions.Axis, person: str, moment: datetime) -> dict[tuple[Any, ...], datetime | None]:
    """The person's versions in ``axis``'s tables holding at ``moment`` or ending there, as the
    sweep's items (``sweeps.items``, ``sweeps.lensed`` for the other lenses) with their starts."""
    at = ts(moment)
    found: dict[tuple[Any, ...], datetime | None] = {}
    for kind, statement in (("stint", q.RUNNING_STINT_VERSIONS), ("move", q.RUNNING_MOVE_VERSIONS)):
        w.execute(statement, (person, at, at), **axis.parts)
        for found_row in w.fetchall():
            lens, rest = (found_row[:1], found_row[1:]) if axis.lensed else ((), found_row)
            item = (kind, *rest[:-1])
            found[(LENS_ITEM, *lens, *item) if lens else item] = versions.start(rest[-1])
    return found


def write_rows(w: Writer, rows: TimelineRows, *, claims_later: bool = False) -> None:
    """Insert computed stints and moves and set their claims' status (see ``fold_range``).

    With ``claims_later`` the claims' status rows go to the ``claim_status`` scratch table,
    to be applied all at once by ``apply_claim_status``: a million single-row updates in
    random key order cost a rebuild several times more than one joined update.
    """
    w.executemany(q.INSERT_STINT, rows.stints)
    w.executemany(q.INSERT_MOVE, rows.moves)
    for axis, stints, moves in ((versions.PUBLICATION, rows.stint_versions, rows.move_versions),
                                (versions.RECORDED, rows.stint_recorded, rows.move_recorded),
                                (versions.LENS_PUBLICATION, rows.stint_lens_versions, rows.move_lens_versions)):
        w.executemany(q.INSERT_STINT_VERSION, stints, **axis.parts)
        w.executemany(q.INSERT_MOVE_VERSION, moves, **axis.parts)
    w.executemany(q.INSERT_CLAIM_STATUS if claims_later else q.SET_CLAIM_STATUS, rows.claims)
    beliefs.write(w, (rows.beliefs, rows.belief_orgs))


def fold_and_write(db: Database, prefix: str, first: str, last: str, skip: frozenset[str], tree: OrgTree) -> None:
    """A rebuild's range, from ``first`` to ``last``: its facts read (the read ended before the
    fold: ``fold_range``), folded, and its rows written in one transaction."""
    with db.read() as cur:
        facts = facts_of_range(cur, prefix, first, last)
    rows = fold_range(facts, skip, tree)
    with db.transaction() as cur:
        writer = Writer(cur, prefix)
        write_rows(writer, rows, claims_later=True)
        writer.flush()


def apply_claim_status(w: Writer) -> None:
    """Set every claim's status from ``claim_status`` in one statement, then drop it."""
    w.execute(q.INDEX_CLAIM_STATUS)
    w.execute(q.APPLY_CLAIM_STATUS)
    w.execute(q.DROP_CLAIM_STATUS)


def person_ranges(cur: Cursor, prefix: str, size: int, parts: int = 1) -> list[tuple[str, str, int]]:
    """Consecutive ``(first, last, count)`` ranges of the person ids with facts, ``size`` each
    (the last one fewer), or fewer each so that there are at least ``parts`` ranges."""
    cur.execute(sql(q.PEOPLE_WITH_FACTS, prefix))
    people = [row[0] for row in cur.fetchall()]
    size = max(1, min(size, -(-len(people) // parts)))
    chunks = (people[start : start + size] for start in range(0, len(people), size))
    return [(chunk[0], chunk[-1], len(chunk)) for chunk in chunks]


def facts_of_range(cur: Cursor, prefix: str, first: str, last: str) -> dict[str, list[Fact]]:
    """The facts of every person from ``first`` to ``last`` (by id), read with one ordered range
    scan of ``facts``."""
    cur.execute(sql(q.FACTS_OF_RANGE, prefix, columns=FACT_COLUMNS), (first, last))
    by_person: dict[str, list[Fact]] = {}
    for row in cur.fetchall():
        by_person.setdefault(row[2], []).append(fact_from_row(row))
    return by_person


def fold_range(by_person: Mapping[str, list[Fact]], skip: frozenset[str], tree: OrgTree) -> TimelineRows:
    """The timeline rows of every person of ``facts_of_range`` not in ``skip``. Pure: a rebuild
    reads a range's facts, ends its read and then folds them, so that a fold of seconds holds no
    snapshot (on SQLite, one would keep the write-ahead log from starting over meanwhile)."""
    rows = TimelineRows()
    steps: list[Step] = []
    for person_id, facts in by_person.items():
        if person_id in skip:
            continue
        if all(a.recorded_at < b.recorded_at for a, b in pairwise(facts)):
            # One fact per recorded time, in position order: the sweep along recorded time folds
            # the timeline after each event, which is what the belief changes compare.
            timelines: list[list[Snapshot]] = []
            rows.add(person_id, facts, tree, timelines=timelines)
            steps += changes_along(person_id, facts, [f.position for f in facts], timelines)
        else:
            stints = rows.add(person_id, facts, tree)  # its last timeline is the one folded here
            steps += beliefs.changes_of_person(person_id, facts, tree, final=snapshots(stints))
    rows.beliefs, rows.belief_orgs = beliefs.rows_of(steps)
    return rows
