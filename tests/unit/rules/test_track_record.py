"""A publisher's track record (docs/rules.md#track-record): given the fact rows of the claims it
reported on (in memory, as the projector writes them), when its calls and record are read under
some cutoffs, then each call's outcome, the counts, the Wilson interval and the median lead."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from projections.rules.track_record import Outcome, Row, calls_of, record_of, wilson
from projections.timefmt import ts

RECORDED = datetime(2026, 1, 1, tzinfo=UTC)  # recorded after every publication unless told


def at(text: str) -> str:
    moment = datetime.fromisoformat(text)
    return ts(moment if moment.tzinfo else moment.replace(tzinfo=UTC))


class Claims:
    """Claim events in recorded order; ``publisher`` is a report's key (the cited one for a relay)."""

    def __init__(self) -> None:
        self.rows: list[tuple[int, Row]] = []

    def _add(self, claim: str, fact: str, published: str | None, status: str | None, publisher: str | None,
             source: str | None, recorded: str | None) -> Claims:
        position = len(self.rows) + 1
        when = at(recorded) if recorded else ts(RECORDED + timedelta(hours=position))
        self.rows.append((position, Row(claim, fact, when, at(published) if published else None, status,
                                        publisher, source)))
        return self

    def report(self, claim: str, publisher: str, published: str, status: str = "REPORTED", *,
               source: str | None = None, recorded: str | None = None) -> Claims:
        fact = "reported" if not any(r.claim_id == claim for _, r in self.rows) else "report"
        return self._add(claim, fact, published, status, publisher, source or f"{publisher}-{len(self.rows)}",
                         recorded)

    def retract(self, claim: str, *, publisher: str | None = None, published: str | None = None,
                recorded: str | None = None) -> Claims:
        return self._add(claim, "retracted", published, None, publisher, publisher, recorded)

    def calls(self, publisher: str, *, as_of: str | None = None, known_at: str | None = None) -> dict[str, Outcome]:
        return {c.claim_id: c.outcome for c in self._calls(publisher, as_of, known_at)}

    def _calls(self, publisher: str, as_of: str | None, known_at: str | None) -> list:  # type: ignore[type-arg]
        # As the read gets them: grouped by claim, each claim's rows in position order.
        rows = [r for _, r in sorted(self.rows, key=lambda pr: (pr[1].claim_id, pr[0]))]
        return calls_of(publisher, rows, at(as_of) if as_of else None, at(known_at) if known_at else None)

    def record(self, publisher: str, **cutoffs: str):  # type: ignore[no-untyped-def]
        return record_of(self._calls(publisher, cutoffs.get("as_of"), cutoffs.get("known_at")))


def test_a_call_is_confirmed_when_another_publisher_reports_it() -> None:
    claims = Claims().report("c", "bloomberg", "2025-07-01", "RUMOURED").report("c", "wired", "2025-07-11")
    assert claims.calls("bloomberg") == {"c": Outcome.CONFIRMED}


def test_the_publishers_own_reports_never_resolve_its_call() -> None:
    claims = Claims().report("c", "bloomberg", "2025-07-01", "RUMOURED")
    claims.report("c", "bloomberg", "2025-07-20", "CONFIRMED")
    assert claims.calls("bloomberg") == {"c": Outcome.PENDING}


def test_a_relay_of_the_caller_does_not_confirm_its_call() -> None:
    # An aggregator citing Bloomberg carries Bloomberg's key: it is Bloomberg again, not another publisher.
    claims = Claims().report("c", "bloomberg", "2025-07-01").report("c", "bloomberg", "2025-07-03", source="agg-1")
    assert claims.calls("bloomberg") == {"c": Outcome.PENDING}


def test_a_citing_source_credits_the_cited_publisher_with_the_call() -> None:
    # The first report comes from an aggregator relaying Bloomberg: the call is Bloomberg's, not the aggregator's.
    claims = Claims().report("c", "bloomberg", "2025-07-01", source="aggregator-7").report("c", "wired", "2025-07-05")
    calls = claims._calls("bloomberg", None, None)
    assert [(c.claim_id, c.source_id, c.outcome) for c in calls] == [("c", "aggregator-7", Outcome.CONFIRMED)]
    assert claims.calls("aggregator") == {}


def test_another_publishers_rumour_confirms_nothing() -> None:
    claims = Claims().report("c", "bloomberg", "2025-07-01").report("c", "wired", "2025-07-05", "RUMOURED")
    assert claims.calls("bloomberg") == {"c": Outcome.PENDING}


def test_a_call_is_denied_when_the_claim_ends_denied() -> None:
    claims = Claims().report("c", "bloomberg", "2025-07-01", "RUMOURED").report("c", "apple-pr", "2025-07-02", "DENIED")
    assert claims.calls("bloomberg") == {"c": Outcome.DENIED}


def test_a_confirmation_after_a_denial_confirms_the_call() -> None:
    claims = Claims().report("c", "bloomberg", "2025-07-01").report("c", "apple-pr", "2025-07-02", "DENIED")
    claims.report("c", "wired", "2025-07-09", "CONFIRMED")
    assert claims.calls("bloomberg") == {"c": Outcome.CONFIRMED}


def test_the_callers_own_denial_does_not_resolve_its_call() -> None:
    claims = Claims().report("c", "bloomberg", "2025-07-01").report("c", "bloomberg", "2025-07-02", "DENIED")
    assert claims.calls("bloomberg") == {"c": Outcome.PENDING}


