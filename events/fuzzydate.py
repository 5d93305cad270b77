"""A date known to a year, a month or a day: ``2021``, ``2025-07``, ``2025-07-15``."""

from __future__ import annotations

import calendar
import enum
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from events.errors import BadInput

# ASCII digits only: ``\d`` would match the digits of every script ("٢٠٢٥"), and ``int`` reads them.
_PATTERN = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")


class DatePrecision(enum.Enum):
    YEAR = "YEAR"
    MONTH = "MONTH"
    DAY = "DAY"


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """A period named by a date of some precision; it stands for the whole period."""

    value: str
    precision: DatePrecision
    earliest: date
    latest: date

    @classmethod
    def parse(cls, text: str, field: str = "effective") -> FuzzyDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; refuse impossible dates."""
        try:
            return _parse_cached(text)
        except BadInput as error:
            raise BadInput(field, error.message) from None

    @classmethod
    def _parse(cls, text: str, field: str = "effective") -> FuzzyDate:
        match = _PATTERN.match(text.strip()) if isinstance(text, str) else None
        if match is None:
            raise BadInput(field, f"'{text}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        year_s, month_s, day_s = match.groups()
        year = int(year_s)
        if year < 1:
            raise BadInput(field, f"'{text}' has year 0")
        if month_s is None:
            return cls(year_s, DatePrecision.YEAR, date(year, 1, 1), date(year, 12, 31))
        month = int(month_s)
        if not 1 <= month <= 12:
            raise BadInput(field, f"'{text}' has no month {month}")
        last_day = calendar.monthrange(year, month)[1]
        if day_s is None:
            value = f"{year_s}-{month_s}"
            return cls(value, DatePrecision.MONTH, date(year, month, 1), date(year, month, last_day))
        day = int(day_s)
        if not 1 <= day <= last_day:
            raise BadInput(field, f"'{text}' has no day {day}")
        exact = date(year, month, day)
        return cls(f"{year_s}-{month_s}-{day_s}", DatePrecision.DAY, exact, exact)

    def __str__(self) -> str:
        return self.value


@lru_cache(maxsize=4096)
def _parse_cached(text: str) -> FuzzyDate:
    # The same few hundred dates recur across a data set; parsing is pure, so cache it.
    return FuzzyDate._parse(text)
