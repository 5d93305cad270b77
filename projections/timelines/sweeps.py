"""What the versions' sweeps see at each moment of an axis (``rules.versions.sweep``): a person's
answer as the rows it is stored as, in the default lens and in each of the other lenses kept
(``versions.LENSES``), from one fold of the default lens per moment (``rules.versions.Refold``)."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from projections.model import Cutoffs
from projections.rules.aggregates import counted_moves
from projections.rules.beliefs import Snapshot
from projections.rules.claims import ClaimState
from projections.rules.corroboration import Corroboration
from projections.rules.orgs import OrgTree
from projections.rules.stint import Stint
from projections.rules.timeline import build_timeline
from projections.rules.versions import Refold, read_by
from projections.timefmt import day
from projections.timelines import versions
from projections.timelines.stored import Encoder

LENS_ITEM = "lens"
"""The first field of an item of another lens: ``("lens", key, *item)``."""


def as_row(person: str, item: tuple[Any, ...]) -> tuple[Any, ...]:
    """An item of ``items`` as the person's ``stints`` or ``moves`` row (a version's, without its interval)."""
    if item[0] == "stint":
        return (person, *item[1:])
    return (item[1], person, *item[2:])


def items(claims: list[ClaimState], stints: list[Stint], cutoffs: Cutoffs, encoder: Encoder) -> list[tuple[Any, ...]]:
    """A timeline as the rows it is stored as, without the person: ``("stint", seq, *columns)`` for
    each stint (in order), ``("move", claim id, from, to, earliest)`` for each counted move."""
    return [("stint", seq, *encoder.columns(s)) for seq, s in enumerate(stints)] + [
        ("move", c.id, c.from_id, c.to_id, day(c.effective.earliest)) for c in counted_moves(claims, cutoffs)
    ]


def lensed(key: str, found: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """``items`` of another lens, tagged with its key (one sweep makes every lens's versions)."""
    return [(LENS_ITEM, key, *item) for item in found]


Made = dict[tuple[int, ...], tuple[tuple[ClaimState, ...], list[tuple[Any, ...]]]]
"""The items of a sweep's lens builds, by how many claims each counted and the ids of the claim
states it read (``read_by``); each entry holds those states, so their ids name them while it stands."""


def lens_items(
    claims: list[ClaimState], cutoffs: Cutoffs, default: list[tuple[Any, ...]], tree: OrgTree, encoder: Encoder,
    shared: Corroboration, made: Made,
) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """Each other lens's ``items`` (by its key) under ``cutoffs``' moments, from the claim states a
    fold of the default lens made under them, after its timeline (``default``, its items) was built
    with ``shared`` (``rules.corroboration.corroborated``): their corroboration and publication
    bounds, which do not depend on the lens, are that build's. A lens's
    ``build_timeline`` and ``counted_moves`` depend on it only through which claims count: where a
    lens counts the default's claims its answer is the default's, one counting none has none, and
    lenses counting the same claims share one timeline. A lens's ``build_timeline`` marks the
    claims' contests for that lens: each lens's moves are read right after its own, and the next
    build of the default lens marks them again. ``made``: the builds so far (a sweep's); one that read
    the same claim states (``read_by``; a state is never changed once folded, a refold makes a new
    one) gave the items a build would give now."""
    built: dict[tuple[str, ...], list[tuple[Any, ...]]] = {(): []}  # the items of each set of counted claims
    built[tuple(c.id for c in claims if c.counts(cutoffs))] = default
    found: list[tuple[str, list[tuple[Any, ...]]]] = []
    for key, lens in versions.LENSES.items():
        counting = [c for c in claims if c.counts(lens)]  # which claims count reads only the lens's policy
        counted = tuple(c.id for c in counting)
        if counted not in built:
            states, name = read_by(counting, shared)
            if name not in made:
                at = dataclasses.replace(cutoffs, min_status=lens.min_status, min_sources=lens.min_sources)
                made[name] = (states, items(claims, build_timeline(claims, at, tree, shared), at, encoder))
            built[counted] = made[name][1]
        found.append((key, built[counted]))
    return found


class Answers:
    """A version's items at each moment of the fold's axis in turn: the default lens's stints
    (with their order) and counted moves, and with ``lenses`` each other lens's (``lensed``),
    encoded only when the timeline changed. From the last moment on every fact is visible: the
    items are ``final``, the answers now the rows were made of, and nothing is folded again.

    At a moment, a lens sees the same claim states and corroboration as the default lens: its
    timeline is built from them with no fold of the facts (``lens_items``), and where no positive
    claim changed, no lens's answer did (``Refold``)."""

    def __init__(
        self, fold: Refold, final: list[tuple[Any, ...]], stints: list[Stint], timelines: list[list[Snapshot]] | None,
        encoder: Encoder, *, lenses: bool,
    ) -> None:
        self.fold = fold
        self.lenses = lenses  # the other lenses' items too
        self.encoder = encoder
        self.last = fold.times[-1] if fold.times else None
        self.final = final
        self.stints = stints  # the default lens's in ``final``
        self.timelines = timelines  # each moment's timeline, when asked
        self.items: list[tuple[Any, ...]] = []
        self.default: list[tuple[Any, ...]] = []  # the default lens's part of ``items``
        self.made: Made = {}  # the other lenses' builds so far

    def __call__(self, moment: datetime) -> list[tuple[Any, ...]]:
        if moment == self.last:
            if self.timelines is not None:
                self.timelines.append(self.encoder.snapshots(self.stints))
            return self.final
        claims, stints, changed = self.fold(moment)
        if changed:
            cutoffs = self.fold.cutoffs(moment)
            if self.fold.rebuilt:
                self.default = items(claims, stints, cutoffs, self.encoder)
            self.items = self.default
            if self.lenses:
                shared = self.fold.corroboration
                assert shared is not None  # made with the claims
                others = lens_items(claims, cutoffs, self.default, self.fold.tree, self.encoder, shared, self.made)
                self.items = self.items + [item for key, found in others for item in lensed(key, found)]
        if self.timelines is not None:
            changed = self.fold.rebuilt or not self.timelines
            self.timelines.append(self.encoder.snapshots(stints) if changed else self.timelines[-1])
        return self.items
