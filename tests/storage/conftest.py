"""Storage tests compare rebuilds with incremental projection: a rebuild that quietly fell back to
its event-by-event path (``Projector.rebuild``: same result, slower) would hide a broken bulk fold,
so every test here fails if it logs that fallback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

FALLBACK = "starting over event by event"


@pytest.fixture(autouse=True)
def _bulk_rebuilds_do_not_fall_back(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level("WARNING", logger="talentledger.projector")
    yield
    fell_back = [r.getMessage() for r in caplog.records if FALLBACK in r.getMessage()]
    assert not fell_back, f"the bulk rebuild fell back: {fell_back[0]}"
