"""GraphQL types for the evidence behind every answer: sources, their reports, and the claims."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from projections import model as m
from schema.args import AfterId, Info, ListFirst, id_cursor
from schema.enums import ClaimKind, ClaimStatus, Tense
from schema.lazy import Lazy
from schema.values import FuzzyDate, required

if TYPE_CHECKING:
    from schema.organizations import Organization
    from schema.people import Person

# Above this module: people and organizations list their claims (schema/lazy.py).
PERSON: Lazy[Person] = Lazy("Person", "schema.people")
ORGANIZATION: Lazy[Organization] = Lazy("Organization", "schema.organizations")
LazyPerson = Annotated["Person", strawberry.lazy("schema.people")]
LazyOrganization = Annotated["Organization", strawberry.lazy("schema.organizations")]


@strawberry.type(description="A publication that reported on claims: an article, a post, a filing.")
class Source:
    id: strawberry.ID = strawberry.field(description="Stable id of the source.")
    publisher: str = strawberry.field(description="Who published it, such as `Bloomberg`.")
    url: str | None = strawberry.field(description="Where it was published.")
    title: str | None = strawberry.field(description="Its title.")
    language: str | None = strawberry.field(description="Language it was published in.")
    published_at: datetime = strawberry.field(description="When it was published.")
    cites_id: strawberry.Private[str | None]

    @strawberry.field(description="The source this one repeats (an aggregator citing its origin).")
    def cites(self, info: Info) -> Source | None:
        return Source.of(info.context.source(self.cites_id)) if self.cites_id else None

    @strawberry.field(description="Claims this source reported on, whatever their status, in id order; a page "
                      "at a time (see `claimCount`).")
    def claims(self, info: Info, first: ListFirst = None, after: AfterId = None) -> list[Claim]:
        ctx = info.context
        found = ctx.queries.claims_of_source(self.id, ctx.list_size(first), id_cursor(after))
        return [Claim.of(c) for c in ctx.claim_page(found)]

    @strawberry.field(description="How many claims `claims` pages through.")
    def claim_count(self, info: Info) -> int:
        return info.context.queries.claim_count_of_source(self.id)

    @classmethod
    def of(cls, v: m.SourceView | None) -> Source | None:
        if v is None:
            return None
        return cls(
            id=strawberry.ID(v.id), publisher=v.publisher, url=v.url, title=v.title,
            language=v.language, published_at=v.published_at, cites_id=v.cites_id,
        )


@strawberry.type(description="What one source said about a claim.")
class Report:
    status: ClaimStatus = strawberry.field(description="The status the source asserted.")
    note: str | None = strawberry.field(description="A short note on what the source said.")
    published_at: datetime = strawberry.field(description="When the source was published.")
    recorded_at: datetime = strawberry.field(description="When this service recorded the report.")
    source_id: strawberry.Private[str]
    cites_id: strawberry.Private[str | None] = None

    @strawberry.field(description="The source that made the report.")
    def source(self, info: Info) -> Source:
        return required(Source.of(info.context.source(self.source_id)), "source", self.source_id)

    @strawberry.field(description="The source this report relays, when the write named one (`citesId`): for "
                      "independence the report counts as that source's publisher (docs/domain.md#citations).")
    def cites(self, info: Info) -> Source | None:
        return Source.of(info.context.source(self.cites_id)) if self.cites_id else None

    @classmethod
    def of(cls, v: m.ReportView) -> Report:
        return cls(
            status=v.status, note=v.note, published_at=v.published_at, recorded_at=v.recorded_at,
            source_id=v.source_id, cites_id=v.cites_id,
        )


@strawberry.type(description="One asserted change in a person's employment, with the reports behind it.")
class Claim:
    id: strawberry.ID = strawberry.field(description="Stable id of the claim.")
    kind: ClaimKind = strawberry.field(description="MOVE, HIRE, DEPARTURE or AFFILIATION.")
    role: str | None = strawberry.field(description="Role taken, such as `head of foundation models`.")
    effective: FuzzyDate = strawberry.field(
        description="When the change took effect; an affiliation's is its `observedAt`."
    )
    status: ClaimStatus = strawberry.field(description="Status under default cutoffs (docs/rules.md#status).")
    independent_sources: int = strawberry.field(
        description="Distinct publishers among the positive reports (a citing source counts as the cited)."
    )
    contested: bool = strawberry.field(description="True when a conflicting claim won over this one.")
    corroborating_sources: int = strawberry.field(
        description="Distinct publishers of this claim and of the claims that can only describe the same change "
        "(docs/rules.md#corroboration); `minSources` counts these."
    )
    reports: list[Report] = strawberry.field(description="Every report, in publication order.")
    person_id: strawberry.Private[str]
    from_id: strawberry.Private[str | None]
    to_id: strawberry.Private[str | None]
    organization_id: strawberry.Private[str | None] = None
    tense: Tense | None = strawberry.field(default=None, description="AFFILIATION only: CURRENT or FORMER.")

    @strawberry.field(description="AFFILIATION only: when the person was observed at the organization.")
    def observed_at(self) -> FuzzyDate | None:
        return self.effective if self.tense is not None else None

    @strawberry.field(description="AFFILIATION only: the organization the person was (or had been) at.")
    def organization(self, info: Info) -> LazyOrganization | None:
        return ORGANIZATION().of(info.context.organization(self.organization_id)) if self.organization_id else None

    @strawberry.field(description="The person the claim is about.")
    def person(self, info: Info) -> LazyPerson:
        person = PERSON()
        found = person.of(info.context.person(self.person_id))
        if found is None and info.context.pending_position is not None:  # registered by the same write
            return person(id=strawberry.ID(self.person_id), name=self.person_id, aliases=[])
        return required(found, "person", self.person_id)

    @strawberry.field(description="The organization left (MOVE, DEPARTURE).")
    def from_organization(self, info: Info) -> LazyOrganization | None:
        return ORGANIZATION().of(info.context.organization(self.from_id)) if self.from_id else None

    @strawberry.field(description="The organization joined (MOVE, HIRE).")
    def to_organization(self, info: Info) -> LazyOrganization | None:
        return ORGANIZATION().of(info.context.organization(self.to_id)) if self.to_id else None

    @classmethod
    def of(cls, v: m.ClaimView) -> Claim:
        return cls(
            id=strawberry.ID(v.id), kind=v.kind, role=v.role,
            effective=required(FuzzyDate.of(v.effective), "date", v.id),
            status=v.status, independent_sources=v.independent_sources, contested=v.contested,
            corroborating_sources=v.corroborating_sources,
            reports=[Report.of(r) for r in v.reports], person_id=v.person_id, from_id=v.from_id,
            to_id=v.to_id, organization_id=v.organization_id, tense=Tense(v.tense) if v.tense else None,
        )
