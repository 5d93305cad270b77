"""Deciding a batch of commands (an import file) in chunks, in bounded memory.

A batch is all or nothing: each chunk's decided events are set aside in a staging area, which
is appended to the store in one atomic append only once every line has been decided. Between
chunks the unit of work forgets its oldest aggregates (a later line loads them again, from the
store and the staging area), so memory does not grow with the file (``docs/input.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from events import commands as c
from events.claim import Claim
from events.errors import BadInput, DomainError
from events.fuzzydate import FuzzyDate
from events.ids import claim_public_id
from events.organization import Organization
from events.person import Person
from events.source import Source
from events.unit_of_work import Staging, UnitOfWork

CHUNK_LINES = 1000
CACHED_AGGREGATES = 10_000

Decide = Callable[[UnitOfWork, c.Command, str], tuple[str, str]]


@dataclass(slots=True)
class LineError:
    line: int
    field: str | None
    code: str
    message: str


@dataclass(slots=True)
class BatchResult:
    accepted: int = 0
    recorded_events: int = 0
    position: int = 0
    errors: list[LineError] = field(default_factory=list)


Line = tuple[int, c.Command | LineError]
"""A numbered line of a batch: its command, or why it could not be read."""


def decide_batch(
    decide: Decide, staging: Staging, lines: Iterable[Line], principal: str, *,
    chunk_lines: int = CHUNK_LINES, cached: int = CACHED_AGGREGATES,
) -> BatchResult:
    """Decide every line, setting the events of accepted lines aside in ``staging``."""
    result = BatchResult()
    uow = UnitOfWork(staging)
    for chunk in _chunks(iter(lines), chunk_lines):
        commands: list[tuple[int, c.Command]] = []
        for line_no, item in chunk:
            if isinstance(item, LineError):
                result.errors.append(item)
            else:
                commands.append((line_no, item))
        uow.prefetch_absent(candidate_ids(command for _, command in commands))
        for line_no, command in commands:
            try:
                decide(uow, command, principal)
                result.accepted += 1
            except DomainError as error:
                result.errors.append(LineError(line_no, error.field, error.code, error.message))
        uow.save()
        uow.evict(cached)
    return result


def _chunks(lines: Iterator[Line], size: int) -> Iterator[list[Line]]:
    while chunk := list(islice(lines, size)):
        yield chunk


def candidate_ids(commands: Iterable[c.Command]) -> set[str]:
    """Ids a chunk may touch, so one query can tell which of them already exist."""
    ids: set[str] = set()
    for cmd in commands:
        if isinstance(cmd, c.RegisterPerson) and cmd.id:
            ids.add(Person.aggregate_id(cmd.id))
        elif isinstance(cmd, c.RegisterOrganization) and cmd.id:
            ids.add(Organization.aggregate_id(cmd.id))
        elif isinstance(cmd, c.RegisterSource) and cmd.id:
            ids.add(Source.aggregate_id(cmd.id))
        elif isinstance(cmd, c.ReportMove):
            ids.update((Person.aggregate_id(cmd.person_id), Source.aggregate_id(cmd.source_id)))
            ids.update(Organization.aggregate_id(o) for o in (cmd.from_id, cmd.to_id) if o)
            try:
                effective = FuzzyDate.parse(cmd.effective).edtf
            except BadInput:
                continue
            ids.add(Claim.aggregate_id(claim_public_id(cmd.person_id, cmd.from_id, cmd.to_id, effective)))
        elif isinstance(cmd, c.ReportAffiliation):
            ids.update((Person.aggregate_id(cmd.person_id), Source.aggregate_id(cmd.source_id),
                        Organization.aggregate_id(cmd.organization_id)))
        elif isinstance(cmd, c.ReportGroupMove):
            ids.update((Source.aggregate_id(cmd.source_id), Organization.aggregate_id(cmd.organization_id)))
    return ids
