"""Real `talentledger` processes for the topology tests and the drills, on either backend: started
as subprocesses on one database, every wait bounded, every process killed at teardown."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from projections.db import connect
from tests.storage.test_projector import snapshot

CLI = str(Path(sys.executable).parent / "talentledger")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def until(condition: Callable[[], Any], timeout: float, what: str) -> Any:
    """Poll ``condition`` until truthy; fail naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out after {timeout} s waiting for {what}"
        time.sleep(0.05)


class Process:
    """A CLI process whose combined output is collected line by line."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.args = args
        self.popen = subprocess.Popen([CLI, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.popen.stdout is not None
        for raw in self.popen.stdout:
            self.lines.append(raw.decode(errors="replace").rstrip())

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def said(self, text: str) -> bool:
        return any(text in line for line in self.lines)

    def alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as in a crash."""
        if self.alive():
            self.popen.kill()
        self.popen.wait(timeout=10)
        self._reader.join(timeout=5)

    def terminate(self, timeout: float = 30) -> int:
        """SIGTERM, then the exit code of a clean shutdown."""
        if self.alive():
            self.popen.send_signal(signal.SIGTERM)
        code = self.popen.wait(timeout=timeout)
        self._reader.join(timeout=5)
        return code


class Topology:
    """Starts CLI processes against one database (a SQLite file or a PostgreSQL URL) and kills
    whatever is left at teardown."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.env = {**os.environ, "TALENTLEDGER_DATABASE": url, "TALENTLEDGER_POOL_SIZE": "4",
                    "TALENTLEDGER_WAIT_FOR_TIMEOUT": "3"}
        self.started: list[Process] = []

    @property
    def is_postgres(self) -> bool:
        return self.url.startswith("postgresql://")

    def start(self, *args: str) -> Process:
        process = Process(list(args), self.env)
        self.started.append(process)
        return process

    def run(self, *args: str, timeout: float = 120) -> str:
        """Run a CLI command to completion; its standard output."""
        done = subprocess.run([CLI, *args], env=self.env, capture_output=True, timeout=timeout, check=True)
        return done.stdout.decode()

    def serve(self, *options: str) -> tuple[Process, str]:
        """`serve` on a free port, once it answers; the process and its base URL."""
        port = free_port()
        # --init: the first process on a new SQLite file creates it (plain serve refuses a missing file).
        process = self.start("serve", "--init", *options, "--host", "127.0.0.1", "--port", str(port))
        base = f"http://127.0.0.1:{port}"

        def healthy() -> bool:
            assert process.alive(), process.output
            try:
                return httpx.get(f"{base}/health", timeout=2).status_code == 200
            except httpx.TransportError:
                return False

        until(healthy, 30, f"serve on port {port}")
        return process, base

    def replica(self) -> tuple[Process, str]:
        """`serve --no-projector` (an API replica)."""
        return self.serve("--no-projector")

    def key(self, role: str = "editor") -> str:
        return self.run("keys", "create", "--role", role).strip().splitlines()[-1]

    def tracked(self) -> int:
        """The position the read models reflect (tracking row), or 0 before the tables exist."""
        db = connect(self.url, pool_size=1)
        try:
            with db.read() as cur:
                try:
                    cur.execute("SELECT position FROM tl_tracking WHERE name = 'talentledger'")
                except Exception:  # no tables yet
                    return 0
                row = cur.fetchone()
            return int(row[0]) if row else 0
        finally:
            db.close()

    def read_models(self) -> dict[str, list[Any]]:
        """Every live read-model table, sorted (to compare with a rebuild's)."""
        db = connect(self.url, pool_size=1)
        try:
            return snapshot(db)
        finally:
            db.close()

    def connections(self, application_name: str | None = None) -> int:
        """Other sessions open on this PostgreSQL database (optionally of one application name)."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND (%s::text IS NULL OR application_name = %s)",
                (application_name, application_name),
            ).fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        for process in self.started:
            process.kill()
            print(f"--- talentledger {' '.join(process.args)} (exit {process.popen.returncode})\n{process.output}")
