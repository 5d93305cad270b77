"""The time controls: how a URL's parameters are read, written back and put into words."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from service.explorer.controls import BadParameter, Controls, moment_text
from service.explorer.words import controls_words


def test_a_date_is_midnight_utc_and_a_moment_without_a_zone_is_utc() -> None:
    controls = Controls.parse({"knownAt": "2025-08-01", "asOf": "2026-03-08T17:39:00+08:00"})
    assert controls.known_at == datetime(2025, 8, 1, tzinfo=UTC)
    assert controls.as_of == datetime(2026, 3, 8, 9, 39, tzinfo=UTC)
    assert Controls.parse({"asOf": "2026-03-08T09:39:00"}).as_of == controls.as_of


def test_links_write_the_controls_back_in_their_shortest_exact_form() -> None:
    controls = Controls.parse({"at": "2025-08-15", "knownAt": "2025-08-01T00:00:00Z", "minStatus": "rumoured"})
    assert controls.params() == {"at": "2025-08-15", "knownAt": "2025-08-01", "minStatus": "RUMOURED"}
    assert moment_text(datetime(2026, 3, 8, 9, 39, tzinfo=UTC)) == "2026-03-08T09:39:00Z"
    assert moment_text(datetime(2026, 3, 8, 9, 39, 0, 250, tzinfo=UTC)) == "2026-03-08T09:39:00.000250Z"


def test_pin_fixes_the_date_and_the_recorded_moment() -> None:
    now = datetime(2026, 11, 26, 12, 0, 1, 5, tzinfo=UTC)
    pinned = Controls.parse({"knownAt": "2025-08-01"}).pinned(now)
    assert pinned.at == date(2026, 11, 26) and pinned.as_of == now and pinned.known_at is not None
    assert Controls.parse(pinned.params()) == pinned


def test_the_question_reads_as_a_sentence() -> None:
    controls = Controls.parse({"at": "2025-08-15", "knownAt": "2025-08-01", "minSources": "2",
                               "minStatus": "CONFIRMED"})
    assert controls_words(controls) == (
        "On 15 August 2025, as publicly known on 1 August 2025, as recorded now, counting confirmed claims "
        "only from at least 2 independent publishers.")


@pytest.mark.parametrize(("params", "field"), [
    ({"at": "15/08/2025"}, "at"), ({"knownAt": "yesterday"}, "knownAt"), ({"asOf": "2025-02-30"}, "asOf"),
    ({"minStatus": "DENIED"}, "minStatus"), ({"minSources": "-1"}, "minSources"), ({"minSources": "1e3"}, "minSources"),
])
def test_a_bad_control_names_itself(params: dict[str, str], field: str) -> None:
    with pytest.raises(BadParameter) as refused:
        Controls.parse(params)
    assert refused.value.field == field
