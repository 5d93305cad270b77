"""A group claim: a report about a team or an unnamed group ("the whole MLX team considered
leaving", "several engineers plan to leave"), with every report about it.

It never changes a person's timeline, a roster or a headcount: it is a signal on the organization
(docs/domain.md#group-claims). Like a claim, it is its own consistency boundary; unlike a claim,
it is never corrected (a different group, count or date is another group claim).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from events.base import ClaimStatus, LedgerAggregate, Modality
from events.errors import BadInput, Conflict
from events.ids import digest

PREFIX = "g"
"""Group claims' public ids start with ``g``, claims' with ``c``: one id field (``addReport``'s
``claimId``) can name either."""


MAX_COUNT = 10_000_000
"""More people than any employer has; it also keeps a count within every backend's integer."""


def group_claim_public_id(org_id: str, to_id: str | None, modality: Modality, effective: str | None) -> str:
    """Identified by its natural key: organization, destination, modality and date."""
    return PREFIX + digest("group", org_id, to_id, modality.value, effective)[:15]


def is_group_claim_id(public_id: str) -> bool:
    return public_id.startswith(PREFIX)


def check_counts(count_min: int | None, count_max: int | None) -> None:
    """A head count range names at least one person, and its low end is not above its high end
    (docs/domain.md#group-claims). ``whole`` may come with a count: "the whole team, about ten"."""
    for value, field in ((count_min, "countMin"), (count_max, "countMax")):
        if value is not None and value < 1:
            raise BadInput(field, f"{field} must be at least 1 (a group claim is about one person or more)")
        if value is not None and value > MAX_COUNT:
            raise BadInput(field, f"{field} must be at most {MAX_COUNT:,}")
    if count_min is not None and count_max is not None and count_min > count_max:
        raise BadInput("countMax", f"countMin ({count_min}) is greater than countMax ({count_max})")


class GroupClaim(LedgerAggregate):
    KIND = "group"

    @dataclass(frozen=True)
    class GroupMoveReported(LedgerAggregate.Created):
        """The first report about a group at ``organization_id`` (its destination ``to_id``, if any)."""

        organization_id: str
        to_id: str | None
        modality: str
        count_min: int | None
        count_max: int | None
        whole: bool
        effective: str | None
        status: str
        source_id: str
        note: str | None
        cites_id: str | None

    @dataclass(frozen=True)
    class ReportAdded(LedgerAggregate.Event):
        source_id: str
        status: str
        note: str | None
        cites_id: str | None

        def apply(self, aggregate: LedgerAggregate) -> None:
            assert isinstance(aggregate, GroupClaim)
            aggregate.reports.add((self.source_id, self.status, self.cites_id))

    @dataclass(frozen=True)
    class Retracted(LedgerAggregate.Event):
        reason: str
        source_id: str | None

        def apply(self, aggregate: LedgerAggregate) -> None:
            assert isinstance(aggregate, GroupClaim)
            aggregate.retracted = True

    def __init__(self, organization_id: str, status: str, source_id: str, cites_id: str | None,
                 recorded_by: str) -> None:
        self.organization_id = organization_id  # the rest is display data, for the read model
        self.reports = {(source_id, status, cites_id)}
        self.retracted = False

    @classmethod
    def report(
        cls, *, organization_id: str, to_id: str | None, modality: Modality, count_min: int | None,
        count_max: int | None, whole: bool, effective: str | None, status: ClaimStatus, source_id: str,
        note: str | None, cites_id: str | None, timestamp: datetime, recorded_by: str,
    ) -> GroupClaim:
        """A new group claim, on its first report (the caller checked what it refers to)."""
        if to_id is not None and to_id == organization_id:
            raise BadInput("toId", "a group cannot leave for the organization it is in")
        check_counts(count_min, count_max)
        public_id = group_claim_public_id(organization_id, to_id, modality, effective)
        return cls._create(
            cls.GroupMoveReported, id=cls.aggregate_id(public_id), timestamp=timestamp, recorded_by=recorded_by,
            organization_id=organization_id, to_id=to_id, modality=modality.value, count_min=count_min,
            count_max=count_max, whole=whole, effective=effective, status=status.value, source_id=source_id,
            note=note, cites_id=cites_id,
        )

    def add_report(
        self, source_id: str, status: ClaimStatus, note: str | None, cites_id: str | None, *, timestamp: datetime,
        recorded_by: str,
    ) -> None:
        """Record a source's report; the same word again records nothing; a retracted group claim
        takes no more."""
        if (source_id, status.value, cites_id) in self.reports:
            return
        if self.retracted:
            raise Conflict(f"group claim '{self.public_id}' is retracted and takes no more reports", "claimId")
        self.trigger_event(
            GroupClaim.ReportAdded, timestamp=timestamp, recorded_by=recorded_by, source_id=source_id,
            status=status.value, note=note, cites_id=cites_id,
        )

    def retract(self, reason: str, source_id: str | None, *, timestamp: datetime, recorded_by: str) -> None:
        """Withdraw it (an editor's word); retracting again records nothing."""
        if not self.retracted:
            self.trigger_event(GroupClaim.Retracted, timestamp=timestamp, recorded_by=recorded_by, reason=reason,
                               source_id=source_id)
