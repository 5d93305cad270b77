"""The publishers' event handlers: a source's registration names its publisher."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from events.source import Source
from projections.db.writer import Writer, public
from projections.publishers import materialize, sql
from projections.rules.track_record import publisher_key
from projections.search import normalize


def source_registered(w: Writer, e: Source.Registered, position: int) -> None:
    """The publisher as it first wrote its name, and the source among its own (a citing source
    is its publisher's source; its reports are credited to the cited one: docs/rules.md#track-record)."""
    key = publisher_key(e.publisher)
    w.execute(sql.INSERT_PUBLISHER, (key, e.publisher.strip(), normalize(e.publisher)))
    w.execute(sql.INSERT_SOURCE, (key, public(e.originator_id)))


HANDLERS: dict[type[Any], Callable[[Writer, Any, int], None]] = {
    Source.Registered: source_registered,
    **materialize.HANDLERS,  # every claim event: its claim's calls (under the default cutoffs)
}
