"""Where a person is on a date (``projections/README.md``, rosters): the stint holding then that
started last; every holding stint, the latest-started first."""

from __future__ import annotations

from datetime import date

from projections.model import Certainty
from projections.rules.timeline import holding
from tests.unit.rules.given import History, read


def test_during_a_fuzzy_move_the_employer_is_the_stint_that_started_last() -> None:
    seen = read(History().move("a", "2021", frm="google", to="apple").move("b", "2025-07", frm="apple", to="meta"))
    assert seen.where("2025-07-15") == "meta"


def test_every_stint_holding_on_a_date_is_listed_with_its_certainty_the_latest_started_first() -> None:
    # Reported after the month it names, so no publication bound narrows it (docs/rules.md#publication-bounds).
    seen = read(History().move("a", "2021", frm="google", to="apple")
                .move("b", "2025-07", frm="apple", to="meta", published="2025-08-15"))
    held = holding(seen.stints, date(2025, 7, 15))
    assert [(s.organization_id, c) for s, c in held] == [("meta", Certainty.POSSIBLE), ("apple", Certainty.POSSIBLE)]


def test_nobody_holds_a_stint_before_their_first_known_start() -> None:
    seen = read(History().move("a", "2021", to="apple"))
    assert seen.where("2020-06-01") is None
    assert holding(seen.stints, date(2020, 6, 1)) == []
