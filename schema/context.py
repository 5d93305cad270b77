"""The typed per-request context every resolver receives, and what it needs from the service.

``schema/`` does not import ``service/``: the app builds a ``GraphQLContext`` from its
components, handing over the read interface, the write application, the projection follower and
the caller (``Actor``) it authenticated.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Protocol

import msgspec
from strawberry.litestar import BaseContext

from events.commands import EDITOR_COMMANDS, Command
from events.ledger import Ledger, Outcome
from projections.model import ClaimView, OrganizationView, PersonView, SourceView
from projections.queries import Queries
from schema.errors import api_error

POSITION_HEADER = "Talentledger-Position"
WAIT_FOR_HEADER = "Talentledger-Wait-For"

log = logging.getLogger("talentledger.graphql")


class ProjectionFollower(Protocol):
    """The part of the projector a request needs: where the read models are, and waiting."""

    def position(self) -> int: ...

    def wait_for(self, position: int, timeout: float) -> bool: ...


class ChangeFeed(Protocol):
    """Wakes subscribers when new events reach the read models (see ``schema.subscription``)."""

    @property
    def head(self) -> int: ...

    def subscribed(self) -> AbstractAsyncContextManager[None]: ...

    async def wait_past(self, position: int) -> None: ...


@dataclass(frozen=True, slots=True)
class Actor:
    """An authenticated caller: the label recorded on its events and whether it may edit."""

    label: str
    can_edit: bool


@dataclass(frozen=True, slots=True)
class Written:
    """One mutation field's write: the command it ran and what the ledger did."""

    command: Command
    outcome: Outcome


@dataclass(frozen=True, slots=True)
class Limits:
    """Request limits the resolvers apply."""

    max_page: int = 500
    default_page: int = 50
    wait_for_timeout_s: float = 5.0


