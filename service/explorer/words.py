"""Dates, moments and the time controls in plain English, as the pages show them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from service.explorer.controls import Controls

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
STATUS_WORDS = {
    "RUMOURED": "counting rumours, reports and confirmations",
    "REPORTED": "counting reported and confirmed claims",
    "CONFIRMED": "counting confirmed claims only",
}


def day_words(day: date) -> str:
    """``1 August 2025``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def month_words(day: date) -> str:
    """``August 2025``."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def moment_words(moment: datetime) -> str:
    """``1 August 2025`` at midnight UTC, else ``09:39 UTC on 8 March 2026``."""
    moment = moment.astimezone(UTC)
    if moment.time() == time():
        return day_words(moment.date())
    clock = moment.strftime("%H:%M:%S" if moment.second else "%H:%M")
    return f"{clock} UTC on {day_words(moment.date())}"


_QUALIFIED = {"?": "perhaps ", "~": "about ", "%": "perhaps about "}


def fuzzy_words(value: str | None) -> str:
    """A date expression as written in words: ``2025``, ``July 2025``, ``about July 2025``,
    ``between July 2025 and September 2025``, ``on or before 3 September 2025``; ``unknown`` when
    absent (docs/domain.md#date-expressions)."""
    if not value:
        return "unknown"
    value = value.strip()
    if value.startswith("["):
        first, _, last = (part.strip() for part in value.strip("[]").partition(".."))
        if first == last:
            return fuzzy_words(first)
        if not first:
            return f"on or before {fuzzy_words(last)}"
        if not last:
            return f"on or after {fuzzy_words(first)}"
        return f"between {fuzzy_words(first)} and {fuzzy_words(last)}"
    if value[-1] in _QUALIFIED:
        return _QUALIFIED[value[-1]] + fuzzy_words(value[:-1])
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return day_words(date.fromisoformat(value))


def controls_words(controls: Controls, *, valid_time: bool = True) -> str:
    """The whole question in one sentence, such as "On 15 August 2025, as publicly known on
    1 August 2025, as recorded now, counting reported and confirmed claims from at least one
    independent publisher."."""
    parts = []
    if valid_time:
        today = datetime.now(UTC).date()
        at = controls.day()
        parts.append(f"On {day_words(at)}" + (" (today)" if controls.at is None or at == today else ""))
    parts.append(
        f"as publicly known on {moment_words(controls.known_at)}" if controls.known_at
        else "with everything published so far"
    )
    parts.append(
        f"as this service had recorded it by {moment_words(controls.as_of)}" if controls.as_of
        else "as recorded now"
    )
    sources = controls.min_sources or 1
    publishers = "one independent publisher" if sources == 1 else f"{sources} independent publishers"
    parts.append(f"{STATUS_WORDS[controls.min_status or 'REPORTED']} from at least {publishers}")
    sentence = ", ".join(parts)
    return sentence[0].upper() + sentence[1:] + "."
