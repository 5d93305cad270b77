"""GraphQL types for signals: group claims about a team or an unnamed group at an organization
(docs/domain.md#group-claims). They never touch timelines, rosters, headcounts or flows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from projections import model as m
from schema.args import Info
from schema.enums import ClaimStatus, Modality
from schema.evidence import Report
from schema.lazy import Lazy
from schema.values import FuzzyDate, required

if TYPE_CHECKING:
    from schema.organizations import Organization

# Above this module: an organization lists its signals (schema/lazy.py).
ORGANIZATION: Lazy[Organization] = Lazy("Organization", "schema.organizations")
LazyOrganization = Annotated["Organization", strawberry.lazy("schema.organizations")]


@strawberry.type(description="A report about a team or an unnamed group (\"the whole MLX team considered "
                 "leaving\"): a signal on the organization, never a change to anyone's timeline.")
class GroupClaim:
    id: strawberry.ID = strawberry.field(description="Stable id of the group claim (it starts with `g`).")
    modality: Modality = strawberry.field(description="Whether the move HAPPENED, is PLANNED, CONSIDERED or OFFERED.")
    count_min: int | None = strawberry.field(description="Fewest people in the group, when a count was given.")
    count_max: int | None = strawberry.field(description="Most people in the group, when a count was given.")
    whole: bool = strawberry.field(description="True when the whole organization (team, unit) is meant.")
    effective: FuzzyDate | None = strawberry.field(description="When, if the reports said.")
    status: ClaimStatus = strawberry.field(description="Status under the read's cutoffs (docs/rules.md#status).")
    independent_sources: int = strawberry.field(
        description="Distinct publishers among the positive reports (a relayed report counts as the cited)."
    )
    reports: list[Report] = strawberry.field(description="Every report, in publication order.")
    organization_id: strawberry.Private[str]
    to_id: strawberry.Private[str | None]

    @strawberry.field(description="The organization the group is at.")
    def organization(self, info: Info) -> LazyOrganization:
        return required(ORGANIZATION().of(info.context.organization(self.organization_id)), "organization",
                        self.organization_id)

    @strawberry.field(description="Where the group went, plans or considers going, or was offered to go.")
    def to(self, info: Info) -> LazyOrganization | None:
        return ORGANIZATION().of(info.context.organization(self.to_id)) if self.to_id else None

    @classmethod
    def of(cls, v: m.GroupClaimView) -> GroupClaim:
        return cls(
            id=strawberry.ID(v.id), modality=v.modality, count_min=v.count_min, count_max=v.count_max,
            whole=v.whole, effective=FuzzyDate.of(v.effective), status=v.status,
            independent_sources=v.independent_sources, reports=[Report.of(r) for r in v.reports],
            organization_id=v.organization_id, to_id=v.to_id,
        )