def test_a_retracted_claim_is_a_retracted_call_not_a_denied_one() -> None:
    claims = Claims().report("c", "bloomberg", "2025-07-01").report("c", "wired", "2025-07-05").retract("c")
    claims.report("d", "bloomberg", "2025-08-01").report("d", "apple-pr", "2025-08-02", "DENIED")
    assert claims.calls("bloomberg") == {"c": Outcome.RETRACTED, "d": Outcome.DENIED}
    record = claims.record("bloomberg")
    assert (record.calls, record.confirmed, record.denied, record.retracted, record.pending) == (2, 0, 1, 1, 0)


def test_a_claim_without_a_positive_report_of_the_publisher_is_no_call() -> None:
    claims = Claims().report("c", "wired", "2025-07-01").report("c", "bloomberg", "2025-07-02", "DENIED")
    assert claims.calls("bloomberg") == {}


def test_the_call_is_the_publishers_first_positive_report_by_publication() -> None:
    claims = Claims().report("c", "wired", "2025-07-10").report("c", "bloomberg", "2025-07-20", source="late")
    claims.report("c", "bloomberg", "2025-07-05", "RUMOURED", source="early")  # recorded later, published earlier
    [call] = claims._calls("bloomberg", None, None)
    assert call.source_id == "early"
    assert call.lead_days == pytest.approx(5.0)


def test_a_call_confirmed_later_is_pending_at_an_earlier_known_at() -> None:
    claims = Claims().report("c", "bloomberg", "2025-07-01").report("c", "wired", "2025-09-01")
    assert claims.calls("bloomberg", known_at="2025-08-01") == {"c": Outcome.PENDING}
    assert claims.calls("bloomberg", known_at="2025-09-01") == {"c": Outcome.CONFIRMED}
    assert claims.calls("bloomberg", known_at="2025-06-30") == {}  # not yet called


def test_a_call_confirmed_later_is_pending_for_an_earlier_as_of() -> None:
    claims = Claims().report("c", "bloomberg", "2025-07-01", recorded="2025-07-02")
    claims.report("c", "wired", "2025-07-03", recorded="2025-10-01")  # a backfill
    assert claims.calls("bloomberg", as_of="2025-09-01") == {"c": Outcome.PENDING}
    assert claims.calls("bloomberg", as_of="2025-10-01") == {"c": Outcome.CONFIRMED}


def test_an_editorial_retraction_counts_at_every_known_at_but_not_before_it_was_recorded() -> None:
    claims = Claims().report("c", "bloomberg", "2025-07-01", recorded="2025-07-02")
    claims.retract("c", recorded="2025-12-01")
    assert claims.calls("bloomberg", known_at="2025-07-05") == {"c": Outcome.RETRACTED}
    assert claims.calls("bloomberg", as_of="2025-11-01") == {"c": Outcome.PENDING}


def test_the_median_lead_is_over_confirmed_calls_in_days_to_the_first_other_publisher() -> None:
    claims = Claims()
    for claim, first_other in (("a", "2025-07-03"), ("b", "2025-07-11"), ("c", "2025-07-31")):  # 2, 10, 30 days
        claims.report(claim, "bloomberg", "2025-07-01").report(claim, "wired", first_other)
        claims.report(claim, "verge", "2025-08-20")  # later corroboration: not the first
    claims.report("d", "bloomberg", "2025-07-01")  # pending: no lead
    record = claims.record("bloomberg")
    assert record.median_lead_days == pytest.approx(10.0)
    assert (record.calls, record.confirmed, record.pending) == (4, 3, 1)


def test_the_lead_is_negative_when_another_publisher_was_first() -> None:
    claims = Claims().report("c", "wired", "2025-07-01").report("c", "bloomberg", "2025-07-04")
    assert claims.record("bloomberg").median_lead_days == pytest.approx(-3.0)


def test_the_hit_rate_counts_resolved_calls_only() -> None:
    claims = Claims()
    for i in range(3):
        claims.report(f"ok{i}", "bloomberg", "2025-07-01").report(f"ok{i}", "wired", "2025-07-02")
    claims.report("no", "bloomberg", "2025-07-01").report("no", "apple-pr", "2025-07-02", "DENIED")
    claims.report("open", "bloomberg", "2025-07-01")
    record = claims.record("bloomberg")
    assert record.hit_rate == pytest.approx(0.75)
    assert (record.hit_rate_low, record.hit_rate_high) == pytest.approx(wilson(3, 4))  # type: ignore[arg-type]


def test_no_resolved_call_means_no_hit_rate() -> None:
    record = Claims().report("c", "bloomberg", "2025-07-01").record("bloomberg")
    assert (record.calls, record.pending) == (1, 1)
    assert record.hit_rate is record.hit_rate_low is record.hit_rate_high is record.median_lead_days is None


@pytest.mark.parametrize(("successes", "trials", "low", "high"), [
    # Wilson score intervals at 95% (z = 1.95996), as published tables and statsmodels give them.
    (0, 10, 0.0, 0.2775),
    (5, 10, 0.2366, 0.7634),
    (10, 10, 0.7225, 1.0),
    (8, 10, 0.4902, 0.9433),
    (1, 1, 0.2065, 1.0),
    (81, 263, 0.2553, 0.3662),
])
def test_the_wilson_interval_matches_the_table(successes: int, trials: int, low: float, high: float) -> None:
    assert wilson(successes, trials) == pytest.approx((low, high), abs=5e-5)


def test_no_trials_have_no_interval() -> None:
    assert wilson(0, 0) is None
