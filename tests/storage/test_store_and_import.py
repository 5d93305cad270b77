"""The event store, import and concurrency, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest

from events import commands as c
from events.base import ClaimStatus
from events.claim import Claim
from events.source import Source
from service.bootstrap import Components
from service.exporter import export_lines
from service.importer import import_lines
from tests.support.databases import seed_lines
from tests.support.world import utc

GOOD = [
    b'{"op":"registerOrganization","input":{"id":"apple","name":"Apple"}}',
    b'{"op":"registerOrganization","input":{"id":"meta","name":"Meta"}}',
    b'{"op":"registerPerson","input":{"id":"jian-zhang","name":"Jian Zhang"}}',
    b'{"op":"registerSource","input":{"id":"bb","publisher":"Bloomberg","publishedAt":"2025-09-03T00:00:00Z"}}',
    b'{"op":"reportMove","input":{"personId":"jian-zhang","fromId":"apple","toId":"meta","effective":"2025-09",'
    b'"status":"REPORTED","sourceId":"bb"}}',
]


def test_events_round_trip_with_their_types(components: Components) -> None:
    published = utc("2025-09-03T10:30:00")
    components.ledger.execute(c.RegisterSource(id="bb", publisher="Bloomberg", published_at=published), "key:a")
    source = components.store.load("source:bb")
    assert isinstance(source, Source)
    assert (source.published_at, source.publisher, source.version) == (published, "Bloomberg", 1)


def test_a_file_with_bad_lines_stores_nothing_and_reports_each_line(components: Components) -> None:
    lines = [*GOOD, b'{"op":"reportMove","input":{"personId":"jian-zhang","toId":"meta","effective":"2025-13",'
                    b'"status":"REPORTED","sourceId":"bb"}}', b"not json", b'{"op":"hireSomeone","input":{}}',
             b'{"op":"registerPerson","input":{"name":42}}']
    report = import_lines(components.ledger, lines, "cli:test")
    assert [(e.line, e.field) for e in report.errors] == [(6, "effective"), (7, None), (8, "op"), (9, "name")]
    assert not report.stored
    assert components.store.max_position() == 0


def test_skip_invalid_stores_the_good_lines(components: Components) -> None:
    report = import_lines(components.ledger, [*GOOD, b"{}"], "cli:test", skip_invalid=True)
    assert report.stored and report.accepted == 5 and [e.line for e in report.errors] == [6]
    assert components.store.max_position() == 5


def test_reimporting_a_file_stores_nothing_new(components: Components) -> None:
    first = import_lines(components.ledger, GOOD, "cli:test")
    second = import_lines(components.ledger, GOOD, "cli:test")
    assert (first.recorded_events, second.recorded_events) == (5, 0)
    assert components.store.max_position() == 5


def test_the_seed_file_imports_cleanly_and_reimports_as_nothing(components: Components) -> None:
    lines = seed_lines()
    report = import_lines(components.ledger, lines, "cli:test")
    assert report.stored and not report.errors and report.accepted == len([x for x in lines if x.strip()])
    assert import_lines(components.ledger, lines, "cli:test").recorded_events == 0
    components.projector.catch_up()
    assert components.queries.person("ruoming-pang") is not None


def test_export_gives_every_event_in_position_order(components: Components) -> None:
    import_lines(components.ledger, GOOD, "cli:test")
    exported = list(export_lines(components.store, 0))
    assert len(exported) == 5
    assert b'"type":"MoveReported"' in exported[-1] and b'"recordedBy":"cli:test"' in exported[-1]
    assert len(list(export_lines(components.store, 3))) == 2


def test_concurrent_reports_on_the_same_claim_all_land_exactly_once(components: Components) -> None:
    import_lines(components.ledger, GOOD[:4], "cli:test")
    sources = [f"s{i}" for i in range(8)]
    for s in sources:
        components.ledger.execute(c.RegisterSource(id=s, publisher=s, published_at=utc("2025-09-04")), "t")
    errors: list[BaseException] = []

    def report(source: str) -> None:
        try:
            for status in (ClaimStatus.RUMOURED, ClaimStatus.REPORTED, ClaimStatus.CONFIRMED):
                components.ledger.execute(
                    c.ReportMove(person_id="jian-zhang", from_id="apple", to_id="meta", effective="2025-09",
                                 status=status, source_id=source), f"key:{source}")
        except BaseException as error:  # pragma: no cover - surfaced below
            errors.append(error)

    threads = [threading.Thread(target=report, args=(s,)) for s in sources]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    claim_events = [n for n in components.store.notifications(0, 10_000) if n.originator_id.startswith("claim:")]
    assert len(claim_events) == len(sources) * 3
    claim = components.store.load(str(claim_events[0].originator_id))
    assert isinstance(claim, Claim) and len(claim.reports) == len(sources) * 3
    positions = [n.id for n in components.store.notifications(0, 10_000)]
    assert positions == sorted(set(positions))


@pytest.mark.timeout(120)
def test_a_large_file_is_stored_whole_in_one_append(components: Components) -> None:
    """50k lines in one atomic append (the library's pipelined PostgreSQL insert stalls past ~20k)."""
    from bench.generate import lines

    report = import_lines(components.ledger, list(lines(50_000)), "cli:test")
    assert report.stored and report.recorded_events >= 50_000
    positions = [n.id for n in components.store.notifications(0, 100_000)]
    assert len(positions) == report.recorded_events == components.store.max_position()
    assert positions == sorted(set(positions))
