"""Belief changes: how one person's default-lens timeline changed with one event
(``docs/rules.md#belief-changes``).

Pure: a person's timeline *as of an event* is the fold of the facts at or before it (those of
people merged into the person counting from the merge on), and a change is the difference of two
such timelines, with each stint matched to its own next version. The live projector and a rebuild
run the same ``replay``, so they find the same changes at the same positions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from projections.model import DEFAULT_CUTOFFS
from projections.rules.claims import ClaimState, Fact, any_positive, claim_states
from projections.rules.orgs import OrgTree
from projections.rules.stint import Stint
from projections.rules.timeline import build_timeline

NEVER = 2**63  # a position after every event


class ChangeKind(StrEnum):
    STINT_ADDED = "STINT_ADDED"
    STINT_REMOVED = "STINT_REMOVED"
    STINT_CHANGED = "STINT_CHANGED"


# A stint as the timeline shows it: organization, role, start, end (their written values), status,
# the four certainty bounds (ISO days), the claim ids and the source ids. Two versions of a stint
# are the same belief exactly when these are equal.
Snapshot = tuple[str, str | None, str | None, str | None, str, str, str, str, str, tuple[str, ...], tuple[str, ...]]


Reparent = tuple[int, str, str | None, str | None]  # position, organization, new parent, old parent


class TreeAt:
    """The organization tree as of any event: today's parents with the later moves undone, so that
    a timeline folded after a reparent is the one its events gave then."""

    def __init__(self, parents: Mapping[str, str | None], moves: Iterable[Reparent] = ()) -> None:
        self.parents = parents
        self.moves = sorted(moves)
        self.now = OrgTree(parents)
        self._trees: dict[int, OrgTree] = {}

    @classmethod
    def fixed(cls, tree: OrgTree) -> TreeAt:
        """One tree for every event (a history without moves)."""
        found = cls({})
        found.now = tree
        return found

    def __call__(self, position: int) -> OrgTree:
        later = [m for m in self.moves if m[0] > position]
        if not later:
            return self.now
        if len(later) not in self._trees:  # the number of later moves names the tree
            parents = dict(self.parents)
            for _, org_id, _new, old in reversed(later):
                parents[org_id] = old
            self._trees[len(later)] = OrgTree(parents)
        return self._trees[len(later)]


@dataclass(frozen=True, slots=True)
class Change:
    kind: ChangeKind
    before: Snapshot | None
    after: Snapshot | None


def timeline_at(facts: Iterable[Fact], counts_from: Mapping[str, int], position: int, tree: OrgTree) -> list[Snapshot]:
    """The default-lens timeline after the event at ``position``: the facts recorded at or before
    it, of the people in ``counts_from`` from the position each counts from (a duplicate from
    its merge on)."""
    seen = [f for f in facts if f.position <= position and counts_from.get(f.person_id, NEVER) <= position]
    return _snapshots(claim_states(seen, DEFAULT_CUTOFFS), tree)


def _snapshots(claims: list[ClaimState], tree: OrgTree) -> list[Snapshot]:
    return snapshots(build_timeline(claims, DEFAULT_CUTOFFS, tree))


def snapshots(stints: Iterable[Stint]) -> list[Snapshot]:
    """The stints of a default-lens timeline as the belief changes show them."""
    return [
        (s.organization_id, s.role, s.start.value if s.start else None, s.end.value if s.end else None,
         s.status.value, s.possible_from.isoformat(), s.certain_from.isoformat(), s.certain_until.isoformat(),
         s.possible_until.isoformat(), tuple(s.claim_ids), tuple(s.source_ids))
        for s in stints
    ]


def timelines_in_order(
    facts: list[Fact], positions: list[int], trees: TreeAt, final: list[Snapshot] | None = None
) -> Iterator[list[Snapshot]]:
    """``timeline_at`` just before the first of ``positions`` and after each of them, for one
    person's own facts (in position order), computed incrementally: a claim's state depends on its
    own facts only, so an event refolds only its claim (the claims kept in the order a full fold
    gives them: by their first fact). ``final``, when the caller has folded them already: the
    timeline of all the facts under today's tree (``trees.now``), used instead of folding them
    again. ``tests/unit/rules/test_beliefs.py`` checks it against ``timeline_at``."""
    states: dict[str, ClaimState | None] = {}
    by_claim: dict[str, list[Fact]] = {}
    index = 0
    previous: list[Snapshot] | None = None
    previous_tree: OrgTree | None = None
    for upto in (positions[0] - 1, *positions):
        touched: set[str] = set()
        while index < len(facts) and facts[index].position <= upto:
            fact = facts[index]
            by_claim.setdefault(fact.claim_id, []).append(fact)
            states.setdefault(fact.claim_id, None)
            touched.add(fact.claim_id)
            index += 1
        counted = any_positive(states, touched)
        for claim_id in touched:
            folded = claim_states(by_claim[claim_id], DEFAULT_CUTOFFS)
            states[claim_id] = folded[0] if folded else None
        tree = trees(upto)
        if previous is None or tree is not previous_tree or counted or any_positive(states, touched):
            if final is not None and index == len(facts) and tree is trees.now:
                previous = final
            else:
                previous = _snapshots([c for c in states.values() if c is not None], tree)
            previous_tree = tree
        yield previous  # only positive claims shape a timeline (they count, or bound others): others change nothing



def diff(before: list[Snapshot], after: list[Snapshot]) -> list[Change]:
    """What changed from ``before`` to ``after`` (nothing when they are equal).

    Matching, so that one stint's new version is a change and not a removal plus an addition:
    equal stints are paired first; then a remaining old stint is paired with the first remaining
    new one that shares a claim with it, then with the first at the same organization. What is
    left is removed or added. Removals come first (in the old order), then changes and additions
    (in the new timeline's order)."""
    old, new = list(before), list(after)
    for stint in list(old):
        if stint in new:
            old.remove(stint)
            new.remove(stint)
    pairs: dict[int, Snapshot] = {}  # index in ``new`` -> its old version
    for same in (_shares_a_claim, _same_organization):
        for stint in list(old):
            match = next((i for i, s in enumerate(new) if i not in pairs and same(stint, s)), None)
            if match is not None:
                pairs[match] = stint
                old.remove(stint)
    changes = [Change(ChangeKind.STINT_REMOVED, s, None) for s in old]
    for i, stint in enumerate(new):
        was = pairs.get(i)
        kind = ChangeKind.STINT_CHANGED if was else ChangeKind.STINT_ADDED
        changes.append(Change(kind, was, stint))
    return changes


def _shares_a_claim(a: Snapshot, b: Snapshot) -> bool:
    return bool(set(a[9]) & set(b[9]))


def _same_organization(a: Snapshot, b: Snapshot) -> bool:
    return a[0] == b[0]


@dataclass(frozen=True, slots=True)
class Step:
    """The changes one event made to one person's timeline; ``late_by_days`` from its report."""

    position: int
    person_id: str
    changes: list[Change]
    late_by_days: int | None


def replay(
    person_id: str, facts: list[Fact], counts_from: Mapping[str, int], positions: Iterable[int], trees: TreeAt,
    *, gone_from: int = NEVER, final: list[Snapshot] | None = None,
) -> list[Step]:
    """The person's changes at each of ``positions`` (increasing): each timeline against the one
    just before the first position, then against the previous one, each under the tree of its
    time. Positions must include every event that can change the timeline (its people's claim
    events, their merges, the moves of their organizations in the tree); extra ones cost a fold and
    produce nothing. From
    ``gone_from`` on (the person merged into another) the timeline is empty. ``final``: the timeline
    of all of ``facts`` under today's tree, when the caller has it (see ``timelines_in_order``)."""
    ordered = sorted(set(positions))
    if not ordered:
        return []
    if gone_from == NEVER and set(counts_from.values()) == {0}:  # no merge: the incremental fold
        timelines = timelines_in_order(facts, ordered, trees, final)
    else:
        timelines = (timeline_at(facts, counts_from, p, trees(p)) if p < gone_from else []
                     for p in (ordered[0] - 1, *ordered))
    return changes_along(person_id, facts, ordered, timelines)


def changes_along(
    person_id: str, facts: list[Fact], positions: list[int], timelines: Iterable[list[Snapshot]]
) -> list[Step]:
    """The person's changes at each of ``positions`` (increasing), from their timeline just before
    the first position and after each of them (``timelines``, one more than the positions)."""
    steps: list[Step] = []
    late: dict[int, int | None] = {}  # ``late_by_days`` of every position, in one pass
    for fact in facts:
        if fact.published_at is not None and fact.position not in late:
            late[fact.position] = _days(fact.published_at, fact.recorded_at)
    then = iter(timelines)
    current = next(then)
    for position, after in zip(positions, then, strict=True):
        changes = diff(current, after)
        if changes:
            steps.append(Step(position, person_id, changes, late.get(position)))
        current = after
    return steps


def late_by_days(facts: Iterable[Fact], position: int) -> int | None:
    """Whole days from the publication of the event's source to the event's recording, when the
    event names a source published before it was recorded; else None."""
    for fact in facts:
        if fact.position == position and fact.published_at is not None:
            return _days(fact.published_at, fact.recorded_at)
    return None


def _days(published: datetime, recorded: datetime) -> int | None:
    if published >= recorded:
        return None
    return (recorded - published).days  # timedelta.days floors: 23 hours late is 0 days


def numbered(steps: Iterable[Step]) -> list[tuple[int, int, Step, Change]]:
    """``(position, n, step, change)`` for every change, ``n`` from 1 within each event, the
    people in id order (an event that changes several people: a merge)."""
    rows: list[tuple[int, int, Step, Change]] = []
    counters: dict[int, int] = {}
    for step in sorted(steps, key=lambda s: (s.position, s.person_id)):
        for change in step.changes:
            n = counters[step.position] = counters.get(step.position, 0) + 1
            rows.append((step.position, n, step, change))
    return rows


def merge_book(merges: Iterable[tuple[str, str, int]]) -> dict[str, tuple[str, int]]:
    """``duplicate -> (survivor, position)`` from merge rows."""
    return {duplicate: (survivor, position) for duplicate, survivor, position in merges}


def counts_for(person_id: str, book: Mapping[str, tuple[str, int]]) -> dict[str, int]:
    """Whose facts count for ``person_id``, each from which position: itself from the first
    event, every duplicate merged into it (transitively) from the later of the merges on its way."""
    found = {person_id: 0}
    frontier = [person_id]
    while frontier:
        nxt = []
        for duplicate, (survivor, position) in book.items():
            if survivor in frontier and duplicate not in found:
                found[duplicate] = max(position, found[survivor])
                nxt.append(duplicate)
        frontier = nxt
    return found
