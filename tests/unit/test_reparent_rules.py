"""Moving an organization (docs/input.md): given a company with a unit, when it is registered
again or reparented, then its parent changes only through reparentOrganization."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from events import commands as c
from events.errors import BadInput, Conflict, NotFound
from events.ledger import Ledger
from events.organization import Organization
from tests.support.fakes import MemoryStore

NOW = datetime(2026, 1, 2, tzinfo=UTC)


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture
def ledger(store: MemoryStore) -> Ledger:
    """Meta with its lab MSL, which has a team; OpenAI on its own."""
    ledger = Ledger(store, clock=lambda: NOW)
    for command in (
        c.RegisterOrganization(id="meta", name="Meta"),
        c.RegisterOrganization(id="msl", name="Meta Superintelligence Labs", parent_id="meta"),
        c.RegisterOrganization(id="msl-team", name="MSL Team", parent_id="msl"),
        c.RegisterOrganization(id="openai", name="OpenAI"),
    ):
        ledger.execute(command, "t")
    return ledger


def parent_of(store: MemoryStore, org_id: str) -> str | None:
    org = store.load(f"org:{org_id}")
    assert isinstance(org, Organization)
    return org.parent_id


def test_registering_a_unit_again_without_its_parent_records_nothing(ledger: Ledger, store: MemoryStore) -> None:
    outcome = ledger.execute(c.RegisterOrganization(id="msl", name="Meta Superintelligence Labs"), "key:reporter")
    assert not outcome.recorded
    assert parent_of(store, "msl") == "meta"


def test_registering_a_unit_again_with_its_own_parent_records_nothing(ledger: Ledger) -> None:
    command = c.RegisterOrganization(id="msl", name="Meta Superintelligence Labs", parent_id="meta")
    assert not ledger.execute(command, "t").recorded


def test_registering_a_unit_again_under_another_parent_conflicts_and_names_reparent(
    ledger: Ledger, store: MemoryStore,
) -> None:
    before = len(store.events)
    with pytest.raises(Conflict) as error:
        ledger.execute(c.RegisterOrganization(id="msl", name="Meta Superintelligence Labs", parent_id="openai"), "t")
    assert error.value.field == "parentId" and "reparentOrganization" in error.value.message
    assert len(store.events) == before


def test_reparenting_moves_a_unit_under_its_new_parent(ledger: Ledger, store: MemoryStore) -> None:
    ledger.execute(c.ReparentOrganization(organization_id="msl", parent_id="openai"), "key:editor")
    event = store.events[-1]
    assert isinstance(event, Organization.Reparented)
    assert (event.parent_id, event.recorded_by) == ("openai", "key:editor")


def test_reparenting_with_a_null_parent_detaches(ledger: Ledger, store: MemoryStore) -> None:
    ledger.execute(c.ReparentOrganization(organization_id="msl", parent_id=None), "t")
    assert parent_of(store, "msl") is None


def test_reparenting_under_the_same_parent_records_nothing(ledger: Ledger) -> None:
    assert not ledger.execute(c.ReparentOrganization(organization_id="msl", parent_id="meta"), "t").recorded


@pytest.mark.parametrize("parent", ["msl", "msl-team"])
def test_a_unit_cannot_move_under_itself_or_its_own_units(ledger: Ledger, store: MemoryStore, parent: str) -> None:
    with pytest.raises(BadInput) as error:
        ledger.execute(c.ReparentOrganization(organization_id="msl", parent_id=parent), "t")
    assert error.value.field == "parentId"
    assert parent_of(store, "msl") == "meta"


def test_reparenting_needs_an_existing_organization_and_parent(ledger: Ledger) -> None:
    with pytest.raises(NotFound) as missing_parent:
        ledger.execute(c.ReparentOrganization(organization_id="msl", parent_id="nowhere"), "t")
    with pytest.raises(NotFound) as missing_org:
        ledger.execute(c.ReparentOrganization(organization_id="nowhere", parent_id="meta"), "t")
    assert (missing_parent.value.field, missing_org.value.field) == ("parentId", "organizationId")


def test_reparenting_is_an_editor_write() -> None:
    assert c.ReparentOrganization in c.EDITOR_COMMANDS
    assert c.RegisterOrganization not in c.EDITOR_COMMANDS


def test_the_decision_is_the_aggregate_s_own() -> None:
    lab = Organization._create(Organization.Registered, id="org:msl", timestamp=NOW, recorded_by="t",
                               name="MSL", aliases=[], parent_id="meta")
    lab.collect_events()
    lab.reparent("openai", ["openai"], NOW, "key:editor")
    lab.reparent("openai", ["openai"], NOW, "key:editor")
    with pytest.raises(BadInput):
        lab.reparent("msl-team", ["msl-team", "msl", "openai"], NOW, "key:editor")
    moved = lab.collect_events()
    assert [(type(e), e.parent_id) for e in moved] == [(Organization.Reparented, "openai")]
