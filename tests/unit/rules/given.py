"""Given a person's claim history as the fact rows the projector writes (in memory, no database);
when a read under some cutoffs (``claim_states`` then ``build_timeline``: the entry points every
read model calls); then the claims' states, the stints, and where the person is on a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from events.base import ClaimStatus
from projections.model import DEFAULT_CUTOFFS, Certainty, Cutoffs
from projections.rules.claims import ClaimState, Fact, claim_states
from projections.rules.fold import Stint
from projections.rules.orgs import OrgTree
from projections.rules.timeline import build_timeline, latest_holding

R, C, D, RUM = ClaimStatus.REPORTED, ClaimStatus.CONFIRMED, ClaimStatus.DENIED, ClaimStatus.RUMOURED
ORGS = OrgTree({
    "apple": None, "apple-fm": "apple", "meta": None, "msl": "meta", "openai": None, "google": None,
    "anthropic": None,
})
RECORDED = datetime(2026, 1, 1, tzinfo=UTC)  # facts are recorded after every publication unless told


def utc(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class History:
    """One person's claim events in recorded order: each call adds one fact row."""

    def __init__(self, person: str = "ruoming-pang") -> None:
        self.person = person
        self.facts: list[Fact] = []

    def _add(self, claim: str, fact: str, recorded: str | None, published: str | None, **fields: str | None) -> History:
        position = len(self.facts) + 1
        at = utc(recorded) if recorded else RECORDED + timedelta(hours=position)
        self.facts.append(Fact(claim, self.person, position, fact, at, utc(published) if published else None,
                               **fields))
        return self

    def move(
        self, claim: str, effective: str, *, frm: str | None = None, to: str | None = None,
        source: str = "bloomberg", publisher: str | None = None, published: str = "2025-07-10",
        status: ClaimStatus = R, role: str | None = None, recorded: str | None = None,
    ) -> History:
        """A claim is reported (``MoveReported``), with its first report."""
        return self._add(claim, "reported", recorded, published, status=status.value, source_id=source,
                         publisher=publisher or source, effective=effective, role=role, from_id=frm, to_id=to)

    def affiliate(
        self, claim: str, observed: str, org: str, *, tense: str = "CURRENT", source: str = "bloomberg",
        publisher: str | None = None, published: str = "2025-09-03", status: ClaimStatus = R, role: str | None = None,
        recorded: str | None = None,
    ) -> History:
        """An affiliation is reported (the ``AFFILIATION`` creation row, as branch ``writes`` stores it:
        ``org_id``, ``tense``, ``effective`` = the observed date, no ends)."""
        return self._add(claim, "reported", recorded, published, status=status.value, source_id=source,
                         publisher=publisher or source, effective=observed, role=role, kind="AFFILIATION",
                         org_id=org, tense=tense)

    def report(
        self, claim: str, *, source: str, published: str, status: ClaimStatus = R, publisher: str | None = None,
        recorded: str | None = None,
    ) -> History:
        """Another source reports on the claim (``ReportAdded``); ``publisher`` is its independence key."""
        return self._add(claim, "report", recorded, published, status=status.value, source_id=source,
                         publisher=publisher or source)

    def retract(
        self, claim: str, *, source: str | None = None, published: str | None = None, recorded: str | None = None
    ) -> History:
        """The claim is retracted (``ClaimRetracted``), on a source's word or editorially."""
        return self._add(claim, "retracted", recorded, published, source_id=source, publisher=source)

    def correct(
        self, claim: str, *, source: str, published: str, effective: str | None = None, frm: str | None = None,
        to: str | None = None, role: str | None = None, recorded: str | None = None,
    ) -> History:
        """A source corrects the claim (``ClaimCorrected``): only the fields it names."""
        return self._add(claim, "corrected", recorded, published, source_id=source, publisher=source,
                         effective=effective, role=role, from_id=frm, to_id=to)


@dataclass
class Read:
    """What one read saw: each claim's state and the person's stints."""

    claims: dict[str, ClaimState]
    stints: list[Stint]

    def status(self, claim: str) -> ClaimStatus | None:
        found = self.claims.get(claim)
        return found.status if found else None

    def where(self, on: str) -> str | None:
        """The employer on a date: the stint holding then that started last."""
        found = latest_holding(self.stints, date.fromisoformat(on))
        return found[0].organization_id if found else None

    def certainty(self, on: str) -> Certainty | None:
        found = latest_holding(self.stints, date.fromisoformat(on))
        return found[1] if found else None

    def spans(self) -> list[tuple[str, str | None, str | None]]:
        """Each stint as (organization, start, end), in order."""
        return [(s.organization_id, s.start and s.start.value, s.end and s.end.value) for s in self.stints]

    def contested(self) -> set[str]:
        return {c.id for c in self.claims.values() if c.contested}

    def stint(self, org: str) -> Stint:
        """The last stint at ``org``."""
        return [s for s in self.stints if s.organization_id == org][-1]


def read(history: History, cutoffs: Cutoffs = DEFAULT_CUTOFFS, orgs: OrgTree = ORGS) -> Read:
    """When: the person's claims and timeline under ``cutoffs``."""
    claims = claim_states(history.facts, cutoffs)
    stints = build_timeline(claims, cutoffs, orgs)
    return Read({c.id: c for c in claims}, stints)


PUBLISHED = st.sampled_from(["2019-01-10", "2021-06-01", "2021-06-01T12:00:00", "2023-02-02", "2025-07-10"])
EVENTS = st.lists(st.tuples(st.sampled_from(["move", "report", "retract", "correct"]), st.integers(0, 3),
                            st.sampled_from(["apple", "meta", "openai", "msl"]), st.sampled_from(["R", "C", "D", "U"]),
                            PUBLISHED, st.integers(2018, 2025), st.booleans()), min_size=1, max_size=8)
"""Generated histories (``history_of``): moves, reports of other sources (each its own publisher),
retractions (editorial or sourced) and corrections, published at a few shared instants."""
_STATUS = {"R": None, "C": C, "D": D, "U": RUM}


def history_of(
    events: list[tuple[Any, ...]], person: str = "ruoming-pang", recorded: list[str] | None = None
) -> History:
    """A ``History`` from ``EVENTS``' tuples, in order (the first event is a move whatever its kind);
    ``recorded``: each event's recorded time (the default's otherwise), as many as the events at least."""
    history, claims = History(person), []
    for i, (kind, n, org, status, published, year, sourced) in enumerate(events):
        at = {"recorded": recorded[i]} if recorded is not None else {}
        extra = {"status": _STATUS[status]} if _STATUS[status] else {}
        if kind == "move" or not claims:
            claims.append(f"m{len(claims)}")
            history.move(claims[-1], str(year), to=org, frm=None if n % 2 else "google", published=published,
                         source=f"s{n}", **at, **extra)
        elif kind == "report":
            history.report(claims[n % len(claims)], source=f"s{n}", published=published, **at, **extra)
        elif kind == "retract":
            history.retract(claims[n % len(claims)], **at,
                            **({"source": f"s{n}", "published": published} if sourced else {}))
        else:
            history.correct(claims[n % len(claims)], source=f"s{n}", published=published, effective=f"{year}-05",
                            **at)
    return history
