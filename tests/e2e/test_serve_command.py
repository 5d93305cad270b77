"""`talentledger import` then `talentledger serve` as a newcomer runs them: real processes."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.support.databases import seed_bytes
from tests.support.processes import Topology


def test_serve_answers_on_the_imported_seed_and_stops_cleanly(tmp_path: Path) -> None:
    processes = Topology(str(tmp_path / "seed.db"))
    try:
        seed = tmp_path / "seed.ndjson"
        seed.write_bytes(seed_bytes())
        processes.run("import", str(seed))
        server, base = processes.serve(init=False, until_path="/health/ready")
        query = '{ person(id: "ruoming-pang") { name employer(at: "2025-08-15") { organization { id } } } }'
        answer = httpx.post(f"{base}/graphql", json={"query": query}, timeout=10).json()
        assert answer == {"data": {"person": {"name": "Ruoming Pang", "employer": {
            "organization": {"id": "meta-superintelligence-labs"}}}}}
        assert server.terminate() == 0, server.output
        assert "Traceback" not in server.output
    finally:
        processes.close()
