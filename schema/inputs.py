"""Mutation inputs: the fields of ``events.commands``, with the names of the GraphQL contract
(docs/api.md).

``schema.batch`` turns a field's coerced input into its command (same names, camelCase).
"""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.enums import ClaimStatus, Modality, Tense


@strawberry.input(description="A name with its language.")
class AliasInput:
    name: str = strawberry.field(description="The name as written (any script).")
    language: str | None = strawberry.field(default=None, description="BCP 47 language tag.")


@strawberry.input(description="Register a person (a repeat with the same id and name is a no-op).")
class RegisterPersonInput:
    name: str = strawberry.field(description="Display name.")
    id: strawberry.ID | None = strawberry.field(default=None, description="Slug id. Default: from the name.")
    aliases: list[AliasInput] | None = strawberry.field(default=None, description="Other names.")


@strawberry.input(description="Register an organization, optionally as a unit of another.")
class RegisterOrganizationInput:
    name: str = strawberry.field(description="Display name.")
    id: strawberry.ID | None = strawberry.field(default=None, description="Slug id. Default: from the name.")
    aliases: list[AliasInput] | None = strawberry.field(default=None, description="Other names.")
    parent_id: strawberry.ID | None = strawberry.field(default=None, description="The parent organization.")


@strawberry.input(description="Move an organization inside another, or out of any (editor).")
class ReparentOrganizationInput:
    organization_id: strawberry.ID = strawberry.field(description="The organization to move.")
    parent_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="Its new parent; null detaches it. Required: give null to detach."
    )


@strawberry.input(description="Register a publication.")
class RegisterSourceInput:
    publisher: str = strawberry.field(description="Who published it.")
    published_at: datetime = strawberry.field(description="When it was published.")
    id: strawberry.ID | None = strawberry.field(default=None, description="Slug id. Default: derived.")
    url: str | None = strawberry.field(default=None, description="Where it was published.")
    title: str | None = strawberry.field(default=None, description="Its title.")
    language: str | None = strawberry.field(default=None, description="Its language.")
    cites_id: strawberry.ID | None = strawberry.field(default=None, description="The source it repeats.")


@strawberry.input(description="Report a move (fromId and toId), a hire (toId) or a departure (fromId).")
class ReportMoveInput:
    person_id: strawberry.ID = strawberry.field(description="Who moved.")
    effective: str = strawberry.field(
        description="When, as a date expression (docs/domain.md#date-expressions): `2025`, `2025-07`, `2025-07-15`, "
        "a qualified date (`2025-07~`), a range of days (`[2025-07..2025-09]`) or an open range (`[..2025-09-03]`)."
    )
    status: ClaimStatus = strawberry.field(description="What the source asserts.")
    source_id: strawberry.ID = strawberry.field(description="The source reporting it.")
    from_id: strawberry.ID | None = strawberry.field(default=None, description="Organization left.")
    to_id: strawberry.ID | None = strawberry.field(default=None, description="Organization joined.")
    role: str | None = strawberry.field(default=None, description="Role taken.")
    note: str | None = strawberry.field(default=None, description="A short note on what the source said.")
    cites_id: strawberry.ID | None = strawberry.field(
        default=None, description="The source this report relays, when it credits another for this fact: it then "
        "counts as that source's publisher (docs/domain.md#citations)."
    )


@strawberry.input(description="Add a source's report to an existing claim (or group claim).")
class AddReportInput:
    claim_id: strawberry.ID = strawberry.field(description="The claim (or, for addGroupReport, the group claim).")
    source_id: strawberry.ID = strawberry.field(description="The source reporting.")
    status: ClaimStatus = strawberry.field(description="What the source asserts (DENIED to deny).")
    note: str | None = strawberry.field(default=None, description="A short note.")
    cites_id: strawberry.ID | None = strawberry.field(
        default=None, description="The source this report relays, when it credits another for this fact: it then "
        "counts as that source's publisher (docs/domain.md#citations)."
    )


