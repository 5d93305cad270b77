"""Date expressions, a subset of EDTF (ISO 8601-2), as ``docs/domain.md#date-expressions`` describes:
a date known to a year, a month or a day (``2021``, ``2025-07``, ``2025-07-15``), a range of days
in which the one day lies (``[2025-07..2025-09]``), an open range (``[..2025-09-03]``,
``[2025-07..]``), and the qualifiers ``?``, ``~`` and ``%`` after a date, which are labels only."""

from __future__ import annotations

import calendar
import enum
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from events.errors import BadInput

# ASCII digits only: ``\d`` would match the digits of every script ("٢٠٢٥"), and ``int`` reads them.
_DATE = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?"
_SINGLE = re.compile(rf"^({_DATE})([?~%]?)$")
# One day in a range: ``[a..b]``, ``[..b]`` or ``[a..]``; spaces inside the brackets are allowed.
_RANGE = re.compile(rf"^\[ *({_DATE})? *\.\. *({_DATE})? *\]$")

ACCEPTED = (
    "accepted: 2025, 2025-07, 2025-07-15; a qualifier after a date, 2025-07? (uncertain), 2025-07~ "
    "(approximate) or 2025-07% (both); a range of days [2025-07..2025-09] (ends of any precision); "
    "on or before [..2025-09-03]; on or after [2025-07..]"
)


class DatePrecision(enum.Enum):
    YEAR = "YEAR"
    MONTH = "MONTH"
    DAY = "DAY"


class DateQualifier(enum.Enum):
    UNCERTAIN = "UNCERTAIN"
    APPROXIMATE = "APPROXIMATE"


_QUALIFIERS: dict[str, tuple[str, ...]] = {
    "": (), "?": ("UNCERTAIN",), "~": ("APPROXIMATE",), "%": ("UNCERTAIN", "APPROXIMATE"),
}
_COARSENESS = {DatePrecision.YEAR: 0, DatePrecision.MONTH: 1, DatePrecision.DAY: 2}


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """A period in which one day lies; it stands for the whole period.

    ``earliest`` and ``latest`` are always dates, so every rule compares them without a special
    case: an open side is ``date.min`` (``open_start``) or ``date.max`` (``open_end``).
    """

    value: str
    precision: DatePrecision
    earliest: date
    latest: date
    edtf: str = ""
    qualifiers: tuple[str, ...] = ()
    open_start: bool = False
    open_end: bool = False

    @property
    def exact(self) -> bool:
        """The period is one known day (``2025-09-03``, ``2025-09-03~``)."""
        return self.earliest == self.latest

    @classmethod
    def parse(cls, text: str, field: str = "effective") -> FuzzyDate:
        """Parse a date expression; refuse any other form, and impossible dates, naming ``field``."""
        if not isinstance(text, str):
            raise BadInput(field, f"a date expression is text; {ACCEPTED}")
        try:
            return _parse_cached(text)
        except BadInput as error:
            raise BadInput(field, error.message) from None

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class _Day:
    """One written date: its text, precision and period."""

    text: str
    precision: DatePrecision
    earliest: date
    latest: date


def _refused(text: str, why: str) -> BadInput:
    return BadInput(None, f"'{text}' {why}; {ACCEPTED}")


def _date(written: str, whole: str) -> _Day:
    parts = written.split("-")
    year = int(parts[0])
    if year < 1:
        raise _refused(whole, "has year 0")
    if len(parts) == 1:
        return _Day(written, DatePrecision.YEAR, date(year, 1, 1), date(year, 12, 31))
    month = int(parts[1])
    if not 1 <= month <= 12:
        # 21-24 are EDTF's seasons, 25-41 its sub-year groupings: none is a month.
        raise _refused(whole, f"has no month {month} (seasons are not accepted)")
    last_day = calendar.monthrange(year, month)[1]
    if len(parts) == 2:
        return _Day(written, DatePrecision.MONTH, date(year, month, 1), date(year, month, last_day))
    day = int(parts[2])
    if not 1 <= day <= last_day:
        raise _refused(whole, f"has no day {day}")
    exact = date(year, month, day)
    return _Day(written, DatePrecision.DAY, exact, exact)


def _single(value: str, written: str, qualifier: str) -> FuzzyDate:
    one = _date(written, value)
    return FuzzyDate(value, one.precision, one.earliest, one.latest, written + qualifier, _QUALIFIERS[qualifier])


def _range(value: str, first: str | None, last: str | None) -> FuzzyDate:
    """A range of days (``docs/domain.md#date-expressions``): its precision is the coarsest of its
    written ends; a range whose two ends are the same date is that date."""
    if first is None and last is None:
        raise _refused(value, "has no end at all")
    if first is not None and first == last:
        return _single(value, first, "")
    start = _date(first, value) if first is not None else None
    end = _date(last, value) if last is not None else None
    if start is not None and end is not None and start.earliest > end.latest:
        raise _refused(value, "ends before it starts")
    precision = min((d.precision for d in (start, end) if d is not None), key=_COARSENESS.__getitem__)
    return FuzzyDate(
        value, precision, start.earliest if start else date.min, end.latest if end else date.max,
        f"[{first or ''}..{last or ''}]", (), start is None, end is None,
    )


def _parse(text: str) -> FuzzyDate:
    value = text.strip()
    if single := _SINGLE.match(value):
        return _single(value, single.group(1), single.group(2))
    if bracketed := _RANGE.match(value):
        return _range(value, bracketed.group(1), bracketed.group(2))
    raise _refused(value, "is not a date expression")


@lru_cache(maxsize=4096)
def _parse_cached(text: str) -> FuzzyDate:
    # The same few hundred dates recur across a data set; parsing is pure, so cache it.
    return _parse(text)
