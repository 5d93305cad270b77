"""Write-side rules for evidence as the news states it (docs/domain.md#affiliations,
#group-claims, #citations): given past commands, when a command, then new events or an error.
The aggregates' own decisions first (no store at all), then the use cases over the in-memory store."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from events import commands as c
from events.base import ClaimKind, ClaimStatus, Modality, Tense
from events.claim import Claim
from events.errors import BadInput, Conflict, NotFound
from events.group_claim import GroupClaim
from events.ledger import Ledger
from tests.support.fakes import NOW, MemoryStore

PUB = datetime(2025, 9, 3, 22, 30, tzinfo=UTC)


def new_group(**overrides: object) -> GroupClaim:
    fields: dict[str, object] = dict(
        organization_id="apple-mlx", to_id=None, modality=Modality.CONSIDERED, count_min=None, count_max=None,
        whole=True, effective="2025-09", status=ClaimStatus.RUMOURED, source_id="bloomberg", note=None,
        cites_id=None, timestamp=NOW, recorded_by="tester",
    )
    fields.update(overrides)
    return GroupClaim.report(**fields)  # type: ignore[arg-type]


def new_affiliation() -> Claim:
    return Claim.report_affiliation(
        "c1", person_id="craig-federighi", organization_id="apple", tense=Tense.CURRENT, role="software chief",
        observed_at="2025-09-03", status=ClaimStatus.REPORTED, source_id="bloomberg", note=None, cites_id=None,
        timestamp=NOW, recorded_by="tester",
    )


# -- the aggregates' decisions, in memory ------------------------------------------------------------

def test_an_affiliation_is_a_claim_of_kind_affiliation_whose_effective_date_is_its_observed_date() -> None:
    claim = new_affiliation()
    (event,) = claim.collect_events()
    assert isinstance(event, Claim.AffiliationReported)
    assert (claim.kind, claim.effective, claim.organization_id, claim.tense) == (
        ClaimKind.AFFILIATION, "2025-09-03", "apple", Tense.CURRENT)


def test_a_report_relaying_another_source_is_a_report_of_its_own() -> None:
    claim = new_affiliation()
    claim.collect_events()
    claim.add_report("bloomberg", ClaimStatus.REPORTED, None, "wired", timestamp=NOW, recorded_by="tester")
    claim.add_report("bloomberg", ClaimStatus.REPORTED, None, "wired", timestamp=NOW, recorded_by="tester")
    (event,) = claim.collect_events()
    assert isinstance(event, Claim.ReportAdded) and event.cites_id == "wired"


def test_a_retracted_affiliation_takes_no_more_reports() -> None:
    claim = new_affiliation()
    claim.trigger_event(Claim.Retracted, timestamp=NOW, recorded_by="tester", reason="wrong", source_id=None)
    with pytest.raises(Conflict):
        claim.add_report("wired", ClaimStatus.REPORTED, None, None, timestamp=NOW, recorded_by="tester")


def test_correcting_an_affiliation_records_only_what_changes() -> None:
    claim = new_affiliation()
    claim.collect_events()
    claim.correct_affiliation("wired", observed_at="2025-09-03", role="software chief", organization_id="apple-sw",
                              timestamp=NOW, recorded_by="tester")
    (event,) = claim.collect_events()
    assert isinstance(event, Claim.Corrected)
    assert (event.organization_id, event.effective, event.role) == ("apple-sw", None, None)
    claim.correct_affiliation("wired", observed_at=None, role=None, organization_id="apple-sw", timestamp=NOW,
                              recorded_by="tester")
    assert claim.collect_events() == []


def test_a_group_claim_records_its_first_report_with_a_g_id() -> None:
    group = new_group(count_min=3, count_max=10)
    (event,) = group.collect_events()
    assert isinstance(event, GroupClaim.GroupMoveReported)
    assert group.public_id.startswith("g") and (event.count_min, event.count_max, event.whole) == (3, 10, True)


@pytest.mark.parametrize(("count_min", "count_max", "field"), [
    (5, 2, "countMax"), (-1, None, "countMin"), (None, 0, "countMax"), (0, 3, "countMin"),
    (None, 2**40, "countMax"),
])
def test_a_head_count_range_names_at_least_one_person_low_end_first(
    count_min: int | None, count_max: int | None, field: str,
) -> None:
    with pytest.raises(BadInput) as refused:
        new_group(count_min=count_min, count_max=count_max)
    assert refused.value.field == field


def test_a_group_cannot_leave_for_its_own_organization() -> None:
    with pytest.raises(BadInput) as refused:
        new_group(to_id="apple-mlx")
    assert refused.value.field == "toId"


def test_a_retracted_group_claim_takes_no_more_reports_and_is_retracted_once() -> None:
    group = new_group()
    group.collect_events()
    group.retract("misread", None, timestamp=NOW, recorded_by="editor")
    group.retract("misread", None, timestamp=NOW, recorded_by="editor")
    assert [type(e) for e in group.collect_events()] == [GroupClaim.Retracted]
    with pytest.raises(Conflict):
        group.add_report("wired", ClaimStatus.REPORTED, None, None, timestamp=NOW, recorded_by="tester")


# -- the use cases, over the in-memory store -----------------------------------------------------------

@pytest.fixture
def world(ledger: Ledger) -> Ledger:
    for cmd in (
        c.RegisterOrganization(id="apple", name="Apple"),
        c.RegisterOrganization(id="apple-mlx", name="Apple MLX", parent_id="apple"),
        c.RegisterOrganization(id="meta", name="Meta"),
        c.RegisterPerson(id="craig-federighi", name="Craig Federighi"),
        c.RegisterPerson(id="c-federighi", name="C. Federighi"),
        c.RegisterSource(id="bloomberg", publisher="Bloomberg", published_at=PUB),
        c.RegisterSource(id="wired", publisher="Wired", published_at=PUB),
        c.RegisterSource(id="digest", publisher="Digest", published_at=PUB),
    ):
        ledger.execute(cmd, "tester")
    return ledger


def affiliation(**overrides: object) -> c.ReportAffiliation:
    fields: dict[str, object] = dict(person_id="craig-federighi", organization_id="apple",
                                     status=ClaimStatus.REPORTED, source_id="bloomberg")
    fields.update(overrides)
    return c.ReportAffiliation(**fields)  # type: ignore[arg-type]


def group_move(**overrides: object) -> c.ReportGroupMove:
    fields: dict[str, object] = dict(organization_id="apple-mlx", modality=Modality.CONSIDERED,
                                     status=ClaimStatus.RUMOURED, source_id="bloomberg", whole=True)
    fields.update(overrides)
    return c.ReportGroupMove(**fields)  # type: ignore[arg-type]


def test_observed_at_defaults_to_the_day_the_source_was_published_in_utc(world: Ledger, store: MemoryStore) -> None:
    world.execute(affiliation(), "tester")
    event = store.events[-1]
    assert isinstance(event, Claim.AffiliationReported)
    assert (event.observed_at, event.tense) == ("2025-09-03", "CURRENT")


def test_an_affiliation_repeated_by_another_source_adds_a_report(world: Ledger, store: MemoryStore) -> None:
    first = world.execute(affiliation(), "tester").subject_id
    again = world.execute(affiliation(observed_at="2025-09-03", source_id="wired"), "tester")
    same = world.execute(affiliation(source_id="wired"), "tester")
    assert first == again.subject_id == same.subject_id and again.recorded and not same.recorded
    assert isinstance(store.events[-1], Claim.ReportAdded)


def test_another_tense_or_date_is_another_affiliation(world: Ledger) -> None:
    current = world.execute(affiliation(), "tester").subject_id
    former = world.execute(affiliation(tense=Tense.FORMER), "tester").subject_id
    earlier = world.execute(affiliation(observed_at="2025-07"), "tester").subject_id
    assert len({current, former, earlier}) == 3


def test_an_affiliation_of_a_merged_duplicate_is_the_survivors(world: Ledger, store: MemoryStore) -> None:
    world.execute(c.MergePeople(duplicate_id="c-federighi", survivor_id="craig-federighi", reason="same"), "ed")
    world.execute(affiliation(person_id="c-federighi"), "tester")
    assert store.events[-1].person_id == "craig-federighi"


@pytest.mark.parametrize(("cmd", "error", "field"), [
    (affiliation(organization_id="nowhere"), NotFound, "organizationId"),
    (affiliation(observed_at="summer 2025"), BadInput, "observedAt"),
    (affiliation(status=ClaimStatus.RETRACTED), BadInput, "status"),
    (affiliation(cites_id="bloomberg"), BadInput, "citesId"),
    (affiliation(cites_id="nowhere"), NotFound, "citesId"),
])
def test_affiliation_refusals(world: Ledger, store: MemoryStore, cmd: c.Command, error: type, field: str) -> None:
    before = len(store.events)
    with pytest.raises(error) as refused:
        world.execute(cmd, "tester")
    assert refused.value.field == field and len(store.events) == before


def test_a_per_report_citation_is_stored_on_the_report(world: Ledger, store: MemoryStore) -> None:
    claim = world.execute(c.ReportMove(person_id="craig-federighi", from_id="apple", effective="2025",
                                       status=ClaimStatus.REPORTED, source_id="digest", cites_id="bloomberg"),
                          "tester").subject_id
    assert store.events[-1].cites_id == "bloomberg"
    world.execute(c.AddReport(claim_id=claim, source_id="digest", status=ClaimStatus.REPORTED, cites_id="wired"),
                  "tester")
    assert isinstance(store.events[-1], Claim.ReportAdded) and store.events[-1].cites_id == "wired"


def test_a_group_move_is_idempotent_by_organization_destination_modality_and_date(world: Ledger) -> None:
    first = world.execute(group_move(effective="2025-09"), "tester")
    repeat = world.execute(group_move(effective="2025-09", count_max=12), "tester")
    other = world.execute(group_move(effective="2025-09", modality=Modality.PLANNED), "tester")
    assert first.subject_id == repeat.subject_id != other.subject_id and not repeat.recorded
    assert first.kind == "groupClaim"


def test_add_report_and_retract_claim_take_a_group_claims_id(world: Ledger, store: MemoryStore) -> None:
    group = world.execute(group_move(), "tester").subject_id
    world.execute(c.AddReport(claim_id=group, source_id="wired", status=ClaimStatus.DENIED), "tester")
    world.execute(c.RetractClaim(claim_id=group, reason="misread"), "editor")
    assert [type(e) for e in store.events[-2:]] == [GroupClaim.ReportAdded, GroupClaim.Retracted]
    with pytest.raises(BadInput):
        world.execute(c.CorrectClaim(claim_id=group, source_id="wired", effective="2025"), "editor")


def test_a_group_move_refuses_an_unknown_destination(world: Ledger) -> None:
    with pytest.raises(NotFound) as refused:
        world.execute(group_move(to_id="nowhere"), "tester")
    assert refused.value.field == "toId"


def test_an_affiliation_is_corrected_by_organization_not_by_ends(world: Ledger, store: MemoryStore) -> None:
    claim = world.execute(affiliation(), "tester").subject_id
    with pytest.raises(BadInput):
        world.execute(c.CorrectClaim(claim_id=claim, source_id="wired", to_id="meta"), "editor")
    world.execute(c.CorrectClaim(claim_id=claim, source_id="wired", organization_id="apple-mlx"), "editor")
    assert store.events[-1].organization_id == "apple-mlx"
