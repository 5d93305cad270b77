"""One use case per command: load what the decision needs, let the aggregate decide.

Each function takes the unit of work, the command (its text already accepted by
``events/text.py``), who writes and when, and returns the subject written about (kind and public
id). Input that needs no state is checked first, in the order the errors are reported, then the
aggregates are loaded (an unknown id is ``NOT_FOUND``), then an aggregate method decides: it
refuses what cannot be true or records its events. A refused command leaves no pending event.
``HANDLERS`` maps each command type to its use case; the ``Ledger`` runs them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from events import commands as c
from events import evidence, inputs
from events.base import MAX_CHAIN, Alias, ClaimKind
from events.claim import Claim
from events.errors import BadInput, Conflict, NotFound
from events.fuzzydate import FuzzyDate
from events.group_claim import is_group_claim_id
from events.ids import check_slug, claim_public_id, digest, slugify
from events.organization import Organization
from events.person import Person
from events.source import Source
from events.unit_of_work import UnitOfWork

Subject = tuple[str, str]
"""What a write was about: its kind (``person``, ``organization``, ``source``, ``claim``) and id."""

UseCase = Callable[..., Subject]
"""``(unit of work, command, principal, now) -> Subject``, for the command type it is registered for."""


# -- loading ------------------------------------------------------------------------------

def resolve_person(uow: UnitOfWork, public_id: str, field: str) -> Person:
    """Follow merges: a duplicate's id keeps resolving to its survivor."""
    person = uow.require(Person, public_id, field)
    for _ in range(MAX_CHAIN):
        if person.merged_into is None:
            return person
        person = uow.require(Person, person.merged_into, field)
    raise Conflict(f"merge chain of '{public_id}' is too long")


def ancestors(uow: UnitOfWork, parent_id: str | None) -> list[str]:
    """``parent_id`` and its ancestors up to the root, each of which must exist."""
    chain: list[str] = []
    ancestor = parent_id
    while ancestor is not None:
        if len(chain) == MAX_CHAIN:
            raise BadInput("parentId", "organization hierarchy is too deep")
        chain.append(ancestor)
        ancestor = uow.require(Organization, ancestor, "parentId").parent_id
    return chain


def citations(uow: UnitOfWork, cites_id: str | None, public_id: str) -> list[str]:
    """The sources ``cites_id`` leads through, nearest first, each of which must exist; the walk
    stops at ``public_id`` itself (a self-citation, which ``Source`` refuses)."""
    chain: list[str] = []
    cited = cites_id
    while cited is not None and len(chain) < MAX_CHAIN:
        chain.append(cited)
        if cited == public_id:
            break
        cited = uow.require(Source, cited, "citesId").cites_id
    return chain


# -- registrations ------------------------------------------------------------------------

def register_person(uow: UnitOfWork, cmd: c.RegisterPerson, principal: str, now: datetime) -> Subject:
    name = inputs.required(cmd.name, "name")
    public_id = check_slug(cmd.id, "id") if cmd.id else slugify(name)
    aliases = inputs.aliases(cmd.aliases)
    person = uow.get(Person, public_id)
    if person is None:
        uow.add(Person.register(public_id, name, aliases, timestamp=now, recorded_by=principal))
    else:
        person.register_again(name, aliases, timestamp=now, recorded_by=principal)
    return "person", public_id


def register_organization(uow: UnitOfWork, cmd: c.RegisterOrganization, principal: str, now: datetime) -> Subject:
    name = inputs.required(cmd.name, "name")
    public_id = check_slug(cmd.id, "id") if cmd.id else slugify(name)
    aliases = inputs.aliases(cmd.aliases)
    org = uow.get(Organization, public_id)
    if org is None:
        chain = ancestors(uow, cmd.parent_id)
        uow.add(Organization.register(public_id, name, aliases, cmd.parent_id, chain,
                                      timestamp=now, recorded_by=principal))
    else:
        org.register_again(name, aliases, cmd.parent_id, timestamp=now, recorded_by=principal)
    return "organization", public_id


def reparent_organization(uow: UnitOfWork, cmd: c.ReparentOrganization, principal: str, now: datetime) -> Subject:
    org = uow.require(Organization, cmd.organization_id, "organizationId")
    org.reparent(cmd.parent_id, ancestors(uow, cmd.parent_id), now, principal)
    return "organization", cmd.organization_id


def register_source(uow: UnitOfWork, cmd: c.RegisterSource, principal: str, now: datetime) -> Subject:
    publisher = inputs.required(cmd.publisher, "publisher")
    published_at = inputs.publication_instant(cmd.published_at)
    public_id = (
        check_slug(cmd.id, "id")
        if cmd.id
        else f"{slugify(publisher)}-{published_at:%Y-%m-%d}-{digest(cmd.url, cmd.title)[:8]}"
    )
    chain = citations(uow, cmd.cites_id, public_id)
    source = uow.get(Source, public_id)
    if source is None:
        uow.add(Source.register(
            public_id, publisher=publisher, url=cmd.url, title=cmd.title, language=cmd.language,
            published_at=published_at, cites_id=cmd.cites_id, citations=chain, timestamp=now,
            recorded_by=principal,
        ))
    else:
        source.register_again((publisher, cmd.url, cmd.title, cmd.language, published_at, cmd.cites_id), chain)
    return "source", public_id


# -- claims -------------------------------------------------------------------------------

