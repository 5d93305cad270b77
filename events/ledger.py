"""The write application: one use case per mutation, load → decide → save.

Every use case first checks everything it needs, then triggers its events, so a refused command
leaves no pending event behind (this is what lets an import validate a whole file in memory).
Writes are idempotent by natural key: a repeat records nothing and returns what exists.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from events import commands as c
from events.base import POSITIVE_RANK, Alias, ClaimStatus
from events.batch import CACHED_AGGREGATES, CHUNK_LINES, BatchResult, Line, LineError, decide_batch
from events.claim import Claim, kind_of
from events.errors import BadInput, ConcurrentWrite, Conflict, DomainError, NotFound
from events.fuzzydate import FuzzyDate
from events.ids import check_slug, claim_public_id, digest, slugify
from events.moments import as_utc
from events.organization import Organization
from events.person import Person
from events.source import Source
from events.text import accept
from events.unit_of_work import AggregateStore, UnitOfWork

__all__ = ["AggregateStore", "BatchResult", "Ledger", "LineError", "Outcome", "Refused", "UnitOfWork"]

MAX_RETRIES = 40
MAX_CHAIN = 64
# A publication's UTC instant keeps a day's margin from datetime's ends, so that readers can
# place it in any time zone (UTC-12 to UTC+14) without overflow (docs/input.md).
EARLIEST_PUBLICATION = datetime(1, 1, 2, tzinfo=UTC)
LATEST_PUBLICATION = datetime(9999, 12, 30, 23, 59, 59, 999999, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Outcome:
    """The subject a write was about, and the position a reader can wait for."""

    kind: str
    subject_id: str
    position: int
    recorded: bool


class Refused(Exception):
    """Commands of one atomic batch that the ledger refused, by index: nothing was stored."""

    def __init__(self, errors: list[tuple[int, DomainError]]) -> None:
        super().__init__("; ".join(f"#{index}: {error.message}" for index, error in errors))
        self.errors = errors


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _text(value: str, field: str) -> str:
    value = value.strip()
    if not value:
        raise BadInput(field, f"{field} must not be empty")
    return value


def _aliases(aliases: Sequence[c.AliasInput]) -> list[Alias]:
    return [Alias(_text(a.name, f"aliases[{i}].name"), a.language or None) for i, a in enumerate(aliases)]


class Ledger:
    """The write side's service layer: one method per mutation, retried on concurrent writes.

    ``batch_chunk`` and ``batch_cache`` bound a batch's memory: lines decided per chunk, and
    aggregates kept between chunks (``events/batch.py``).
    """

    def __init__(
        self, store: AggregateStore, clock: Callable[[], datetime] = _utc_now, *,
        batch_chunk: int = CHUNK_LINES, batch_cache: int = CACHED_AGGREGATES,
    ) -> None:
        self._store = store
        self._clock = clock
        self._batch_chunk = batch_chunk
        self._batch_cache = batch_cache
        self._handlers: dict[type[c.Command], Callable[[UnitOfWork, c.Command, str], tuple[str, str]]] = {
            c.RegisterPerson: self._register_person,  # type: ignore[dict-item]
            c.RegisterOrganization: self._register_organization,  # type: ignore[dict-item]
            c.ReparentOrganization: self._reparent_organization,  # type: ignore[dict-item]
            c.RegisterSource: self._register_source,  # type: ignore[dict-item]
            c.ReportMove: self._report_move,  # type: ignore[dict-item]
            c.AddReport: self._add_report,  # type: ignore[dict-item]
            c.RetractClaim: self._retract_claim,  # type: ignore[dict-item]
            c.CorrectClaim: self._correct_claim,  # type: ignore[dict-item]
            c.AddAlias: self._add_alias,  # type: ignore[dict-item]
            c.MergePeople: self._merge_people,  # type: ignore[dict-item]
        }

    # -- entry points ---------------------------------------------------------------------

    def execute(self, command: c.Command, principal: str) -> Outcome:
        """Run one command; raise a DomainError (nothing stored) or return its outcome."""
        try:
            return self.execute_all([command], principal)[0]
        except Refused as refused:
            raise refused.errors[0][1] from None

    def execute_all(self, commands: Sequence[c.Command], principal: str) -> list[Outcome]:
        """Run commands as one atomic write, each deciding on what the ones before it did: all
        stored in one append, or nothing and ``Refused`` naming every refused command."""
        for attempt in range(MAX_RETRIES):
            uow = UnitOfWork(self._store)
            subjects: list[tuple[str, str]] = []
            refused: list[tuple[int, DomainError]] = []
            for index, command in enumerate(commands):
                try:
                    subjects.append(self._decide(uow, command, principal))
                except DomainError as error:
                    refused.append((index, error))
            if refused:
                raise Refused(refused)
            try:
                position = uow.save()
            except ConcurrentWrite:
                _backoff(attempt)
                continue
            recorded = position is not None
            at = position if position is not None else self._store.max_position()
            return [Outcome(kind, subject, at, recorded) for kind, subject in subjects]
        raise Conflict("too many concurrent writes to the same records; try again")

    def execute_batch(self, lines: Iterable[Line], principal: str, *, skip_invalid: bool = False) -> BatchResult:
        """Decide a whole batch, then store it in one atomic append.

        With a bad line and no ``skip_invalid``, nothing is stored and every error is returned.
        ``lines`` is read once per attempt (again after a concurrent write), so it must be an
        iterable that starts over, not an iterator.
        """
        if isinstance(lines, Iterator):
            raise TypeError("a batch is read again after a concurrent write: pass an iterable, not an iterator")
        for attempt in range(MAX_RETRIES):
            staging = self._store.stage()
            try:
                result = decide_batch(self._decide, staging, lines, principal,
                                      chunk_lines=self._batch_chunk, cached=self._batch_cache)
                if result.errors and not skip_invalid:
                    result.accepted = 0
                    return result
                result.recorded_events = staging.staged
                position = staging.commit()
            except ConcurrentWrite:
                _backoff(attempt)
                continue
            finally:
                staging.close()
            result.position = position if position is not None else self._store.max_position()
            return result
        raise Conflict("too many concurrent writes to the same records; try again")

    def _decide(self, uow: UnitOfWork, command: c.Command, principal: str) -> tuple[str, str]:
        """Every text field accepted and normalized first (``events/text.py``), then the rules."""
        command = accept(command)
        return self._handlers[type(command)](uow, command, principal)

    def resolve_person(self, uow: UnitOfWork, public_id: str, field: str) -> Person:
        """Follow merges: a duplicate's id keeps resolving to its survivor."""
        person = uow.require(Person, public_id, field)
        for _ in range(MAX_CHAIN):
            if person.merged_into is None:
                return person
            person = uow.require(Person, person.merged_into, field)
        raise Conflict(f"merge chain of '{public_id}' is too long")

    # -- registrations --------------------------------------------------------------------

    def _register_person(self, uow: UnitOfWork, cmd: c.RegisterPerson, principal: str) -> tuple[str, str]:
        name = _text(cmd.name, "name")
        public_id = check_slug(cmd.id, "id") if cmd.id else slugify(name)
        aliases = _aliases(cmd.aliases)
        person = uow.get(Person, public_id)
        now = self._clock()
        if person is None:
            person = Person._create(
                Person.Registered, id=Person.aggregate_id(public_id), timestamp=now,
                recorded_by=principal, name=name, aliases=[_alias_dict(a) for a in aliases],
            )
            uow.add(person)
            return "person", public_id
        if person.name != name:
            raise Conflict(f"person '{public_id}' is already registered as '{person.name}'", "id")
        self._add_new_aliases(person, Person.AliasAdded, aliases, principal, now)
        return "person", public_id

    def _register_organization(
        self, uow: UnitOfWork, cmd: c.RegisterOrganization, principal: str
    ) -> tuple[str, str]:
        name = _text(cmd.name, "name")
        public_id = check_slug(cmd.id, "id") if cmd.id else slugify(name)
        aliases = _aliases(cmd.aliases)
        org = uow.get(Organization, public_id)
        now = self._clock()
        if org is None:
            if public_id in self._ancestors(uow, cmd.parent_id):
                raise BadInput("parentId", f"organization '{public_id}' would become its own ancestor")
            org = Organization._create(
                Organization.Registered, id=Organization.aggregate_id(public_id), timestamp=now,
                recorded_by=principal, name=name, aliases=[_alias_dict(a) for a in aliases],
                parent_id=cmd.parent_id,
            )
            uow.add(org)
            return "organization", public_id
        if org.name != name:
            raise Conflict(f"organization '{public_id}' is already registered as '{org.name}'", "id")
        # An omitted parentId changes nothing; moving a unit is reparentOrganization's, an editor's.
        if cmd.parent_id is not None and cmd.parent_id != org.parent_id:
            where = f"inside '{org.parent_id}'" if org.parent_id else "without a parent"
            raise Conflict(
                f"organization '{public_id}' is registered {where}; to move it, use reparentOrganization",
                "parentId",
            )
        self._add_new_aliases(org, Organization.AliasAdded, aliases, principal, now)
        return "organization", public_id

    def _reparent_organization(
        self, uow: UnitOfWork, cmd: c.ReparentOrganization, principal: str
    ) -> tuple[str, str]:
        org = uow.require(Organization, cmd.organization_id, "organizationId")
        org.reparent(cmd.parent_id, self._ancestors(uow, cmd.parent_id), self._clock(), principal)
        return "organization", cmd.organization_id

    @staticmethod
    def _ancestors(uow: UnitOfWork, parent_id: str | None) -> list[str]:
        """``parent_id`` and its ancestors up to the root, each of which must exist."""
        chain: list[str] = []
        ancestor = parent_id
        while ancestor is not None:
            if len(chain) == MAX_CHAIN:
                raise BadInput("parentId", "organization hierarchy is too deep")
            chain.append(ancestor)
            ancestor = uow.require(Organization, ancestor, "parentId").parent_id
        return chain

    def _register_source(self, uow: UnitOfWork, cmd: c.RegisterSource, principal: str) -> tuple[str, str]:
        publisher = _text(cmd.publisher, "publisher")
        published_at = _publication_instant(cmd.published_at)
        public_id = (
            check_slug(cmd.id, "id")
            if cmd.id
            else f"{slugify(publisher)}-{published_at:%Y-%m-%d}-{digest(cmd.url, cmd.title)[:8]}"
        )
        if cmd.cites_id is not None:
            cited: str | None = cmd.cites_id
            for _ in range(MAX_CHAIN):
                if cited is None:
                    break
                if cited == public_id:
                    raise BadInput("citesId", f"source '{public_id}' cannot cite itself")
                cited = uow.require(Source, cited, "citesId").cites_id
        fields = (publisher, cmd.url, cmd.title, cmd.language, published_at, cmd.cites_id)
        source = uow.get(Source, public_id)
        if source is not None:
            if source.fields() != fields:
                raise Conflict(f"source '{public_id}' is already registered with other details", "id")
            return "source", public_id
        uow.add(
            Source._create(
                Source.Registered, id=Source.aggregate_id(public_id), timestamp=self._clock(),
                recorded_by=principal, publisher=publisher, url=cmd.url, title=cmd.title,
                language=cmd.language, published_at=published_at, cites_id=cmd.cites_id,
            )
        )
        return "source", public_id

    # -- claims ---------------------------------------------------------------------------

    def _report_move(self, uow: UnitOfWork, cmd: c.ReportMove, principal: str) -> tuple[str, str]:
        person = self.resolve_person(uow, cmd.person_id, "personId")
        if not cmd.from_id and not cmd.to_id:
            raise BadInput("toId", "a move needs fromId, toId or both")
        if cmd.from_id == cmd.to_id:
            raise BadInput("toId", "a move cannot leave and join the same organization")
        for org_id, name in ((cmd.from_id, "fromId"), (cmd.to_id, "toId")):
            if org_id:
                uow.require(Organization, org_id, name)
        written = FuzzyDate.parse(cmd.effective)
        effective = written.value  # stored as written; the natural key is the canonical form
        _check_reported_status(cmd.status)
        uow.require(Source, cmd.source_id, "sourceId")
        claim_id = claim_public_id(person.public_id, cmd.from_id, cmd.to_id, written.edtf)
        claim = uow.get(Claim, claim_id)
        now = self._clock()
        if claim is None:
            uow.add(
                Claim._create(
                    Claim.MoveReported, id=Claim.aggregate_id(claim_id), timestamp=now,
                    recorded_by=principal, person_id=person.public_id,
                    kind=kind_of(cmd.from_id, cmd.to_id).value, from_id=cmd.from_id, to_id=cmd.to_id,
                    role=_optional(cmd.role), effective=effective, status=cmd.status.value,
                    source_id=cmd.source_id, note=_optional(cmd.note),
                )
            )
        else:
            self._report_on(claim, cmd.source_id, cmd.status, cmd.note, principal, now)
        return "claim", claim_id

    def _add_report(self, uow: UnitOfWork, cmd: c.AddReport, principal: str) -> tuple[str, str]:
        claim = uow.require(Claim, cmd.claim_id, "claimId")
        _check_reported_status(cmd.status)
        uow.require(Source, cmd.source_id, "sourceId")
        self._report_on(claim, cmd.source_id, cmd.status, cmd.note, principal, self._clock())
        return "claim", cmd.claim_id

    def _report_on(
        self, claim: Claim, source_id: str, status: ClaimStatus, note: str | None, principal: str,
        now: datetime,
    ) -> None:
        if claim.has_report(source_id, status):
            return
        if claim.retracted:
            raise Conflict(f"claim '{claim.public_id}' is retracted and takes no more reports", "claimId")
        claim.trigger_event(
            Claim.ReportAdded, timestamp=now, recorded_by=principal, source_id=source_id,
            status=status.value, note=_optional(note),
        )

    def _retract_claim(self, uow: UnitOfWork, cmd: c.RetractClaim, principal: str) -> tuple[str, str]:
        claim = uow.require(Claim, cmd.claim_id, "claimId")
        reason = _text(cmd.reason, "reason")
        if cmd.source_id is not None:
            uow.require(Source, cmd.source_id, "sourceId")
        if not claim.retracted:
            claim.trigger_event(
                Claim.Retracted, timestamp=self._clock(), recorded_by=principal, reason=reason,
                source_id=cmd.source_id,
            )
        return "claim", cmd.claim_id

    def _correct_claim(self, uow: UnitOfWork, cmd: c.CorrectClaim, principal: str) -> tuple[str, str]:
        claim = uow.require(Claim, cmd.claim_id, "claimId")
        uow.require(Source, cmd.source_id, "sourceId")
        if cmd.effective is None and cmd.role is None and cmd.from_id is None and cmd.to_id is None:
            raise BadInput("effective", "a correction needs effective, role, fromId or toId")
        amended = FuzzyDate.parse(cmd.effective) if cmd.effective is not None else None
        for org_id, name in ((cmd.from_id, "fromId"), (cmd.to_id, "toId")):
            if org_id is not None:
                uow.require(Organization, org_id, name)
        new_from = cmd.from_id if cmd.from_id is not None else claim.from_id
        new_to = cmd.to_id if cmd.to_id is not None else claim.to_id
        if new_from == new_to:
            raise BadInput("toId", "a move cannot leave and join the same organization")
        if claim.retracted:
            raise Conflict(f"claim '{cmd.claim_id}' is retracted and cannot be corrected", "claimId")
        changes = {
            # The same date written otherwise (its canonical form unchanged) is no correction.
            "effective": (
                amended.value if amended and amended.edtf != FuzzyDate.parse(claim.effective).edtf else None
            ),
            "role": cmd.role if cmd.role is not None and cmd.role != claim.role else None,
            "from_id": cmd.from_id if cmd.from_id != claim.from_id else None,
            "to_id": cmd.to_id if cmd.to_id != claim.to_id else None,
        }
        if any(v is not None for v in changes.values()):
            claim.trigger_event(
                Claim.Corrected, timestamp=self._clock(), recorded_by=principal,
                source_id=cmd.source_id, **changes,
            )
        return "claim", cmd.claim_id

    # -- aliases and merges ---------------------------------------------------------------

    def _add_alias(self, uow: UnitOfWork, cmd: c.AddAlias, principal: str) -> tuple[str, str]:
        name = _text(cmd.name, "name")
        subject_id = cmd.subject_id
        person = uow.get(Person, subject_id)
        org = uow.get(Organization, subject_id)
        if person is not None and org is not None:
            raise BadInput("subjectId", f"'{subject_id}' names both a person and an organization")
        now = self._clock()
        alias = Alias(name, cmd.language or None)
        if person is not None:
            person = self.resolve_person(uow, subject_id, "subjectId")
            self._add_new_aliases(person, Person.AliasAdded, [alias], principal, now)
            return "person", person.public_id
        if org is not None:
            self._add_new_aliases(org, Organization.AliasAdded, [alias], principal, now)
            return "organization", subject_id
        raise NotFound("person or organization", subject_id, "subjectId")

    @staticmethod
    def _add_new_aliases(
        subject: Person | Organization,
        event_class: type[Person.AliasAdded] | type[Organization.AliasAdded],
        aliases: Iterable[Alias],
        principal: str,
        now: datetime,
    ) -> None:
        for alias in aliases:
            if alias not in subject.aliases:
                subject.trigger_event(
                    event_class, timestamp=now, recorded_by=principal, name=alias.name,
                    language=alias.language,
                )

    def _merge_people(self, uow: UnitOfWork, cmd: c.MergePeople, principal: str) -> tuple[str, str]:
        reason = _text(cmd.reason, "reason")
        if cmd.duplicate_id == cmd.survivor_id:
            raise BadInput("survivorId", "a person cannot be merged into themself")
        duplicate = uow.require(Person, cmd.duplicate_id, "duplicateId")
        survivor = uow.require(Person, cmd.survivor_id, "survivorId")
        if duplicate.merged_into == cmd.survivor_id:
            return "person", cmd.survivor_id
        if survivor.merged_into is not None:
            raise Conflict(
                f"person '{cmd.survivor_id}' is already merged into '{survivor.merged_into}'", "survivorId"
            )
        if duplicate.merged_into is not None:
            raise Conflict(
                f"person '{cmd.duplicate_id}' is already merged into '{duplicate.merged_into}'", "duplicateId"
            )
        duplicate.trigger_event(
            Person.Merged, timestamp=self._clock(), recorded_by=principal,
            survivor_id=cmd.survivor_id, reason=reason,
        )
        return "person", cmd.survivor_id


def _backoff(attempt: int) -> None:
    """Jittered exponential wait before retrying, so contending writers spread out."""
    time.sleep(random.uniform(0, min(0.002 * 2**attempt, 0.1)))  # noqa: S311 - jitter, not crypto


def _alias_dict(alias: Alias) -> dict[str, str | None]:
    return {"name": alias.name, "language": alias.language}


def _optional(text: str | None) -> str | None:
    return text.strip() or None if text is not None else None


def _publication_instant(moment: datetime) -> datetime:
    """The UTC instant of a publication time (naive means UTC), within the accepted range."""
    try:
        instant = as_utc(moment)
    except OverflowError:  # 0001-01-01T00:00+05:00 is before year 1 in UTC
        instant = None
    if instant is None or not EARLIEST_PUBLICATION <= instant <= LATEST_PUBLICATION:
        raise BadInput("publishedAt", "publishedAt must lie between 0001-01-02 and 9999-12-30 in UTC")
    return instant


def _check_reported_status(status: ClaimStatus) -> None:
    if status not in POSITIVE_RANK and status is not ClaimStatus.DENIED:
        raise BadInput("status", "a report asserts RUMOURED, REPORTED, CONFIRMED or DENIED")
