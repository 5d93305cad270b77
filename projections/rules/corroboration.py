"""Corroboration (docs/rules.md#corroboration): claims about one person that can only describe the
same transition count their publishers together.

Two claims corroborate each other when their effective periods overlap, their destinations are in
the same company (units rolled up) or both have none, and their origins are in the same company or
one has none. Affiliations corroborate only affiliations: the same tense, the same company, windows
that overlap. A claim's ``corroborating_sources`` is the number of distinct publishers among the
positive reports of the claim and of every positive claim that corroborates it (not transitively:
only the claims that corroborate *it*).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from projections.rules.claims import ClaimState
from projections.rules.dates import overlap
from projections.rules.orgs import OrgTree

if TYPE_CHECKING:
    from projections.rules.sides import Constraint


def _company(orgs: OrgTree, org_id: str | None) -> str | None:
    return orgs.root(org_id) if org_id is not None else None


def corroborate_each_other(a: ClaimState, b: ClaimState, orgs: OrgTree) -> bool:
    """``a`` and ``b`` can only describe the same transition (or the same affiliation)."""
    if not overlap(a.effective, b.effective) or a.is_affiliation != b.is_affiliation:
        return False
    if a.is_affiliation:
        return a.tense == b.tense and _company(orgs, a.org_id) == _company(orgs, b.org_id)
    if _company(orgs, a.to_id) != _company(orgs, b.to_id):
        return False  # both none, or both in one company
    # Destinations agree here; two departures (no destination) both have an origin.
    return a.from_id is None or b.from_id is None or orgs.root(a.from_id) == orgs.root(b.from_id)


def _kind(claim: ClaimState, orgs: OrgTree) -> tuple[bool, str | None, str | None]:
    """What two claims must share to corroborate each other (``corroborate_each_other`` says no
    to any two that differ here): an affiliation's tense and company, a move's destination company."""
    if claim.is_affiliation:
        return (True, claim.tense, _company(orgs, claim.org_id))
    return (False, None, _company(orgs, claim.to_id))


class Corroboration:
    """The positive claims of one person, grouped so that a claim is compared only with those of
    its kind (the same answers as comparing it with every claim, in the same order). Each claim's
    corroborators are found once (the corroboration and the publication bounds of one timeline both
    ask), and so is each claim's publication bound (``rules.publication``): both depend on the
    claims' states, not on the cutoffs' ``minStatus`` or ``minSources``, so the builds of one set
    of claim states under several lenses share them."""

    def __init__(self, claims: Iterable[ClaimState], orgs: OrgTree) -> None:
        self.orgs = orgs
        self.groups: dict[tuple[bool, str | None, str | None], list[ClaimState]] = {}
        self._kinds: dict[int, tuple[bool, str | None, str | None]] = {}  # id(claim) -> its kind
        self._of: dict[int, list[ClaimState]] = {}  # id(claim) -> its corroborators
        self.bounds: dict[str, Constraint | None] = {}  # claim id -> its publication bound (``rules.publication``)
        self._claims = claims = list(claims)  # keeps them alive, so that their ids name them
        for c in claims:
            kind = self._kinds[id(c)] = _kind(c, orgs)
            if c.positive:
                self.groups.setdefault(kind, []).append(c)

    def of(self, claim: ClaimState) -> list[ClaimState]:
        """The positive claims (``claim`` itself included, when positive) that corroborate ``claim``."""
        found = self._of.get(id(claim))
        if found is None:
            kind = self._kinds.get(id(claim))
            if kind is None:  # not a claim of this timeline: nothing keeps it alive, so its id is not kept
                return self._corroborators(claim, _kind(claim, self.orgs))
            found = self._of[id(claim)] = self._corroborators(claim, kind)
        return found

    def _corroborators(self, claim: ClaimState, kind: tuple[bool, str | None, str | None]) -> list[ClaimState]:
        """``corroborate_each_other`` within ``claim``'s group, whose claims already share with it
        what ``_kind`` names: what is left to compare is the period and, for a move with an
        origin, the origin's company."""
        group = self.groups.get(kind, [])
        lo, hi = claim.effective.earliest, claim.effective.latest
        if kind[0] or claim.from_id is None:
            return [c for c in group if c is claim or (c.effective.earliest <= hi and lo <= c.effective.latest)]
        root = self.orgs.root
        origin = root(claim.from_id)
        return [c for c in group if c is claim or (c.effective.earliest <= hi and lo <= c.effective.latest
                                                   and (c.from_id is None or root(c.from_id) == origin))]


def corroborators(claim: ClaimState, claims: Iterable[ClaimState], orgs: OrgTree) -> list[ClaimState]:
    """The positive claims (``claim`` itself included, when positive) that corroborate ``claim``."""
    return Corroboration(claims, orgs).of(claim)


def corroborated(claims: list[ClaimState], orgs: OrgTree) -> Corroboration:
    """The claims' ``Corroboration``, once ``corroborate`` has set their ``corroborating_sources``
    (for ``build_timeline`` under each lens of one set of claim states)."""
    found = Corroboration(claims, orgs)
    corroborate(claims, orgs, found)
    return found


def corroborate(claims: list[ClaimState], orgs: OrgTree, found: Corroboration | None = None) -> None:
    """Set every claim's ``corroborating_sources`` (its own publishers when nothing corroborates it);
    ``found``: the ``Corroboration`` of ``claims``, when the caller has it."""
    found = found or Corroboration(claims, orgs)
    for claim in claims:
        publishers = claim.publishers
        if claim.positive:
            others = [other.publishers for other in found.of(claim) if other is not claim]
            if others:
                publishers = publishers.union(*others)
        claim.corroborating_sources = len(publishers)
