"""The root Mutation: each field answers from the write its document made (``schema.batch``).

The writes of a document are decided and stored together before any field resolves; each field
then reads its record from the read models, which already reflect the write (read-your-writes).
When they did not catch up in time, a field answers with what was written (its id, and what its
input said) and the response carries a ``PROJECTION_PENDING`` warning: a stored write is never
answered as a failure.
"""

from __future__ import annotations

import strawberry

from events import commands as c
from events.base import ClaimKind
from events.claim import kind_of
from events.fuzzydate import FuzzyDate as Fuzzy
from events.moments import as_utc
from events.text import nfc
from schema import inputs as i
from schema.args import Info
from schema.context import Written
from schema.evidence import Claim, Source
from schema.organizations import Organization
from schema.people import Person
from schema.signals import GroupClaim
from schema.values import Alias, FuzzyDate, required


def _written(info: Info) -> Written:
    return info.context.written[str(info.path.key)]


def _pending(info: Info) -> bool:
    return info.context.pending_position is not None


def _aliases(command: c.Command) -> list[Alias]:
    return [Alias(name=nfc(a.name.strip()), language=a.language or None) for a in getattr(command, "aliases", ())]


def _person(info: Info) -> Person:
    written = _written(info)
    subject, command = written.outcome.subject_id, written.command
    found = Person.of(info.context.person(subject))
    if found is None and _pending(info):
        name = command.name.strip() if isinstance(command, c.RegisterPerson) else subject
        return Person(id=strawberry.ID(subject), name=name, aliases=_aliases(command))
    return required(found, "person", subject)


def _organization(info: Info) -> Organization:
    written = _written(info)
    subject, command = written.outcome.subject_id, written.command
    found = Organization.of(info.context.organization(subject))
    if found is None and _pending(info) and isinstance(command, c.RegisterOrganization):
        return Organization(id=strawberry.ID(subject), name=command.name.strip(), aliases=_aliases(command),
                            parent_id=command.parent_id)
    return required(found, "organization", subject)


def _source(info: Info) -> Source:
    written = _written(info)
    subject, command = written.outcome.subject_id, written.command
    found = Source.of(info.context.source(subject))
    if found is None and _pending(info) and isinstance(command, c.RegisterSource):
        return Source(
            id=strawberry.ID(subject), publisher=command.publisher.strip(), url=command.url,
            title=command.title, language=command.language, cites_id=command.cites_id,
            published_at=as_utc(command.published_at),
        )
    return required(found, "source", subject)


def _claim(info: Info) -> Claim:
    written = _written(info)
    subject, command = written.outcome.subject_id, written.command
    found = info.context.claim(subject)
    if found is None and _pending(info) and isinstance(command, c.ReportMove):
        # Derived values (reports, sources, conflicts) come with the read models; until then, none.
        effective = Fuzzy.parse(command.effective)
        return Claim(
            id=strawberry.ID(subject), kind=kind_of(command.from_id, command.to_id), role=command.role,
            effective=required(FuzzyDate.of(effective), "date", command.effective), status=command.status,
            independent_sources=0, contested=False, corroborating_sources=0, reports=[], person_id=command.person_id,
            from_id=command.from_id, to_id=command.to_id,
        )
    if found is None and _pending(info) and isinstance(command, c.ReportAffiliation):
        source = required(info.context.source(command.source_id), "source", command.source_id)
        observed = Fuzzy.parse(command.observed_at or f"{as_utc(source.published_at):%Y-%m-%d}")
        return Claim(
            id=strawberry.ID(subject), kind=ClaimKind.AFFILIATION, role=command.role,
            effective=required(FuzzyDate.of(observed), "date", observed.value), status=command.status,
            independent_sources=0, contested=False, corroborating_sources=0, reports=[], person_id=command.person_id,
            from_id=None,
            to_id=None, organization_id=command.organization_id, tense=command.tense,
        )
    return Claim.of(required(found, "claim", subject))


