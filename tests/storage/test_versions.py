"""Versions (docs/time.md#versions): for random histories written one event at a time — moves,
reports, backfilled articles, corrections, retractions with and without a source, affiliations and
merges — every read under the default lens and any ``knownAt`` alone (just before and at every
publication time) or any ``asOf`` alone (just before and at every recorded time) answers from the
versions exactly what folding each person on their own answers (``computed_stints``, the oracle),
and the incremental projection of the versions equals a rebuild's."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events import commands as c
from events.base import ClaimStatus
from events.errors import DomainError
from projections.directory.reads import OrgTrees, survivor
from projections.model import Cutoffs
from projections.rules.timeline import holding, latest_holding
from projections.timelines.folded import split
from projections.timelines.reads import computed_stints, stint_view
from projections.timelines.versions import LENS, LENS_PUBLICATION, LENSES, PUBLICATION, RECORDED, kept, versioned
from service.bootstrap import Components
from tests.storage.test_time_travel import oracle_flows, oracle_headcount, oracle_roster, oracle_stints, whole_roster
from tests.support.databases import fresh_components, snapshot
from tests.support.world import utc

DAYS = (date(2018, 6, 1), date(2020, 12, 31), date(2022, 1, 1), date(2025, 1, 1))  # the last day of a year ends a stint
ORGS = ["a", "b", "b-lab"]  # b-lab is a unit of b
PEOPLE = ["p1", "p2", "p3"]
SOURCES = [("s1", "2019-03-15"), ("s2", "2021-06-01"), ("s3", "2023-01-10"), ("s4", "2024-09-01")]
SOURCE = st.sampled_from([s for s, _ in SOURCES])
STATUS = st.sampled_from([ClaimStatus.RUMOURED, ClaimStatus.REPORTED, ClaimStatus.CONFIRMED, ClaimStatus.DENIED])
YEAR = st.integers(2017, 2024)

writes = st.lists(
    st.one_of(
        st.tuples(st.just("move"), st.sampled_from(PEOPLE), st.sampled_from([None, *ORGS]), st.sampled_from(ORGS),
                  YEAR, STATUS, SOURCE),
        st.tuples(st.just("report"), st.integers(0, 5), SOURCE, STATUS),
        st.tuples(st.just("correct"), st.integers(0, 5), SOURCE, YEAR),
        st.tuples(st.just("retract"), st.integers(0, 5), st.sampled_from([None, *[s for s, _ in SOURCES]])),
        st.tuples(st.just("affiliation"), st.sampled_from(PEOPLE), st.sampled_from(ORGS), SOURCE),
        st.tuples(st.just("merge"), st.sampled_from(PEOPLE), st.sampled_from(PEOPLE)),
    ),
    min_size=1,
    max_size=9,
)


def write(components: Components, claims: list[str], step: tuple[Any, ...]) -> None:
    kind, *args = step
    pick = (lambda i: claims[i % len(claims)]) if claims else None
    command: c.Command | None = None
    if kind == "move" and args[1] != args[2]:
        person, frm, to, year, status, source = args
        command = c.ReportMove(person_id=person, from_id=frm, to_id=to, effective=str(year), status=status,
                               source_id=source)
    elif kind == "report" and pick:
        command = c.AddReport(claim_id=pick(args[0]), source_id=args[1], status=args[2])
    elif kind == "correct" and pick:
        command = c.CorrectClaim(claim_id=pick(args[0]), source_id=args[1], effective=f"{args[2]}-05")
    elif kind == "retract" and pick:
        command = c.RetractClaim(claim_id=pick(args[0]), reason="wrong", source_id=args[1])
    elif kind == "affiliation":
        command = c.ReportAffiliation(person_id=args[0], organization_id=args[1], status=ClaimStatus.REPORTED,
                                      source_id=args[2])
    elif kind == "merge" and args[0] != args[1]:
        command = c.MergePeople(duplicate_id=args[0], survivor_id=args[1], reason="same person")
    if command is None:
        return
    try:
        outcome = components.ledger.execute(command, "t")
    except DomainError:
        return  # refused (a merge into a duplicate, a claim of a merged person...): nothing stored
    if kind in ("move", "affiliation") and outcome.subject_id not in claims:
        claims.append(outcome.subject_id)


def moments(components: Components) -> list[Cutoffs]:
    """A ``knownAt`` at every publication time and a microsecond before each; an ``asOf`` at every
    recorded time of a fact or a merge and a microsecond before each, and at each with each of two
    ``knownAt``; each other lens kept now, each with a ``knownAt`` (versions), one with an ``asOf``
    alone and one with both moments (folded, or their rows or versions for the people the moments
    cannot touch)."""
    found: list[Cutoffs] = []
    tick = timedelta(microseconds=1)
    with components.db.read() as cur:
        for statement, axis in (
            ("SELECT DISTINCT published_at FROM tl_facts WHERE published_at IS NOT NULL", "known_at"),
            ("SELECT recorded_at FROM tl_facts UNION SELECT recorded_at FROM tl_merges", "as_of"),
        ):
            cur.execute(statement)
            times = sorted(datetime.fromisoformat(r[0].replace("Z", "+00:00")) for r in cur.fetchall())
            found += [Cutoffs(**{axis: t}) for t in [*[t - tick for t in times], *times]]
            if axis == "as_of":  # both moments: folded, or a version along one axis (``folded.split``)
                found += [Cutoffs(as_of=t, known_at=utc(k)) for t in times for _, k in SOURCES[1:3]]
                found += [Cutoffs(as_of=t, min_sources=2) for t in times]  # a kept lens with an asOf: folds
                found += [Cutoffs(as_of=t, known_at=utc(SOURCES[2][1]), min_sources=2) for t in times]
            else:
                found += [Cutoffs(known_at=t, min_status=lens.min_status, min_sources=lens.min_sources)
                          for t in times for lens in LENSES.values()]
    later = datetime(2030, 1, 1, tzinfo=UTC)
    lenses = [Cutoffs(min_status=ClaimStatus.RUMOURED), Cutoffs(min_status=ClaimStatus.CONFIRMED),
              Cutoffs(min_sources=2)]
    return [*found, Cutoffs(known_at=later), Cutoffs(as_of=later), *lenses]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=writes, per_page=st.integers(1, 3))
def test_versioned_reads_equal_the_fold_and_the_rebuild(
    backend: str, tmp_path: Path, history: list[Any], per_page: int
) -> None:
    with fresh_components(backend, tmp_path) as components:
        ledger = components.ledger
        for org in ORGS:
            ledger.execute(c.RegisterOrganization(id=org, name=org.upper(), parent_id="b" if org == "b-lab" else None),
                           "t")
        for person in PEOPLE:
            ledger.execute(c.RegisterPerson(id=person, name=person.upper()), "t")
        for source, published in SOURCES:
            ledger.execute(c.RegisterSource(id=source, publisher=source, published_at=utc(published)), "t")
        claims: list[str] = []
        for n, step in enumerate(history, start=1):
            write(components, claims, step)  # each write is recorded at its own time
            if n % per_page == 0 or n == len(history):  # a page of one to three writes
                components.projector.catch_up()
        incremental = snapshot(components.db)
        components.projector.rebuild()
        assert snapshot(components.db) == incremental
        check_reads(components)


def check_reads(components: Components) -> None:
    q, trees = components.queries, OrgTrees()
    for cutoffs in moments(components):
        assert versioned(cutoffs) or (cutoffs.as_of and cutoffs.known_at) or kept(cutoffs)
        for person in PEOPLE:
            found = q.timeline(person, cutoffs)
            with components.db.read() as cur:  # a duplicate answers as its survivor (along a chain of merges)
                into = survivor(cur, person)
                assert into is not None
                stints = computed_stints(cur, into, cutoffs, trees)
            assert found == [stint_view(s) for s in stints], (person, cutoffs)
            for at in DAYS:
                latest = latest_holding(stints, at)
                assert q.employer(person, at, cutoffs) == (stint_view(*latest) if latest else None), (person, at)
                assert q.employments(person, at, cutoffs) == [stint_view(s, c) for s, c in holding(stints, at)]
        for org in ("a", "b"):
            stints = oracle_stints(components, org, cutoffs)
            for at in DAYS:
                expected_roster = oracle_roster(stints, at, None)
                assert whole_roster(components, org, at, cutoffs, None) == expected_roster, (org, at, cutoffs)
                assert q.roster_count(org, at=at, cutoffs=cutoffs, certainty=None, include_units=True) == len(
                    expected_roster)
            span = {"start": date(2016, 1, 1), "end": date(2025, 6, 1)}
            assert q.headcount(org, cutoffs=cutoffs, include_units=True, **span) == oracle_headcount(stints, **span)
        window = {"start": date(2016, 1, 1), "end": date(2025, 12, 31)}
        assert q.flows(cutoffs=cutoffs, **window) == oracle_flows(components, cutoffs=cutoffs, **window)


def given_a_person_two_orgs_and(components: Components, sources: dict[str, str]) -> None:
    """Organizations ``a`` and ``b``, person ``p``, and each source (its own publisher) published then."""
    for org in ("a", "b"):
        components.ledger.execute(c.RegisterOrganization(id=org, name=org.upper()), "t")
    components.ledger.execute(c.RegisterPerson(id="p", name="P"), "t")
    for source, published in sources.items():
        components.ledger.execute(c.RegisterSource(id=source, publisher=source, published_at=utc(published)), "t")


def test_a_backfill_adds_versions_from_its_publication_on(tmp_path: Path) -> None:
    """One backfill, by hand: recorded today, published in 2020, it changes the answers for every
    knownAt from its publication on, and only those."""
    with fresh_components("sqlite", tmp_path) as components:
        ledger = components.ledger
        given_a_person_two_orgs_and(components, {"new": "2025-01-10", "old": "2020-01-10"})
        ledger.execute(c.ReportMove(person_id="p", from_id="a", to_id="b", effective="2024",
                                    status=ClaimStatus.REPORTED, source_id="new"), "t")
        components.projector.catch_up()
        q = components.queries
        assert [s.organization_id for s in q.timeline("p", Cutoffs(known_at=utc("2021-01-01")))] == []
        ledger.execute(c.ReportMove(person_id="p", to_id="a", effective="2019", status=ClaimStatus.REPORTED,
                                    source_id="old"), "t")
        components.projector.catch_up()
        with components.db.read() as cur:
            cur.execute("SELECT org_id, end_value, known_from, known_until FROM tl_stint_versions"
                        " ORDER BY known_from, seq")
            rows = [(org, end, since[:10], until[:10]) for org, end, since, until in cur.fetchall()]
        # a, open, from the old article's publication; then a, ended by the move to b, and b.
        assert rows == [("a", None, "2020-01-10", "2025-01-10"), ("a", "2024", "2025-01-10", "~"),
                        ("b", None, "2025-01-10", "~")]
        assert [s.organization_id for s in q.timeline("p", Cutoffs(known_at=utc("2021-01-01")))] == ["a"]
        assert [s.organization_id for s in q.timeline("p", Cutoffs(known_at=utc("2019-12-31")))] == []
        assert [s.organization_id for s in q.timeline("p", Cutoffs(known_at=utc("2025-06-01")))] == ["a", "b"]


def test_a_page_resumes_each_persons_versions_from_its_earliest_fact(backend: str, tmp_path: Path) -> None:
    """The projector makes a person's versions again only from the first moment one of the page's
    facts becomes visible: a page holding two moves, the second published before the first, must
    leave exactly the versions a rebuild makes (on both axes)."""
    with fresh_components(backend, tmp_path) as components:
        ledger = components.ledger
        given_a_person_two_orgs_and(components, {"s1": "2020-01-01", "s2": "2021-01-01"})
        ledger.execute(c.ReportMove(person_id="p", to_id="a", effective="2019", status=ClaimStatus.REPORTED,
                                    source_id="s1"), "t")
        components.projector.catch_up()
        ledger.execute(c.ReportMove(person_id="p", from_id="a", to_id="b", effective="2020",
                                    status=ClaimStatus.REPORTED, source_id="s2"), "t")
        ledger.execute(c.ReportMove(person_id="p", from_id="b", to_id="a", effective="2021",
                                    status=ClaimStatus.REPORTED, source_id="s1"), "t")
        components.projector.catch_up()  # one page: both moves
        incremental = snapshot(components.db)
        components.projector.rebuild()
        assert snapshot(components.db) == incremental


def test_a_read_with_both_moments_takes_the_versions_of_the_facts_it_sees(backend: str, tmp_path: Path) -> None:
    """Under an ``asOf`` and a ``knownAt`` a person is folded only when the facts the read sees are
    neither all those recorded by ``asOf`` nor all those published by ``knownAt``: news recorded
    after ``asOf`` and published after ``knownAt`` (seen by neither) does not make them fold."""
    with fresh_components(backend, tmp_path) as components:
        ledger = components.ledger
        given_a_person_two_orgs_and(components, {"s2024": "2024-01-10", "s2020": "2020-01-10", "s2025": "2025-01-10"})
        for source, move in (("s2024", {"to_id": "b", "effective": "2023"}),
                             ("s2020", {"to_id": "a", "effective": "2019"}),
                             ("s2025", {"from_id": "b", "to_id": "a", "effective": "2024-12"})):
            ledger.execute(c.ReportMove(person_id="p", status=ClaimStatus.REPORTED, source_id=source, **move), "t")
            components.projector.catch_up()
        with components.db.read() as cur:
            cur.execute("SELECT recorded_at FROM tl_facts ORDER BY position")
            recorded = [datetime.fromisoformat(r[0].replace("Z", "+00:00")) for r in cur.fetchall()]
        as_of = recorded[1]  # the first two recorded; the 2025 article not yet
        for known_at, axis in ((utc("2021-06-01"), PUBLICATION), (utc("2024-06-01"), RECORDED)):
            cutoffs = Cutoffs(as_of=as_of, known_at=known_at)
            with components.db.read() as cur:
                assert split(cur, ["p"], cutoffs).settled.get(axis) == ["p"], known_at
                expected = [stint_view(s) for s in computed_stints(cur, "p", cutoffs, OrgTrees())]
            assert expected  # the read sees something: a stint at a, or at a and b
            assert components.queries.timeline("p", cutoffs) == expected


def test_a_kept_lens_with_moments_reads_its_rows_or_versions(backend: str, tmp_path: Path) -> None:
    """``minStatus: CONFIRMED`` with a ``knownAt`` after every publication and an ``asOf`` after
    every recording sees what the lens's last versions folded: they are read, not folded; with an earlier
    ``knownAt``, what its version along publication time folded, with or without that ``asOf``."""
    with fresh_components(backend, tmp_path) as components:
        given_a_person_two_orgs_and(components, {"s1": "2020-01-10", "s2": "2023-01-10"})
        for source, status, move in (("s1", ClaimStatus.CONFIRMED, {"to_id": "a", "effective": "2019"}),
                                     ("s2", ClaimStatus.REPORTED, {"from_id": "a", "to_id": "b", "effective": "2022"})):
            components.ledger.execute(c.ReportMove(person_id="p", status=status, source_id=source, **move), "t")
        components.projector.catch_up()
        later = datetime(2030, 1, 1, tzinfo=UTC)
        confirmed = Cutoffs(min_status=ClaimStatus.CONFIRMED)
        for cutoffs, axis in ((replace(confirmed, known_at=later, as_of=later), LENS),
                              (replace(confirmed, known_at=utc("2021-01-01"), as_of=later), LENS_PUBLICATION)):
            with components.db.read() as cur:
                assert split(cur, ["p"], cutoffs).settled == {axis: ["p"]}, cutoffs
                expected = [stint_view(s) for s in computed_stints(cur, "p", cutoffs, OrgTrees())]
            assert [v.organization_id for v in expected] == ["a"]  # the reported move to b does not count
            assert components.queries.timeline("p", cutoffs) == expected
        alone = replace(confirmed, known_at=utc("2021-01-01"))  # versions along publication time: no fold
        assert versioned(alone) and components.queries.timeline("p", alone) == expected


def test_a_lens_as_known_then_has_versions_and_a_backfill_moves_them(backend: str, tmp_path: Path) -> None:
    """"Confirmed claims only, as known on a date": the lens's versions along publication time
    answer it (no fold) as the fold does, differ from the default lens's, and a confirmation
    backfilled today (published long ago) changes them from its publication on, and only then."""
    with fresh_components(backend, tmp_path) as components:
        given_a_person_two_orgs_and(components, {"s1": "2020-01-10", "s2": "2021-01-10", "s3": "2023-01-10",
                                                 "old": "2020-06-01"})
        ledger, q = components.ledger, components.queries
        moves = [ledger.execute(c.ReportMove(person_id="p", status=status, source_id=source, **move), "t").subject_id
                 for source, status, move in (
                     ("s1", ClaimStatus.CONFIRMED, {"to_id": "a", "effective": "2019"}),
                     ("s2", ClaimStatus.REPORTED, {"from_id": "a", "to_id": "b", "effective": "2020"}),
                     ("s3", ClaimStatus.REPORTED, {"from_id": "b", "to_id": "a", "effective": "2022"}))]
        components.projector.catch_up()
        then = utc("2021-06-01")
        confirmed = Cutoffs(min_status=ClaimStatus.CONFIRMED, known_at=then)

        def employer(cutoffs: Cutoffs) -> str | None:
            found = q.employer("p", date(2021, 1, 1), cutoffs)
            return found.organization_id if found else None

        def oracle(cutoffs: Cutoffs) -> list[Any]:
            with components.db.read() as cur:
                return [stint_view(s) for s in computed_stints(cur, "p", cutoffs, OrgTrees())]

        assert employer(Cutoffs(known_at=then)) == "b" and employer(confirmed) == "a"
        assert employer(replace(confirmed, known_at=utc("2020-07-01"))) == "a"
        for known_at in (utc("2020-03-01"), utc("2020-07-01"), then, utc("2024-01-01")):
            for lens in LENSES.values():
                cutoffs = replace(lens, known_at=known_at)
                assert versioned(cutoffs) and q.timeline("p", cutoffs) == oracle(cutoffs), cutoffs
        ledger.execute(c.AddReport(claim_id=moves[1], source_id="old", status=ClaimStatus.CONFIRMED), "t")
        components.projector.catch_up()
        assert employer(confirmed) == "b"  # confirmed by an article public since 2020-06
        july = replace(confirmed, known_at=utc("2020-07-01"))  # the article alone makes the claim known then
        assert employer(july) == "b" and q.timeline("p", july) == oracle(july)
        assert employer(replace(confirmed, known_at=utc("2020-03-01"))) == "a"  # before the backfilled article


def test_employments_on_the_last_day_a_stint_may_hold_under_a_moment(backend: str, tmp_path: Path) -> None:
    """A versioned read picks the versions possibly holding on the day, bounds included: on the last
    day of the month a move left in, both stints may hold, as under the default cutoffs."""
    with fresh_components(backend, tmp_path) as components:
        given_a_person_two_orgs_and(components, {"s1": "2022-01-10"})
        for move in ({"to_id": "a", "effective": "2019"}, {"from_id": "a", "to_id": "b", "effective": "2021-05"}):
            components.ledger.execute(c.ReportMove(person_id="p", status=ClaimStatus.REPORTED, source_id="s1", **move),
                                      "t")
        components.projector.catch_up()
        q, later = components.queries, datetime(2030, 1, 1, tzinfo=UTC)
        for at, orgs in ((date(2021, 5, 31), ["b", "a"]), (date(2021, 6, 1), ["b"]), (date(2019, 1, 1), ["a"])):
            default = q.employments("p", at, Cutoffs())
            assert [v.organization_id for v in default] == orgs, at
            for cutoffs in (Cutoffs(known_at=later), Cutoffs(as_of=later)):
                assert q.employments("p", at, cutoffs) == default, (at, cutoffs)
                assert q.employer("p", at, cutoffs) == q.employer("p", at, Cutoffs())
