"""A claim's status, independent sources and visibility under the read's cutoffs: one rule per
test, from fact rows in memory."""

from __future__ import annotations

from events.base import ClaimStatus
from projections.model import Cutoffs
from tests.unit.rules.given import RUM, C, D, History, R, read, utc


def test_a_denial_published_after_a_confirmation_makes_the_claim_denied() -> None:
    history = History().move("c", "2025-07", frm="apple", to="meta", status=C, published="2025-07-10")
    history.report("c", source="apple-pr", published="2025-08-01", status=D)
    seen = read(history)
    assert seen.status("c") is D
    assert seen.stints == []  # a denied move does not count: no stint at all


def test_a_confirmation_published_after_a_denial_wins() -> None:
    history = History().move("c", "2025-07", frm="apple", to="meta", status=D, published="2025-07-10")
    history.report("c", source="wired", published="2025-07-20", status=C)
    assert read(history).status("c") is C


def test_status_follows_publication_order_not_recording_order() -> None:
    history = History().move("c", "2025-07", frm="apple", to="meta", status=C, source="the-information",
                             published="2025-09-01")
    history.report("c", source="bloomberg", published="2025-07-10", status=D)  # recorded later, published earlier
    assert read(history).status("c") is C


def test_after_the_last_denial_the_best_status_wins() -> None:
    history = History().move("c", "2025-07", to="meta", status=RUM, published="2025-07-01")
    history.report("c", source="wired", published="2025-07-02", status=C)
    history.report("c", source="the-verge", published="2025-07-03", status=R)
    assert read(history).status("c") is C


def test_reports_from_one_publisher_count_as_one_independent_source() -> None:
    history = History().move("c", "2025-07", to="meta", source="bloomberg")
    history.report("c", source="aggregator", publisher="bloomberg", published="2025-07-11")  # cites Bloomberg
    assert read(history).claims["c"].independent_sources == 1
    history.report("c", source="wired", published="2025-07-20")
    assert read(history).claims["c"].independent_sources == 2


def test_a_denial_is_not_an_independent_source_of_the_claim() -> None:
    history = History().move("c", "2025-07", to="meta", source="bloomberg", published="2025-07-10")
    history.report("c", source="apple-pr", published="2025-07-09", status=D)
    assert read(history).claims["c"].independent_sources == 1


def test_rumours_count_only_when_the_read_asks_for_them() -> None:
    history = History().move("c", "2025-07", frm="apple", to="meta", status=RUM)
    assert read(history).where("2025-12-01") is None
    assert read(history, Cutoffs(min_status=RUM)).where("2025-12-01") == "meta"


def test_a_claim_with_fewer_independent_sources_than_asked_does_not_count() -> None:
    history = History().move("c", "2025-07", frm="apple", to="meta", source="bloomberg")
    assert read(history, Cutoffs(min_sources=2)).where("2025-12-01") is None
    history.report("c", source="wired", published="2025-07-20")
    assert read(history, Cutoffs(min_sources=2)).where("2025-12-01") == "meta"


def test_a_fact_recorded_after_as_of_does_not_exist_for_the_read() -> None:
    history = History().move("c", "2025-07", to="meta", recorded="2025-07-11")
    history.report("c", source="apple-pr", published="2025-08-01", status=D, recorded="2025-08-02")
    assert read(history, Cutoffs(as_of=utc("2025-08-01"))).status("c") is R
    assert read(history).status("c") is D


def test_a_report_published_after_known_at_does_not_exist_for_the_read() -> None:
    history = History().move("c", "2025", to="meta", published="2025-07-24")
    history.report("c", source="wired", published="2026-03-01", status=C)
    assert read(history, Cutoffs(known_at=utc("2025-08-01"))).status("c") is R
    assert read(history).status("c") is C


def test_a_claim_with_no_visible_report_is_left_out() -> None:
    history = History().move("c", "2025-07", to="meta", published="2025-07-10")
    assert read(history, Cutoffs(known_at=utc("2025-07-01"))).claims == {}


def test_a_retraction_without_a_source_applies_to_every_known_at() -> None:
    history = History().move("c", "2025-07", frm="apple", to="meta").retract("c")
    seen = read(history, Cutoffs(known_at=utc("2025-08-01")))
    assert seen.status("c") is ClaimStatus.RETRACTED
    assert seen.where("2025-12-01") is None


def test_a_retraction_with_a_source_applies_from_its_publication_on() -> None:
    history = History().move("c", "2025-07", frm="apple", to="meta", published="2025-07-10")
    history.retract("c", source="bloomberg-editors", published="2025-09-01")
    assert read(history, Cutoffs(known_at=utc("2025-08-01"))).where("2025-12-01") == "meta"
    assert read(history).where("2025-12-01") is None


def test_a_correction_applies_from_its_source_publication_on() -> None:
    history = History().move("c", "2025-07", frm="apple", to="meta", published="2025-07-10")
    history.correct("c", source="the-information", published="2025-09-01", effective="2025-05")
    assert read(history).where("2025-06-15") == "meta"
    assert read(history, Cutoffs(known_at=utc("2025-08-01"))).where("2025-06-15") == "apple"


def test_a_correction_changes_only_the_fields_it_names() -> None:
    history = History().move("c", "2025-07", frm="apple", to="meta", role="researcher")
    history.correct("c", source="the-information", published="2025-09-01", to="msl")
    claim = read(history).claims["c"]
    assert (claim.from_id, claim.to_id, claim.effective.value, claim.role) == ("apple", "msl", "2025-07", "researcher")
