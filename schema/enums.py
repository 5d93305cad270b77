"""The domain's enums, exposed to GraphQL as they are (one vocabulary end to end)."""

from __future__ import annotations

import strawberry

from events.base import POSITIVE_RANK, ClaimKind, ClaimStatus
from events.fuzzydate import DatePrecision, DateQualifier
from projections.model import Certainty

strawberry.enum(
    ClaimStatus,
    description="What the reports say about a claim. RETRACTED is derived (an editor withdrew "
    "the claim); DENIED means the latest report denies it.",
)
strawberry.enum(
    ClaimKind,
    description="MOVE: from one organization to another; HIRE: joined, prior employer unknown; "
    "DEPARTURE: left, destination unknown.",
)
strawberry.enum(
    Certainty,
    description="Whether membership on the date is certain, or only possible because a date is "
    "fuzzy or unknown.",
)
strawberry.enum(
    DatePrecision,
    description="How precisely a fuzzy date is known; for a range, the coarsest of its written ends.",
)
strawberry.enum(
    DateQualifier,
    description="A label written after a date: UNCERTAIN (`?`), APPROXIMATE (`~`), both (`%`). "
    "Qualifiers are shown to readers and never move a date's bounds.",
)

POSITIVE = frozenset(POSITIVE_RANK)
"""Statuses that can be asked for as ``minStatus``."""

__all__ = ["POSITIVE", "Certainty", "ClaimKind", "ClaimStatus", "DatePrecision", "DateQualifier"]
