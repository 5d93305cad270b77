"""Text the read models' databases cannot hold, made storable (``docs/operations.md``).

PostgreSQL refuses NUL (U+0000) in text; every other code point a Python ``str`` decoded from
JSON can hold is accepted by both backends. An event with a NUL anywhere in its text is
projected with each NUL replaced by U+FFFD (the replacement character), on both backends so
that they agree; the event store keeps the event as it was stored.
"""

from __future__ import annotations

from typing import Any

NUL = "\x00"
REPLACEMENT = "\ufffd"
NUL_IN_JSON = "\\u0000"  # how msgspec (and any JSON encoder) writes a NUL inside a string


def storable(event: Any) -> Any:
    """A copy of ``event`` (a dataclass event) with every NUL in its text replaced."""
    clean = object.__new__(type(event))
    object.__setattr__(clean, "__dict__", {name: _text(value) for name, value in vars(event).items()})
    return clean


def as_stored(text: str) -> str:
    """Text asked about (a search, an id) as the read models would hold it: a NUL, which
    PostgreSQL refuses even as a parameter, finds what was stored with U+FFFD in its place."""
    return text.replace(NUL, REPLACEMENT)


def _text(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace(NUL, REPLACEMENT)
    if isinstance(value, list | tuple):
        return type(value)(_text(item) for item in value)
    if isinstance(value, dict):
        return {_text(key): _text(item) for key, item in value.items()}
    return value