def _group_claim(info: Info) -> GroupClaim:
    written = _written(info)
    subject, command = written.outcome.subject_id, written.command
    found = info.context.queries.group_claim(subject)
    if found is None and _pending(info) and isinstance(command, c.ReportGroupMove):
        return GroupClaim(
            id=strawberry.ID(subject), modality=command.modality, count_min=command.count_min,
            count_max=command.count_max, whole=command.whole,
            effective=FuzzyDate.of(Fuzzy.parse(command.effective)) if command.effective else None,
            status=command.status, independent_sources=0, reports=[], organization_id=command.organization_id,
            to_id=command.to_id,
        )
    return GroupClaim.of(required(found, "group claim", subject))


@strawberry.type(description="Every write. Each needs an API key; repeats with the same natural key record nothing. "
                 "The fields of one document are stored together or not at all.")
class Mutation:
    @strawberry.mutation(description="Register a person (reporter).")
    def register_person(self, info: Info, input: i.RegisterPersonInput) -> Person:
        return _person(info)

    @strawberry.mutation(description="Register an organization (reporter).")
    def register_organization(self, info: Info, input: i.RegisterOrganizationInput) -> Organization:
        return _organization(info)

    @strawberry.mutation(description="Move an organization inside another, or out of any with parentId: null (editor).")
    def reparent_organization(self, info: Info, input: i.ReparentOrganizationInput) -> Organization:
        return _organization(info)

    @strawberry.mutation(description="Register a source (reporter).")
    def register_source(self, info: Info, input: i.RegisterSourceInput) -> Source:
        return _source(info)

    @strawberry.mutation(description="Report a move, hire or departure (reporter); returns the claim.")
    def report_move(self, info: Info, input: i.ReportMoveInput) -> Claim:
        return _claim(info)

    @strawberry.mutation(description="Add a source's report to a claim (reporter).")
    def add_report(self, info: Info, input: i.AddReportInput) -> Claim:
        return _claim(info)

    @strawberry.mutation(description="Report that a person was (CURRENT) or had been (FORMER) at an organization "
                         "(reporter); returns the claim, of kind AFFILIATION.")
    def report_affiliation(self, info: Info, input: i.ReportAffiliationInput) -> Claim:
        return _claim(info)

    @strawberry.mutation(description="Report a move of a team or an unnamed group (reporter); returns the group claim.")
    def report_group_move(self, info: Info, input: i.ReportGroupMoveInput) -> GroupClaim:
        return _group_claim(info)

    @strawberry.mutation(description="Add a source's report to a group claim (reporter): addReport with a group "
                         "claim's id, answered with the group claim.")
    def add_group_report(self, info: Info, input: i.AddReportInput) -> GroupClaim:
        return _group_claim(info)

    @strawberry.mutation(description="Retract a group claim (editor): retractClaim with a group claim's id, "
                         "answered with the group claim.")
    def retract_group_claim(self, info: Info, input: i.RetractClaimInput) -> GroupClaim:
        return _group_claim(info)

    @strawberry.mutation(description="Retract a claim (editor).")
    def retract_claim(self, info: Info, input: i.RetractClaimInput) -> Claim:
        return _claim(info)

    @strawberry.mutation(description="Correct a claim's fields (editor).")
    def correct_claim(self, info: Info, input: i.CorrectClaimInput) -> Claim:
        return _claim(info)

    @strawberry.mutation(description="Add a name to a person or an organization (reporter).")
    def add_alias(self, info: Info, input: i.AddAliasInput) -> Alias:
        command = _written(info).command
        assert isinstance(command, c.AddAlias)
        return Alias(name=nfc(command.name.strip()), language=command.language or None)  # as recorded

    @strawberry.mutation(description="Merge a duplicate person into a survivor (editor); returns the survivor.")
    def merge_people(self, info: Info, input: i.MergePeopleInput) -> Person:
        return _person(info)
