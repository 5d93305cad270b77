"""The GraphQL-over-HTTP audit suite: graphql-http's `serverAudits` (pinned in tests/audit/) against a
live server. Every MUST passes, and every SHOULD (`docs/operations.md`, GraphQL over HTTP)."""

from __future__ import annotations

import collections
import json
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.databases import fresh_components
from tests.support.server import run_server

AUDIT = Path(__file__).resolve().parent / "audit"

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


def test_the_server_passes_the_graphql_over_http_audits(tmp_path: Path) -> None:
    assert (AUDIT / "node_modules" / "graphql-http").is_dir(), "run `npm ci` in tests/audit (make test does)"
    with fresh_components("sqlite", tmp_path) as components, contextmanager(run_server)(components) as live:
        done = subprocess.run(["node", "audit.mjs", f"{live.base_url}/graphql"], cwd=AUDIT, capture_output=True,
                              text=True, timeout=120, check=True)
    results = [json.loads(line) for line in done.stdout.splitlines()]
    passed, total = collections.Counter[str](), collections.Counter[str]()
    for result in results:
        level = result["name"].split(" ", 1)[0]
        total[level] += 1
        passed[level] += result["status"] == "ok"
    counts = ", ".join(f"{level} {passed[level]}/{total[level]}" for level in ("MUST", "SHOULD", "MAY"))
    print(f"graphql-http audits: {counts}")
    failed = [f"{r['name']}: {r['reason']}" for r in results if r["status"] != "ok" and not r["name"].startswith("MAY")]
    assert total["MUST"] > 0 and not failed, f"{counts}\n" + "\n".join(failed)
