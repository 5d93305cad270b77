"""Write commands: one msgspec struct per mutation, with the mutation's input field names.

The same structs decode import lines and are built by the GraphQL mutations, so both edges
validate identically. Decoding checks types; the ledger checks meaning.
"""

from __future__ import annotations

from datetime import datetime

import msgspec

from events.base import ClaimStatus, Modality, Tense


class Command(msgspec.Struct, rename="camel", forbid_unknown_fields=True, kw_only=True):
    """Base of every command."""


class AliasInput(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, frozen=True):
    name: str
    language: str | None = None


class RegisterPerson(Command):
    name: str
    id: str | None = None
    aliases: list[AliasInput] = []


class RegisterOrganization(Command):
    name: str
    id: str | None = None
    aliases: list[AliasInput] = []
    parent_id: str | None = None


class ReparentOrganization(Command):
    """Move a unit under another organization; ``parent_id`` must be given, None detaches."""

    organization_id: str
    parent_id: str | None


class RegisterSource(Command):
    publisher: str
    published_at: datetime
    id: str | None = None
    url: str | None = None
    title: str | None = None
    language: str | None = None
    cites_id: str | None = None


class ReportMove(Command):
    person_id: str
    effective: str
    status: ClaimStatus
    source_id: str
    from_id: str | None = None
    to_id: str | None = None
    role: str | None = None
    note: str | None = None
    cites_id: str | None = None


class AddReport(Command):
    """A report on a claim or a group claim (``claim_id`` names either)."""

    claim_id: str
    source_id: str
    status: ClaimStatus
    note: str | None = None
    cites_id: str | None = None


class ReportAffiliation(Command):
    person_id: str
    organization_id: str
    status: ClaimStatus
    source_id: str
    role: str | None = None
    observed_at: str | None = None  # default: the source's publication date (docs/domain.md#affiliations)
    tense: Tense = Tense.CURRENT
    note: str | None = None
    cites_id: str | None = None


class ReportGroupMove(Command):
    organization_id: str
    modality: Modality
    status: ClaimStatus
    source_id: str
    to_id: str | None = None
    count_min: int | None = None
    count_max: int | None = None
    whole: bool = False
    effective: str | None = None
    note: str | None = None
    cites_id: str | None = None


class RetractClaim(Command):
    claim_id: str
    reason: str
    source_id: str | None = None


class CorrectClaim(Command):
    claim_id: str
    source_id: str
    effective: str | None = None
    role: str | None = None
    to_id: str | None = None
    from_id: str | None = None
    organization_id: str | None = None  # an affiliation's


class AddAlias(Command):
    subject_id: str
    name: str
    language: str | None = None


class MergePeople(Command):
    duplicate_id: str
    survivor_id: str
    reason: str


COMMANDS: dict[str, type[Command]] = {
    "registerPerson": RegisterPerson,
    "registerOrganization": RegisterOrganization,
    "reparentOrganization": ReparentOrganization,
    "registerSource": RegisterSource,
    "reportMove": ReportMove,
    "addReport": AddReport,
    "reportAffiliation": ReportAffiliation,
    "reportGroupMove": ReportGroupMove,
    "retractClaim": RetractClaim,
    "correctClaim": CorrectClaim,
    "addAlias": AddAlias,
    "mergePeople": MergePeople,
}
"""Mutation name → command struct: the ``op`` of an import line."""

EDITOR_COMMANDS = frozenset({RetractClaim, CorrectClaim, MergePeople, ReparentOrganization})
"""Commands that need the editor role; every other command needs a reporter."""
