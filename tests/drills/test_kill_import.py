"""`kill -9` during an import, through `POST /import` on the default `serve` and through the CLI, on
both backends: each import is stored whole or not at all, and once projected the read models equal
a fresh `rebuild`'s."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx

from bench.generate import lines
from projections.db import connect
from service.settings import Settings
from service.storage import events_table
from tests.support.processes import Process, Topology, caught_up, until

LINES = 2_000
# Kills land at these fractions of the time a whole import took: while validating or appending,
# then while appending or projecting.
KILL_AT = (0.35, 0.85)


def events_stored(processes: Topology) -> int:
    db = connect(processes.url, pool_size=1)
    try:
        with db.read() as cur:
            cur.execute(f"SELECT count(*) FROM {events_table(Settings(database=processes.url))}")
            return int(cur.fetchone()[0])
    finally:
        db.close()


def generated(tmp_path: Path, run: int) -> Path:
    """The same generated import file each run, its ids prefixed by the run: records new to the
    store, so each run stores as many events as the first."""
    path = tmp_path / f"generated-{run}.ndjson"
    body = [line.replace(b'"id":"', f'"id":"r{run}-'.encode()).replace(b'Id":"', f'Id":"r{run}-'.encode())
            for line in lines(LINES)]
    path.write_bytes(b"\n".join(body) + b"\n")
    return path


def all_or_nothing(processes: Topology, before: int, whole: int) -> None:
    """The store holds none of the run's file, or all of it (``whole`` events)."""
    stored = events_stored(processes) - before
    assert stored in (0, whole), f"a killed import stored {stored} of its file's {whole} events"


def post_in_background(base: str, key: str, body: bytes) -> dict[str, object]:
    """POST the file from a thread; what came back (a response or the error) lands in the dict."""
    outcome: dict[str, object] = {}

    def post() -> None:
        try:
            outcome["response"] = httpx.post(f"{base}/import", content=body, timeout=120,
                                             headers={"Authorization": f"Bearer {key}"})
        except httpx.HTTPError as error:
            outcome["error"] = error

    thread = threading.Thread(target=post, daemon=True)
    thread.start()
    outcome["thread"] = thread
    return outcome


def test_serve_killed_during_post_import_stores_all_or_nothing_and_projects_as_a_rebuild(
    processes: Topology, tmp_path: Path
) -> None:
    server, base = processes.serve()  # first: it creates a new SQLite file (`keys` refuses a missing one)
    key = processes.key("editor")
    started = time.monotonic()
    answer = httpx.post(f"{base}/import", content=generated(tmp_path, 0).read_bytes(), timeout=120,
                        headers={"Authorization": f"Bearer {key}"})
    took = time.monotonic() - started
    assert answer.status_code == 200, answer.text
    whole = events_stored(processes)
    server.kill()
    killed_mid_request = 0
    for n, fraction in enumerate(KILL_AT, start=1):
        path = generated(tmp_path, n)
        before = events_stored(processes)
        server, base = processes.serve()
        outcome = post_in_background(base, key, path.read_bytes())
        time.sleep(fraction * took)
        server.kill()
        outcome["thread"].join(timeout=30)  # type: ignore[attr-defined]
        killed_mid_request += "error" in outcome
        all_or_nothing(processes, before, whole)
    assert killed_mid_request, "every import finished before its kill: nothing was drilled"
    assert_read_models_equal_a_rebuild(processes)


def test_cli_import_killed_stores_all_or_nothing_and_projects_as_a_rebuild(
    processes: Topology, tmp_path: Path
) -> None:
    started = time.monotonic()
    processes.run("import", str(generated(tmp_path, 0)))
    took = time.monotonic() - started
    whole = events_stored(processes)
    killed_running = 0
    for n, fraction in enumerate(KILL_AT, start=1):
        path = generated(tmp_path, n)
        before = events_stored(processes)
        importer: Process = processes.start("import", str(path))
        time.sleep(fraction * took)
        killed_running += importer.alive()
        importer.kill()
        all_or_nothing(processes, before, whole)
    assert killed_running, "every import finished before its kill: nothing was drilled"
    assert_read_models_equal_a_rebuild(processes)


def assert_read_models_equal_a_rebuild(processes: Topology) -> None:
    server, base = processes.serve()  # projects whatever the kills left, from where they left it
    until(lambda: caught_up(base), 120, "the projector to catch up")
    assert server.terminate() == 0, server.output
    projected = processes.read_models()
    assert projected["events"], "nothing was projected"
    processes.run("rebuild", timeout=180)
    assert processes.read_models() == projected
