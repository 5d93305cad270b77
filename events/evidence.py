"""Use cases for evidence as the news states it: affiliations, group claims, and reports that
relay another source (docs/domain.md#affiliations, #group-claims, #citations).

Each is load → decide (on the aggregate) → return the subject; the ``Ledger`` runs them in its
unit of work, with its clock and its retries, like its own use cases.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from events import commands as c
from events import inputs
from events.claim import Claim
from events.errors import BadInput
from events.fuzzydate import FuzzyDate
from events.group_claim import GroupClaim, check_counts, group_claim_public_id
from events.ids import affiliation_public_id
from events.moments import as_utc
from events.organization import Organization
from events.person import Person
from events.source import Source
from events.unit_of_work import UnitOfWork

ResolvePerson = Callable[[UnitOfWork, str, str], Person]


def check_cites(uow: UnitOfWork, source_id: str, cites_id: str | None) -> None:
    """A report's ``citesId`` names another registered source (docs/domain.md#citations)."""
    if cites_id is None:
        return
    if cites_id == source_id:
        raise BadInput("citesId", "a report cannot relay its own source: leave citesId out")
    uow.require(Source, cites_id, "citesId")


def report_affiliation(
    uow: UnitOfWork, cmd: c.ReportAffiliation, principal: str, now: datetime, resolve_person: ResolvePerson
) -> tuple[str, str]:
    """A new affiliation claim, or the source's report on the same one (same person, organization,
    observedAt and tense)."""
    person = resolve_person(uow, cmd.person_id, "personId")
    uow.require(Organization, cmd.organization_id, "organizationId")
    Claim.check_status(cmd.status)
    source = uow.require(Source, cmd.source_id, "sourceId")
    check_cites(uow, cmd.source_id, cmd.cites_id)
    if cmd.observed_at is None:  # the day it was published, in UTC
        observed = f"{as_utc(source.published_at):%Y-%m-%d}"
    else:
        observed = FuzzyDate.parse(cmd.observed_at, "observedAt").value
    # stored as written; the natural key is the canonical form (docs/domain.md#date-expressions)
    claim_id = affiliation_public_id(person.public_id, cmd.organization_id, FuzzyDate.parse(observed).edtf,
                                     cmd.tense.value)
    claim = uow.get(Claim, claim_id)
    note = inputs.optional(cmd.note)
    if claim is None:
        uow.add(Claim.report_affiliation(
            claim_id, person_id=person.public_id, organization_id=cmd.organization_id, tense=cmd.tense,
            role=inputs.optional(cmd.role), observed_at=observed, status=cmd.status, source_id=cmd.source_id,
            note=note, cites_id=cmd.cites_id, timestamp=now, recorded_by=principal,
        ))
    else:
        claim.add_report(cmd.source_id, cmd.status, note, cmd.cites_id, timestamp=now, recorded_by=principal)
    return "claim", claim_id


def report_group_move(uow: UnitOfWork, cmd: c.ReportGroupMove, principal: str, now: datetime) -> tuple[str, str]:
    """A new group claim, or the source's report on the same one (same organization, destination,
    modality and date; its counts stay those of the first report)."""
    uow.require(Organization, cmd.organization_id, "organizationId")
    if cmd.to_id is not None:
        uow.require(Organization, cmd.to_id, "toId")
    if cmd.to_id == cmd.organization_id:
        raise BadInput("toId", "a group cannot leave for the organization it is in")
    check_counts(cmd.count_min, cmd.count_max)
    effective = FuzzyDate.parse(cmd.effective).value if cmd.effective is not None else None
    Claim.check_status(cmd.status)
    uow.require(Source, cmd.source_id, "sourceId")
    check_cites(uow, cmd.source_id, cmd.cites_id)
    public_id = group_claim_public_id(
        cmd.organization_id, cmd.to_id, cmd.modality, FuzzyDate.parse(effective).edtf if effective else None
    )
    group = uow.get(GroupClaim, public_id)
    note = inputs.optional(cmd.note)
    if group is None:
        uow.add(GroupClaim.report(
            organization_id=cmd.organization_id, to_id=cmd.to_id, modality=cmd.modality,
            count_min=cmd.count_min, count_max=cmd.count_max, whole=cmd.whole, effective=effective,
            status=cmd.status, source_id=cmd.source_id, note=note, cites_id=cmd.cites_id,
            timestamp=now, recorded_by=principal,
        ))
    else:
        group.add_report(cmd.source_id, cmd.status, note, cmd.cites_id, timestamp=now, recorded_by=principal)
    return "groupClaim", public_id


def add_group_report(uow: UnitOfWork, cmd: c.AddReport, principal: str, now: datetime) -> tuple[str, str]:
    """``addReport`` on a group claim's id."""
    group = uow.require(GroupClaim, cmd.claim_id, "claimId")
    Claim.check_status(cmd.status)
    uow.require(Source, cmd.source_id, "sourceId")
    check_cites(uow, cmd.source_id, cmd.cites_id)
    group.add_report(cmd.source_id, cmd.status, inputs.optional(cmd.note), cmd.cites_id, timestamp=now,
                     recorded_by=principal)
    return "groupClaim", cmd.claim_id


def retract_group_claim(uow: UnitOfWork, cmd: c.RetractClaim, principal: str, now: datetime) -> tuple[str, str]:
    """``retractClaim`` on a group claim's id."""
    group = uow.require(GroupClaim, cmd.claim_id, "claimId")
    reason = inputs.required(cmd.reason, "reason")
    if cmd.source_id is not None:
        uow.require(Source, cmd.source_id, "sourceId")
    group.retract(reason, cmd.source_id, timestamp=now, recorded_by=principal)
    return "groupClaim", cmd.claim_id


def correct_affiliation(
    uow: UnitOfWork, claim: Claim, cmd: c.CorrectClaim, principal: str, now: datetime
) -> tuple[str, str]:
    """``correctClaim`` on an affiliation: ``effective`` (its observedAt), ``role`` or
    ``organizationId``; an affiliation has no ends to correct."""
    if cmd.from_id is not None or cmd.to_id is not None:
        raise BadInput("toId" if cmd.to_id is not None else "fromId",
                       "an affiliation has no fromId or toId: correct its organizationId")
    uow.require(Source, cmd.source_id, "sourceId")
    if cmd.effective is None and cmd.role is None and cmd.organization_id is None:
        raise BadInput("effective", "a correction of an affiliation needs effective, role or organizationId")
    observed = FuzzyDate.parse(cmd.effective).value if cmd.effective is not None else None
    if cmd.organization_id is not None:
        uow.require(Organization, cmd.organization_id, "organizationId")
    claim.correct_affiliation(cmd.source_id, observed_at=observed, role=inputs.optional(cmd.role),
                              organization_id=cmd.organization_id, timestamp=now, recorded_by=principal)
    return "claim", claim.public_id
