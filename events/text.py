"""What text the write side accepts: one normalization, which characters, how long.

Every text field of every command passes through ``accept`` before it is decided or stored:
NFC first (so one name typed two ways is one name), then the characters its kind allows, then
its length in code points. The rules and the reasons for each limit are in ``docs/input.md``.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from operator import attrgetter
from typing import Any, TypeVar

import msgspec

from events.errors import BadInput


class Kind(enum.Enum):
    LINE = "line"  # names, ids, publisher, title, url, language, role: no control character at all
    TEXT = "text"  # notes and reasons: tab and newline allowed besides printable text


@dataclass(frozen=True, slots=True)
class Rule:
    kind: Kind
    limit: int  # code points, after normalization


# Noncharacters are reserved for a program's internal use and never interchanged.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(p + 0xFFFE)}{chr(p + 0xFFFF)}" for p in range(0, 0x110000, 0x10000))
# Cc is U+0000-001F and U+007F-009F; U+D800-DFFF are surrogates, which cannot be encoded as UTF-8
# when they stand alone (and a str holds them only alone).
_TEXT_REFUSED = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")
# Line fields also refuse tab, newline and the Unicode line and paragraph separators.
_LINE_REFUSED = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff{_NONCHARACTERS}]")

ID = Rule(Kind.LINE, 128)
NAME = Rule(Kind.LINE, 200)
RULES: dict[str, Rule] = {
    # ids, given or referenced (a given id must also be a slug: events.ids.check_slug)
    **{name: ID for name in (
        "id", "person_id", "from_id", "to_id", "source_id", "claim_id", "cites_id", "parent_id",
        "subject_id", "duplicate_id", "survivor_id", "organization_id",
    )},
    "name": NAME,
    "publisher": NAME,
    "role": NAME,
    "title": Rule(Kind.LINE, 1000),
    "url": Rule(Kind.LINE, 2048),
    "language": Rule(Kind.LINE, 35),
    "effective": Rule(Kind.LINE, 64),
    "observed_at": Rule(Kind.LINE, 64),
    "note": Rule(Kind.TEXT, 4000),
    "reason": Rule(Kind.TEXT, 4000),
}
"""Command field (snake_case) → its rule; a test checks every text field of every command is here."""

MAX_ALIASES = 50
"""Aliases one command may carry."""

S = TypeVar("S", bound=msgspec.Struct)


def nfc(value: str) -> str:
    """The NFC form; ASCII is its own normal form, and most text is ASCII."""
    return value if value.isascii() else unicodedata.normalize("NFC", value)


def check(value: str, field: str, rule: Rule) -> str:
    """``value`` normalized, or BadInput naming ``field`` and what is wrong (never echoing it)."""
    if _plain(value, rule):
        return value
    if len(value) > 4 * rule.limit:  # refuse a huge value before normalizing it
        raise BadInput(field, f"{field} is too long: {len(value)} characters, at most {rule.limit}")
    if rule.kind is Kind.TEXT:
        value = value.replace("\r\n", "\n")
    value = nfc(value)
    refused = (_TEXT_REFUSED if rule.kind is Kind.TEXT else _LINE_REFUSED).search(value)
    if refused is not None:
        raise BadInput(field, f"{field} contains {_describe(refused.group())} at position {refused.start()}")
    if len(value) > rule.limit:
        raise BadInput(field, f"{field} is too long: {len(value)} characters, at most {rule.limit}")
    return value


def _plain(value: str, rule: Rule) -> bool:
    """Short printable ASCII, the common case, already normal: decided by a C call or two."""
    if not value.isascii() or len(value) > rule.limit:
        return False
    return value.isprintable() if rule.kind is Kind.LINE else _TEXT_REFUSED.search(value) is None


def _describe(char: str) -> str:
    point = ord(char)
    if 0xD800 <= point <= 0xDFFF:
        what = "a lone surrogate, which cannot be encoded as UTF-8"
    elif unicodedata.category(char) == "Cc":
        what = "a control character" + (" (only tab and newline are allowed here)" if char in "\t\n\r" else "")
    elif char in "\u2028\u2029":
        what = "a line or paragraph separator"
    else:
        what = "a noncharacter"
    return f"U+{point:04X}, {what},"


def accept(command: S) -> S:
    """The command with every text field normalized; BadInput names the first field refused."""
    fields = _text_fields(type(command))
    values = fields.values(command)
    aliases = getattr(command, "aliases", None)
    # Nearly every command is short printable ASCII throughout: decided in a few C calls.
    joined = "".join([v for v in values if v is not None])
    if len(joined) <= fields.shortest and joined.isascii() and joined.isprintable() and not aliases:
        return command
    changes: dict[str, object] = {}
    for (name, field, rule), value in zip(fields.specs, values, strict=True):
        if value is not None:
            cleaned = check(value, field, rule)
            if cleaned != value:
                changes[name] = cleaned
    if aliases and (accepted := _aliases(aliases)) is not aliases:
        changes["aliases"] = accepted
    return msgspec.structs.replace(command, **changes) if changes else command


@dataclass(frozen=True, slots=True)
class _TextFields:
    specs: tuple[tuple[str, str, Rule], ...]  # (attribute, input field name, rule)
    values: Callable[[Any], tuple[str | None, ...]]
    shortest: int  # the smallest limit among them: a shorter total fits every limit


@cache
def _text_fields(cls: type[msgspec.Struct]) -> _TextFields:
    """The ``str`` fields of a command struct, with their rules."""
    specs = tuple(
        (f.name, f.encode_name, RULES.get(f.name, NAME))
        for f in msgspec.structs.fields(cls)
        if f.type in (str, str | None)
    )
    names = [name for name, _, _ in specs]
    getter = attrgetter(*names) if len(names) > 1 else lambda command: (getattr(command, names[0]),)
    return _TextFields(specs, getter, min(rule.limit for _, _, rule in specs))


def _aliases(aliases: list[Any]) -> list[Any]:
    """The aliases normalized (the same list when nothing changes)."""
    if len(aliases) > MAX_ALIASES:
        raise BadInput("aliases", f"at most {MAX_ALIASES} aliases in one write, not {len(aliases)}")
    accepted = []
    for i, alias in enumerate(aliases):
        name = check(alias.name, f"aliases[{i}].name", NAME)
        language = alias.language
        if language is not None:
            language = check(language, f"aliases[{i}].language", RULES["language"])
        changed = name != alias.name or language != alias.language
        accepted.append(msgspec.structs.replace(alias, name=name, language=language) if changed else alias)
    return aliases if all(a is b for a, b in zip(accepted, aliases, strict=True)) else accepted
