"""Evidence as the news states it, through the real store and projector on SQLite and PostgreSQL:
affiliations' fact rows, per-report citations, and signals (group claims) under cutoffs
(docs/domain.md#affiliations, #citations, #group-claims)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from events import commands as c
from events.base import ClaimStatus, Modality, Tense
from events.group_claim import group_claim_public_id
from projections.model import Cutoffs
from service.bootstrap import Components
from service.exporter import export_lines
from service.importer import import_lines
from tests.support.world import World, given_apple_meta_openai_and_google, over_ledger, utc

R, RUM, D = ClaimStatus.REPORTED, ClaimStatus.RUMOURED, ClaimStatus.DENIED


@pytest.fixture
def world(components: Components) -> World:
    w = given_apple_meta_openai_and_google(over_ledger(components))
    w.organization("apple-mlx", "Apple MLX", parent="apple")
    for name, published in (("bloomberg", "2025-07-10T23:30:00"), ("wired", "2025-07-20"),
                            ("the-information", "2025-09-01")):
        w.source(name, published, publisher=name.title())
    w.source("digest", "2025-09-05", publisher="Digest")
    w.person("craig-federighi", "Craig Federighi")
    w.person("ruoming-pang", "Ruoming Pang")
    return w


def fact_rows(world: World, claim_id: str) -> list[dict[str, Any]]:
    columns = "fact, kind, org_id, tense, effective, role, from_id, to_id, publisher, cites_id"
    with world.c.db.read() as cur:
        cur.execute(f"SELECT {columns} FROM tl_facts WHERE claim_id = ? ORDER BY position", (claim_id,))
        return [dict(zip(columns.split(", "), row, strict=True)) for row in cur.fetchall()]


def signals(world: World, org: str, **cutoffs: Any) -> list[str]:
    cut = Cutoffs(**{"min_status": RUM, **cutoffs})
    return [g.id for g in world.c.queries.signals(org, cutoffs=cut)]


def test_an_affiliation_becomes_a_fact_row_of_kind_affiliation_observed_on_the_publication_day(world: World) -> None:
    claim = world.affiliation("craig-federighi", "apple", "bloomberg", role="software chief")
    assert fact_rows(world, claim) == [{
        "fact": "reported", "kind": "AFFILIATION", "org_id": "apple", "tense": "CURRENT",
        "effective": "2025-07-10", "role": "software chief", "from_id": None, "to_id": None,
        "publisher": "bloomberg", "cites_id": None,
    }]
    found = world.c.queries.claim(claim)
    assert found is not None and (found.kind.value, found.organization_id, found.tense) == (
        "AFFILIATION", "apple", "CURRENT")
    assert found.effective.value == "2025-07-10" and found.status is R


def test_a_move_s_creation_row_names_its_kind(world: World) -> None:
    claim = world.move("ruoming-pang", "2025-07", "bloomberg", frm="apple", to="meta")
    assert fact_rows(world, claim)[0]["kind"] == "MOVE"


def test_an_affiliation_corrected_to_a_unit_keeps_the_row_of_its_new_organization(world: World) -> None:
    claim = world.affiliation("craig-federighi", "apple", "bloomberg", tense=Tense.FORMER, observed="2024")
    world.write(c.CorrectClaim(claim_id=claim, source_id="wired", organization_id="apple-mlx", effective="2024-03"))
    rows = fact_rows(world, claim)
    assert (rows[-1]["fact"], rows[-1]["org_id"], rows[-1]["effective"]) == ("corrected", "apple-mlx", "2024-03")
    found = world.c.queries.claim(claim)
    assert found is not None and (found.organization_id, found.effective.value) == ("apple-mlx", "2024-03")


def test_a_relayed_report_counts_as_the_publisher_it_relays(world: World) -> None:
    claim = world.move("ruoming-pang", "2025-07", "bloomberg", frm="apple", to="meta")
    world.report(claim, "digest", R, cites="bloomberg")
    relayed = world.c.queries.claim(claim)
    assert relayed is not None and relayed.independent_sources == 1
    assert [r.cites_id for r in relayed.reports] == [None, "bloomberg"]
    assert fact_rows(world, claim)[-1]["publisher"] == "bloomberg"
    world.report(claim, "digest", R)  # the digest's own word: a second publisher
    own = world.c.queries.claim(claim)
    assert own is not None and own.independent_sources == 2


def test_signals_are_an_organization_s_group_claims_with_its_units_latest_first(world: World) -> None:
    team = world.group_move("apple-mlx", "bloomberg", whole=True, effective="2025-07")
    several = world.group_move("apple", "the-information", Modality.PLANNED, to="meta", count_min=3, count_max=5)
    assert signals(world, "apple") == [several, team]
    assert signals(world, "apple-mlx") == [team]
    assert [g.id for g in world.c.queries.signals("apple", cutoffs=Cutoffs(min_status=RUM),
                                                  include_units=False)] == [several]
    found = world.c.queries.group_claim(several)
    assert found is not None and (found.modality, found.to_id, found.count_min, found.count_max, found.whole) == (
        Modality.PLANNED, "meta", 3, 5, False)


def test_signals_follow_the_status_rules_of_claims(world: World) -> None:
    rumour = world.group_move("apple-mlx", "bloomberg", whole=True)
    assert signals(world, "apple") == [rumour]
    assert signals(world, "apple", min_status=R) == []
    world.report(rumour, "wired", R)
    assert signals(world, "apple", min_status=R) == [rumour]
    group = world.c.queries.group_claim(rumour)
    assert group is not None and (group.status, group.independent_sources) == (R, 2)
    world.report(rumour, "the-information", D)
    assert signals(world, "apple") == []
    denied = world.c.queries.group_claim(rumour)
    assert denied is not None and denied.status is D


def test_signals_travel_in_publication_and_recorded_time(world: World) -> None:
    before = utc("2025-07-15")
    recorded_before = datetime.now(UTC)
    group = world.group_move("apple-mlx", "wired", whole=True)
    assert signals(world, "apple", known_at=before) == []
    assert signals(world, "apple", as_of=recorded_before) == []
    assert signals(world, "apple") == [group]


def test_a_retracted_group_claim_is_no_signal(world: World) -> None:
    group = world.group_move("apple-mlx", "bloomberg", whole=True)
    world.write(c.RetractClaim(claim_id=group, reason="misread"))
    assert signals(world, "apple") == []
    found = world.c.queries.group_claim(group)
    assert found is not None and found.status is ClaimStatus.RETRACTED


def test_group_claims_never_touch_timelines_rosters_headcounts_or_flows(world: World) -> None:
    world.move("ruoming-pang", "2021", "bloomberg", to="apple-mlx")
    start, end = date(2025, 1, 1), date(2025, 12, 31)
    roster_before = world.c.queries.roster_count("apple", at=date(2025, 12, 1), cutoffs=Cutoffs(), certainty=None,
                                                 include_units=True)
    world.group_move("apple-mlx", "bloomberg", Modality.HAPPENED, to="meta", whole=True, effective="2025-07",
                     status=ClaimStatus.CONFIRMED)
    assert world.employer("ruoming-pang", "2025-12-01") == "apple-mlx"
    assert world.c.queries.roster_count("apple", at=date(2025, 12, 1), cutoffs=Cutoffs(), certainty=None,
                                        include_units=True) == roster_before
    assert world.c.queries.flows(start=start, end=end, cutoffs=Cutoffs()) == []


def test_a_rebuild_gives_the_same_signals_and_facts(world: World) -> None:
    claim = world.affiliation("craig-federighi", "apple", "bloomberg", cites="wired")
    group = world.group_move("apple-mlx", "bloomberg", whole=True)
    world.report(group, "digest", R, cites="wired")
    rows, found = fact_rows(world, claim), world.c.queries.group_claim(group)
    world.c.projector.rebuild()
    assert fact_rows(world, claim) == rows and world.c.queries.group_claim(group) == found
    assert found is not None and found.independent_sources == 2  # Bloomberg, and Wired relayed by the digest


def test_an_import_carries_affiliations_group_claims_and_citations(components: Components) -> None:
    group_id = group_claim_public_id("apple-mlx", "meta", Modality.CONSIDERED, "2025-09")
    lines = [
        b'{"op":"registerOrganization","input":{"id":"apple","name":"Apple"}}',
        b'{"op":"registerOrganization","input":{"id":"apple-mlx","name":"Apple MLX","parentId":"apple"}}',
        b'{"op":"registerOrganization","input":{"id":"meta","name":"Meta"}}',
        b'{"op":"registerPerson","input":{"id":"craig-federighi","name":"Craig Federighi"}}',
        b'{"op":"registerSource","input":{"id":"bb","publisher":"Bloomberg","publishedAt":"2025-09-03T00:00:00Z"}}',
        b'{"op":"registerSource","input":{"id":"digest","publisher":"Digest","publishedAt":"2025-09-04T00:00:00Z"}}',
        b'{"op":"reportAffiliation","input":{"personId":"craig-federighi","organizationId":"apple",'
        b'"role":"software chief","status":"REPORTED","sourceId":"bb"}}',
        b'{"op":"reportAffiliation","input":{"personId":"craig-federighi","organizationId":"apple",'
        b'"observedAt":"2025-09-03","status":"REPORTED","sourceId":"digest","citesId":"bb"}}',
        b'{"op":"reportGroupMove","input":{"organizationId":"apple-mlx","toId":"meta","modality":"CONSIDERED",'
        b'"whole":true,"effective":"2025-09","status":"RUMOURED","sourceId":"bb"}}',
        b'{"op":"addReport","input":{"claimId":"' + group_id.encode() + b'","sourceId":"digest","status":"RUMOURED"}}',
    ]
    report = import_lines(components.ledger, lines, "cli:test")
    assert report.errors == [] and report.recorded_events == len(lines)
    assert import_lines(components.ledger, lines, "cli:test").recorded_events == 0
    components.projector.catch_up()
    group = components.queries.group_claim(group_id)
    assert group is not None and group.independent_sources == 2 and group.whole
    types = [line.split(b'"type":"')[1].split(b'"')[0] for line in export_lines(components.store, 6)]
    assert types == [b"AffiliationReported", b"ReportAdded", b"GroupMoveReported", b"GroupReportAdded"]
    history = components.queries.history("craig-federighi", as_of=None)
    assert [e.type for e in history][-2:] == ["AffiliationReported", "ReportAdded"]
