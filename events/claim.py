"""A claim: one asserted change in a person's employment, with every report about it.

The claim is its own consistency boundary: reports, retraction and corrections of one claim
are decided together, while claims about the same person are independent (conflicts between
them are a matter of interpretation, resolved by the projections, never refused on write).
"""

from __future__ import annotations

from dataclasses import dataclass

from events.base import ClaimKind, ClaimStatus, LedgerAggregate
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

    @dataclass(frozen=True)
    class ReportAdded(LedgerAggregate.Event):
        source_id: str
        status: str
        note: str | None

        def apply(self, aggregate: LedgerAggregate) -> None:
            assert isinstance(aggregate, Claim)
            aggregate.reports.add((self.source_id, self.status))

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

        def apply(self, aggregate: LedgerAggregate) -> None:
            assert isinstance(aggregate, Claim)
            if self.effective is not None:
                aggregate.effective = self.effective
            if self.role is not None:
                aggregate.role = nfc(self.role)
            if self.from_id is not None:
                aggregate.from_id = self.from_id
            if self.to_id is not None:
                aggregate.to_id = self.to_id

    def __init__(
        self,
        person_id: str,
        kind: str,
        from_id: str | None,
        to_id: str | None,
        role: str | None,
        effective: str,
        status: str,
        source_id: str,
        note: str | None,
        recorded_by: str,
    ) -> None:
        self.person_id = person_id
        self.from_id = from_id
        self.to_id = to_id
        self.role = None if role is None else nfc(role)  # compared with corrections, in NFC
        self.effective = effective
        self.reports = {(source_id, status)}
        self.retracted = False

    @property
    def kind(self) -> ClaimKind:
        return kind_of(self.from_id, self.to_id)

    def has_report(self, source_id: str, status: ClaimStatus) -> bool:
        return (source_id, status.value) in self.reports
