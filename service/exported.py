"""An export's lines as import lines (``docs/import.md#importing-an-export``): each event becomes the
write that records it, so ``talentledger export`` of one database imported into another gives the
same records, claims and answers (the new database records them anew: its own positions, recorded
times and principal).

An event's ``data`` holds the write's input fields already (``docs/domain.md#events``); the record
it is about (``subjectId``) goes back into the input field that named it, and fields the service
derived (a claim's ``kind``) are left out, to be derived again.
"""

from __future__ import annotations

from typing import Any

import msgspec

from events.errors import BadInput
from events.fuzzydate import FuzzyDate
from events.ids import claim_public_id


class ExportedLine(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    """One line of ``talentledger export``."""

    type: str
    data: dict[str, Any]
    subject_id: str | None = None
    position: int | None = None
    recorded_at: str | None = None
    recorded_by: str | None = None


# event type -> (the write that records it, the input field naming the subject, derived fields)
WRITES: dict[str, tuple[str, str, frozenset[str]]] = {
    "PersonRegistered": ("registerPerson", "id", frozenset()),
    "PersonAliasAdded": ("addAlias", "subjectId", frozenset()),
    "PeopleMerged": ("mergePeople", "duplicateId", frozenset()),
    "OrganizationRegistered": ("registerOrganization", "id", frozenset()),
    "OrganizationAliasAdded": ("addAlias", "subjectId", frozenset()),
    "OrganizationReparented": ("reparentOrganization", "organizationId", frozenset()),
    "SourceRegistered": ("registerSource", "id", frozenset()),
    "MoveReported": ("reportMove", "claimId", frozenset({"kind"})),
    "ReportAdded": ("addReport", "claimId", frozenset()),
    "ClaimRetracted": ("retractClaim", "claimId", frozenset()),
    "ClaimCorrected": ("correctClaim", "claimId", frozenset()),
    "AffiliationReported": ("reportAffiliation", "claimId", frozenset({"kind"})),
    "GroupMoveReported": ("reportGroupMove", "claimId", frozenset()),
    "GroupReportAdded": ("addReport", "claimId", frozenset()),
    "GroupClaimRetracted": ("retractClaim", "claimId", frozenset()),
}
# Writes whose record's id is their natural key (docs/domain.md#ids): they take no id.
NATURALLY_KEYED = frozenset({"reportMove", "reportAffiliation", "reportGroupMove"})

_decoder = msgspec.json.Decoder(ExportedLine)


class NotAnEvent(ValueError):
    """The line is an export line of an event type no write records."""


def as_write(raw: bytes) -> tuple[str, bytes] | None:
    """``(op, input)`` for an export line; None when ``raw`` is not one (it is then read as an
    import line). A write's own claim id is its natural key, so ``reportMove`` takes none."""
    try:
        line = _decoder.decode(raw)
    except msgspec.DecodeError:
        return None
    found = WRITES.get(line.type)
    if found is None:
        raise NotAnEvent(f"event type {line.type[:40]!r} is not recorded by any write; known: {', '.join(WRITES)}")
    op, subject_field, derived = found
    fields = {k: v for k, v in line.data.items() if k not in derived}
    if op not in NATURALLY_KEYED:
        fields[subject_field] = line.subject_id
    elif op == "reportMove" and line.subject_id != (computed := _claim_id(fields)) and computed is not None:
        # Later lines name the claim by the exported id: it must be the one this write records.
        raise NotAnEvent(f"claim '{line.subject_id}' would be recorded as '{computed}' (another id scheme)")
    return op, msgspec.json.encode(fields)


def _claim_id(fields: dict[str, Any]) -> str | None:
    try:
        key = FuzzyDate.parse(fields.get("effective")).edtf  # type: ignore[arg-type]
    except BadInput:
        return None  # refused by the write itself, with its own message
    return claim_public_id(str(fields.get("personId")), fields.get("fromId"), fields.get("toId"), key)
