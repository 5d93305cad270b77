"""The timelines' reads: a person's employer on a date, every employment holding then, and the
whole timeline, under any cutoffs."""

from __future__ import annotations

from datetime import date

from projections.db.adapter import Database
from projections.directory.reads import OrgTrees, survivor
from projections.model import Cutoffs, StintView
from projections.rules.timeline import holding, latest_holding
from projections.timelines.reads import stint_view, stints_of


class TimelineQueries:
    def __init__(self, db: Database, trees: OrgTrees) -> None:
        self.db = db
        self.trees = trees

    def employer(self, person_id: str, at: date, cutoffs: Cutoffs) -> StintView | None:
        """The stint holding on ``at`` that started last (None: nowhere, or nobody)."""
        with self.db.read() as cur:
            found = survivor(cur, person_id)
            if found is None:
                return None
            stints = stints_of(cur, found, cutoffs, self.trees, on=at)
        latest = latest_holding(stints, at)
        return stint_view(*latest) if latest else None

    def employments(self, person_id: str, at: date, cutoffs: Cutoffs) -> list[StintView]:
        """Every stint holding on ``at``, each with its certainty, the latest-started first."""
        with self.db.read() as cur:
            found = survivor(cur, person_id)
            stints = stints_of(cur, found, cutoffs, self.trees, on=at) if found else []
        return [stint_view(s, c) for s, c in holding(stints, at)]

    def timeline(self, person_id: str, cutoffs: Cutoffs) -> list[StintView]:
        """Every stint of the person, in order."""
        with self.db.read() as cur:
            found = survivor(cur, person_id)
            return [stint_view(s) for s in stints_of(cur, found, cutoffs, self.trees)] if found else []
