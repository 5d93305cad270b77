"""Belief changes (docs/rules.md#belief-changes), pure: given a person's fact rows, when the
events are replayed, then each event's changes to the default-lens timeline."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from projections.rules.beliefs import (
    Change,
    ChangeKind,
    Snapshot,
    TreeAt,
    counts_for,
    diff,
    late_by_days,
    numbered,
    replay,
    timeline_at,
    timelines_in_order,
)
from tests.unit.rules.given import ORGS, RUM, C, D, History

TREES = TreeAt.fixed(ORGS)

ADDED, REMOVED, CHANGED = ChangeKind.STINT_ADDED, ChangeKind.STINT_REMOVED, ChangeKind.STINT_CHANGED


def stint(org: str, start: str | None = None, claims: tuple[str, ...] = ("m1",), role: str | None = None) -> Snapshot:
    return (org, role, start, None, "REPORTED", "0001-01-01", "0001-01-01", "9999-12-31", "9999-12-31", claims, ())


def steps(history: History) -> list[tuple[int, list[tuple[ChangeKind, str | None, str | None]]]]:
    """Each changing event's position and its changes as (kind, organization before, after)."""
    found = replay(history.person, history.facts, {history.person: 0}, [f.position for f in history.facts], TREES)
    return [(s.position, [(ch.kind, ch.before and ch.before[0], ch.after and ch.after[0]) for ch in s.changes])
            for s in found]


# -- the diff ---------------------------------------------------------------------------------------


def test_equal_timelines_differ_in_nothing() -> None:
    assert diff([stint("apple"), stint("meta")], [stint("apple"), stint("meta")]) == []


def test_a_stint_with_a_new_start_is_changed_not_removed_and_added() -> None:
    assert diff([stint("meta", "2025-07")], [stint("meta", "2025-06")]) == [
        Change(CHANGED, stint("meta", "2025-07"), stint("meta", "2025-06"))]


def test_a_stint_moved_to_another_unit_by_the_same_claim_is_one_change() -> None:
    assert [c.kind for c in diff([stint("meta")], [stint("msl")])] == [CHANGED]


def test_stints_sharing_nothing_are_a_removal_and_an_addition() -> None:
    assert diff([stint("meta", claims=("m1",))], [stint("openai", claims=("m2",))]) == [
        Change(REMOVED, stint("meta", claims=("m1",)), None), Change(ADDED, None, stint("openai", claims=("m2",)))]


def test_matching_prefers_a_shared_claim_over_the_same_organization() -> None:
    old = [stint("meta", "2020", claims=("a",)), stint("meta", "2025", claims=("b",))]
    new = [stint("meta", "2025-07", claims=("b",))]
    assert diff(old, new) == [Change(REMOVED, old[0], None), Change(CHANGED, old[1], new[0])]


# -- each cause -------------------------------------------------------------------------------------


def test_a_report_adds_the_stint_it_opens_and_the_one_it_implies() -> None:
    history = History().move("m1", "2025-07", frm="apple", to="meta")
    assert steps(history) == [(1, [(ADDED, None, "apple"), (ADDED, None, "meta")])]


def test_a_backfill_is_late_by_the_whole_days_from_publication_to_recording() -> None:
    history = History().move("m1", "2024", to="apple", published="2024-03-01", recorded="2026-03-01T12:00")
    assert late_by_days(history.facts, 1) == 730
    on_time = History().move("m1", "2025", to="apple", published="2025-07-10T08:00", recorded="2025-07-11T07:00")
    assert late_by_days(on_time.facts, 1) == 0


def test_a_correction_changes_the_stints_it_moves() -> None:
    history = History().move("m1", "2025-07", frm="apple", to="meta").correct(
        "m1", source="wired", published="2025-07-20", effective="2025-06")
    assert steps(history)[1] == (2, [(CHANGED, "apple", "apple"), (CHANGED, "meta", "meta")])


def test_a_retraction_removes_what_the_claim_held_up() -> None:
    history = History().move("m1", "2025-07", to="meta").retract("m1")
    assert steps(history)[1] == (2, [(REMOVED, "meta", None)])


def test_a_denial_published_last_removes_the_stint() -> None:
    history = History().move("m1", "2025-07", to="meta").report("m1", source="apple-pr", published="2025-08-01",
                                                                 status=D)
    assert steps(history)[1] == (2, [(REMOVED, "meta", None)])


def test_a_source_that_makes_a_rumour_count_adds_its_stint() -> None:
    history = History().move("m1", "2025-07", to="meta", status=RUM).report("m1", source="wired",
                                                                             published="2025-07-20")
    assert steps(history) == [(2, [(ADDED, None, "meta")])]


def test_an_event_that_changes_nothing_produces_nothing() -> None:
    history = History().move("m1", "2025-07", to="meta").report("m1", source="old", published="2024-01-01", status=D)
    assert [position for position, _ in steps(history)] == [1]


def test_a_merge_empties_the_duplicate_and_fills_the_survivor_from_the_merge_on() -> None:
    dup = History("dup").move("m1", "2025-07", to="meta")
    book = {"dup": ("survivor", 5)}
    assert counts_for("survivor", book) == {"survivor": 0, "dup": 5}
    survivor = replay("survivor", dup.facts, counts_for("survivor", book), [1, 5], TREES)
    gone = replay("dup", dup.facts, counts_for("dup", book), [1, 5], TREES, gone_from=5)
    assert [(s.position, [c.kind for c in s.changes]) for s in survivor] == [(5, [ADDED])]
    assert [(s.position, [c.kind for c in s.changes]) for s in gone] == [(1, [ADDED]), (5, [REMOVED])]
    assert [(p, n, s.person_id) for p, n, s, _ in numbered([*survivor, *gone]) if p == 5] == [
        (5, 1, "dup"), (5, 2, "survivor")]


