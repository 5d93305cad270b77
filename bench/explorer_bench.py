"""The explorer's pages over HTTP, as a reader's browser asks for them: server time per page.

Used by ``bench.run`` against its server child process: ``explorer_person_p50_ms`` is the p50 of
``/explore/people/{id}`` over a sample of people (each with the default controls: everything
known now), ``explorer_org_p50_ms`` the p50 of ``/explore/organizations/{id}?at=...`` for the
largest company (a 100-member roster page and 25 months of headcount). Both are measured from
one keep-alive connection on 127.0.0.1, one request at a time, so a figure is one page's time.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from urllib.parse import quote

from bench.graphql_bench import HOST, _exchange, _request


async def _p50(port: int, targets: list[str], rounds: int, seconds: float) -> float:
    reader, writer = await asyncio.open_connection(HOST, port)
    timings: list[float] = []
    deadline = time.perf_counter() + seconds
    try:
        for target in targets[:3]:  # warm-up: the first page of a kind builds caches
            await _exchange(reader, writer, _request("GET", target))
        for _ in range(rounds):
            for target in targets:
                if time.perf_counter() > deadline:
                    break
                started = time.perf_counter()
                await _exchange(reader, writer, _request("GET", target))
                timings.append(time.perf_counter() - started)
    finally:
        writer.close()
    return statistics.median(timings) * 1000


async def measure(port: int, people: list[str], company: str, at: str, seconds: float = 20) -> dict[str, float]:
    """p50 server time of a person page (over ``people``) and of ``company``'s page on ``at``."""
    person_pages = [f"/explore/people/{quote(p)}" for p in people]
    org_page = [f"/explore/organizations/{quote(company)}?at={at}"]
    return {
        "explorer_person_p50_ms": await _p50(port, person_pages, 2, seconds),
        "explorer_org_p50_ms": await _p50(port, org_page, 30, seconds),
    }
