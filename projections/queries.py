"""The in-process query interface that ``schema/`` calls: typed answers, no GraphQL, no logic.

``Queries`` only delegates, each question to the read model that answers it (``directory/``,
``claims/``, ``signals/``, ``timelines/``, ``rosters/``, ``aggregates/``, ``audit/``, ``feed/``; the diagram in
``projections/README.md``). Reads under the default cutoffs are indexed lookups in the
materialized timelines; reads with ``asOf``, ``knownAt``, ``minStatus`` or ``minSources`` fold the
people's fact rows with the same pure rules (``projections/rules/``). Each method is retried once
when its connection was lost under it. Arguments after the subject are keyword-only wherever two
of them could be swapped unnoticed (two dates, two optional strings, several flags).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from projections.aggregates.queries import AggregateQueries
from projections.audit.queries import AuditQueries
from projections.beliefs.queries import BeliefChangeView, BeliefQueries
from projections.claims.listing import ClaimFilter, ClaimList
from projections.claims.queries import ClaimQueries
from projections.db.adapter import Database
from projections.db.retry import retry_reads
from projections.db.sql import TRACKED_POSITION, sql
from projections.directory.queries import DirectoryQueries
from projections.directory.reads import OrgTrees
from projections.feed.queries import FeedQueries
from projections.model import (
    Certainty,
    ClaimView,
    Cutoffs,
    EventRecord,
    Flow,
    GroupClaimView,
    HeadcountPoint,
    OrganizationView,
    Page,
    PersonView,
    RosterEntry,
    SourceView,
    StintView,
)
from projections.publishers.queries import PublisherQueries
from projections.rosters.queries import RosterQueries
from projections.signals.queries import SignalQueries
from projections.timelines.queries import TimelineQueries


@retry_reads
class Queries:
    """Answers every read of the GraphQL API (``docs/api.md``) from the materialized read models."""

    def __init__(self, db: Database) -> None:
        self.db = db
        trees = OrgTrees()  # one cache of the organizations' tree for every read model
        self._directory = DirectoryQueries(db)
        self._claims = ClaimQueries(db)
        self._claim_list = ClaimList(db, trees)
        self._timelines = TimelineQueries(db, trees)
        self._rosters = RosterQueries(db, trees)
        self._aggregates = AggregateQueries(db, trees)
        self._audit = AuditQueries(db)
        self._feed = FeedQueries(db)
        self._signals = SignalQueries(db, trees)
        self.publishers = PublisherQueries(db)  # publishers/: its reads, retried as these are
        self._beliefs = BeliefQueries(db, trees)

    def position(self) -> int:
        """The event-store position the read models reflect."""
        with self.db.read() as cur:
            cur.execute(sql(TRACKED_POSITION))
            row = cur.fetchone()
        return int(row[0]) if row else 0

    # -- directory: people, organizations, sources --------------------------------------------------

    def person(self, person_id: str) -> PersonView | None:
        """A person; a merged duplicate's id resolves to its survivor."""
        return self._directory.people_by_ids([person_id]).get(person_id)

    def people_by_ids(self, person_ids: Iterable[str]) -> dict[str, PersonView]:
        return self._directory.people_by_ids(person_ids)

    def people(self, *, search: str | None, first: int, after: str | None) -> Page[PersonView]:
        """People (survivors only) in id order, or those with a name or alias matching ``search``."""
        return self._directory.subjects("person", search=search, first=first, after=after)

    def count(self, kind: str, search: str | None) -> int:
        """How many people (``person``) or organizations (``organization``) there are, or match."""
        return self._directory.count(kind, search)

    def organization(self, org_id: str) -> OrganizationView | None:
        return self._directory.organizations_by_ids([org_id]).get(org_id)

    def organizations_by_ids(self, org_ids: Iterable[str]) -> dict[str, OrganizationView]:
        return self._directory.organizations_by_ids(org_ids)

    def organizations(self, *, search: str | None, first: int, after: str | None) -> Page[OrganizationView]:
        return self._directory.subjects("organization", search=search, first=first, after=after)

    def units(self, org_id: str, first: int | None = None, after: str | None = None) -> list[OrganizationView]:
        return self._directory.units(org_id, first, after)

    def unit_count(self, org_id: str) -> int:
        return self._directory.unit_count(org_id)

    def source(self, source_id: str) -> SourceView | None:
        return self._directory.sources_by_ids([source_id]).get(source_id)

    def sources_by_ids(self, source_ids: Iterable[str]) -> dict[str, SourceView]:
        return self._directory.sources_by_ids(source_ids)

    def sources(self, *, search: str | None, publisher: str | None, first: int, after: str | None) -> Page[SourceView]:
        """Sources in id order, of a publisher, matching ``search`` in publisher or title."""
        return self._directory.sources(search=search, publisher=publisher, first=first, after=after)

    def source_count(self, *, search: str | None, publisher: str | None) -> int:
        return self._directory.source_count(search, publisher)

    # -- claims ---------------------------------------------------------------------------------------

    def claim(self, claim_id: str) -> ClaimView | None:
        """A claim with status, sources and ``contested`` under default cutoffs."""
        return self._claims.claims_by_ids([claim_id]).get(claim_id)

    def claims_by_ids(self, claim_ids: Iterable[str]) -> dict[str, ClaimView]:
        return self._claims.claims_by_ids(claim_ids)

    def claims(self, matching: ClaimFilter, *, first: int, after: str | None) -> Page[ClaimView]:
        """Claims matching the filters, in id order, under the default cutoffs."""
        return self._claim_list.claims(matching, first=first, after=after)

    def claim_count(self, matching: ClaimFilter) -> int:
        return self._claim_list.count(matching)

    def claims_of_person(self, person_id: str, first: int | None = None, after: str | None = None) -> list[ClaimView]:
        return self._claims.claims_of_person(person_id, first, after)

    def claim_count_of_person(self, person_id: str) -> int:
        return self._claims.claim_count_of_person(person_id)

    def claims_of_source(self, source_id: str, first: int | None = None, after: str | None = None) -> list[ClaimView]:
        return self._claims.claims_of_source(source_id, first, after)

    def claim_count_of_source(self, source_id: str) -> int:
        return self._claims.claim_count_of_source(source_id)

    # -- signals: group claims ----------------------------------------------------------------------

    def group_claim(self, group_id: str) -> GroupClaimView | None:
        """A group claim under the default cutoffs, whatever its status."""
        return self._signals.group_claims_by_ids([group_id]).get(group_id)

    def signals(self, org_id: str, *, cutoffs: Cutoffs, include_units: bool = True) -> list[GroupClaimView]:
        """The organization's group claims that count under the cutoffs (docs/domain.md#group-claims)."""
        return self._signals.signals(org_id, cutoffs=cutoffs, include_units=include_units)

    # -- timelines --------------------------------------------------------------------------------------

    def employer(self, person_id: str, at: date, cutoffs: Cutoffs) -> StintView | None:
        return self._timelines.employer(person_id, at, cutoffs)

    def employments(self, person_id: str, at: date, cutoffs: Cutoffs) -> list[StintView]:
        return self._timelines.employments(person_id, at, cutoffs)

    def timeline(self, person_id: str, cutoffs: Cutoffs) -> list[StintView]:
        return self._timelines.timeline(person_id, cutoffs)

    # -- rosters and aggregates ---------------------------------------------------------------------------

    @property
    def roster_batch(self) -> int:
        """At most this many stint rows per organization are read at a time (fewer for small pages)."""
        return self._rosters.roster_batch

    @roster_batch.setter
    def roster_batch(self, rows: int) -> None:
        self._rosters.roster_batch = rows

    def roster(
        self, org_id: str, *, at: date, cutoffs: Cutoffs, certainty: Certainty | None, include_units: bool,
        first: int, after: str | None,
    ) -> Page[RosterEntry]:
        return self._rosters.roster(org_id, at=at, cutoffs=cutoffs, certainty=certainty,
                                    include_units=include_units, first=first, after=after)

    def roster_count(
        self, org_id: str, *, at: date, cutoffs: Cutoffs, certainty: Certainty | None, include_units: bool
    ) -> int:
        return self._rosters.roster_count(org_id, at=at, cutoffs=cutoffs, certainty=certainty,
                                          include_units=include_units)

    def headcount(
        self, org_id: str, *, start: date, end: date, cutoffs: Cutoffs, include_units: bool
    ) -> list[HeadcountPoint]:
        return self._aggregates.headcount(org_id, start=start, end=end, cutoffs=cutoffs, include_units=include_units)

    def flows(self, *, start: date, end: date, cutoffs: Cutoffs) -> list[Flow]:
        return self._aggregates.flows(start=start, end=end, cutoffs=cutoffs)

    # -- audit and the change feed -------------------------------------------------------------------------

    def history(
        self, person_id: str, *, as_of: datetime | None, first: int | None = None, after: int = 0
    ) -> list[EventRecord]:
        return self._audit.history(person_id, as_of=as_of, first=first, after=after)

    def history_count(self, person_id: str, *, as_of: datetime | None) -> int:
        return self._audit.history_count(person_id, as_of=as_of)

    def events(self, *, after: int, first: int) -> Page[EventRecord]:
        return self._feed.events(after=after, first=first)

    def belief_changes(
        self, *, after: tuple[int, int], first: int, person_id: str | None = None, org_id: str | None = None
    ) -> Page[BeliefChangeView]:
        """What events changed in the default timelines, after the position ``after``."""
        return self._beliefs.changes(after=after, first=first, person_id=person_id, org_id=org_id)
