"""A person's timeline under the read's cutoffs: the entry point every read model calls.

``build_timeline`` keeps the claims that count, resolves their conflicts and folds the winners
into stints. ``holding`` and ``latest_holding`` answer "where on this date" from any stints with
date bounds (computed, or materialized by the projector).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol, TypeVar

from projections.model import Certainty, Cutoffs
from projections.rules.affiliations import apply_affiliations
from projections.rules.bounds import DateBounds
from projections.rules.claims import ClaimState
from projections.rules.conflicts import resolve_conflicts
from projections.rules.corroboration import Corroboration, corroborated
from projections.rules.fold import Stint, fold
from projections.rules.orgs import OrgTree
from projections.rules.publication import bound_by_publication


class Dated(DateBounds, Protocol):
    def certainty(self, on: date) -> Certainty | None: ...


S = TypeVar("S", bound=Dated)


def build_timeline(
    claims: list[ClaimState], cutoffs: Cutoffs, orgs: OrgTree, corroboration: Corroboration | None = None
) -> list[Stint]:
    """The person's stints, from the claims that count, in effective-date order. Sets each claim's
    ``corroborating_sources`` and marks the losers of conflicts ``contested`` (clearing the mark on
    the others); each stint carries its bounds (docs/rules.md#bounds). ``corroboration``: the
    claims' own (``rules.corroboration.corroborated``), when the caller made it for builds of the
    same claims under other cutoffs of the same moments: it set their ``corroborating_sources``
    already and keeps their publication bounds (neither depends on ``minStatus`` or ``minSources``)."""
    for claim in claims:
        claim.contested = False
    if corroboration is None:
        corroboration = corroborated(claims, orgs)  # claims keep their status throughout
    counted = [c for c in claims if c.counts(cutoffs)]
    affiliations = [c for c in counted if c.is_affiliation]
    accepted = resolve_conflicts([c for c in counted if not c.is_affiliation], orgs)
    while True:  # each round contests at least one more move, so this ends
        stints = fold(accepted, orgs)
        bound_by_publication(stints, claims, orgs, corroboration)
        for claim in affiliations:
            claim.contested = False
        beaten = apply_affiliations(stints, affiliations, orgs)
        if not beaten:
            break
        for claim in beaten:
            claim.contested = True
        accepted = [c for c in accepted if not c.contested]
    return sorted(stints, key=lambda s: (s.possible_from, s.certain_from))


def holding(stints: Iterable[S], on: date) -> list[tuple[S, Certainty]]:
    """Stints that hold on a date, each with its certainty, the latest-started first."""
    found = [(s, c) for s in stints if (c := s.certainty(on)) is not None]
    return sorted(found, key=lambda sc: (sc[0].possible_from, sc[0].certain_from), reverse=True)


def latest_holding(stints: Iterable[S], on: date) -> tuple[S, Certainty] | None:
    """Among stints holding on a date, the one that started last (an employer, a roster entry)."""
    found = [(s, c) for s in stints if (c := s.certainty(on)) is not None]
    return max(found, key=lambda sc: (sc[0].possible_from, sc[0].certain_from), default=None)