def test_a_chain_of_merges_counts_from_the_later_merge() -> None:
    book = {"b": ("a", 9), "a": ("s", 4)}
    assert counts_for("s", book) == {"s": 0, "a": 4, "b": 9}


# -- the feed rebuilds the timeline -----------------------------------------------------------------

ORG_NAMES = ["apple", "apple-fm", "meta", "msl", "openai"]
events = st.lists(st.tuples(
    st.sampled_from(["move", "affiliate", "report", "retract", "correct"]), st.integers(0, 3),
    st.sampled_from([None, *ORG_NAMES]), st.sampled_from(ORG_NAMES), st.sampled_from(["2024", "2025", "2025-07"]),
    st.sampled_from([RUM, C, D]), st.sampled_from(["a", "b", "c"]),
), min_size=1, max_size=10)


@settings(max_examples=60, deadline=None)
@given(history=events)
def test_replaying_the_changes_from_empty_rebuilds_the_timeline(history: list[tuple]) -> None:  # type: ignore[type-arg]
    facts = replayable(history)
    feed: Counter[Snapshot] = Counter()
    for step in replay(facts.person, facts.facts, {facts.person: 0}, [f.position for f in facts.facts], TREES):
        for change in step.changes:
            if change.before is not None:
                assert feed[change.before] > 0, "a change names a stint the feed holds"
                feed[change.before] -= 1
            if change.after is not None:
                feed[change.after] += 1
    assert +feed == Counter(timeline_at(facts.facts, {facts.person: 0}, 2**62, ORGS))


def replayable(history: list[tuple]) -> History:  # type: ignore[type-arg]
    """The generated steps as one person's facts (a step about a claim not reported yet reports it:
    a move, or for an ``affiliate`` step an affiliation)."""
    facts = History()
    made: set[str] = set()
    for op, n, frm, to, effective, status, source in history:
        claim = f"c{n}"
        if op in ("move", "affiliate") or claim not in made:
            if claim not in made:
                made.add(claim)
                first = status if status != D else C
                if op == "affiliate":  # an observation of the person at ``to``: now, or formerly (odd claims)
                    facts.affiliate(claim, effective, to, tense="FORMER" if n % 2 else "CURRENT", status=first,
                                    source=source)
                else:
                    facts.move(claim, effective, frm=frm, to=to, status=first, source=source)
        elif op == "report":
            facts.report(claim, source=source, published=f"{effective[:4]}-12-01", status=status)
        elif op == "retract":
            facts.retract(claim)
        else:
            facts.correct(claim, source=source, published="2025-08-01", effective=effective)
    return facts


@settings(max_examples=60, deadline=None)
@given(history=events)
def test_the_incremental_fold_equals_the_full_fold_at_every_event(history: list[tuple]) -> None:  # type: ignore[type-arg]
    facts = replayable(history)
    positions = [f.position for f in facts.facts]
    incremental = list(timelines_in_order(facts.facts, positions, TREES))
    assert incremental == [timeline_at(facts.facts, {facts.person: 0}, p, ORGS) for p in [0, *positions]]


def test_a_rumour_reviving_a_denied_claim_rebounds_its_corroborated_neighbour() -> None:
    """A claim that counts neither before nor after an event can still change the timeline: once
    positive again, its older REPORTED report bounds a corroborated claim's start by publication."""
    history = History().move("y", "2025-07", to="meta", published="2025-09-01")
    history.move("x", "2025-07", to="meta", source="wire", published="2025-07-20")
    history.report("x", source="meta-pr", published="2025-08-01", status=D)
    history.report("x", source="gossip", published="2025-08-05", status=RUM)
    positions = [f.position for f in history.facts]
    incremental = list(timelines_in_order(history.facts, positions, TREES))
    assert incremental == [timeline_at(history.facts, {history.person: 0}, p, ORGS) for p in [0, *positions]]
    assert incremental[-1][0][6] == "2025-07-20"  # the certain start: bounded by the wire's July report


@settings(max_examples=60, deadline=None)
@given(history=events)
def test_a_replay_given_the_final_timeline_finds_the_same_changes(history: list[tuple]) -> None:  # type: ignore[type-arg]
    facts = replayable(history)
    positions = [f.position for f in facts.facts]
    final = timeline_at(facts.facts, {facts.person: 0}, 2**62, ORGS)
    assert replay(facts.person, facts.facts, {facts.person: 0}, positions, TREES, final=final) == replay(
        facts.person, facts.facts, {facts.person: 0}, positions, TREES)


def test_a_timeline_as_of_an_event_takes_the_tree_of_that_time() -> None:
    history = History().move("h1", "2025", to="msl").move("h2", "2025-07", to="meta", source="wired")
    parents = {"meta": None, "msl": None}  # today msl stands alone; it was Meta's until event 3
    trees = TreeAt(parents, [(3, "msl", None, "meta")])
    assert trees(2).root("msl") == "meta" and trees(3).root("msl") == "msl"
    found = replay(history.person, history.facts, {history.person: 0}, [1, 2, 3], trees)
    assert [(s.position, [(c.kind, c.after and c.after[0]) for c in s.changes]) for s in found] == [
        (1, [(ADDED, "msl")]), (2, [(CHANGED, "msl")]), (3, [(CHANGED, "msl"), (ADDED, "meta")])]
