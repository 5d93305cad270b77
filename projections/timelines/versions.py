"""Versions of the timelines (docs/time.md#versions): each person's stints and counted moves of
the default lens with the interval of publication time they hold over (everything recorded so
far), and with the interval of recorded time they hold over (everything published); and their
stints and moves under each other lens analysts use (``LENSES``), now. Computed by the pure rules
(``rules/versions.py``) whenever the person's timeline is, and read with one more indexed
condition, so that reads under a ``knownAt`` alone or an ``asOf`` alone, or under one of those
lenses, fold nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
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
    read's rows, ``holds``, with one ``?`` per parameter ``params`` gives."""

    stints: str
    moves: str
    holds: str
    since: str = ""  # the interval's columns (an axis of time)
    until: str = ""

    @property
    def parts(self) -> dict[str, str]:
        """The fields of the versions' statements (``timelines/sql.py``): ``{stint_versions}``,
        ``{move_versions}``, ``{holds}``, and ``{since}`` and ``{until}`` for an axis of time."""
        return {"stint_versions": self.stints, "move_versions": self.moves, "holds": self.holds,
                "since": self.since, "until": self.until}

    def params(self, cutoffs: Cutoffs) -> list[Any]:
        if self is LENS:
            return [_LENS_KEYS[cutoffs.min_status, cutoffs.min_sources]]
        at = cutoffs.known_at if self is PUBLICATION else cutoffs.as_of
        assert at is not None
        return [ts(at), ts(at)]


PUBLICATION = Axis("stint_versions", "move_versions", "known_from <= ? AND known_until > ?", "known_from",
                   "known_until")
"""The default lens along ``knownAt``, as recorded now."""
RECORDED = Axis("stint_recorded_versions", "move_recorded_versions", "recorded_from <= ? AND recorded_until > ?",
                "recorded_from", "recorded_until")
"""The default lens along ``asOf``, as published by now (every ``knownAt``)."""
LENS = Axis("stint_lenses", "move_lenses", "lens = ?")
"""The other ``LENSES``, now."""


def axis_of(cutoffs: Cutoffs) -> Axis | None:
    """The versions answering a read under ``cutoffs``: the default lens (``REPORTED`` from one
    publisher) with a ``knownAt`` alone or an ``asOf`` alone; one of ``LENSES`` with neither.
    None: the default cutoffs (the timelines themselves) or cutoffs that fold on read (both
    moments, another lens with a moment, a lens not kept)."""
    default_lens = cutoffs.default_lens
    if cutoffs.known_at is None and cutoffs.as_of is None:
        return None if default_lens or not kept(cutoffs) else LENS
    if not default_lens:
        return None
    if cutoffs.as_of is None:
        return PUBLICATION
    if cutoffs.known_at is None:
        return RECORDED
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


def edges(since: datetime | None, until: datetime | None) -> tuple[str, str]:
    """A version's interval as stored."""
    return (ts(since) if since else BEFORE, ts(until) if until else OPEN_END)


def start(text: str) -> datetime | None:
    """A version's start as ``edges`` stored it."""
    return parse_ts(text) if text != BEFORE else None
