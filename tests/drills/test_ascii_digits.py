"""Dates took digits of any script (issue 10, item 10): ``effective: "٢٠٢٥"`` made a second claim
beside ``"2025"`` for the same move. Only ASCII digits are read, through GraphQL and import."""

from __future__ import annotations

import json

import pytest

from tests.support.client import code, data, error, register_organization, register_person, register_source, report_move
from tests.support.server import LiveServer


@pytest.mark.parametrize("effective", ["\u0662\u0660\u0662\u0665", "\uff12\uff10\uff12\uff15", "2025-0\u0667"])
def test_a_date_in_other_digits_is_refused_and_makes_no_second_claim(live: LiveServer, effective: str) -> None:
    move = {"personId": "ada", "toId": "acme", "status": "REPORTED", "sourceId": "wire"}
    with live.client("reporter") as reporter, live.client("editor") as editor:
        data(register_organization(reporter, "acme", "Acme"))
        data(register_person(reporter, "ada", "Ada"))
        data(register_source(reporter, "wire", "Wire", "2025-09-01T00:00:00Z"))
        data(report_move(reporter, effective="2025", **move))
        stored = live.components.store.max_position()
        refused = report_move(reporter, effective=effective, **move)
        assert code(refused) == "BAD_USER_INPUT" and error(refused)["extensions"]["field"] == "effective"
        line = json.dumps({"op": "reportMove", "input": {"effective": effective, **move}}).encode()
        imported = editor.post("/import", content=line)
        assert imported.status_code == 422 and imported.json()["errors"][0]["field"] == "effective"
        assert live.components.store.max_position() == stored