@strawberry.input(description="Report that a person was (CURRENT) or had been (FORMER) at an organization on or "
                  "around a date, as the news states employment (docs/domain.md#affiliations).")
class ReportAffiliationInput:
    person_id: strawberry.ID = strawberry.field(description="Who.")
    organization_id: strawberry.ID = strawberry.field(description="Where.")
    status: ClaimStatus = strawberry.field(description="What the source asserts.")
    source_id: strawberry.ID = strawberry.field(description="The source reporting it.")
    role: str | None = strawberry.field(default=None, description="Role held, such as `software chief`.")
    observed_at: str | None = strawberry.field(
        default=None, description="When: a date expression. Default: the day the source was published (UTC)."
    )
    tense: Tense = strawberry.field(default=Tense.CURRENT, description="CURRENT (is there) or FORMER (had been).")
    note: str | None = strawberry.field(default=None, description="A short note on what the source said.")
    cites_id: strawberry.ID | None = strawberry.field(
        default=None, description="The source this report relays, when it credits another for this fact: it then "
        "counts as that source's publisher (docs/domain.md#citations)."
    )


@strawberry.input(description="Report a move of a team or an unnamed group (docs/domain.md#group-claims).")
class ReportGroupMoveInput:
    organization_id: strawberry.ID = strawberry.field(description="The organization the group is at.")
    modality: Modality = strawberry.field(description="HAPPENED, PLANNED, CONSIDERED or OFFERED.")
    status: ClaimStatus = strawberry.field(description="What the source asserts.")
    source_id: strawberry.ID = strawberry.field(description="The source reporting it.")
    to_id: strawberry.ID | None = strawberry.field(default=None, description="Where the group goes, if said.")
    count_min: int | None = strawberry.field(default=None, description="Fewest people (at least 1).")
    count_max: int | None = strawberry.field(default=None, description="Most people (at least countMin).")
    whole: bool = strawberry.field(default=False, description="The whole organization (team, unit) is meant.")
    effective: str | None = strawberry.field(default=None, description="When, if said: a date expression.")
    note: str | None = strawberry.field(default=None, description="A short note on what the source said.")
    cites_id: strawberry.ID | None = strawberry.field(
        default=None, description="The source this report relays, when it credits another for this fact: it then "
        "counts as that source's publisher (docs/domain.md#citations)."
    )


@strawberry.input(description="Withdraw a claim (editor). It stops counting and stays in the history.")
class RetractClaimInput:
    claim_id: strawberry.ID = strawberry.field(description="The claim.")
    reason: str = strawberry.field(description="Why it is withdrawn.")
    source_id: strawberry.ID | None = strawberry.field(default=None, description="A source for the retraction.")


@strawberry.input(description="Amend a claim's fields (editor), citing the source of the correction.")
class CorrectClaimInput:
    claim_id: strawberry.ID = strawberry.field(description="The claim.")
    source_id: strawberry.ID = strawberry.field(description="The source of the correction.")
    effective: str | None = strawberry.field(default=None, description="Corrected effective date (a date expression).")
    role: str | None = strawberry.field(default=None, description="Corrected role.")
    to_id: strawberry.ID | None = strawberry.field(default=None, description="Corrected destination.")
    from_id: strawberry.ID | None = strawberry.field(default=None, description="Corrected origin.")
    organization_id: strawberry.ID | None = strawberry.field(
        default=None, description="An affiliation's corrected organization (its observedAt is `effective`)."
    )


@strawberry.input(description="Add a name to a person or an organization.")
class AddAliasInput:
    subject_id: strawberry.ID = strawberry.field(description="The person or organization.")
    name: str = strawberry.field(description="The name.")
    language: str | None = strawberry.field(default=None, description="BCP 47 language tag.")


@strawberry.input(description="Merge a duplicate person into a survivor (editor).")
class MergePeopleInput:
    duplicate_id: strawberry.ID = strawberry.field(description="The duplicate; its id will resolve to the survivor.")
    survivor_id: strawberry.ID = strawberry.field(description="The person who remains.")
    reason: str = strawberry.field(description="Why they are one person.")
