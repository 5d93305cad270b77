"""The root Mutation: each builds its command, runs it on the ledger, and answers from the read models.

The ledger is synchronous (the eventsourcing library has no asyncio), so it runs in a worker
thread. A mutation answers only once the read models reflect its write (read-your-writes).
"""

from __future__ import annotations

import strawberry
from anyio import to_thread

from events import commands as c
from events.errors import DomainError
from events.ledger import Outcome
from events.text import nfc
from schema import inputs as i
from schema.args import Info
from schema.errors import api_error, from_domain
from schema.records import Alias, Claim, Source, required
from schema.types import Organization, Person


async def execute(info: Info, command: c.Command) -> Outcome:
    """Authorize, run the command, remember its position, and wait for the read models."""
    ctx = info.context
    principal = ctx.authorize(type(command))
    try:
        outcome = await to_thread.run_sync(ctx.ledger.execute, command, principal)
    except DomainError as error:
        raise from_domain(error) from None
    await ctx.wrote(outcome.position)
    return outcome


def _claim(info: Info, outcome: Outcome) -> Claim:
    return Claim.of(required(info.context.claim(outcome.subject_id), "claim", outcome.subject_id))


def _person(info: Info, outcome: Outcome) -> Person:
    return required(Person.of(info.context.person(outcome.subject_id)), "person", outcome.subject_id)


@strawberry.type(description="Every write. Each needs an API key; repeats with the same natural key record nothing.")
class Mutation:
    @strawberry.mutation(description="Register a person (reporter).")
    async def register_person(self, info: Info, input: i.RegisterPersonInput) -> Person:
        return _person(info, await execute(info, i.to_command(c.RegisterPerson, input)))

    @strawberry.mutation(description="Register an organization (reporter).")
    async def register_organization(self, info: Info, input: i.RegisterOrganizationInput) -> Organization:
        outcome = await execute(info, i.to_command(c.RegisterOrganization, input))
        return required(
            Organization.of(info.context.organization(outcome.subject_id)), "organization", outcome.subject_id
        )

    @strawberry.mutation(description="Move an organization inside another, or out of any with parentId: null (editor).")
    async def reparent_organization(self, info: Info, input: i.ReparentOrganizationInput) -> Organization:
        if input.parent_id is strawberry.UNSET:  # an omitted field changes nothing: moving is explicit
            raise api_error("BAD_USER_INPUT", "give parentId: the new parent's id, or null to detach", "parentId")
        command = c.ReparentOrganization(
            organization_id=input.organization_id, parent_id=None if input.parent_id is None else str(input.parent_id)
        )
        outcome = await execute(info, command)
        return required(
            Organization.of(info.context.organization(outcome.subject_id)), "organization", outcome.subject_id
        )

    @strawberry.mutation(description="Register a source (reporter).")
    async def register_source(self, info: Info, input: i.RegisterSourceInput) -> Source:
        outcome = await execute(info, i.to_command(c.RegisterSource, input))
        return required(Source.of(info.context.source(outcome.subject_id)), "source", outcome.subject_id)

    @strawberry.mutation(description="Report a move, hire or departure (reporter); returns the claim.")
    async def report_move(self, info: Info, input: i.ReportMoveInput) -> Claim:
        return _claim(info, await execute(info, i.to_command(c.ReportMove, input)))

    @strawberry.mutation(description="Add a source's report to a claim (reporter).")
    async def add_report(self, info: Info, input: i.AddReportInput) -> Claim:
        return _claim(info, await execute(info, i.to_command(c.AddReport, input)))

    @strawberry.mutation(description="Retract a claim (editor).")
    async def retract_claim(self, info: Info, input: i.RetractClaimInput) -> Claim:
        return _claim(info, await execute(info, i.to_command(c.RetractClaim, input)))

    @strawberry.mutation(description="Correct a claim's fields (editor).")
    async def correct_claim(self, info: Info, input: i.CorrectClaimInput) -> Claim:
        return _claim(info, await execute(info, i.to_command(c.CorrectClaim, input)))

    @strawberry.mutation(description="Add a name to a person or an organization (reporter).")
    async def add_alias(self, info: Info, input: i.AddAliasInput) -> Alias:
        await execute(info, i.to_command(c.AddAlias, input))
        return Alias(name=nfc(input.name.strip()), language=input.language or None)  # as recorded

    @strawberry.mutation(description="Merge a duplicate person into a survivor (editor); returns the survivor.")
    async def merge_people(self, info: Info, input: i.MergePeopleInput) -> Person:
        return _person(info, await execute(info, i.to_command(c.MergePeople, input)))
