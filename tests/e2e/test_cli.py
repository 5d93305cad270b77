"""The `talentledger` command as a user meets it: one line naming what failed, never a traceback
(unless `--debug`), exit codes 1 and 2, `--version`, and the key lifecycle."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from importlib import metadata
from pathlib import Path

import pytest

from tests.support.databases import PG_URL
from tests.support.processes import CLI


def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
        timeout: float = 60) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TALENTLEDGER_")}
    return subprocess.run([CLI, *args], env={**environment, **(env or {})}, cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, check=False)


def one_line(done: subprocess.CompletedProcess[str], code: int) -> str:
    """The single stderr line of a failed command that exited with ``code``."""
    assert done.returncode == code, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def people(count: int) -> bytes:
    return b"".join(b'{"op": "registerPerson", "input": {"id": "p%d", "name": "Person %d"}}\n' % (n, n)
                    for n in range(count))


def test_version() -> None:
    done = run("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"talentledger {metadata.version('talentledger')}"


@pytest.mark.parametrize(("variable", "value", "said"), [
    ("TALENTLEDGER_PRODUCTION", "ture", "TALENTLEDGER_PRODUCTION='ture': expected true or false"),
    ("TALENTLEDGER_PORT", "abc", "TALENTLEDGER_PORT='abc': expected an integer from 1 to 65535"),
    ("TALENTLEDGER_DATABASE", "mysql://u:secret@db/x", "expected a SQLite file path or a postgresql:// URL"),
    ("TALENTLEDGER_PRODUCTON", "true", "TALENTLEDGER_PRODUCTON: not a setting (did you mean TALENTLEDGER_PRODUCTION?)"),
])
def test_a_bad_setting_is_one_line_and_exit_code_2(tmp_path: Path, variable: str, value: str, said: str) -> None:
    line = one_line(run("keys", "list", env={variable: value}, cwd=tmp_path), 2)
    assert said in line and "secret" not in line


def test_a_database_in_a_missing_folder_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "ledger.db"
    (tmp_path / "data.ndjson").write_bytes(people(1))
    line = one_line(run("import", "data.ndjson", env={"TALENTLEDGER_DATABASE": str(missing)}, cwd=tmp_path), 2)
    assert line == f"talentledger: TALENTLEDGER_DATABASE: the folder {missing.parent} does not exist"
    debug = run("--debug", "keys", "list", env={"TALENTLEDGER_DATABASE": str(missing)})
    assert debug.returncode != 0 and "Traceback" in debug.stderr


def test_serve_refuses_to_start_on_a_database_that_does_not_exist(tmp_path: Path) -> None:
    for command in (["serve"], ["projector"], ["export"], ["keys", "list"]):
        line = one_line(run(*command, cwd=tmp_path), 2)
        assert f"no database at {tmp_path / 'talentledger.db'}" in line and "serve --init" in line
    assert not (tmp_path / "talentledger.db").exists()


def test_an_import_file_that_does_not_exist_is_named_and_creates_nothing(tmp_path: Path) -> None:
    line = one_line(run("import", "missing.ndjson", cwd=tmp_path), 2)
    assert line == "talentledger: import: no such file: missing.ndjson"
    assert not (tmp_path / "talentledger.db").exists()


@pytest.mark.skipif(not PG_URL, reason="no PostgreSQL")
def test_an_unreachable_postgresql_is_named_without_its_password(tmp_path: Path) -> None:
    url = "postgresql://ledger:hunter2@127.0.0.1:9/ledgerdb"
    line = one_line(run("keys", "list", env={"TALENTLEDGER_DATABASE": url}), 1)
    assert line.startswith("talentledger: cannot reach PostgreSQL at 127.0.0.1:9/ledgerdb:") and "hunter2" not in line


def test_a_file_with_bad_lines_is_exit_code_1(tmp_path: Path) -> None:
    (tmp_path / "bad.ndjson").write_bytes(people(2) + b'{"op": "nope", "input": {}}\n')
    done = run("import", "bad.ndjson", cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "line 3 (op)" in done.stderr and "nothing stored" in done.stderr.strip().splitlines()[-1]


def test_export_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    (tmp_path / "many.ndjson").write_bytes(people(3000))
    assert run("import", "many.ndjson", cwd=tmp_path).returncode == 0
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TALENTLEDGER_")}
    export = subprocess.Popen([CLI, "export"], cwd=tmp_path, env=environment, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    assert export.stdout is not None and export.stderr is not None
    assert json.loads(export.stdout.readline())["position"] == 1  # `| head -1`
    export.stdout.close()
    assert export.wait(timeout=30) == 1
    assert export.stderr.read() == b""


def test_ctrl_c_during_an_import_is_one_line_and_stores_all_or_nothing(tmp_path: Path) -> None:
    # Big enough that the signal lands while it validates or stores, even on a quiet, fast machine
    # (60,000 lines were all stored and projected 2.5 s after start: the signal came too late).
    (tmp_path / "big.ndjson").write_bytes(people(400_000))
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TALENTLEDGER_")}
    importing = subprocess.Popen([CLI, "import", "big.ndjson"], cwd=tmp_path, env=environment,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not (tmp_path / "talentledger.db").exists():  # the import has loaded and opened the database
        assert time.monotonic() < deadline and importing.poll() is None, "the import did not start"
        time.sleep(0.05)
    time.sleep(0.5)
    assert importing.poll() is None, "the import finished before it could be interrupted"
    importing.send_signal(signal.SIGINT)
    _, stderr = importing.communicate(timeout=60)
    lines = [line for line in stderr.splitlines() if line.startswith("talentledger:")]
    assert importing.returncode == 130 and "Traceback" not in stderr, stderr
    assert len(lines) == 1 and "interrupted" in lines[0] and "run it again" in lines[0], stderr
    exported = run("export", cwd=tmp_path).stdout.splitlines()
    assert len(exported) in {0, 400_000}
    assert ("nothing of it was stored" in lines[0]) == (not exported)


def test_keys_are_created_rotated_listed_and_revoked(tmp_path: Path) -> None:
    assert run("import", "empty.ndjson", cwd=tmp_path).returncode == 2  # (no such file: no database either)
    (tmp_path / "seed.ndjson").write_bytes(people(1))
    assert run("import", "seed.ndjson", cwd=tmp_path).returncode == 0
    created = run("keys", "create", "--role", "editor", "--name", "ops", cwd=tmp_path)
    first = created.stdout.strip().splitlines()[-1]
    rotated = run("keys", "rotate", "ops", cwd=tmp_path)
    second = rotated.stdout.strip().splitlines()[-1]
    assert first.startswith("tl_") and second.startswith("tl_") and first != second
    listed = run("keys", "list", cwd=tmp_path).stdout.splitlines()
    assert listed[0].split("\t") == ["name", "role", "created", "last used", "status"]
    assert listed[1].split("\t")[:2] == ["ops", "editor"] and listed[1].endswith("\tnever\tactive")
    assert run("keys", "revoke", "ops", cwd=tmp_path).returncode == 0
    assert "\trevoked " in run("keys", "list", cwd=tmp_path).stdout.splitlines()[1]
    assert one_line(run("keys", "revoke", "ops", cwd=tmp_path), 1).startswith("talentledger: keys revoke: the key 'ops'")
    assert one_line(run("keys", "rotate", "nobody", cwd=tmp_path), 1) == "talentledger: keys rotate: no key named 'nobody'"
