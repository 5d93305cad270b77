"""Versions of the timelines (docs/time.md#versions): each person's stints and counted moves of
the default lens with the interval of publication time they hold over (everything recorded so
far), and with the interval of recorded time they hold over (everything published); their stints
and moves under each other lens analysts use (``LENSES``), now and along publication time.
Computed by the pure rules (``rules/versions.py``) whenever the person's timeline is, and read
with one or two more indexed conditions, so that reads under a ``knownAt`` alone (in the default
lens or one of those), an ``asOf`` alone (default lens) or one of those lenses fold nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from events.base import ClaimStatus
from projections.model import Cutoffs
from projections.timefmt import parse_ts, ts

BEFORE = ""
"""The start of a version holding since before any time."""
OPEN_END = "~"
"""The end of a version holding from then on (after every time)."""


LENSES: dict[str, Cutoffs] = {
    "RUMOURED": Cutoffs(min_status=ClaimStatus.RUMOURED),
    "CONFIRMED": Cutoffs(min_status=ClaimStatus.CONFIRMED),
    "REPORTED-2": Cutoffs(min_sources=2),
}
"""The other lenses kept now (by the key their rows carry): rumours too, confirmed claims only,
claims reported by two independent publishers."""
_LENS_KEYS = {(c.min_status, c.min_sources): key for key, c in LENSES.items()}


@dataclass(frozen=True, slots=True)
class Axis:
    """One kind of versions: their tables (without the prefix) and the condition choosing a
    read's rows, ``holds``, with one ``?`` per parameter ``params`` gives. ``lensed``: the rows
    carry the key of one of ``LENSES`` (column ``lens``, first in the statements). ``current``: the
    read has no moment and takes the versions holding from the axis's last moment on (``until``
    open): the answer now, which every axis's versions end with."""

    stints: str
    moves: str
    lensed: bool
    along: str = ""  # the moment of ``Cutoffs`` it answers (an axis of time), and the interval's columns
    since: str = ""
    until: str = ""
    current: bool = False

    @property
    def holds(self) -> str:
        found = ["lens = ?"] if self.lensed else []
        if self.current:
            found.append(f"{self.until} = '{OPEN_END}'")
        elif self.along:
            found.append(f"{self.since} <= ? AND {self.until} > ?")
        return " AND ".join(found)

    @property
    def parts(self) -> dict[str, str]:
        """The fields of the versions' statements (``timelines/sql.py``): ``{stint_versions}``,
        ``{move_versions}``, ``{holds}``, ``{lens}`` and ``{lens_mark}`` (the lens column and its
        parameter, first, or nothing), and ``{since}`` and ``{until}`` for an axis of time."""
        return {"stint_versions": self.stints, "move_versions": self.moves, "holds": self.holds,
                "lens": "lens, " if self.lensed else "", "lens_mark": "?, " if self.lensed else "",
                "since": self.since, "until": self.until}

    def params(self, cutoffs: Cutoffs) -> list[Any]:
        found: list[Any] = [_LENS_KEYS[cutoffs.min_status, cutoffs.min_sources]] if self.lensed else []
        if self.along and not self.current:
            at = getattr(cutoffs, self.along)
            assert at is not None
            found += [ts(at), ts(at)]
        return found


PUBLICATION = Axis("stint_versions", "move_versions", False, "known_at", "known_from", "known_until")
"""The default lens along ``knownAt``, as recorded now."""
RECORDED = Axis("stint_recorded_versions", "move_recorded_versions", False, "as_of", "recorded_from", "recorded_until")
"""The default lens along ``asOf``, as published by now (every ``knownAt``)."""
LENS_PUBLICATION = Axis("stint_lens_versions", "move_lens_versions", True, "known_at", "known_from", "known_until")
"""The other ``LENSES`` along ``knownAt``."""
LENS = Axis("stint_lens_versions", "move_lens_versions", True, "known_at", "known_from", "known_until", current=True)
"""The other ``LENSES`` now: their versions along ``knownAt`` that hold from the last publication
on (a read with no ``knownAt`` sees every report, as one after every publication does). Their own
table would hold the same rows again (migration 11 dropped it: ``docs/time.md#versions``)."""
LENSED = {PUBLICATION: LENS_PUBLICATION}
"""The axes of time along which the other lenses have versions too (made by the same sweep as the
default lens's): publication time only. Along recorded time they would cost the rebuild as much
again (``bench/README.md``); a lens with an ``asOf`` folds on read."""


def axis_of(cutoffs: Cutoffs) -> Axis | None:
    """The versions answering a read under ``cutoffs``: the default lens (``REPORTED`` from one
    publisher) with a ``knownAt`` alone or an ``asOf`` alone; one of ``LENSES`` with a ``knownAt``
    alone or neither moment. None: the default cutoffs (the timelines themselves) or cutoffs that
    fold on read (both moments, a lens with an ``asOf``, a lens not kept)."""
    default_lens = cutoffs.default_lens
    if not default_lens and not kept(cutoffs):
        return None
    if cutoffs.known_at is None and cutoffs.as_of is None:
        return None if default_lens else LENS
    if cutoffs.as_of is None:
        return PUBLICATION if default_lens else LENS_PUBLICATION
    if cutoffs.known_at is None:
        return RECORDED if default_lens else None
    return None


def kept(cutoffs: Cutoffs) -> bool:
    """Whether the cutoffs' lens (``minStatus``, ``minSources``) is one of ``LENSES``."""
    return (cutoffs.min_status, cutoffs.min_sources) in _LENS_KEYS


def versioned(cutoffs: Cutoffs) -> bool:
    """Whether a read under ``cutoffs`` is answered from versions (``axis_of``)."""
    return axis_of(cutoffs) is not None


def parts(cutoffs: Cutoffs) -> dict[str, str]:
    """``Axis.parts`` of the read's axis (the cutoffs are versioned)."""
    axis = axis_of(cutoffs)
    assert axis is not None
    return axis.parts


def holding(cutoffs: Cutoffs) -> list[Any]:
    """The parameters of ``{holds}``: the read's ``knownAt``, ``asOf`` or lens (the cutoffs are
    versioned)."""
    axis = axis_of(cutoffs)
    assert axis is not None
    return axis.params(cutoffs)


@lru_cache(maxsize=1024)
def edges(since: datetime | None, until: datetime | None) -> tuple[str, str]:
    """A version's interval as stored. Remembered: a person's versions share a few moments, and
    formatting them was 5% of a rebuild's fold (a sampling profile, 1,200 people at 100k events)."""
    return (ts(since) if since else BEFORE, ts(until) if until else OPEN_END)


def start(text: str) -> datetime | None:
    """A version's start as ``edges`` stored it."""
    return parse_ts(text) if text != BEFORE else None
