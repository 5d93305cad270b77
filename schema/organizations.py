"""GraphQL types for organizations and the stints that place people in them: rosters, headcount."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Annotated

import strawberry

from projections import model as m
from schema.args import (
    MAX_MONTHS,
    After,
    AfterId,
    AsOf,
    At,
    First,
    IncludeUnits,
    Info,
    KnownAt,
    ListFirst,
    MinSources,
    MinStatus,
    cutoffs,
    date_range,
    id_cursor,
    today,
)
from schema.bounds import DateBounds
from schema.enums import Certainty, ClaimStatus
from schema.evidence import Claim, Source
from schema.lazy import Lazy
from schema.signals import GroupClaim
from schema.values import Alias, FuzzyDate, PageInfo, required

if TYPE_CHECKING:
    from schema.people import Person

# Above this module: a person's stints name organizations (schema/lazy.py).
PERSON: Lazy[Person] = Lazy("Person", "schema.people")
LazyPerson = Annotated["Person", strawberry.lazy("schema.people")]


@strawberry.type(description="A company, or a team, lab or unit inside one.")
class Organization:
    id: strawberry.ID = strawberry.field(description="Stable id, such as `meta-superintelligence-labs`.")
    name: str = strawberry.field(description="Display name.")
    aliases: list[Alias] = strawberry.field(description="Other names, each with its language.")
    parent_id: strawberry.Private[str | None]

    @strawberry.field(description="The organization this one is a unit of.")
    def parent(self, info: Info) -> Organization | None:
        return Organization.of(info.context.organization(self.parent_id)) if self.parent_id else None

    @strawberry.field(description="Direct units (teams, labs) of this organization, in id order; a page at a time.")
    def units(self, info: Info, first: ListFirst = None, after: AfterId = None) -> list[Organization]:
        ctx = info.context
        found = ctx.queries.units(self.id, ctx.list_size(first), id_cursor(after))
        return [required(Organization.of(u), "organization", u.id) for u in found]

    @strawberry.field(description="How many direct units `units` pages through.")
    def unit_count(self, info: Info) -> int:
        return info.context.queries.unit_count(self.id)

    @strawberry.field(description="Who is a member on `at`, each entry marked CERTAIN or POSSIBLE.")
    def roster(
        self, info: Info, at: At = None, as_of: AsOf = None, known_at: KnownAt = None,
        min_status: MinStatus = None, min_sources: MinSources = None,
        certainty: Annotated[
            Certainty | None,
            strawberry.argument(description="CERTAIN keeps only certain members. Default: both."),
        ] = None,
        include_units: IncludeUnits = None, first: First = None, after: After = None,
    ) -> RosterConnection:
        ctx = info.context
        cut = cutoffs(as_of, known_at, min_status, min_sources)
        day, units = at or today(), include_units is not False
        page = ctx.queries.roster(self.id, at=day, cutoffs=cut, certainty=certainty, include_units=units,
                                  first=ctx.page_size(first), after=after)
        ctx.prefetch(person_ids=[e.person_id for e in page.items],
                     org_ids=[e.stint.organization_id for e in page.items])
        edges = [RosterEdge(cursor=c, node=RosterEntry.of(e)) for c, e in zip(page.cursors, page.items, strict=True)]
        count = partial(ctx.queries.roster_count, self.id, at=day, cutoffs=cut, certainty=certainty,
                        include_units=units)
        return RosterConnection(edges=edges, page_info=PageInfo.of(page), count=count)

    @strawberry.field(description="Monthly headcount from `from` to `to`: certain and possible members.")
    def headcount(
        self, info: Info,
        from_: Annotated[dt.date, strawberry.argument(name="from", description="First month counted.")],
        to: Annotated[dt.date, strawberry.argument(description="Last month counted.")],
        as_of: AsOf = None, known_at: KnownAt = None, min_status: MinStatus = None,
        min_sources: MinSources = None, include_units: IncludeUnits = None,
    ) -> list[HeadcountPoint]:
        date_range(from_, to, MAX_MONTHS)
        cut = cutoffs(as_of, known_at, min_status, min_sources)
        points = info.context.queries.headcount(self.id, start=from_, end=to, cutoffs=cut,
                                                include_units=include_units is not False)
        return [HeadcountPoint(date=p.date, certain=p.certain, possible=p.possible) for p in points]

    @strawberry.field(description="Group claims about the organization (and its units): teams or groups that moved, "
                      "plan, consider or were offered to, latest first published first (docs/domain.md#group-claims).")
    def signals(
        self, info: Info, as_of: AsOf = None, known_at: KnownAt = None,
        min_status: Annotated[
            ClaimStatus | None,
            strawberry.argument(description="Weakest status a group claim needs: RUMOURED (default: signals are "
                                "mostly rumours), REPORTED or CONFIRMED."),
        ] = None,
        include_units: IncludeUnits = None,
    ) -> list[GroupClaim]:
        cut = cutoffs(as_of, known_at, min_status or ClaimStatus.RUMOURED, None)
        found = info.context.queries.signals(self.id, cutoffs=cut, include_units=include_units is not False)
        info.context.prefetch(org_ids=[o for g in found for o in (g.organization_id, g.to_id) if o],
                              source_ids=[s for g in found for r in g.reports for s in (r.source_id, r.cites_id) if s])
        return [GroupClaim.of(g) for g in found]

    @classmethod
    def of(cls, v: m.OrganizationView | None) -> Organization | None:
        if v is None:
            return None
        return cls(
            id=strawberry.ID(v.id), name=v.name, aliases=[Alias.of(a) for a in v.aliases], parent_id=v.parent_id
        )


@strawberry.type(description="A period at one organization, built from the claims that count.")
class Stint:
    role: str | None = strawberry.field(description="Role held, when a claim names one.")
    start: FuzzyDate | None = strawberry.field(description="When it started; null when unknown.")
    end: FuzzyDate | None = strawberry.field(description="When it ended; null while open.")
    status: ClaimStatus = strawberry.field(
        description="The strongest status among the claims that opened it (that closed it, if its start is unknown)."
    )
    certainty: Certainty | None = strawberry.field(
        description="On the date asked about: CERTAIN or POSSIBLE; null on a timeline."
    )

    organization_id: strawberry.Private[str]
    claim_ids: strawberry.Private[list[str]]
    source_ids: strawberry.Private[list[str]]
    view: strawberry.Private[m.StintView]

    # The bounds and their reasons are built only when asked for (most reads do not ask).
    @strawberry.field(description="Between which days it started (docs/rules.md#bounds).")
    def start_bounds(self) -> DateBounds:
        return DateBounds.of(self.view.start_bounds)

    @strawberry.field(description="Between which days it ended (docs/rules.md#bounds).")
    def end_bounds(self) -> DateBounds:
        return DateBounds.of(self.view.end_bounds)

    @strawberry.field(description="Created by an affiliation alone, no move behind it (docs/rules.md#affiliations).")
    def observed(self) -> bool:
        return self.view.observed

    @strawberry.field(description="Contradicting evidence left out of the bounds, in words.")
    def anomalies(self) -> list[str]:
        return list(self.view.anomalies)

    @strawberry.field(description="Where.")
    def organization(self, info: Info) -> Organization:
        org = info.context.organization(self.organization_id)
        return required(Organization.of(org), "organization", self.organization_id)

    @strawberry.field(description="The claims that open and close the stint.")
    def claims(self, info: Info) -> list[Claim]:
        return [Claim.of(required(info.context.claim(i), "claim", i)) for i in self.claim_ids]

    @strawberry.field(description="The sources behind those claims.")
    def sources(self, info: Info) -> list[Source]:
        return [required(Source.of(info.context.source(i)), "source", i) for i in self.source_ids]

    @classmethod
    def of(cls, v: m.StintView) -> Stint:
        return cls(
            role=v.role, start=FuzzyDate.of(v.start), end=FuzzyDate.of(v.end), status=v.status,
            certainty=v.certainty, organization_id=v.organization_id, claim_ids=v.claim_ids,
            source_ids=v.source_ids, view=v,
        )


@strawberry.type(description="A member of a roster on the date asked about.")
class RosterEntry:
    stint: Stint = strawberry.field(description="The stint that makes the person a member.")
    certainty: Certainty = strawberry.field(description="CERTAIN or POSSIBLE on that date.")
    person_id: strawberry.Private[str]

    @strawberry.field(description="The member.")
    def person(self, info: Info) -> LazyPerson:
        return required(PERSON().of(info.context.person(self.person_id)), "person", self.person_id)

    @classmethod
    def of(cls, v: m.RosterEntry) -> RosterEntry:
        return cls(stint=Stint.of(v.stint), certainty=v.certainty, person_id=v.person_id)


@strawberry.type(description="One roster entry and its cursor.")
class RosterEdge:
    cursor: str = strawberry.field(description="Opaque cursor, for `after`.")
    node: RosterEntry = strawberry.field(description="The entry.")


@strawberry.type(description="A page of a roster.")
class RosterConnection:
    edges: list[RosterEdge] = strawberry.field(description="The entries of this page, in order.")
    page_info: PageInfo = strawberry.field(description="Whether more follow.")
    count: strawberry.Private[Callable[[], int]]

    @strawberry.field(description="Entries in the whole roster (counted only when asked for).")
    def total_count(self, info: Info) -> int | None:
        return self.count()


@strawberry.type(description="Headcount on the first day of a month.")
class HeadcountPoint:
    date: dt.date = strawberry.field(description="The day counted (first of the month).")
    certain: int = strawberry.field(description="Members certainly there.")
    possible: int = strawberry.field(description="Members possibly there (fuzzy or unknown dates).")


@strawberry.type(description="One organization and its cursor.")
class OrganizationEdge:
    cursor: str = strawberry.field(description="Opaque cursor, for `after`.")
    node: Organization = strawberry.field(description="The organization.")


@strawberry.type(description="A page of organizations.")
class OrganizationConnection:
    edges: list[OrganizationEdge] = strawberry.field(description="Organizations of this page, in order.")
    page_info: PageInfo = strawberry.field(description="Whether more follow.")
    search: strawberry.Private[str | None]

    @strawberry.field(description="Organizations matching, on every page (counted only when asked for).")
    def total_count(self, info: Info) -> int | None:
        return info.context.queries.count("organization", self.search)
