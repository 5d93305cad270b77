"""Versions of the default lens's timelines (docs/time.md#versions): each person's stints and
counted moves with the interval of publication time they hold over (everything recorded so far),
and with the interval of recorded time they hold over (everything published), computed by the
pure sweeps (``rules/versions.py``) whenever the person's timeline is, and read with one indexed
range condition, so that reads under a ``knownAt`` alone or an ``asOf`` alone fold nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from events.base import ClaimStatus
from projections.model import Cutoffs
from projections.timefmt import ts

BEFORE = ""
"""The start of a version holding since before any time."""
OPEN_END = "~"
"""The end of a version holding from then on (after every time)."""


@dataclass(frozen=True, slots=True)
class Axis:
    """One axis's versions: their tables (without the prefix) and interval columns."""

    stints: str
    moves: str
    since: str
    until: str

    @property
    def parts(self) -> dict[str, str]:
        """The fields of the versions' statements (``timelines/sql.py``): ``{stint_versions}``,
        ``{move_versions}`` and ``{holds}``, the versions holding at the read's moment."""
        return {"stint_versions": self.stints, "move_versions": self.moves,
                "holds": f"{self.since} <= ? AND {self.until} > ?"}


PUBLICATION = Axis("stint_versions", "move_versions", "known_from", "known_until")
"""Along ``knownAt``, as recorded now."""
RECORDED = Axis("stint_recorded_versions", "move_recorded_versions", "recorded_from", "recorded_until")
"""Along ``asOf``, as published by now (every ``knownAt``)."""


def axis_of(cutoffs: Cutoffs) -> Axis | None:
    """The versions answering a read under ``cutoffs``: the default lens (``REPORTED`` from one
    publisher) with a ``knownAt`` alone or an ``asOf`` alone. None: the default cutoffs (the
    timelines themselves) or cutoffs that fold on read (both moments, another lens)."""
    if cutoffs.min_status is not ClaimStatus.REPORTED or cutoffs.min_sources != 1:
        return None
    if cutoffs.known_at is not None and cutoffs.as_of is None:
        return PUBLICATION
    if cutoffs.as_of is not None and cutoffs.known_at is None:
        return RECORDED
    return None


def versioned(cutoffs: Cutoffs) -> bool:
    """Whether a read under ``cutoffs`` is answered from versions (``axis_of``)."""
    return axis_of(cutoffs) is not None


def parts(cutoffs: Cutoffs) -> dict[str, str]:
    """``Axis.parts`` of the read's axis (the cutoffs are versioned)."""
    axis = axis_of(cutoffs)
    assert axis is not None
    return axis.parts


def moment(cutoffs: Cutoffs) -> list[Any]:
    """The parameters of ``{holds}``: the read's ``knownAt`` or ``asOf`` (the cutoffs are versioned)."""
    at = cutoffs.known_at if cutoffs.known_at is not None else cutoffs.as_of
    assert at is not None
    return [ts(at), ts(at)]


def edges(since: datetime | None, until: datetime | None) -> tuple[str, str]:
    """A version's interval as stored."""
    return (ts(since) if since else BEFORE, ts(until) if until else OPEN_END)
