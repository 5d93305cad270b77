"""The change feed's one handler: every event, first, as the read models will hold it."""

from __future__ import annotations

from typing import Any

import msgspec

from events.base import LedgerAggregate
from events.claim import Claim
from events.group_claim import GroupClaim
from events.organization import Organization
from events.person import Person
from events.source import Source
from projections.db.writer import Writer, public
from projections.feed import sql
from projections.storable import NUL, NUL_IN_JSON, storable
from projections.timefmt import ts

TYPE_NAMES: dict[type[Any], str] = {
    Person.Registered: "PersonRegistered",
    Person.AliasAdded: "PersonAliasAdded",
    Person.Merged: "PeopleMerged",
    Organization.Registered: "OrganizationRegistered",
    Organization.AliasAdded: "OrganizationAliasAdded",
    Organization.Reparented: "OrganizationReparented",
    Source.Registered: "SourceRegistered",
    Claim.MoveReported: "MoveReported",
    Claim.AffiliationReported: "AffiliationReported",
    Claim.ReportAdded: "ReportAdded",
    Claim.Retracted: "ClaimRetracted",
    Claim.Corrected: "ClaimCorrected",
    GroupClaim.GroupMoveReported: "GroupMoveReported",
    GroupClaim.ReportAdded: "GroupReportAdded",
    GroupClaim.Retracted: "GroupClaimRetracted",
}
# Bookkeeping every event carries, left out of an event's ``data``.
ENVELOPE = {"originator_id", "originator_topic", "originator_version", "recorded_by", "timestamp"}


def encode(value: Any) -> str:
    return msgspec.json.encode(value).decode()


def log(w: Writer, event: LedgerAggregate.Event, position: int) -> LedgerAggregate.Event:
    """Write the event to the change feed's log; returns it as the read models hold it (with
    any NUL in its text replaced: ``storable.py``). Sets the page's ``recorded`` time."""
    data = {k: v for k, v in vars(event).items() if k not in ENVELOPE}
    encoded = encode(data)
    if NUL_IN_JSON in encoded or NUL in event.originator_id or NUL in (event.recorded_by or ""):
        event = storable(event)
        data = {k: v for k, v in vars(event).items() if k not in ENVELOPE}
        encoded = encode(data)
    w.recorded = ts(event.timestamp)
    w.execute(sql.INSERT_EVENT, (position, TYPE_NAMES[type(event)], w.recorded, event.recorded_by,
                                 public(event.originator_id), data.get("source_id"), encoded))
    return event
