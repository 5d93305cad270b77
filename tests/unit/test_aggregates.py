"""The write side's rules on the aggregates themselves, in memory (no store, no ledger): given an
aggregate's past, when one of its decisions is asked, then the events it records or the domain
error it refuses with (``events/README.md``, ``docs/domain.md``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from events.base import Alias, ClaimStatus, LedgerAggregate
from events.claim import Claim
from events.errors import BadInput, Conflict
from events.organization import Organization
from events.person import Person
from events.source import Source

NOW = datetime(2026, 1, 2, tzinfo=UTC)
PUB = datetime(2025, 9, 3, tzinfo=UTC)
BY: dict[str, Any] = {"timestamp": NOW, "recorded_by": "key:alice"}  # who and when, as the ledger passes them


def past(aggregate: LedgerAggregate) -> Any:
    """The aggregate as if loaded: its events so far are stored, none pending."""
    aggregate.collect_events()
    return aggregate


def recorded(aggregate: LedgerAggregate) -> list[Any]:
    return list(aggregate.collect_events())


def a_claim(*, from_id: str | None = "apple", to_id: str | None = "meta", retracted: bool = False) -> Claim:
    claim = Claim.report_move(
        "c1", person_id="ruoming-pang", from_id=from_id, to_id=to_id, role="Head of Foundation Models",
        effective="2025-07", status=ClaimStatus.REPORTED, source_id="bloomberg", note=None, **BY,
    )
    if retracted:
        claim.retract("the outlet withdrew it", None, **BY)
    return past(claim)


def a_person(public_id: str = "r-pang", merged_into: str | None = None) -> Person:
    person = Person.register(public_id, "R. Pang", [Alias("庞若鸣", "zh")], **BY)
    if merged_into is not None:
        person.trigger_event(Person.Merged, survivor_id=merged_into, reason="same person", **BY)
    return past(person)


# -- Claim ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("from_id", "to_id", "kind"), [
    ("apple", "meta", "MOVE"), (None, "meta", "HIRE"), ("apple", None, "DEPARTURE"),
])
def test_a_first_report_records_the_claim_with_its_kind(from_id: str | None, to_id: str | None, kind: str) -> None:
    claim = Claim.report_move("c1", person_id="p", from_id=from_id, to_id=to_id, role=None, effective="2025",
                              status=ClaimStatus.RUMOURED, source_id="s", note="n", **BY)
    [event] = recorded(claim)
    assert isinstance(event, Claim.MoveReported)
    assert (event.originator_id, event.kind, event.status, event.recorded_by) == ("claim:c1", kind, "RUMOURED",
                                                                                  "key:alice")


@pytest.mark.parametrize(("from_id", "to_id", "message"), [
    (None, None, "needs fromId, toId or both"), ("meta", "meta", "same organization"),
])
def test_a_move_must_leave_or_join_and_not_both_one_place(from_id: str | None, to_id: str | None, message: str) -> None:
    with pytest.raises(BadInput, match=message) as error:
        Claim.report_move("c1", person_id="p", from_id=from_id, to_id=to_id, role=None, effective="2025",
                          status=ClaimStatus.REPORTED, source_id="s", note=None, **BY)
    assert error.value.field == "toId"


def test_a_report_cannot_assert_retracted() -> None:
    with pytest.raises(BadInput) as error:
        a_claim().add_report("reuters", ClaimStatus.RETRACTED, None, **BY)
    assert error.value.field == "status"


def test_another_report_is_recorded_with_its_source_and_status() -> None:
    claim = a_claim()
    claim.add_report("reuters", ClaimStatus.CONFIRMED, "named in a memo", **BY)
    [event] = recorded(claim)
    assert isinstance(event, Claim.ReportAdded)
    assert (event.source_id, event.status, event.note) == ("reuters", "CONFIRMED", "named in a memo")


def test_the_same_source_asserting_the_same_status_again_records_nothing() -> None:
    claim = a_claim()
    claim.add_report("bloomberg", ClaimStatus.REPORTED, "again", **BY)
    assert recorded(claim) == []


def test_the_same_source_asserting_another_status_is_another_report() -> None:
    claim = a_claim()
    claim.add_report("bloomberg", ClaimStatus.DENIED, None, **BY)
    assert [e.status for e in recorded(claim)] == ["DENIED"]


def test_a_retracted_claim_takes_no_new_report_but_a_repeat_is_still_a_repeat() -> None:
    claim = a_claim(retracted=True)
    claim.add_report("bloomberg", ClaimStatus.REPORTED, None, **BY)
    assert recorded(claim) == []
    with pytest.raises(Conflict, match="retracted") as error:
        claim.add_report("reuters", ClaimStatus.REPORTED, None, **BY)
    assert error.value.field == "claimId"


def test_retracting_records_the_reason_once() -> None:
    claim = a_claim()
    claim.retract("the outlet withdrew it", "bloomberg", **BY)
    claim.retract("again", None, **BY)
    [event] = recorded(claim)
    assert isinstance(event, Claim.Retracted)
    assert (event.reason, event.source_id) == ("the outlet withdrew it", "bloomberg")


def test_a_correction_records_only_the_fields_it_changes() -> None:
    claim = a_claim()
    claim.correct("reuters", effective="2025-06", role="Head of Foundation Models", to_id="meta", **BY)
    [event] = recorded(claim)
    assert isinstance(event, Claim.Corrected)
    assert (event.effective, event.role, event.from_id, event.to_id) == ("2025-06", None, None, None)
    assert claim.effective == "2025-06"


def test_a_correction_that_changes_nothing_records_nothing() -> None:
    claim = a_claim()
    claim.correct("reuters", effective="2025-07", from_id="apple", **BY)
    assert recorded(claim) == []


def test_a_correction_must_name_something_to_correct() -> None:
    with pytest.raises(BadInput, match="needs effective, role, fromId or toId"):
        a_claim().correct("reuters", **BY)


def test_a_correction_cannot_make_a_move_leave_and_join_one_place() -> None:
    with pytest.raises(BadInput, match="same organization") as error:
        a_claim(from_id="apple", to_id="meta").correct("reuters", to_id="apple", **BY)
    assert error.value.field == "toId"


def test_a_retracted_claim_cannot_be_corrected() -> None:
    with pytest.raises(Conflict, match="cannot be corrected"):
        a_claim(retracted=True).correct("reuters", role="Chief Scientist", **BY)


# -- Person -----------------------------------------------------------------------------------

def test_registering_a_person_again_adds_only_the_aliases_not_yet_known() -> None:
    person = a_person()
    person.register_again("R. Pang", [Alias("庞若鸣", "zh"), Alias("Pang Ruoming")], **BY)
    assert [(type(e), e.name) for e in recorded(person)] == [(Person.AliasAdded, "Pang Ruoming")]


def test_registering_a_person_s_id_with_another_name_conflicts() -> None:
    with pytest.raises(Conflict, match="already registered as 'R. Pang'") as error:
        a_person().register_again("Ruoming Pang", [], **BY)
    assert error.value.field == "id"


def test_a_merge_records_the_survivor_and_the_reason() -> None:
    duplicate = a_person("r-pang")
    duplicate.merge_into(a_person("ruoming-pang"), "same person", **BY)
    [event] = recorded(duplicate)
    assert isinstance(event, Person.Merged)
    assert (event.survivor_id, event.reason) == ("ruoming-pang", "same person")
    assert duplicate.merged_into == "ruoming-pang"


def test_merging_the_same_pair_again_records_nothing() -> None:
    duplicate = a_person("r-pang", merged_into="ruoming-pang")
    duplicate.merge_into(a_person("ruoming-pang"), "again", **BY)
    assert recorded(duplicate) == []


def test_a_person_cannot_be_merged_into_themself() -> None:
    person = a_person()
    with pytest.raises(BadInput, match="themself"):
        person.merge_into(person, "same", **BY)


def test_a_survivor_cannot_itself_be_a_merged_duplicate() -> None:
    with pytest.raises(Conflict) as error:
        a_person("r-pang").merge_into(a_person("ruoming-pang", merged_into="pang"), "same", **BY)
    assert error.value.field == "survivorId"


def test_a_duplicate_merges_only_once() -> None:
    with pytest.raises(Conflict) as error:
        a_person("r-pang", merged_into="pang").merge_into(a_person("ruoming-pang"), "same", **BY)
    assert error.value.field == "duplicateId"


# -- Organization -----------------------------------------------------------------------------

def test_an_organization_cannot_be_registered_inside_itself() -> None:
    with pytest.raises(BadInput, match="its own ancestor") as error:
        Organization.register("msl", "MSL", [], "msl-team", ["msl-team", "msl", "meta"], **BY)
    assert error.value.field == "parentId"


def test_registering_a_unit_again_never_moves_it() -> None:
    unit = past(Organization.register("msl", "MSL", [], "meta", ["meta"], **BY))
    unit.register_again("MSL", [], None, **BY)
    unit.register_again("MSL", [], "meta", **BY)
    assert recorded(unit) == []
    with pytest.raises(Conflict, match="reparentOrganization"):
        unit.register_again("MSL", [], "openai", **BY)


def test_registering_an_organization_s_id_with_another_name_conflicts() -> None:
    with pytest.raises(Conflict, match="already registered as 'MSL'"):
        past(Organization.register("msl", "MSL", [], None, [], **BY)).register_again("Meta AI", [], None, **BY)


def test_reparenting_records_the_new_parent_once() -> None:
    unit = past(Organization.register("msl", "MSL", [], "meta", ["meta"], **BY))
    unit.reparent(None, [], NOW, "key:editor")
    unit.reparent(None, [], NOW, "key:editor")
    assert [(type(e), e.parent_id) for e in recorded(unit)] == [(Organization.Reparented, None)]


# -- Source -----------------------------------------------------------------------------------

def a_source(cites_id: str | None = None, citations: tuple[str, ...] = ()) -> Source:
    return Source.register("agg", publisher="Agg", url=None, title=None, language="en", published_at=PUB,
                           cites_id=cites_id, citations=citations, **BY)


def test_a_source_cannot_cite_itself_even_through_others() -> None:
    with pytest.raises(BadInput, match="cannot cite itself") as error:
        a_source(cites_id="36kr", citations=("36kr", "agg"))
    assert error.value.field == "citesId"


def test_registering_a_source_again_with_the_same_details_records_nothing_and_other_details_conflict() -> None:
    source = past(a_source(cites_id="bloomberg", citations=("bloomberg",)))
    source.register_again(("Agg", None, None, "en", PUB, "bloomberg"), ["bloomberg"])
    assert recorded(source) == []
    with pytest.raises(Conflict, match="other details"):
        source.register_again(("Agg", None, None, "en", PUB, None), [])
