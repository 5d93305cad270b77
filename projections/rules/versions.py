"""A person's answers along publication time and along recorded time, as versions
(docs/time.md#versions).

Under the default lens, a person's answer depends on the read's ``knownAt`` only through the set
of their reports published by then, and on its ``asOf`` only through the set of their facts (and
their duplicates' facts, from each merge on) recorded by then: along either axis it is piecewise
constant, and changes only at those times. A sweep folds the person once per such time (with the
same rules as every other read: ``Refold``) and returns each item of the answers (a stint, a move)
with the interval of that axis it holds over, ``[since, until)`` (``None``: unbounded on that
side); an item present in several consecutive intervals is one version.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, TypeVar

from projections.model import Cutoffs
from projections.rules.claims import ClaimState, Fact, any_positive, claim_states
from projections.rules.corroboration import Corroboration, corroborated
from projections.rules.fold import Stint
from projections.rules.orgs import OrgTree
from projections.rules.timeline import build_timeline

Item = TypeVar("Item", bound=Hashable)

BEFORE_ANY = datetime.min.replace(tzinfo=UTC)
"""A moment before every publication and recorded time (of the interval before the first one)."""


@dataclass(frozen=True, slots=True)
class Version(Generic[Item]):
    """``item`` belongs to the answer at every moment of ``[since, until)`` of its axis
    (``None``: since before any time, or from then on)."""

    since: datetime | None
    until: datetime | None
    item: Item


def sweep(
    times: Sequence[datetime], fold: Callable[[datetime], Iterable[Item]],
    resume: Mapping[Item, datetime | None] | None = None,
) -> list[Version[Item]]:
    """Every version of the items ``fold(moment)`` answers, ``moment`` being the first moment of
    each interval between ``times`` (increasing; ``BEFORE_ANY`` before the first one).

    ``resume``: the answers before ``times[0]`` are known and unchanged; these are the versions
    that held just before it (each item with its start), and the sweep starts at ``times[0]``,
    so that a version still holding there keeps its start. The versions returned are those
    holding at ``times[0]`` or later."""
    starts: list[datetime | None] = [None, *times] if resume is None else list(times)
    versions: list[Version[Item]] = []
    running: dict[Item, datetime | None] = dict(resume or {})  # item -> the start of its current version
    for since in starts:
        items = set(fold(since if since is not None else BEFORE_ANY))
        for item in [i for i in running if i not in items]:
            versions.append(Version(running.pop(item), since, item))
        for item in items:
            running.setdefault(item, since)
    versions += [Version(since, None, item) for item, since in running.items()]
    return versions


def read_by(
    counting: list[ClaimState], shared: Corroboration
) -> tuple[tuple[ClaimState, ...], tuple[int, ...]]:
    """The claim states a timeline's ``build_timeline`` (under any lens) and its counted moves
    read: those it counts (in order), then the positive claims corroborating each of them
    (``shared.of``: their publishers set which claims count, their reports bound the counted ones
    by publication); and the build's name: how many it counts (the tuple's split), then their ids.
    Nothing else of the other claims reaches the timeline or the moves; a state is never changed
    once folded (a refold makes a new one), so a build of the same name made the same timeline,
    while the states it names are kept (so that their ids name them)."""
    states = (*counting, *(other for claim in counting for other in shared.of(claim)))
    return states, (len(counting), *map(id, states))


def published(fact: Fact) -> datetime | None:
    """When a fact becomes visible along publication time (``None``: at every ``knownAt``)."""
    return fact.published_at


def recorded(fact: Fact) -> datetime:
    """When a fact becomes visible along recorded time (for the person it is about)."""
    return fact.recorded_at


class Refold:
    """The default lens's fold of one person's facts at increasing moments of one axis (call it
    with each moment in increasing order). Each fact becomes visible at a moment of that axis
    (``visible_from``; ``None``: at every moment) and stays visible. A claim's state depends on
    its own visible facts only, so each call refolds only the claims with a fact visible since the
    last call, and rebuilds the timeline only when one of them is positive before or after (a claim
    that is not changes no stint; a positive one that does not count still bounds others by
    publication). ``tests/unit/rules/test_versions.py`` holds it to folding everything each time.

    ``by_publication``: moments are ``knownAt`` (a fact is visible from its source's publication;
    one resting on no source, an editorial retraction, at every ``knownAt``).
    ``by_recording``: moments are ``asOf`` (a fact is visible from its recording, a duplicate's
    fact not before the duplicate's merge into the person, along the chain of merges)."""

    def __init__(self, facts: Sequence[Fact], tree: OrgTree, visible_from: Callable[[Fact], datetime | None],
                 cutoffs: Callable[[datetime], Cutoffs], *, merged: bool = False) -> None:
        self.tree = tree
        self.cutoffs = cutoffs
        self.merged = merged  # some facts are a duplicate's: leave them out until they count
        self.facts: dict[str, list[tuple[datetime | None, Fact]]] = {}
        appearing: dict[datetime, set[str]] = {}
        for f in facts:
            since = visible_from(f)
            self.facts.setdefault(f.claim_id, []).append((since, f))
            if since is not None:
                appearing.setdefault(since, set()).add(f.claim_id)
        self.times: list[datetime] = sorted(appearing)
        """The moments the answer may change at, increasing."""
        self._appearing = [appearing[t] for t in self.times]
        self._next = 0  # the first of ``times`` not yet folded
        self.states: dict[str, ClaimState | None] = dict.fromkeys(self.facts)  # the order a full fold gives
        self.moment: datetime | None = None
        self.claims: list[ClaimState] = []
        self.stints: list[Stint] = []
        self.corroboration: Corroboration | None = None
        """The claims' at the last call that changed them (for the other lenses' builds of the same claim states)."""
        self.rebuilt = False
        """Whether the last call built the timeline again (``changed``, and not made of the states it read before)."""
        self._read: tuple[ClaimState, ...] = ()  # what the last build read (``read_by``)
        self._name: tuple[int, ...] = ()  # how many of them it counted, and their ids

    @classmethod
    def by_publication(cls, facts: Sequence[Fact], tree: OrgTree) -> Refold:
        return cls(facts, tree, published, lambda moment: Cutoffs(known_at=moment))

    @classmethod
    def by_recording(cls, facts: Sequence[Fact], tree: OrgTree, counts_from: Mapping[str, datetime]) -> Refold:
        """``counts_from``: when each duplicate's facts start counting for the person (the latest
        recording of the merges leading from it to the person); the person's own from the first."""
        def visible_from(f: Fact) -> datetime:
            merged = counts_from.get(f.person_id)
            return recorded(f) if merged is None or merged <= f.recorded_at else merged
        return cls(facts, tree, visible_from, lambda moment: Cutoffs(as_of=moment), merged=bool(counts_from))

    def __call__(self, moment: datetime) -> tuple[list[ClaimState], list[Stint], bool]:
        """The claims (with a visible fact) and the stints at ``moment``, and whether they changed
        since the last call."""
        first = self.moment is None
        touched: set[str] = set(self.facts) if first else set()
        while self._next < len(self.times) and self.times[self._next] <= moment:
            touched |= self._appearing[self._next]
            self._next += 1
        self.moment = moment
        cutoffs = self.cutoffs(moment)
        changed = first or any_positive(self.states, touched)
        for claim in touched:
            # The cutoffs leave out what is not visible yet (a fact published later still names
            # its claim's fields), except a duplicate's facts before its merge.
            seen = [f for since, f in self.facts[claim] if not self.merged or since is None or since <= moment]
            folded = claim_states(seen, cutoffs)
            self.states[claim] = folded[0] if folded else None
        changed = changed or any_positive(self.states, touched)
        if changed:
            self.claims = [c for c in self.states.values() if c is not None]
            self.corroboration = corroborated(self.claims, self.tree)
            read, name = read_by([c for c in self.claims if c.counts(cutoffs)], self.corroboration)
            self.rebuilt = first or name != self._name
            if self.rebuilt:
                self.stints = build_timeline(self.claims, cutoffs, self.tree, self.corroboration)
                self._read, self._name = read, name  # ``_read`` keeps the states, so that their ids name them
        else:
            self.rebuilt = False
        return self.claims, self.stints, changed
