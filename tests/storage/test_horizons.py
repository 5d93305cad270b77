"""Horizons (docs/time.md#horizons): the staircases kept live give the latest times the facts
give, and the migration that made them fills the same ones; a read that drops a moment which hides
nothing equals the per-person fold under both (the scenarios: ``test_time_travel.py``)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bench.generate import lines
from events.base import ClaimStatus
from projections.claims.horizons import PUBLISHED, RECORDED, _latest, narrow
from projections.db.migrations import MIGRATIONS
from projections.model import Cutoffs
from projections.timefmt import ts
from service.bootstrap import Components
from service.importer import import_lines
from tests.storage.test_time_travel import (
    oracle_headcount,
    oracle_roster,
    oracle_stints,
    recorded_now,
    whole_roster,
)


def test_the_horizons_kept_live_are_the_latest_times_the_facts_give_and_the_migration_fills_the_same(
    components: Components,
) -> None:
    data = list(lines(1500, seed=11))  # each person's reports in an order unrelated to their publication
    for part in (data[:500], data[500:1000], data[1000:]):
        assert import_lines(components.ledger, part, "test").stored
        components.projector.catch_up()
    with components.db.read() as cur:
        cur.execute("SELECT recorded_at, published_at FROM tl_facts")
        facts = cur.fetchall()
        cur.execute("SELECT recorded_at FROM tl_merges")
        merges = [row[0] for row in cur.fetchall()]
        moments = sorted({r for r, _ in facts} | {p for _, p in facts if p} | {"", "~"})
        for at in moments[:: max(1, len(moments) // 200)] + [moments[-1]]:
            published = [p for r, p in facts if r <= at and p is not None]
            assert _latest(cur, RECORDED, at) == max(published, default="")
            recorded = [r for r, p in facts if (p or "") <= at] + merges
            assert _latest(cur, PUBLISHED, at) == max(recorded, default="")
        cur.execute("SELECT axis, at, latest FROM tl_horizons ORDER BY axis, at")
        live = cur.fetchall()
    assert len(live) < len(facts)  # steps only
    (horizons,) = [m for m in MIGRATIONS if m.version == 9]
    with components.db.transaction() as cur:
        cur.execute("DELETE FROM tl_horizons")
        horizons.apply(cur, components.db.dialect)
        cur.execute("SELECT axis, at, latest FROM tl_horizons ORDER BY axis, at")
        assert cur.fetchall() == live


def test_reads_that_drop_a_moment_equal_the_per_person_fold(components: Components) -> None:
    data = list(lines(1500, seed=7))
    assert import_lines(components.ledger, data[:900], "test").stored
    components.projector.catch_up()
    as_of = recorded_now(components)
    assert import_lines(components.ledger, data[900:], "test").stored
    components.projector.catch_up()
    last = recorded_now(components)
    q = components.queries
    later, earlier = datetime(2030, 1, 1, tzinfo=UTC), datetime(2021, 6, 1, tzinfo=UTC)
    for cutoffs, alone in (
        (Cutoffs(as_of=as_of, known_at=later), Cutoffs(as_of=as_of)),
        (Cutoffs(as_of=last, known_at=earlier), Cutoffs(known_at=earlier)),
        (Cutoffs(min_status=ClaimStatus.CONFIRMED, as_of=later, known_at=later),
         Cutoffs(min_status=ClaimStatus.CONFIRMED)),
        (Cutoffs(min_sources=2, as_of=last, known_at=earlier), Cutoffs(min_sources=2, known_at=earlier)),
    ):
        with components.db.read() as cur:
            assert narrow(cur, cutoffs) == alone
        stints = oracle_stints(components, "openai", cutoffs)
        for at in (date(2019, 3, 1), date(2024, 6, 1)):
            assert whole_roster(components, "openai", at, cutoffs, None) == oracle_roster(stints, at, None)
        span = {"start": date(2016, 1, 1), "end": date(2025, 12, 1)}
        assert q.headcount("openai", cutoffs=cutoffs, include_units=True, **span) == oracle_headcount(stints, **span)
    assert ts(as_of) < ts(last)
