"""A claim: one asserted change in a person's employment, with every report about it.

The claim is its own consistency boundary: reports, retraction and corrections of one claim
are decided together, while claims about the same person are independent (conflicts between
them are a matter of interpretation, resolved by the projections, never refused on write).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from events.base import ClaimKind, ClaimStatus, LedgerAggregate, Tense
from events.errors import Conflict
from events.text import nfc


def kind_of(from_id: str | None, to_id: str | None) -> ClaimKind:
    if from_id and to_id:
        return ClaimKind.MOVE
    return ClaimKind.HIRE if to_id else ClaimKind.DEPARTURE


class Claim(LedgerAggregate):
    KIND = "claim"

    @dataclass(frozen=True)
    class MoveReported(LedgerAggregate.Created):
        """The first report of a move, hire or departure (``kind``), by ``source_id``."""

        person_id: str
        kind: str
        from_id: str | None
        to_id: str | None
        role: str | None
        effective: str
        status: str
        source_id: str
        note: str | None
        cites_id: str | None = None  # the source this report relays (docs/domain.md#citations)

    @dataclass(frozen=True)
    class AffiliationReported(LedgerAggregate.Created):
        """The first report that ``person_id`` was (``CURRENT``) or had been (``FORMER``) at
        ``organization_id`` on or around ``observed_at`` (docs/domain.md#affiliations)."""

        person_id: str
        kind: str
        organization_id: str
        tense: str
        role: str | None
        observed_at: str
        status: str
        source_id: str
        note: str | None
        cites_id: str | None

    @dataclass(frozen=True)
    class ReportAdded(LedgerAggregate.Event):
        source_id: str
        status: str
        note: str | None
        cites_id: str | None = None

        def apply(self, aggregate: LedgerAggregate) -> None:
            assert isinstance(aggregate, Claim)
            aggregate.reports.add((self.source_id, self.status, self.cites_id))

    @dataclass(frozen=True)
    class Retracted(LedgerAggregate.Event):
        reason: str
        source_id: str | None

        def apply(self, aggregate: LedgerAggregate) -> None:
            assert isinstance(aggregate, Claim)
            aggregate.retracted = True

    @dataclass(frozen=True)
    class Corrected(LedgerAggregate.Event):
        """Amends the fields given (None leaves a field as it was), on the word of ``source_id``."""

        source_id: str
        effective: str | None
        role: str | None
        from_id: str | None
        to_id: str | None
        organization_id: str | None = None  # an affiliation's organization

        def apply(self, aggregate: LedgerAggregate) -> None:
            assert isinstance(aggregate, Claim)
            if self.organization_id is not None:
                aggregate.organization_id = self.organization_id
            if self.effective is not None:
                aggregate.effective = self.effective
            if self.role is not None:
                aggregate.role = nfc(self.role)
            if self.from_id is not None:
                aggregate.from_id = self.from_id
            if self.to_id is not None:
                aggregate.to_id = self.to_id

    def __init__(  # either creation event's fields (MoveReported or AffiliationReported)
        self,
        person_id: str,
        kind: str,
        role: str | None,
        status: str,
        source_id: str,
        note: str | None,
        recorded_by: str,
        from_id: str | None = None,
        to_id: str | None = None,
        effective: str | None = None,
        organization_id: str | None = None,
        tense: str | None = None,
        observed_at: str | None = None,
        cites_id: str | None = None,
    ) -> None:
        self.person_id = person_id
        self.from_id = from_id
        self.to_id = to_id
        self.organization_id = organization_id
        self.tense = None if tense is None else Tense(tense)
        self.role = None if role is None else nfc(role)  # compared with corrections, in NFC
        self.effective = effective if effective is not None else observed_at  # an affiliation's is its observedAt
        self.reports = {(source_id, status, cites_id)}
        self.retracted = False

    @property
    def kind(self) -> ClaimKind:
        return ClaimKind.AFFILIATION if self.tense is not None else kind_of(self.from_id, self.to_id)

    def has_report(self, source_id: str, status: ClaimStatus, cites_id: str | None = None) -> bool:
        return (source_id, status.value, cites_id) in self.reports

    @classmethod
    def report_affiliation(
        cls, claim_id: str, *, person_id: str, organization_id: str, tense: Tense, role: str | None,
        observed_at: str, status: ClaimStatus, source_id: str, note: str | None, cites_id: str | None,
        now: datetime, principal: str,
    ) -> Claim:
        """A new affiliation claim, on its first report (the caller checked what it refers to)."""
        return cls._create(
            cls.AffiliationReported, id=cls.aggregate_id(claim_id), timestamp=now, recorded_by=principal,
            person_id=person_id, kind=ClaimKind.AFFILIATION.value, organization_id=organization_id,
            tense=tense.value, role=role, observed_at=observed_at, status=status.value, source_id=source_id,
            note=note, cites_id=cites_id,
        )

    def add_report(
        self, source_id: str, status: ClaimStatus, note: str | None, cites_id: str | None, *, now: datetime,
        principal: str,
    ) -> None:
        """Record a source's report; the same source's same word (relaying the same source) again
        records nothing; a retracted claim takes no more (docs/domain.md#citations)."""
        if self.has_report(source_id, status, cites_id):
            return
        if self.retracted:
            raise Conflict(f"claim '{self.public_id}' is retracted and takes no more reports", "claimId")
        self.trigger_event(
            Claim.ReportAdded, timestamp=now, recorded_by=principal, source_id=source_id, status=status.value,
            note=note, cites_id=cites_id,
        )

    def correct_affiliation(
        self, source_id: str, *, observed_at: str | None, role: str | None, organization_id: str | None,
        now: datetime, principal: str,
    ) -> None:
        """Amend an affiliation's observedAt, role or organization; what is unchanged is left out,
        and a correction that changes nothing records nothing."""
        if self.retracted:
            raise Conflict(f"claim '{self.public_id}' is retracted and cannot be corrected", "claimId")
        changes = {
            "effective": observed_at if observed_at != self.effective else None,
            "role": role if role is not None and nfc(role) != self.role else None,
            "organization_id": organization_id if organization_id != self.organization_id else None,
        }
        if any(v is not None for v in changes.values()):
            self.trigger_event(Claim.Corrected, timestamp=now, recorded_by=principal, source_id=source_id,
                               from_id=None, to_id=None, **changes)