def report_move(uow: UnitOfWork, cmd: c.ReportMove, principal: str, now: datetime) -> Subject:
    person = resolve_person(uow, cmd.person_id, "personId")
    Claim.check_parties(cmd.from_id, cmd.to_id)
    for org_id, field in ((cmd.from_id, "fromId"), (cmd.to_id, "toId")):
        if org_id:
            uow.require(Organization, org_id, field)
    written = FuzzyDate.parse(cmd.effective)
    effective = written.value  # stored as written; the natural key is the canonical form
    Claim.check_status(cmd.status)
    uow.require(Source, cmd.source_id, "sourceId")
    evidence.check_cites(uow, cmd.source_id, cmd.cites_id)
    claim_id = claim_public_id(person.public_id, cmd.from_id, cmd.to_id, written.edtf)
    claim = uow.get(Claim, claim_id)
    note = inputs.optional(cmd.note)
    if claim is None:
        uow.add(Claim.report_move(
            claim_id, person_id=person.public_id, from_id=cmd.from_id, to_id=cmd.to_id,
            role=inputs.optional(cmd.role), effective=effective, status=cmd.status, source_id=cmd.source_id,
            note=note, cites_id=cmd.cites_id, timestamp=now, recorded_by=principal,
        ))
    else:
        claim.add_report(cmd.source_id, cmd.status, note, cmd.cites_id, timestamp=now, recorded_by=principal)
    return "claim", claim_id


def report_affiliation(uow: UnitOfWork, cmd: c.ReportAffiliation, principal: str, now: datetime) -> Subject:
    return evidence.report_affiliation(uow, cmd, principal, now, resolve_person)


def add_report(uow: UnitOfWork, cmd: c.AddReport, principal: str, now: datetime) -> Subject:
    if is_group_claim_id(cmd.claim_id):
        return evidence.add_group_report(uow, cmd, principal, now)
    claim = uow.require(Claim, cmd.claim_id, "claimId")
    Claim.check_status(cmd.status)
    uow.require(Source, cmd.source_id, "sourceId")
    evidence.check_cites(uow, cmd.source_id, cmd.cites_id)
    claim.add_report(cmd.source_id, cmd.status, inputs.optional(cmd.note), cmd.cites_id, timestamp=now,
                     recorded_by=principal)
    return "claim", cmd.claim_id


def retract_claim(uow: UnitOfWork, cmd: c.RetractClaim, principal: str, now: datetime) -> Subject:
    if is_group_claim_id(cmd.claim_id):
        return evidence.retract_group_claim(uow, cmd, principal, now)
    claim = uow.require(Claim, cmd.claim_id, "claimId")
    reason = inputs.required(cmd.reason, "reason")
    if cmd.source_id is not None:
        uow.require(Source, cmd.source_id, "sourceId")
    claim.retract(reason, cmd.source_id, timestamp=now, recorded_by=principal)
    return "claim", cmd.claim_id


def correct_claim(uow: UnitOfWork, cmd: c.CorrectClaim, principal: str, now: datetime) -> Subject:
    if is_group_claim_id(cmd.claim_id):
        raise BadInput("claimId", "a group claim is not corrected: retract it and report it again")
    claim = uow.require(Claim, cmd.claim_id, "claimId")
    if claim.kind is ClaimKind.AFFILIATION:
        return evidence.correct_affiliation(uow, claim, cmd, principal, now)
    if cmd.organization_id is not None:
        raise BadInput("organizationId", "only an affiliation has an organizationId: correct fromId or toId")
    uow.require(Source, cmd.source_id, "sourceId")
    Claim.check_correction(cmd.effective, cmd.role, cmd.from_id, cmd.to_id)
    effective = FuzzyDate.parse(cmd.effective).value if cmd.effective is not None else None
    for org_id, field in ((cmd.from_id, "fromId"), (cmd.to_id, "toId")):
        if org_id is not None:
            uow.require(Organization, org_id, field)
    claim.correct(cmd.source_id, effective=effective, role=cmd.role, from_id=cmd.from_id, to_id=cmd.to_id,
                  timestamp=now, recorded_by=principal)
    return "claim", cmd.claim_id


# -- aliases and merges -------------------------------------------------------------------

def add_alias(uow: UnitOfWork, cmd: c.AddAlias, principal: str, now: datetime) -> Subject:
    name = inputs.required(cmd.name, "name")
    person = uow.get(Person, cmd.subject_id)
    org = uow.get(Organization, cmd.subject_id)
    if person is not None and org is not None:
        raise BadInput("subjectId", f"'{cmd.subject_id}' names both a person and an organization")
    alias = Alias(name, cmd.language or None)
    if person is not None:
        person = resolve_person(uow, cmd.subject_id, "subjectId")
        person.add_aliases([alias], timestamp=now, recorded_by=principal)
        return "person", person.public_id
    if org is not None:
        org.add_aliases([alias], timestamp=now, recorded_by=principal)
        return "organization", cmd.subject_id
    raise NotFound("person or organization", cmd.subject_id, "subjectId")


def merge_people(uow: UnitOfWork, cmd: c.MergePeople, principal: str, now: datetime) -> Subject:
    reason = inputs.required(cmd.reason, "reason")
    Person.check_merge(cmd.duplicate_id, cmd.survivor_id)
    duplicate = uow.require(Person, cmd.duplicate_id, "duplicateId")
    survivor = uow.require(Person, cmd.survivor_id, "survivorId")
    duplicate.merge_into(survivor, reason, timestamp=now, recorded_by=principal)
    return "person", cmd.survivor_id


HANDLERS: dict[type[c.Command], UseCase] = {
    c.RegisterPerson: register_person,
    c.RegisterOrganization: register_organization,
    c.ReparentOrganization: reparent_organization,
    c.RegisterSource: register_source,
    c.ReportMove: report_move,
    c.AddReport: add_report,
    c.RetractClaim: retract_claim,
    c.CorrectClaim: correct_claim,
    c.AddAlias: add_alias,
    c.MergePeople: merge_people,
    c.ReportAffiliation: report_affiliation,
    c.ReportGroupMove: evidence.report_group_move,
}
"""Command type → its use case."""
