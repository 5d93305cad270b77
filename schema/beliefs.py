"""GraphQL types and reads for belief changes: what each event changed in people's default-lens
timelines (``docs/api.md#the-beliefs-feed``)."""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated

import strawberry

from projections.beliefs.queries import BeliefChangeView
from projections.model import Page
from schema.args import MAX_POSITION, Info, position_cursor
from schema.errors import api_error
from schema.feed import EventRecord
from schema.organizations import Organization, Stint
from schema.people import Person
from schema.values import PageInfo, required

PersonFilter = Annotated[
    strawberry.ID | None,
    strawberry.argument(description="Only the changes of this person and of those merged into them."),
]
OrganizationFilter = Annotated[
    strawberry.ID | None,
    strawberry.argument(description="Only the changes that touch this organization's roster (its units included)."),
]
_CURSOR = re.compile(r"([0-9]{1,19}):([0-9]{1,9})")
EVERY = 2**31  # an ``n`` past every change of one event


@strawberry.enum(description="How a stint of a person's default-lens timeline changed.")
class BeliefChangeKind(Enum):
    STINT_ADDED = "STINT_ADDED"
    STINT_REMOVED = "STINT_REMOVED"
    STINT_CHANGED = "STINT_CHANGED"


@strawberry.type(description="One change an event made to a person's timeline under the default cutoffs.")
class BeliefChange:
    position: str = strawberry.field(
        description="`<event position>:<n>`, n from 1 within the event; increasing; a cursor for `after`."
    )
    cause: EventRecord = strawberry.field(description="The event that made the change.")
    kind: BeliefChangeKind = strawberry.field(description="Added, removed or changed.")
    before: Stint | None = strawberry.field(description="The stint as it was; null when added.")
    after: Stint | None = strawberry.field(description="The stint as it is now; null when removed.")
    late_by_days: int | None = strawberry.field(
        description="Whole days from the cause's source's publication to its recording, when it was published "
        "before it was recorded; null when the cause names no source (docs/rules.md#belief-changes)."
    )
    person_id: strawberry.ID = strawberry.field(
        description="The person whose timeline changed, as they were then (a merged duplicate keeps its id)."
    )
    organization_ids: strawberry.Private[list[str]]

    @strawberry.field(description="Whose timeline changed (a merged duplicate resolves to its survivor).")
    def person(self, info: Info) -> Person:
        return required(Person.of(info.context.person(self.person_id)), "person", self.person_id)

    @strawberry.field(description="Whose rosters the change touches: the stints' organizations and those above them.")
    def organizations(self, info: Info) -> list[Organization]:
        return [required(Organization.of(info.context.organization(o)), "organization", o)
                for o in self.organization_ids]

    @classmethod
    def of(cls, v: BeliefChangeView) -> BeliefChange:
        return cls(
            position=v.position, cause=EventRecord.of(v.cause), kind=BeliefChangeKind(v.kind),
            before=Stint.of(v.before) if v.before else None, after=Stint.of(v.after) if v.after else None,
            late_by_days=v.late_by_days, person_id=strawberry.ID(v.person_id), organization_ids=v.organization_ids,
        )


@strawberry.type(description="One belief change and its cursor (its position).")
class BeliefChangeEdge:
    cursor: str = strawberry.field(description="The change's position, for `after`.")
    node: BeliefChange = strawberry.field(description="The change.")


@strawberry.type(description="A page of belief changes, in position order.")
class BeliefChangeConnection:
    edges: list[BeliefChangeEdge] = strawberry.field(description="Changes of this page, in position order.")
    page_info: PageInfo = strawberry.field(
        description="`endCursor` is where to continue from, even when the page is empty."
    )


def change_cursor(after: str | None, field: str = "after") -> tuple[int, int]:
    """A belief change's position, ``<event>:<n>``, or an event position alone (after every change
    of that event); ``(0, 0)`` for the beginning."""
    if after is None or after == "":
        return (0, 0)
    if ":" not in after:
        return (position_cursor(after, field), EVERY)
    found = _CURSOR.fullmatch(after)
    if found is None or int(found[1]) > MAX_POSITION:
        raise api_error("BAD_USER_INPUT", "a belief change cursor is a position such as '42:1' or '42'", field=field)
    return (int(found[1]), int(found[2]))


def page_of(info: Info, page: Page[BeliefChangeView]) -> list[BeliefChange]:
    """The page's changes, with the people and organizations they name fetched in one read each."""
    info.context.prefetch(person_ids=[c.person_id for c in page.items],
                          org_ids=[o for c in page.items for o in c.organization_ids],
                          source_ids=[c.cause.source_id for c in page.items if c.cause.source_id])
    return [BeliefChange.of(c) for c in page.items]


def belief_changes(
    info: Info, after: str | None, first: int | None, person_id: str | None, organization_id: str | None
) -> BeliefChangeConnection:
    ctx = info.context
    ctx.check_read()
    start = change_cursor(after)
    page = ctx.queries.belief_changes(after=start, first=ctx.page_size(first), person_id=person_id,
                                      org_id=organization_id)
    edges = [BeliefChangeEdge(cursor=c.position, node=c) for c in page_of(info, page)]
    end = edges[-1].cursor if edges else (after or "0")
    return BeliefChangeConnection(edges=edges, page_info=PageInfo(has_next_page=page.has_next, end_cursor=end))
