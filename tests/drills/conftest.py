"""The drills run against the end-to-end suite's live servers (``live``, ``tight``)."""

from tests.e2e.conftest import live, tight, tight_components

__all__ = ["live", "tight", "tight_components"]
