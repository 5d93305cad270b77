"""GraphQL value types every other type uses: aliases, fuzzy dates and a connection's page state."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

import strawberry

from events import base
from events import fuzzydate as fd
from projections import model as m
from schema.enums import DatePrecision, DateQualifier

T = TypeVar("T")


@strawberry.type(description="Another name for a person or an organization, with its language.")
class Alias:
    name: str = strawberry.field(description="The name as written (any script).")
    language: str | None = strawberry.field(description="BCP 47 language tag, such as `zh` or `en`.")

    @classmethod
    def of(cls, alias: base.Alias) -> Alias:
        return cls(name=alias.name, language=alias.language)


@strawberry.type(
    description="A date expression (docs/domain.md#date-expressions): a date known to a year, a month or a "
    "day, a range of days in which the one day lies, or an open range; it stands for the whole period."
)
class FuzzyDate:
    value: str = strawberry.field(
        description="As written: `2021`, `2025-07`, `2025-09-03`, `2025-07~`, `[2025-07..2025-09]`, "
        "`[..2025-09-03]`, `[2025-07..]`."
    )
    edtf: str = strawberry.field(description="The canonical form (EDTF, ISO 8601-2): the key of a claim's date.")
    precision: DatePrecision = strawberry.field(
        description="How precisely the date is known; for a range, the coarsest of its written ends."
    )
    qualifiers: list[DateQualifier] = strawberry.field(
        description="Labels written after the date (`?`, `~`, `%`); they never move `earliest` or `latest`."
    )
    earliest: date | None = strawberry.field(description="First day of the period; null when open at the start.")
    latest: date | None = strawberry.field(description="Last day of the period; null when open at the end.")

    @classmethod
    def of(cls, value: fd.FuzzyDate | None) -> FuzzyDate | None:
        if value is None:
            return None
        return cls(
            value=value.value, edtf=value.edtf, precision=value.precision,
            qualifiers=[DateQualifier(q) for q in value.qualifiers],
            earliest=None if value.open_start else value.earliest,
            latest=None if value.open_end else value.latest,
        )


@strawberry.type(description="Pagination state of a connection.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether more items follow the last edge.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last edge, for `after`.")

    @classmethod
    def of(cls, page: m.Page[Any]) -> PageInfo:
        return cls(has_next_page=page.has_next, end_cursor=page.cursors[-1] if page.cursors else None)


def required(value: T | None, kind: str, key: str) -> T:
    """A referenced record must exist; its absence is a bug or a projection lag, never input."""
    if value is None:
        raise LookupError(f"{kind} '{key}' referenced but not found in the read models")
    return value

