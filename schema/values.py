"""GraphQL value types every other type uses: aliases, fuzzy dates and a connection's page state."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

import strawberry

from events import base
from events import fuzzydate as fd
from projections import model as m
from schema.enums import DatePrecision

T = TypeVar("T")


@strawberry.type(description="Another name for a person or an organization, with its language.")
class Alias:
    name: str = strawberry.field(description="The name as written (any script).")
    language: str | None = strawberry.field(description="BCP 47 language tag, such as `zh` or `en`.")

    @classmethod
    def of(cls, alias: base.Alias) -> Alias:
        return cls(name=alias.name, language=alias.language)


@strawberry.type(description="A date known to a year, a month or a day; it stands for the whole period.")
class FuzzyDate:
    value: str = strawberry.field(description="As written: `2021`, `2025-07` or `2025-09-03`.")
    precision: DatePrecision = strawberry.field(description="How precisely the date is known.")
    earliest: date = strawberry.field(description="First day of the period.")
    latest: date = strawberry.field(description="Last day of the period.")

    @classmethod
    def of(cls, value: fd.FuzzyDate | None) -> FuzzyDate | None:
        if value is None:
            return None
        return cls(value=value.value, precision=value.precision, earliest=value.earliest, latest=value.latest)


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

