"""Publication bounds (docs/rules.md#publication-bounds): a report that a change has happened was
published after it; the earliest such publication bounds the change's latest day (UTC+14)."""

from __future__ import annotations

from datetime import date

from events.base import ClaimStatus
from projections.model import Certainty, Cutoffs
from tests.unit.rules.given import RUM, C, History, read, utc

PUBLICATION, REPORTED_DATE = "PUBLICATION", "REPORTED_DATE"
CERTAIN, POSSIBLE = Certainty.CERTAIN, Certainty.POSSIBLE


def test_a_departure_dated_by_year_is_over_by_the_day_it_was_reported() -> None:
    seen = read(History().move("zhang", "2025", frm="apple", to="meta", published="2025-09-03T08:00:00+08:00"))
    apple = seen.stint("apple")
    assert (apple.end_bounds.earliest, apple.end_bounds.latest) == (date(2025, 1, 1), date(2025, 9, 3))
    assert [(r.kind, r.date, r.claim_id, r.source_id) for r in apple.end_bounds.reasons] == [
        (REPORTED_DATE, date(2025, 1, 1), "zhang", None), (PUBLICATION, date(2025, 9, 3), "zhang", "bloomberg")]
    assert [apple.certainty(date.fromisoformat(d)) for d in ("2025-09-02", "2025-09-03", "2025-12-01")] == [
        POSSIBLE, None, None]
    assert seen.where("2025-12-01") == "meta" and seen.certainty("2025-12-01") is CERTAIN


def test_the_bound_is_the_date_in_utc_plus_14_so_no_true_date_is_cut_off() -> None:
    seen = read(History().move("c", "2025", frm="apple", to="meta", published="2025-09-02T11:00:00Z"))
    assert seen.stint("meta").start_bounds.latest == date(2025, 9, 3)  # 11:00 UTC is already the 3rd in Kiribati


def test_a_move_announced_for_the_future_is_not_bounded_by_its_publication() -> None:
    seen = read(History().move("c", "2026-03", frm="openai", to="anthropic", published="2025-09-03"))
    meta = seen.stint("anthropic")
    assert meta.start_bounds.latest == date(2026, 3, 31)
    assert [r.kind for r in meta.start_bounds.reasons] == [REPORTED_DATE, REPORTED_DATE]


def test_a_rumour_bounds_nothing() -> None:
    seen = read(History().move("c", "2025", frm="apple", to="meta", status=RUM), Cutoffs(min_status=RUM))
    assert seen.stint("apple").end_bounds.latest == date(2025, 12, 31)
    assert seen.where("2025-12-01") == "meta" and seen.certainty("2025-12-01") is POSSIBLE


def test_a_contested_twin_still_bounds_the_winner() -> None:
    history = History().move("winner", "2025", frm="apple", to="msl", status=C, source="wired", published="2025-09-20")
    history.report("winner", source="apple-pr", published="2025-09-21", status=C)
    history.move("twin", "2025", frm="apple-fm", to="meta", source="blog", published="2025-08-01")
    history.move("rival", "2025-03", frm="apple-fm", to="openai", status=C, source="reuters", published="2025-04-01")
    seen = read(history)
    assert seen.contested() == {"twin"}
    msl = seen.stint("msl")
    assert msl.start_bounds.latest == date(2025, 8, 1)
    assert [(r.kind, r.claim_id, r.source_id) for r in msl.start_bounds.reasons if r.kind == PUBLICATION] == [
        (PUBLICATION, "twin", "blog")]


def test_a_bound_narrows_but_never_widens_a_reported_date() -> None:
    seen = read(History().move("c", "2025-07-14", frm="apple", to="meta", published="2025-09-03"))
    meta = seen.stint("meta")
    assert (meta.start_bounds.earliest, meta.start_bounds.latest) == (date(2025, 7, 14), date(2025, 7, 14))


def test_a_publication_bound_that_contradicts_a_stronger_date_is_left_out_as_an_anomaly() -> None:
    history = History().move("hire", "2025-07", to="meta", status=C, source="wired", published="2025-09-01")
    history.move("left", "2025", frm="meta", source="blog", published="2025-06-15")  # before the hire it ends
    meta = read(history).stint("meta")
    assert meta.end_bounds.latest == date(2025, 12, 31)
    assert len(meta.anomalies) == 1 and "publication bound on or before 2025-06-15" in meta.anomalies[0]


def test_a_bound_appears_only_from_the_known_at_of_the_report_that_gives_it() -> None:
    history = History().move("c", "2025", frm="apple", to="meta", status=RUM, source="blog", published="2025-06-01",
                             recorded="2025-06-02")
    history.report("c", source="bloomberg", published="2025-09-03", recorded="2025-09-05")
    rumours = ClaimStatus.RUMOURED
    before = read(history, Cutoffs(known_at=utc("2025-08-01"), min_status=rumours))
    after = read(history, Cutoffs(known_at=utc("2025-09-04"), min_status=rumours))
    assert before.stint("apple").end_bounds.latest == date(2025, 12, 31)
    assert after.stint("apple").end_bounds.latest == date(2025, 9, 3)


def test_a_bound_never_appears_for_an_as_of_before_its_report_was_recorded() -> None:
    history = History().move("c", "2025", frm="apple", to="meta", status=RUM, source="blog", published="2025-06-01",
                             recorded="2025-06-02")
    history.report("c", source="bloomberg", published="2025-09-03", recorded="2025-12-20")  # a backfill
    rumours = ClaimStatus.RUMOURED
    earlier = read(history, Cutoffs(as_of=utc("2025-12-01"), min_status=rumours))
    assert earlier.stint("apple").end_bounds.latest == date(2025, 12, 31)
    assert earlier.where("2025-12-01") == "meta" and earlier.certainty("2025-12-01") is POSSIBLE
    assert read(history, Cutoffs(min_status=rumours)).certainty("2025-12-01") is CERTAIN


def test_a_return_within_a_year_reported_on_a_day_is_done_by_that_day() -> None:
    history = History("avi-verma").move("joined", "2025", frm="openai", to="meta", published="2025-09-03")
    seen = read(history.move("returned", "2025", frm="meta", to="openai", published="2025-09-03"))
    assert (seen.where("2025-09-04"), seen.certainty("2025-09-04")) == ("openai", CERTAIN)
    assert seen.stints[1].organization_id == "meta" and seen.stints[1].certainty(date(2025, 9, 4)) is None
