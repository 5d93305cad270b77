"""A claim: one asserted change in a person's employment, with every report about it.

The claim is its own consistency boundary: reports, retraction and corrections of one claim
are decided together, while claims about the same person are independent (conflicts between
them are a matter of interpretation, resolved by the projections, never refused on write).

Each decision is a method that refuses what cannot be true and records the event. The checks
that need no state (``check_*``) are static: the methods run them, and a use case may run them
first too, before it loads anything, so that bad input is reported before an unknown id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from events.base import POSITIVE_RANK, ClaimKind, ClaimStatus, LedgerAggregate, Tense
from events.errors import BadInput, Conflict
from events.fuzzydate import FuzzyDate
from events.text import nfc


def same_date(written: str, stored: str | None) -> bool:
    """Two writings of one date expression (docs/domain.md#date-expressions)."""
    return stored is not None and FuzzyDate.parse(written).edtf == FuzzyDate.parse(stored).edtf


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

    # -- checks that need no state --------------------------------------------------------

    @staticmethod
    def check_parties(from_id: str | None, to_id: str | None) -> None:
        """A move leaves somewhere, joins somewhere, or both, and never one place for itself."""
        if not from_id and not to_id:
            raise BadInput("toId", "a move needs fromId, toId or both")
        if from_id == to_id:
            raise BadInput("toId", "a move cannot leave and join the same organization")

    @staticmethod
    def check_status(status: ClaimStatus) -> None:
        """A report asserts a status; RETRACTED is only ever derived (``docs/domain.md#reports``)."""
        if status not in POSITIVE_RANK and status is not ClaimStatus.DENIED:
            raise BadInput("status", "a report asserts RUMOURED, REPORTED, CONFIRMED or DENIED")

    @staticmethod
    def check_correction(effective: str | None, role: str | None, from_id: str | None, to_id: str | None) -> None:
        if effective is None and role is None and from_id is None and to_id is None:
            raise BadInput("effective", "a correction needs effective, role, fromId or toId")

    # -- decisions ------------------------------------------------------------------------

    @classmethod
    def report_move(
        cls, claim_id: str, *, person_id: str, from_id: str | None, to_id: str | None, role: str | None,
        effective: str, status: ClaimStatus, source_id: str, note: str | None,
        timestamp: datetime, recorded_by: str, cites_id: str | None = None,
    ) -> Claim:
        """A new claim, by its first report (``claim_id`` is its natural key: ``events/ids.py``)."""
        cls.check_parties(from_id, to_id)
        cls.check_status(status)
        return cls._create(
            cls.MoveReported, id=cls.aggregate_id(claim_id), timestamp=timestamp, recorded_by=recorded_by,
            person_id=person_id, kind=kind_of(from_id, to_id).value, from_id=from_id, to_id=to_id,
            role=role, effective=effective, status=status.value, source_id=source_id, note=note,
            cites_id=cites_id,
        )

    @classmethod
    def report_affiliation(
        cls, claim_id: str, *, person_id: str, organization_id: str, tense: Tense, role: str | None,
        observed_at: str, status: ClaimStatus, source_id: str, note: str | None, cites_id: str | None,
        timestamp: datetime, recorded_by: str,
    ) -> Claim:
        """A new affiliation claim, on its first report (the caller checked what it refers to)."""
        cls.check_status(status)
        return cls._create(
            cls.AffiliationReported, id=cls.aggregate_id(claim_id), timestamp=timestamp, recorded_by=recorded_by,
            person_id=person_id, kind=ClaimKind.AFFILIATION.value, organization_id=organization_id,
            tense=tense.value, role=role, observed_at=observed_at, status=status.value, source_id=source_id,
            note=note, cites_id=cites_id,
        )

    def add_report(
        self, source_id: str, status: ClaimStatus, note: str | None, cites_id: str | None = None, *,
        timestamp: datetime, recorded_by: str,
    ) -> None:
        """Another report; the same source asserting the same status again (relaying the same
        source) records nothing; a retracted claim takes no more (docs/domain.md#citations)."""
        self.check_status(status)
        if self.has_report(source_id, status, cites_id):
            return
        if self.retracted:
            raise Conflict(f"claim '{self.public_id}' is retracted and takes no more reports", "claimId")
        self.trigger_event(
            self.ReportAdded, timestamp=timestamp, recorded_by=recorded_by, source_id=source_id,
            status=status.value, note=note, cites_id=cites_id,
        )

    def retract(self, reason: str, source_id: str | None, *, timestamp: datetime, recorded_by: str) -> None:
        """Withdraw the claim; retracting it again records nothing."""
        if not self.retracted:
            self.trigger_event(
                self.Retracted, timestamp=timestamp, recorded_by=recorded_by, reason=reason, source_id=source_id
            )

    def correct(
        self, source_id: str, *, effective: str | None = None, role: str | None = None,
        from_id: str | None = None, to_id: str | None = None, timestamp: datetime, recorded_by: str,
    ) -> None:
        """Amend the fields given on the word of ``source_id``; a field given as it already is
        changes nothing, and a correction that changes nothing records nothing."""
        self.check_correction(effective, role, from_id, to_id)
        new_from = from_id if from_id is not None else self.from_id
        new_to = to_id if to_id is not None else self.to_id
        if new_from == new_to:
            raise BadInput("toId", "a move cannot leave and join the same organization")
        if self.retracted:
            raise Conflict(f"claim '{self.public_id}' is retracted and cannot be corrected", "claimId")
        changes = {
            # The same date written otherwise (its canonical form unchanged) is no correction.
            "effective": effective if effective is not None and not same_date(effective, self.effective) else None,
            "role": role if role is not None and role != self.role else None,
            "from_id": from_id if from_id != self.from_id else None,
            "to_id": to_id if to_id != self.to_id else None,
        }
        if any(value is not None for value in changes.values()):
            self.trigger_event(
                self.Corrected, timestamp=timestamp, recorded_by=recorded_by, source_id=source_id, **changes
            )

    def correct_affiliation(
        self, source_id: str, *, observed_at: str | None, role: str | None, organization_id: str | None,
        timestamp: datetime, recorded_by: str,
    ) -> None:
        """Amend an affiliation's observedAt, role or organization; what is unchanged is left out,
        and a correction that changes nothing records nothing."""
        if self.retracted:
            raise Conflict(f"claim '{self.public_id}' is retracted and cannot be corrected", "claimId")
        changes = {
            "effective": (
                observed_at if observed_at is not None and not same_date(observed_at, self.effective) else None
            ),
            "role": role if role is not None and nfc(role) != self.role else None,
            "organization_id": organization_id if organization_id != self.organization_id else None,
        }
        if any(v is not None for v in changes.values()):
            self.trigger_event(self.Corrected, timestamp=timestamp, recorded_by=recorded_by, source_id=source_id,
                               from_id=None, to_id=None, **changes)
