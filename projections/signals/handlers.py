"""The signals' event handlers: a group claim's creation keeps its ``tl_group_claims`` row, and
each of its events is one ``tl_group_facts`` row (as the claims' fact rows, without a person)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from events.group_claim import GroupClaim
from projections.db.writer import Writer, public
from projections.directory.handlers import source
from projections.signals import sql


def _fact(w: Writer, e: GroupClaim.Event, position: int, fact: str, *, source_id: str | None,
          status: str | None = None, note: str | None = None, cites_id: str | None = None) -> None:
    published, publisher = source(w, source_id) if source_id else (None, None)
    if cites_id:  # a relayed report counts as the cited publisher (docs/domain.md#citations)
        publisher = source(w, cites_id)[1]
    w.execute(sql.INSERT_GROUP_FACT, (position, public(e.originator_id), fact, w.recorded, published, status,
                                      source_id, publisher, note, cites_id))


def group_move_reported(w: Writer, e: GroupClaim.GroupMoveReported, position: int) -> None:
    w.execute(sql.INSERT_GROUP, (public(e.originator_id), e.organization_id, e.to_id, e.modality, e.count_min,
                                 e.count_max, int(e.whole), e.effective))
    _fact(w, e, position, "reported", source_id=e.source_id, status=e.status, note=e.note, cites_id=e.cites_id)


def group_report_added(w: Writer, e: GroupClaim.ReportAdded, position: int) -> None:
    _fact(w, e, position, "report", source_id=e.source_id, status=e.status, note=e.note, cites_id=e.cites_id)


def group_claim_retracted(w: Writer, e: GroupClaim.Retracted, position: int) -> None:
    _fact(w, e, position, "retracted", source_id=e.source_id, note=e.reason)


HANDLERS: dict[type[Any], Callable[[Writer, Any, int], None]] = {
    GroupClaim.GroupMoveReported: group_move_reported,
    GroupClaim.ReportAdded: group_report_added,
    GroupClaim.Retracted: group_claim_retracted,
}