class GraphQLContext(BaseContext, kw_only=True):
    """Per-request state: components, the caller, and a small cache of looked-up records."""

    queries: Queries
    ledger: Ledger
    follower: ProjectionFollower
    feed: ChangeFeed
    limits: Limits
    public_reads: bool = True
    actor: Actor | None = None
    auth_problem: str | None = None
    identify: Callable[[], tuple[Actor | None, str | None]] | None = None
    """Looks the caller's key up (a database read) when ``actor`` is first needed: inside the worker
    thread the operation runs in, so a request with a key hops to a thread once, not twice."""
    unreached_position: int | None = None
    last_position: int | None = None
    pending_position: int | None = None
    written: dict[str, Written] = msgspec.field(default_factory=dict)
    connection_params: dict[str, object] | None = None
    _people: dict[str, PersonView | None] = msgspec.field(default_factory=dict)
    _orgs: dict[str, OrganizationView | None] = msgspec.field(default_factory=dict)
    _sources: dict[str, SourceView | None] = msgspec.field(default_factory=dict)
    _claims: dict[str, ClaimView | None] = msgspec.field(default_factory=dict)

    # -- access ---------------------------------------------------------------------------

    def check_read(self) -> None:
        """Refuse a read by an anonymous caller when reads are private, or one that asked to
        wait for a position the read models did not reach in time."""
        if not self.public_reads and self.caller() is None:
            raise api_error("UNAUTHENTICATED", self.auth_problem or "reads need an API key")
        if self.unreached_position is not None:
            raise api_error(
                "TIMEOUT",
                f"the read models did not reach position {self.unreached_position} "
                f"within {self.limits.wait_for_timeout_s:g} s",
            )

    def caller(self) -> Actor | None:
        """The authenticated caller (looked up now if not yet), or None."""
        if self.identify is not None:
            identify, self.identify = self.identify, None
            self.actor, self.auth_problem = identify()
        return self.actor

    def authorize(self, command: type[Command]) -> str:
        """The principal label to record for this write, or UNAUTHENTICATED / FORBIDDEN."""
        actor = self.caller()
        if actor is None:
            raise api_error("UNAUTHENTICATED", self.auth_problem or "writes need an API key")
        if command in EDITOR_COMMANDS and not actor.can_edit:
            raise api_error("FORBIDDEN", "this write needs an editor or admin key")
        return actor.label

    # -- writes ---------------------------------------------------------------------------

    def wrote(self, position: int) -> None:
        """Remember a write's position for the response header, then wait until the read models
        reflect it so the answer shows the write. When they do not in time, ``pending_position``
        says so: the answer then shows what was stored, with a warning (``schema.batch``)."""
        self.last_position = position
        if self.response is not None:
            self.response.headers[POSITION_HEADER] = str(position)
        self.forget()
        try:
            reached = self.follower.wait_for(position, self.limits.wait_for_timeout_s)
        except Exception:  # the write is stored: a failing wait must not report it as failed
            log.exception("waiting for the read models to reach position %d failed", position)
            reached = False
        if not reached:
            self.pending_position = position

    def forget(self) -> None:
        """Drop cached records (after a write in the same request)."""
        self._people.clear()
        self._orgs.clear()
        self._sources.clear()
        self._claims.clear()

    # -- cached lookups -------------------------------------------------------------------

    def person(self, person_id: str) -> PersonView | None:
        if person_id not in self._people:
            self._people[person_id] = self.queries.person(person_id)
        return self._people[person_id]

    def organization(self, org_id: str) -> OrganizationView | None:
        if org_id not in self._orgs:
            self._orgs[org_id] = self.queries.organization(org_id)
        return self._orgs[org_id]

    def prefetch(
        self, person_ids: Iterable[str] = (), org_ids: Iterable[str] = (), source_ids: Iterable[str] = ()
    ) -> None:
        """Look up a page's people, organizations and sources in one read each, before their
        fields resolve one by one (a roster page would otherwise cost a round trip per member)."""
        sources = [s for s in set(source_ids) if s not in self._sources]
        if sources:
            found_sources = self.queries.sources_by_ids(sources)
            self._sources.update({s: found_sources.get(s) for s in sources})
        people = [p for p in set(person_ids) if p not in self._people]
        if people:
            found = self.queries.people_by_ids(people)
            self._people.update({p: found.get(p) for p in people})
        orgs = [o for o in set(org_ids) if o not in self._orgs]
        if orgs:
            found_orgs = self.queries.organizations_by_ids(orgs)
            self._orgs.update({o: found_orgs.get(o) for o in orgs})

    def source(self, source_id: str) -> SourceView | None:
        if source_id not in self._sources:
            self._sources[source_id] = self.queries.source(source_id)
        return self._sources[source_id]

    def claim_page(self, claims: list[ClaimView]) -> list[ClaimView]:
        """Keep a page of claims for later lookups, and fetch what their fields will name (people,
        organizations, sources) in one read each."""
        self._claims.update((c.id, c) for c in claims)
        self.prefetch(
            person_ids=[c.person_id for c in claims],
            org_ids=[o for c in claims for o in (c.from_id, c.to_id, c.organization_id) if o],
            source_ids=[s for c in claims for r in c.reports for s in (r.source_id, r.cites_id) if s],
        )
        return claims

    def claim(self, claim_id: str) -> ClaimView | None:
        if claim_id not in self._claims:
            self._claims[claim_id] = self.queries.claim(claim_id)
        return self._claims[claim_id]

    def list_size(self, first: int | None) -> int:
        """A growing list's page: ``first`` capped at the page limit, which is also its default."""
        return self.limits.max_page if first is None else self.page_size(first)

    def page_size(self, first: int | None) -> int:
        """``first`` capped at the page limit; BAD_USER_INPUT when not positive."""
        if first is None:
            return min(self.limits.default_page, self.limits.max_page)
        if first < 1:
            raise api_error("BAD_USER_INPUT", "first must be at least 1", field="first")
        return min(first, self.limits.max_page)
