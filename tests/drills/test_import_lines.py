"""Import lines that crashed the import (issue 10, item 11): not UTF-8, a time that overflows on
conversion to UTC, JSON nested 100,000 deep, a line too long. Each is a line error with its number
that --skip-invalid passes, and the CLI and POST /import split a file the same way (a bare CR
split a line in one and not in the other)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.client import code, error, register_source
from tests.support.processes import Topology
from tests.support.server import LiveServer

FILE = b"\n".join([
    b'{"op":"registerOrganization","input":{"id":"acme","name":"Acme"}}',
    b'{"op":"registerPerson","input":{"id":"bad","name":"\xff\xfe"}}',
    b'{"op":"registerSource","input":{"id":"early","publisher":"W","publishedAt":"0001-01-01T00:00:00+05:00"}}',
    b'{"op":"registerSource","input":{"id":"late","publisher":"W","publishedAt":"9999-12-31T23:59:59-05:00"}}',
    b'{"op":"registerPerson","input":' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    b'{"op":"registerPerson","input":{"id":"ada","name":"Ada"}}\r',  # CRLF: one line, CR dropped
    b'{"op":"registerPerson","input":{"id":"bob","name":"Bob"}}\r{"op":"registerPerson","input":{"id":"cy","name":"Cy"}}',
    b'{"op":"registerPerson","input":{"id":"long","name":"' + b"x" * 1_100_000 + b'"}}',
    b'{"op":"registerPerson","input":{"id":"dee","name":"Dee"}}',  # no final newline
])
BAD_LINES = [(2, None), (3, "publishedAt"), (4, "publishedAt"), (5, None), (7, None), (8, None)]


def cli_import(live: LiveServer, path: Path, *args: str) -> tuple[int, list[int]]:
    """Exit code and the line numbers the CLI reported as errors."""
    done = Topology(live.components.settings.database, COLUMNS="1000").attempt("import", str(path), *args)
    return done.returncode, [int(n) for n in re.findall(r"^line (\d+)", done.stderr, flags=re.MULTILINE)]


def test_every_failing_line_is_a_line_error_and_skip_invalid_passes_it(live: LiveServer) -> None:
    with live.client("editor") as editor:
        refused = editor.post("/import", content=FILE)
        assert refused.status_code == 422, refused.text
        assert [(e["line"], e["field"]) for e in refused.json()["errors"]] == BAD_LINES
        assert refused.json()["lines"] == 9 and live.stored() == 0
        skipped = editor.post("/import", content=FILE, params={"skipInvalid": "true"})
        assert skipped.status_code == 200, skipped.text
        assert (skipped.json()["accepted"], skipped.json()["recordedEvents"]) == (3, 3)
        people = editor.post("/graphql", json={"query": "{ people { edges { node { id } } } }"}).json()
        assert sorted(e["node"]["id"] for e in people["data"]["people"]["edges"]) == ["ada", "dee"]


def test_the_cli_splits_and_reports_lines_as_post_import_does(live: LiveServer, tmp_path: Path) -> None:
    path = tmp_path / "odd.ndjson"
    path.write_bytes(FILE)
    with live.client("editor") as editor:
        posted = [e["line"] for e in editor.post("/import", content=FILE).json()["errors"]]
    assert cli_import(live, path) == (1, posted)
    assert live.stored() == 0
    assert cli_import(live, path, "--skip-invalid") == (0, posted)
    assert live.stored() == 3


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"])
def test_a_publication_time_overflowing_utc_is_bad_input_through_graphql(live: LiveServer, moment: str) -> None:
    with live.client("reporter") as reporter:
        response = register_source(reporter, "early", "Wire", moment)
        assert code(response) == "BAD_USER_INPUT" and error(response)["extensions"]["field"] == "publishedAt"
        assert live.stored() == 0
