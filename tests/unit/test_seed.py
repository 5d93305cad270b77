"""The seed data set as a fact-checker reads it (data/README.md), without a database: one claim per
move, relays never published before what they relay, and the lines a build leaves out are only
the evidence it cannot write yet."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from events.commands import COMMANDS
from service.importer import parse_line
from tests.support.databases import SEED

LINES = SEED.read_bytes().splitlines()
WRITES: list[tuple[str, dict[str, Any]]] = [(w["op"], w["input"]) for w in map(json.loads, LINES)]


def _of(op: str) -> list[dict[str, Any]]:
    return [given for name, given in WRITES if name == op]


def _company(org_id: str | None) -> str | None:
    parents = {o["id"]: o.get("parentId") for o in _of("registerOrganization")}
    while org_id is not None and parents[org_id] is not None:
        org_id = parents[org_id]
    return org_id


def test_each_move_is_one_claim_whatever_unit_or_date_its_reports_name() -> None:
    moves = [(m["personId"], _company(m.get("fromId")), _company(m.get("toId"))) for m in _of("reportMove")]
    assert len(moves) == len(set(moves)), "a later report of a move adds a report to its claim"
    later = {r["claimId"] for r in _of("addReport")}
    assert len(later) >= 8 and len(_of("correctClaim")) >= 4


def test_no_source_is_published_before_a_source_it_relays() -> None:
    published = {s["id"]: datetime.fromisoformat(s["publishedAt"]) for s in _of("registerSource")}
    relays = [(s["id"], s["citesId"]) for s in _of("registerSource") if "citesId" in s]
    relays += [(r["sourceId"], r["citesId"]) for name, r in WRITES if name != "registerSource" and "citesId" in r]
    assert relays
    for relay, original in relays:
        assert published[original] <= published[relay], (relay, original)


def test_every_name_a_claim_uses_is_registered_first() -> None:
    known: set[str] = set()
    for op, given in WRITES:
        if op.startswith("register"):
            known.add(given["id"])
            continue
        for field in ("personId", "fromId", "toId", "organizationId", "sourceId", "citesId"):
            assert given.get(field) is None or given[field] in known, (op, field, given[field])


def test_every_line_is_a_write_this_build_accepts() -> None:
    """Every line parses as its write (the new evidence included: affiliations, group claims,
    relayed reports, ranges and qualifiers); storing it is the import's tests' business."""
    for n, raw in enumerate(LINES, start=1):
        op = json.loads(raw)["op"]
        assert isinstance(parse_line(n, raw), COMMANDS[op]), (n, op)
