"""Versions along publication time and along recorded time (docs/time.md#versions), pure: given a
person's fact rows, when swept along the publication times of their reports (or the recorded times
of their facts and merges), then each stint holds over the interval the fold gives it, and the
incremental fold equals folding everything at each time."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from projections.model import Cutoffs
from projections.rules.claims import Fact, claim_states
from projections.rules.stint import Stint
from projections.rules.timeline import build_timeline
from projections.rules.versions import BEFORE_ANY, Refold, Version, sweep
from tests.unit.rules.given import EVENTS, ORGS, RUM, D, History, history_of, utc


def item(s: Stint, everything: bool = False) -> tuple[object, ...]:
    """A stint's organization, start and end (and with ``everything`` its four bounding days)."""
    found: tuple[object, ...] = (s.organization_id, s.start and s.start.value, s.end and s.end.value)
    return found + ((s.possible_from, s.certain_from, s.certain_until, s.possible_until) if everything else ())


def stints_at(history: History, known_at: datetime, everything: bool = False) -> list[tuple[object, ...]]:
    """The plain fold as known at ``known_at``."""
    cutoffs = Cutoffs(known_at=known_at)
    return [item(s, everything) for s in build_timeline(claim_states(history.facts, cutoffs), cutoffs, ORGS)]


def versions(history: History, everything: bool = False) -> list[Version[tuple[object, ...]]]:
    fold = Refold.by_publication(history.facts, ORGS)

    def items(known_at: datetime) -> list[tuple[object, ...]]:
        return [item(s, everything) for s in fold(known_at)[1]]

    return sorted(sweep(fold.times, items), key=lambda v: (v.since or BEFORE_ANY, str(v.item)))


def test_a_stint_unchanged_by_later_reports_is_one_version() -> None:
    history = History().move("m1", "2021", to="apple", published="2021-06-01")
    history.report("m1", source="ft", published="2022-01-05")  # a second source: same stint, same dates
    assert [(v.since, v.until, v.item) for v in versions(history)] == [
        (utc("2021-06-01"), None, ("apple", "2021", None))]


def test_a_backfilled_move_splits_the_interval_at_its_publication() -> None:
    history = History().move("m1", "2025-07", frm="apple", to="meta", published="2025-07-10")
    history.move("m0", "2021", to="apple", published="2021-03-01")  # recorded later, published earlier
    assert [(v.since, v.until, v.item) for v in versions(history)] == [
        (utc("2021-03-01"), utc("2025-07-10"), ("apple", "2021", None)),
        (utc("2025-07-10"), None, ("apple", "2021", "2025-07")),
        (utc("2025-07-10"), None, ("meta", "2025-07", None)),
    ]


def test_an_editorial_retraction_holds_for_every_known_at() -> None:
    history = History().move("m1", "2021", to="apple", published="2021-06-01").retract("m1")
    assert versions(history) == []  # never believed, whatever was published when


def test_a_denial_ends_the_version_from_its_publication() -> None:
    history = History().move("m1", "2021", to="apple", published="2021-06-01")
    history.report("m1", source="apple-pr", published="2021-06-03", status=D)
    assert [(v.since, v.until) for v in versions(history)] == [(utc("2021-06-01"), utc("2021-06-03"))]


@settings(max_examples=150, deadline=None)
@given(events=EVENTS)
def test_the_versions_are_the_fold_at_every_publication_time(events: list[tuple]) -> None:
    history = history_of(events)
    found = versions(history, everything=True)
    moments = sorted({f.published_at for f in history.facts if f.published_at} | {BEFORE_ANY})
    for known_at in moments:
        held = sorted((v.item for v in found if (v.since or BEFORE_ANY) <= known_at
                       and (v.until is None or known_at < v.until)), key=str)
        assert held == sorted(stints_at(history, known_at, everything=True), key=str), known_at


def test_a_rumour_reviving_a_denied_claim_makes_a_version() -> None:
    """A claim that counts neither before nor after a publication time can still change the
    timeline: once positive again, its older REPORTED report bounds a corroborated claim."""
    history = History().move("y", "2025-07", to="meta", published="2025-07-25")
    history.move("x", "2025-07", to="meta", source="wire", published="2025-07-20")
    history.report("x", source="meta-pr", published="2025-07-22", status=D)
    history.report("x", source="gossip", published="2025-08-05", status=RUM)
    found = versions(history, everything=True)
    for known_at in sorted({f.published_at for f in history.facts if f.published_at}):
        held = sorted((v.item for v in found if (v.since or BEFORE_ANY) <= known_at
                       and (v.until is None or known_at < v.until)), key=str)
        assert held == sorted(stints_at(history, known_at, everything=True), key=str), known_at


