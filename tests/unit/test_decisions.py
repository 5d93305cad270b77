"""Write-side rules: given past commands, when a command, then new events or a domain error."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from events import commands as c
from events.base import ClaimStatus
from events.claim import Claim
from events.errors import BadInput, Conflict, NotFound
from events.fuzzydate import DatePrecision, FuzzyDate
from events.ledger import Ledger
from events.organization import Organization
from events.person import Person
from tests.support.fakes import MemoryStore

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
PUB = datetime(2025, 9, 3, tzinfo=UTC)


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture
def ledger(store: MemoryStore) -> Ledger:
    return Ledger(store, clock=lambda: NOW)


def given_world(ledger: Ledger) -> None:
    for cmd in (
        c.RegisterOrganization(id="apple", name="Apple"),
        c.RegisterOrganization(id="apple-fm", name="Apple Foundation Models", parent_id="apple"),
        c.RegisterOrganization(id="meta", name="Meta"),
        c.RegisterPerson(id="ruoming-pang", name="Ruoming Pang", aliases=[c.AliasInput(name="庞若鸣", language="zh")]),
        c.RegisterPerson(id="r-pang", name="R. Pang"),
        c.RegisterSource(id="bloomberg", publisher="Bloomberg", published_at=PUB),
        c.RegisterSource(id="aggregator", publisher="Agg", published_at=PUB, cites_id="bloomberg"),
    ):
        ledger.execute(cmd, "tester")


def move(**overrides: object) -> c.ReportMove:
    fields: dict[str, object] = dict(person_id="ruoming-pang", from_id="apple-fm", to_id="meta", effective="2025-07",
                                     status=ClaimStatus.REPORTED, source_id="bloomberg")
    fields.update(overrides)
    return c.ReportMove(**fields)  # type: ignore[arg-type]


def test_fuzzy_dates_know_their_period() -> None:
    month = FuzzyDate.parse("2025-02")
    assert (month.precision, month.earliest.isoformat(), month.latest.isoformat()) == (
        DatePrecision.MONTH, "2025-02-01", "2025-02-28")
    assert FuzzyDate.parse("2021").latest.isoformat() == "2021-12-31"
    assert FuzzyDate.parse("2024-02-29").precision is DatePrecision.DAY


@pytest.mark.parametrize("text", ["2025-13", "2025-02-30", "2025-7", "July 2025", "0000", "",
                                  "\u0662\u0660\u0662\u0665", "\uff12\uff10\uff12\uff15", "2025-0\u0667"])
def test_impossible_or_malformed_dates_are_refused(text: str) -> None:
    with pytest.raises(BadInput) as error:
        FuzzyDate.parse(text)
    assert error.value.field == "effective"


def test_reporting_a_move_records_who_and_which_source(ledger: Ledger, store: MemoryStore) -> None:
    given_world(ledger)
    outcome = ledger.execute(move(), "key:alice")
    event = store.events[-1]
    assert isinstance(event, Claim.MoveReported)
    assert (event.recorded_by, event.source_id, event.timestamp, event.kind) == ("key:alice", "bloomberg", NOW, "MOVE")
    assert outcome.recorded and outcome.subject_id == event.originator_id.split(":", 1)[1]


def test_repeating_a_report_records_nothing(ledger: Ledger, store: MemoryStore) -> None:
    given_world(ledger)
    first = ledger.execute(move(), "tester")
    count = len(store.events)
    again = ledger.execute(move(), "tester")
    assert (again.subject_id, again.recorded, len(store.events)) == (first.subject_id, False, count)


def test_another_source_on_the_same_move_adds_a_report_to_the_same_claim(ledger: Ledger, store: MemoryStore) -> None:
    given_world(ledger)
    first = ledger.execute(move(), "tester")
    second = ledger.execute(move(source_id="aggregator", status=ClaimStatus.CONFIRMED), "tester")
    assert second.subject_id == first.subject_id
    assert isinstance(store.events[-1], Claim.ReportAdded)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"from_id": None, "to_id": None}, "toId"), ({"to_id": "apple-fm"}, "toId"), ({"effective": "2025-02-30"}, "effective")],
)
def test_a_move_that_cannot_be_true_is_refused(ledger: Ledger, store: MemoryStore, overrides: dict[str, object],
                                               field: str) -> None:
    given_world(ledger)
    count = len(store.events)
    with pytest.raises(BadInput) as error:
        ledger.execute(move(**overrides), "tester")
    assert error.value.field == field
    assert len(store.events) == count


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"person_id": "nobody"}, "personId"), ({"to_id": "nowhere"}, "toId"), ({"source_id": "rumour-mill"}, "sourceId")],
)
def test_unknown_ids_are_not_found(ledger: Ledger, overrides: dict[str, object], field: str) -> None:
    given_world(ledger)
    with pytest.raises(NotFound) as error:
        ledger.execute(move(**overrides), "tester")
    assert error.value.field == field


def test_a_denied_status_is_a_report_but_retracted_is_not(ledger: Ledger) -> None:
    given_world(ledger)
    ledger.execute(move(status=ClaimStatus.DENIED), "tester")
    with pytest.raises(BadInput) as error:
        ledger.execute(move(status=ClaimStatus.RETRACTED), "tester")
    assert error.value.field == "status"


def test_a_source_cannot_cite_itself(ledger: Ledger) -> None:
    with pytest.raises(BadInput) as error:
        ledger.execute(c.RegisterSource(id="loop", publisher="X", published_at=PUB, cites_id="loop"), "t")
    assert error.value.field == "citesId"


def test_a_source_can_only_cite_a_registered_source(ledger: Ledger) -> None:
    with pytest.raises(NotFound):
        ledger.execute(c.RegisterSource(id="a", publisher="X", published_at=PUB, cites_id="later"), "t")


def test_an_organization_cannot_become_its_own_ancestor(ledger: Ledger, store: MemoryStore) -> None:
    given_world(ledger)
    with pytest.raises(BadInput) as error:
        ledger.execute(c.ReparentOrganization(organization_id="apple", parent_id="apple-fm"), "t")
    assert error.value.field == "parentId"


def test_reparenting_an_organization_moves_it(ledger: Ledger, store: MemoryStore) -> None:
    given_world(ledger)
    ledger.execute(c.ReparentOrganization(organization_id="meta", parent_id="apple"), "t")
    assert isinstance(store.events[-1], Organization.Reparented)
    assert store.events[-1].parent_id == "apple"


def test_registering_an_existing_id_under_another_name_conflicts(ledger: Ledger) -> None:
    given_world(ledger)
    with pytest.raises(Conflict):
        ledger.execute(c.RegisterPerson(id="ruoming-pang", name="Someone Else"), "t")


def test_a_retracted_claim_takes_no_more_reports(ledger: Ledger) -> None:
    given_world(ledger)
    claim_id = ledger.execute(move(), "t").subject_id
    ledger.execute(c.RetractClaim(claim_id=claim_id, reason="wrong person"), "editor")
    with pytest.raises(Conflict):
        ledger.execute(c.AddReport(claim_id=claim_id, source_id="aggregator", status=ClaimStatus.CONFIRMED), "t")


def test_a_retraction_is_idempotent(ledger: Ledger, store: MemoryStore) -> None:
    given_world(ledger)
    claim_id = ledger.execute(move(), "t").subject_id
    ledger.execute(c.RetractClaim(claim_id=claim_id, reason="wrong"), "editor")
    count = len(store.events)
    assert not ledger.execute(c.RetractClaim(claim_id=claim_id, reason="wrong"), "editor").recorded
    assert len(store.events) == count


def test_a_correction_names_its_source_and_changes_only_what_differs(ledger: Ledger, store: MemoryStore) -> None:
    given_world(ledger)
    claim_id = ledger.execute(move(), "t").subject_id
    ledger.execute(c.CorrectClaim(claim_id=claim_id, source_id="aggregator", effective="2025-06", role="lead"), "e")
    event = store.events[-1]
    assert isinstance(event, Claim.Corrected)
    assert (event.source_id, event.effective, event.role, event.to_id) == ("aggregator", "2025-06", "lead", None)
    with pytest.raises(BadInput):
        ledger.execute(c.CorrectClaim(claim_id=claim_id, source_id="aggregator", to_id="apple-fm"), "e")


def test_a_person_cannot_be_merged_into_themself(ledger: Ledger) -> None:
    given_world(ledger)
    with pytest.raises(BadInput):
        ledger.execute(c.MergePeople(duplicate_id="r-pang", survivor_id="r-pang", reason="same"), "e")


def test_a_person_cannot_be_merged_into_a_merged_person(ledger: Ledger) -> None:
    given_world(ledger)
    ledger.execute(c.RegisterPerson(id="pang-3", name="Pang Three"), "t")
    ledger.execute(c.MergePeople(duplicate_id="r-pang", survivor_id="ruoming-pang", reason="same"), "e")
    with pytest.raises(Conflict) as error:
        ledger.execute(c.MergePeople(duplicate_id="pang-3", survivor_id="r-pang", reason="same"), "e")
    assert error.value.field == "survivorId"


def test_a_merged_id_resolves_to_the_survivor_on_write(ledger: Ledger, store: MemoryStore) -> None:
    given_world(ledger)
    ledger.execute(c.MergePeople(duplicate_id="r-pang", survivor_id="ruoming-pang", reason="same"), "e")
    ledger.execute(move(person_id="r-pang"), "t")
    assert isinstance(store.events[-2], Person.Merged)
    assert store.events[-1].person_id == "ruoming-pang"


def test_adding_a_known_alias_records_nothing(ledger: Ledger, store: MemoryStore) -> None:
    given_world(ledger)
    count = len(store.events)
    ledger.execute(c.AddAlias(subject_id="ruoming-pang", name="庞若鸣", language="zh"), "t")
    assert len(store.events) == count
    ledger.execute(c.AddAlias(subject_id="ruoming-pang", name="Pang Ruoming", language="en"), "t")
    assert isinstance(store.events[-1], Person.AliasAdded)


def test_a_batch_with_a_bad_line_stores_nothing_and_names_every_bad_line(ledger: Ledger, store: MemoryStore) -> None:
    given_world(ledger)
    count = len(store.events)
    result = ledger.execute_batch(
        [(1, c.RegisterPerson(id="new-person", name="New")), (2, move(to_id="nowhere")), (3, move(effective="2025-00"))],
        "t",
    )
    assert [(e.line, e.field, e.code) for e in result.errors] == [(2, "toId", "NOT_FOUND"), (3, "effective", "BAD_USER_INPUT")]
    assert len(store.events) == count
    skipped = ledger.execute_batch([(1, c.RegisterPerson(id="new-person", name="New")), (2, move(to_id="nowhere"))],
                                   "t", skip_invalid=True)
    assert (skipped.accepted, skipped.recorded_events, len(store.events)) == (1, 1, count + 1)


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "0001-01-01T12:00:00Z"])
def test_a_publication_time_at_the_ends_of_the_calendar_in_utc_is_refused(
    ledger: Ledger, store: MemoryStore, moment: str,
) -> None:
    with pytest.raises(BadInput) as error:
        ledger.execute(c.RegisterSource(publisher="Wire", published_at=datetime.fromisoformat(moment)), "t")
    assert error.value.field == "publishedAt"
    assert store.events == []
