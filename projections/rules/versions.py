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

from projections.rules.claims import Fact

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
