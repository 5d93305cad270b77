"""The dispatch of each event to the handlers of every read model that cares about it.

The change feed's log runs first for every event: it writes the event to ``tl_events`` and hands
the other handlers the event as the read models hold it (any NUL in its text replaced:
``projections/storable.py``). Then, in this order, the belief changes' record of an organization's
parent before it moves, the directory (which keeps the organizations' parents the others read),
the claims, the signals (group claims), the audit trail, the timelines (which only note whose
timeline to recompute; ``recompute`` runs once a page, after every event of it), the belief
changes (which note the events about each person, replayed by that recompute) and the publishers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from events.base import LedgerAggregate
from projections.audit.handlers import HANDLERS as AUDIT
from projections.beliefs.handlers import BEFORE_DIRECTORY as BELIEF_TREE
from projections.beliefs.handlers import HANDLERS as BELIEFS
from projections.claims import horizons
from projections.claims.handlers import HANDLERS as CLAIMS
from projections.db.writer import Writer
from projections.directory.handlers import HANDLERS as DIRECTORY
from projections.feed.log import TYPE_NAMES, log
from projections.publishers.handlers import HANDLERS as PUBLISHERS
from projections.signals.handlers import HANDLERS as SIGNALS
from projections.timelines.handlers import HANDLERS as TIMELINES
from projections.timelines.materialize import recompute

Handler = Callable[[Writer, Any, int], None]
READ_MODELS: tuple[dict[type[Any], Handler], ...] = (
    BELIEF_TREE, DIRECTORY, CLAIMS, SIGNALS, AUDIT, TIMELINES, BELIEFS, PUBLISHERS,
)
# Plain functions, not bound methods kept on the writer, so that a page's writer (and the rows it
# holds) is freed as soon as the page is done, cycle collector or not.
HANDLERS: dict[type[Any], tuple[Handler, ...]] = {
    kind: tuple(handlers[kind] for handlers in READ_MODELS if kind in handlers) for kind in TYPE_NAMES
}


class PageWriter(Writer):
    """Applies events to the tables under ``prefix``; remembers whose timelines to recompute."""

    def apply(self, event: LedgerAggregate.Event, position: int) -> None:
        event = log(self, event, position)
        for handler in HANDLERS[type(event)]:
            handler(self, event, position)

    def log(self, event: LedgerAggregate.Event, position: int) -> LedgerAggregate.Event:
        """Only the change feed's log (for an event set aside: the feed stays gap-free)."""
        return log(self, event, position)

    def recompute(self, people: Iterable[str]) -> None:
        """Recompute the default-cutoff timeline of each person (as its merge survivor), and add
        the page's points to the horizons."""
        recompute(self, people)
        horizons.apply(self)
