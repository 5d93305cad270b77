"""`talentledger export` of a database, imported with `talentledger import` into a fresh one, gives
the same records and the same answers (docs/import.md#importing-an-export): every kind of event,
merges, corrections, retractions, units moved, every form of date expression, affiliations, group
claims and relayed reports."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from events import commands as c
from events.base import ClaimStatus, Modality, Tense
from events.fuzzydate import FuzzyDate
from events.group_claim import group_claim_public_id
from events.ids import claim_public_id
from projections.model import DEFAULT_CUTOFFS, Certainty, Cutoffs
from service.bootstrap import Components
from tests.support.databases import SEED, fresh_database, opened
from tests.support.processes import CLI
from tests.support.world import import_line

R, C, RUM = ClaimStatus.REPORTED, ClaimStatus.CONFIRMED, ClaimStatus.RUMOURED
DAYS = [date(2021, 6, 1), date(2025, 6, 1), date(2025, 7, 15), date(2025, 9, 4), date(2026, 1, 1)]


def _at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


def _claim(person: str, effective: str, frm: str | None = None, to: str | None = None) -> str:
    return claim_public_id(person, frm, to, FuzzyDate.parse(effective).edtf)


def every_kind_of_write() -> list[c.Command]:
    """Beyond the seed: aliases, a unit moved, a merge, a correction, a retraction, open ranges,
    ranges and qualified dates."""
    move = _claim("ada", "2025-07~", "acme-lab", "globex")
    group = group_claim_public_id("acme-lab", "globex", Modality.CONSIDERED, "2025-07")
    return [
        c.RegisterOrganization(id="acme", name="Acme"),
        c.RegisterOrganization(id="acme-lab", name="Acme Lab", parent_id="acme"),
        c.RegisterOrganization(id="globex", name="Globex", aliases=[c.AliasInput(name="Globex Corp", language="en")]),
        c.RegisterOrganization(id="globex-ai", name="Globex AI", parent_id="acme"),
        c.ReparentOrganization(organization_id="globex-ai", parent_id="globex"),
        c.RegisterSource(id="wire", publisher="Wire", published_at=_at("2025-07-20")),
        c.RegisterSource(id="daily", publisher="Daily", published_at=_at("2025-09-04"), cites_id="wire"),
        c.RegisterSource(id="herald", publisher="Herald", published_at=_at("2025-09-10")),
        c.RegisterPerson(id="ada", name="Ada Lovelace"),
        c.RegisterPerson(id="a-lovelace", name="A. Lovelace"),
        c.AddAlias(subject_id="ada", name="Ádä", language="fr"),
        c.ReportMove(person_id="ada", to_id="acme-lab", effective="[..2021-03-01]", status=R, source_id="wire"),
        c.ReportMove(person_id="ada", from_id="acme-lab", to_id="globex", effective="2025-07~", status=RUM,
                     source_id="wire", role="lead"),
        c.AddReport(claim_id=move, source_id="herald", status=C, note="confirmed"),
        c.CorrectClaim(claim_id=move, source_id="herald", to_id="globex-ai"),
        c.ReportMove(person_id="a-lovelace", from_id="globex-ai", effective="[2026-01..]", status=R, source_id="daily"),
        c.ReportMove(person_id="ada", from_id="globex", to_id="acme", effective="[2025-08..2025-09]", status=RUM,
                     source_id="daily"),
        c.RetractClaim(claim_id=_claim("ada", "[2025-08..2025-09]", "globex", "acme"), reason="no such move"),
        c.MergePeople(duplicate_id="a-lovelace", survivor_id="ada", reason="same person"),
        c.ReportAffiliation(person_id="ada", organization_id="globex-ai", role="lead", status=R, source_id="herald",
                            cites_id="wire"),
        c.ReportAffiliation(person_id="ada", organization_id="acme", observed_at="2025-06~", tense=Tense.FORMER,
                            status=R, source_id="daily"),
        c.ReportGroupMove(organization_id="acme-lab", to_id="globex", modality=Modality.CONSIDERED, whole=True,
                          effective="2025-07", status=RUM, source_id="wire"),
        c.AddReport(claim_id=group, source_id="herald", status=R, cites_id="daily"),
        c.ReportGroupMove(organization_id="globex", modality=Modality.PLANNED, count_min=2, count_max=5,
                          status=RUM, source_id="herald"),
        c.RetractClaim(claim_id=group_claim_public_id("globex", None, Modality.PLANNED, None), reason="misread"),
    ]


def run(url: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TALENTLEDGER_")}
    done = subprocess.run([CLI, *args], env={**environment, "TALENTLEDGER_DATABASE": url}, cwd=cwd,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return done


def records(export: str) -> list[tuple[str, str, str]]:
    """Each exported event without what a new database records anew (position, time, principal)."""
    return [(e["type"], e["subjectId"], json.dumps(e["data"], sort_keys=True))
            for e in map(json.loads, export.splitlines())]


def answers(components: Components) -> dict[str, Any]:
    """Employers on several dates (now and as published earlier), rosters, and every claim."""
    q = components.queries
    people = [p.id for p in q.people(search=None, first=1000, after=None).items]
    orgs = [o.id for o in q.organizations(search=None, first=1000, after=None).items]
    known = Cutoffs(known_at=_at("2025-08-01"))
    found: dict[str, Any] = {"people": people, "orgs": orgs}
    for cut, name in ((DEFAULT_CUTOFFS, "now"), (known, "known 2025-08-01")):
        for person in people:
            for day in DAYS:
                stint = q.employer(person, day, cut)
                found[f"{name} {person} {day}"] = stint and (
                    stint.organization_id, stint.start and stint.start.value, stint.end and stint.end.value,
                    stint.certainty, stint.status, stint.claim_ids)
        for org in orgs:
            for day in DAYS:
                page = q.roster(org, at=day, cutoffs=cut, certainty=None, include_units=True, first=1000, after=None)
                found[f"{name} {org} {day}"] = [(e.person_id, e.stint.organization_id, e.certainty) for e in page.items]
    for person in people:
        for claim in q.claims_of_person(person):
            found[claim.id] = (claim.kind, claim.person_id, claim.from_id, claim.to_id, claim.role,
                               claim.effective, claim.status, claim.independent_sources, claim.contested,
                               [(r.source_id, r.status, r.note, r.published_at) for r in claim.reports])
    for org in orgs:
        found[f"signals {org}"] = [
            (g.id, g.to_id, g.modality, g.status, g.independent_sources, [(r.source_id, r.cites_id) for r in g.reports])
            for g in q.signals(org, cutoffs=DEFAULT_CUTOFFS)]
    return found


def test_an_export_imported_into_a_fresh_database_gives_the_same_records_and_answers(
    backend: str, tmp_path: Path
) -> None:
    (tmp_path / "world.ndjson").write_bytes(SEED.read_bytes() + b"".join(map(import_line, every_kind_of_write())))
    with fresh_database(backend, tmp_path) as first, fresh_database(backend, tmp_path) as second:
        run(first, "import", "world.ndjson", cwd=tmp_path)
        run(first, "export", "-o", "first.ndjson", cwd=tmp_path)
        exported_first = (tmp_path / "first.ndjson").read_text(encoding="utf-8")
        imported = run(second, "import", "first.ndjson", cwd=tmp_path)
        lines = len(exported_first.splitlines())
        assert f"{lines} line(s) accepted, {lines} new event(s)" in imported.stdout + imported.stderr
        assert records(run(second, "export", cwd=tmp_path).stdout) == records(exported_first)
        with opened(first) as one, opened(second) as other:
            before, after = answers(one), answers(other)
        assert after == before
        assert before["now ada 2025-09-04"][0] == "globex-ai"  # the world is not empty: the move was corrected
        assert before["now acme 2021-06-01"] == [("ada", "acme-lab", Certainty.CERTAIN)]
        # herald relays daily, which cites wire: one publisher behind both reports
        assert before["signals acme-lab"] and before["signals acme-lab"][0][4] == 1
        assert any(getattr(v[0], "value", None) == "AFFILIATION" for v in before.values() if isinstance(v, tuple) and v)


def test_an_event_no_write_records_is_a_line_error(tmp_path: Path) -> None:
    line = {"position": 1, "type": "KeyCreated", "subjectId": "k1", "recordedAt": "2025-01-01T00:00:00Z",
            "recordedBy": "cli:x", "data": {}}
    (tmp_path / "odd.ndjson").write_text(json.dumps(line) + "\n", encoding="utf-8")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TALENTLEDGER_")}
    done = subprocess.run([CLI, "import", "odd.ndjson"], env=environment, cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert "line 1 (type)" in done.stderr and "KeyCreated" in done.stderr
