"""The domain's enums, exposed to GraphQL as they are (one vocabulary end to end)."""

from __future__ import annotations

import strawberry

from events.base import POSITIVE_RANK, ClaimKind, ClaimStatus, Modality, Tense
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
    "DEPARTURE: left, destination unknown; AFFILIATION: was (or had been) at an organization on a date, "
    "without any move.",
)
strawberry.enum(Tense, description="An affiliation's tense: CURRENT (is at the organization) or FORMER (had been).")
strawberry.enum(
    Modality,
    description="What a group claim says of the group's move: HAPPENED, PLANNED, CONSIDERED or OFFERED.",
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

__all__ = ["POSITIVE", "Certainty", "ClaimKind", "ClaimStatus", "DatePrecision", "DateQualifier", "Modality", "Tense"]
