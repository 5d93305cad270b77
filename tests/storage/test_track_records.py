"""The track records under the default cutoffs (materialized in ``calls``, per claim event) are
what folding the fact rows gives, on both backends, for every publisher of a generated crowd with
denials, retractions, relays and late reports; and a rebuild makes the same ``calls``."""

from __future__ import annotations

from datetime import UTC, datetime

from events import commands as c
from events.base import ClaimStatus
from projections.model import Cutoffs
from service.bootstrap import Components
from tests.storage.test_rebuild_workers import rich_history
from tests.support.databases import snapshot
from tests.support.world import utc

EVERYTHING = Cutoffs(known_at=datetime(9999, 1, 1, tzinfo=UTC))  # the same facts, through the fold


def test_materialized_track_records_equal_the_folded_ones_and_survive_a_rebuild(components: Components) -> None:
    components.projector.catch_up()
    rich_history(components)
    run = components.ledger.execute
    run(c.RegisterSource(id="relay", publisher="Relay Daily", published_at=utc("2026-02-02"), cites_id="late"), "t")
    with components.db.read() as cur:
        cur.execute("SELECT id FROM tl_claims ORDER BY id LIMIT 60")
        claims = [row[0] for row in cur.fetchall()]
    for claim_id in claims[40:60]:  # Late Wire's own word again, through a relay: never a confirmation
        run(c.AddReport(claim_id=claim_id, source_id="relay", status=ClaimStatus.CONFIRMED), "t")
    components.projector.catch_up()
    queries = components.queries.publishers
    page = queries.publishers(search=None, first=500, after=None)
    assert len(page.items) > 10
    outcomes = set()
    for publisher in page.items:
        stored, folded = queries.calls(publisher.key, Cutoffs()), queries.calls(publisher.key, EVERYTHING)
        assert stored.record() == folded.record(), publisher
        everything = {"outcome": None, "first": 100_000, "after": None}
        assert stored.page(**everything) == folded.page(**everything), publisher
        outcomes |= {call.outcome for call in stored.page(**everything)[0].items}
    assert len(outcomes) == 4  # confirmed, denied, retracted and pending calls all compared
    relay = queries.publisher("late wire")
    assert relay is not None and queries.calls(relay.key, Cutoffs()).record().calls >= 20

    before = snapshot(components.db)
    assert before["calls"]
    components.projector.rebuild()
    assert snapshot(components.db) == before
