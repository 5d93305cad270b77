"""A person's answers along publication time, as versions (docs/time.md#versions).

Under the default lens and everything recorded so far, a person's answer depends on the read's
``knownAt`` only through the set of their reports published by then: it is piecewise constant,
and changes only at the publication times of their reports. The sweep below folds the person once
per distinct publication time (with the same rules as every other read: ``fold``) and returns each
item of the answers (a stint, a move) with the interval of publication time it holds over,
``[known_from, known_until)`` (``None``: unbounded on that side); an item present in several
consecutive intervals is one version.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, TypeVar

from projections.model import Cutoffs
from projections.rules.claims import ClaimState, Fact, any_positive, claim_states
from projections.rules.fold import Stint
from projections.rules.orgs import OrgTree
from projections.rules.timeline import build_timeline

Item = TypeVar("Item", bound=Hashable)

BEFORE_ANY = datetime.min.replace(tzinfo=UTC)
"""A ``knownAt`` before every publication time (of the interval before the first one)."""


@dataclass(frozen=True, slots=True)
class Version(Generic[Item]):
    """``item`` belongs to the answer for every ``knownAt`` in ``[known_from, known_until)``
    (``None``: since before any time, or from then on)."""

    known_from: datetime | None
    known_until: datetime | None
    item: Item


def sweep(facts: Sequence[Fact], fold: Callable[[datetime], Iterable[Item]]) -> list[Version[Item]]:
    """Every version of the items ``fold(known_at)`` answers, ``known_at`` being the first moment
    of each interval between the facts' publication times (``BEFORE_ANY`` before the first one).
    Facts resting on no source (an editorial retraction) hold for every ``knownAt``: they make no
    interval of their own."""
    published = sorted({f.published_at for f in facts if f.published_at is not None})
    starts: list[datetime | None] = [None, *published]
    versions: list[Version[Item]] = []
    running: dict[Item, datetime | None] = {}  # item -> the start of its current version
    for known_from in starts:
        items = set(fold(known_from if known_from is not None else BEFORE_ANY))
        for item in [i for i in running if i not in items]:
            versions.append(Version(running.pop(item), known_from, item))
        for item in items:
            running.setdefault(item, known_from)
    versions += [Version(since, None, item) for item, since in running.items()]
    return versions


class ByPublication:
    """The default lens's fold of one person's facts as known at increasing publication times
    (call it with each ``known_at`` in increasing order): a claim's state depends on its own visible
    facts only, so each call refolds only the claims with a fact published since the last call, and
    rebuilds the timeline only when one of them is positive before or after (a claim that is not
    changes no stint; a positive one that does not count still bounds others by publication).
    ``tests/unit/rules/test_versions.py`` holds it to folding everything at each time."""

    def __init__(self, facts: Sequence[Fact], tree: OrgTree) -> None:
        self.tree = tree
        self.facts: dict[str, list[Fact]] = {}
        self.published: dict[datetime | None, set[str]] = {}
        for f in facts:
            self.facts.setdefault(f.claim_id, []).append(f)
            self.published.setdefault(f.published_at, set()).add(f.claim_id)
        self.states: dict[str, ClaimState | None] = dict.fromkeys(self.facts)  # the order a full fold gives
        self.known_at: datetime | None = None
        self.claims: list[ClaimState] = []
        self.stints: list[Stint] = []

    def __call__(self, known_at: datetime) -> tuple[list[ClaimState], list[Stint], bool]:
        """The claims (with a visible report) and the stints as known at ``known_at``, and whether
        they changed since the last call."""
        first, since = self.known_at is None, self.known_at or BEFORE_ANY
        touched = set(self.facts) if first else {
            claim for at, claims in self.published.items() if at is not None and since < at <= known_at
            for claim in claims}
        self.known_at = known_at
        cutoffs = Cutoffs(known_at=known_at)
        changed = first or any_positive(self.states, touched)
        for claim in touched:
            folded = claim_states(self.facts[claim], cutoffs)
            self.states[claim] = folded[0] if folded else None
        changed = changed or any_positive(self.states, touched)
        if changed:
            self.claims = [c for c in self.states.values() if c is not None]
            self.stints = build_timeline(self.claims, cutoffs, self.tree)
        return self.claims, self.stints, changed

