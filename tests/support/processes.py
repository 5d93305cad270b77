"""Real `talentledger` processes for the topology tests, the drills and the benchmarks, on either
backend: started as subprocesses on one database, every wait bounded, every process killed at
teardown; and the free ports and bounded waits they need."""

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
from tests.support.databases import snapshot_at

CLI = str(Path(sys.executable).parent / "talentledger")
HOST = "127.0.0.1"


def free_port() -> int:
    """A port nothing listens on now, on the loopback interface."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
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


def answers(url: str, status: int = 200) -> bool:
    """Whether ``GET url`` answers ``status`` now (False while nothing listens there)."""
    try:
        return httpx.get(url, timeout=5).status_code == status
    except httpx.TransportError:
        return False


def caught_up(base: str) -> dict[str, Any] | None:
    """The readiness of the server at ``base`` once its read models lag nothing, else None."""
    try:
        health: dict[str, Any] = httpx.get(f"{base}/health/ready", timeout=5).json()
    except httpx.TransportError:
        return None
    return health if health.get("lag") == 0 else None


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

    def __init__(self, url: str, **settings: str) -> None:
        """``settings``: more environment variables, such as ``TALENTLEDGER_MAX_COST="60"``."""
        self.url = url
        self.env = {**os.environ, "TALENTLEDGER_DATABASE": url, "TALENTLEDGER_POOL_SIZE": "4",
                    "TALENTLEDGER_WAIT_FOR_TIMEOUT": "3", **settings}
        self.started: list[Process] = []

    @property
    def is_postgres(self) -> bool:
        return self.url.startswith("postgresql://")

    def start(self, *args: str) -> Process:
        process = Process(list(args), self.env)
        self.started.append(process)
        return process

    def run(self, *args: str, timeout: float = 120) -> str:
        """Run a CLI command that must succeed, to completion; its standard output."""
        return self.attempt(*args, timeout=timeout, check=True).stdout

    def attempt(self, *args: str, timeout: float = 120, check: bool = False) -> subprocess.CompletedProcess[str]:
        """Run a CLI command to completion, whatever its exit code."""
        return subprocess.run([CLI, *args], env=self.env, capture_output=True, text=True, errors="replace",
                              timeout=timeout, check=check)

    def serve(self, *options: str, init: bool = True, until_path: str = "/health") -> tuple[Process, str]:
        """`serve` on a free port, once ``until_path`` answers 200 (``/health/ready``: once it
        projects too); the process and its base URL. ``init``: create a missing SQLite file (plain
        `serve` refuses one, as a user meets it)."""
        port = free_port()
        process = self.start("serve", *(["--init"] if init else []), *options, "--host", HOST, "--port", str(port))
        base = f"http://{HOST}:{port}"

        def up() -> bool:
            assert process.alive(), process.output
            return answers(base + until_path)

        until(up, 30, f"serve on port {port}")
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
        return snapshot_at(self.url)

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
