"""`talentledger import` then `talentledger serve` as a newcomer runs them: real processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.e2e.conftest import _free_port

ROOT = Path(__file__).resolve().parents[2]
CLI = str(Path(sys.executable).parent / "talentledger")


def test_serve_answers_on_the_imported_seed_and_stops_cleanly(tmp_path: Path) -> None:
    env = {**os.environ, "TALENTLEDGER_DATABASE": str(tmp_path / "seed.db")}
    subprocess.run([CLI, "import", str(ROOT / "data" / "seed.ndjson")], env=env, check=True,
                   capture_output=True, timeout=120)
    port = _free_port()
    server = subprocess.Popen([CLI, "serve", "--port", str(port)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/health/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "server did not come up"
            time.sleep(0.1)
        query = '{ person(id: "ruoming-pang") { name employer(at: "2025-08-15") { organization { id } } } }'
        answer = httpx.post(f"{base}/graphql", json={"query": query}, timeout=10).json()
        assert answer == {"data": {"person": {"name": "Ruoming Pang", "employer": {
            "organization": {"id": "meta-superintelligence-labs"}}}}}
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=30)[0].decode()
    assert server.returncode == 0, output
    assert "Traceback" not in output