# -- along recorded time (asOf) -----------------------------------------------------------------------

RECORDED = st.sampled_from(["2025-01-01", "2025-03-01", "2025-03-01T00:00:01", "2025-06-01", "2025-09-01"])


def as_of_stints(facts: list[Fact], as_of: datetime, counts_from: dict[str, datetime]) -> list[tuple[object, ...]]:
    """The plain fold under ``asOf`` (a duplicate's facts counting from its merge on)."""
    cutoffs = Cutoffs(as_of=as_of)
    seen = [f for f in facts if f.person_id not in counts_from or counts_from[f.person_id] <= as_of]
    return [item(s, True) for s in build_timeline(claim_states(seen, cutoffs), cutoffs, ORGS)]


def recorded_versions(facts: list[Fact], counts_from: dict[str, datetime]) -> list[Version[tuple[object, ...]]]:
    fold = Refold.by_recording(facts, ORGS, counts_from)
    return sweep(fold.times, lambda as_of: [item(s, True) for s in fold(as_of)[1]])


def held_at(found: list[Version[tuple[object, ...]]], moment: datetime) -> list[tuple[object, ...]]:
    return sorted((v.item for v in found if (v.since or BEFORE_ANY) <= moment
                   and (v.until is None or moment < v.until)), key=str)


def test_a_report_recorded_later_changes_only_the_answers_as_of_its_recording() -> None:
    history = History().move("m1", "2021", to="apple", published="2021-06-01", recorded="2025-01-01")
    history.move("m2", "2024", frm="apple", to="meta", published="2022-01-01", recorded="2025-06-01")
    found = sorted(recorded_versions(history.facts, {}), key=lambda v: (v.since or BEFORE_ANY, str(v.item)))
    assert [(v.since, v.until, v.item[:3]) for v in found] == [
        (utc("2025-01-01"), utc("2025-06-01"), ("apple", "2021", None)),
        (utc("2025-06-01"), None, ("apple", "2021", "2024")),
        (utc("2025-06-01"), None, ("meta", "2024", None)),
    ]


def test_a_duplicates_facts_count_from_the_merge_on() -> None:
    """Recorded before the merge, a duplicate's move still counts only from the merge's recording."""
    own = History().move("m1", "2021", to="apple", published="2021-06-01", recorded="2025-01-01")
    dup = History("dup").move("d1", "2024", frm="apple", to="meta", published="2024-02-01", recorded="2025-02-01")
    facts = [*own.facts, Fact(**{**vars_of(dup.facts[0]), "position": 2})]
    found = recorded_versions(facts, {"dup": utc("2025-06-01")})
    assert [v[0] for v in held_at(found, utc("2025-05-31"))] == ["apple"]
    assert [v[0] for v in held_at(found, utc("2025-06-01"))] == ["apple", "meta"]


def vars_of(fact: Fact) -> dict[str, object]:
    return {name: getattr(fact, name) for name in Fact.__dataclass_fields__}


@settings(max_examples=150, deadline=None)
@given(events=EVENTS, recorded=st.lists(RECORDED, min_size=8, max_size=8), merged=st.sampled_from([None, *range(8)]),
       merge_at=RECORDED)
def test_the_recorded_versions_are_the_fold_at_every_recorded_time(
    events: list[tuple], recorded: list[str], merged: int | None, merge_at: str
) -> None:
    """Recorded times in any order (concurrent writers may record out of position order); the
    facts from the ``merged``-th on are a duplicate's, counting from ``merge_at``."""
    history = history_of(events, recorded=recorded)
    facts, counts_from = history.facts, {}
    if merged is not None:  # the claims first reported from then on are the duplicate's
        dup_claims = {f.claim_id for f in facts[merged:] if f.fact == "reported"}
        facts = [Fact(**{**vars_of(f), "person_id": "dup"}) if f.claim_id in dup_claims else f for f in facts]
        counts_from = {"dup": utc(merge_at)}
    found = recorded_versions(facts, counts_from)
    times = {f.recorded_at for f in facts} | set(counts_from.values())
    for as_of in sorted(times | {t - timedelta(microseconds=1) for t in times} | {BEFORE_ANY}):
        assert held_at(found, as_of) == sorted(as_of_stints(facts, as_of, counts_from), key=str), as_of
