"""GraphQL types for the bounds of a stint's start and end, each with the reasons that place it
(docs/rules.md#bounds)."""

from __future__ import annotations

import datetime as dt
import enum

import strawberry

from projections import model as m
from schema.args import Info
from schema.evidence import Claim, Source
from schema.values import required


@strawberry.enum(description="What bounds a stint's start or end (docs/rules.md#bounds).")
class BoundKind(enum.Enum):
    REPORTED_DATE = strawberry.enum_value("REPORTED_DATE", description="The date a claim reported.")
    PUBLICATION = strawberry.enum_value(
        "PUBLICATION", description="A report that the change had happened, by its publication date (UTC+14)."
    )
    AFFILIATION = strawberry.enum_value("AFFILIATION", description="An affiliation observed on a date.")


@strawberry.type(description="One reason for a bound: its kind, the day it gives, the claim and source behind it.")
class BoundReason:
    kind: BoundKind = strawberry.field(description="What kind of evidence bounds the date.")
    date: dt.date = strawberry.field(description="The day this evidence gives (on or after, or on or before).")
    claim_id: strawberry.Private[str | None]
    source_id: strawberry.Private[str | None]

    @strawberry.field(description="The claim that gives it.")
    def claim(self, info: Info) -> Claim | None:
        if self.claim_id is None:
            return None
        return Claim.of(required(info.context.claim(self.claim_id), "claim", self.claim_id))

    @strawberry.field(description="The source that gives it (the report, for a publication bound).")
    def source(self, info: Info) -> Source | None:
        return Source.of(info.context.source(self.source_id)) if self.source_id else None

    @classmethod
    def of(cls, v: m.BoundReason) -> BoundReason:
        return cls(kind=BoundKind(v.kind), date=v.date, claim_id=v.claim_id, source_id=v.source_id)


@strawberry.type(description="The days a stint's start or end lies between, with the reasons; null: unknown.")
class DateBounds:
    earliest: dt.date | None = strawberry.field(description="The earliest possible day of the change.")
    latest: dt.date | None = strawberry.field(description="The latest possible day of the change.")
    reasons: list[BoundReason] = strawberry.field(description="Every constraint kept, by date.")

    @classmethod
    def of(cls, v: m.DateBounds) -> DateBounds:
        return cls(earliest=v.earliest, latest=v.latest, reasons=[BoundReason.of(r) for r in v.reasons])
