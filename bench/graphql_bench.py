"""GraphQL over HTTP against a plain Litestar JSON route, on one uvicorn worker, in the same run.

    .venv/bin/python -m bench.graphql_bench [--seconds 5] [--connections 8]
    .venv/bin/python -m bench.graphql_bench --database FILE --person ID --at DATE --org ID [--tree DIR]

Builds a temporary SQLite database (the seed plus a 150-member synthetic roster), or takes an
existing one (``--database``, e.g. one ``make bench`` built, with a person and an organization of
it), serves it from a child process on 127.0.0.1, and loads it from this process with a minimal
keep-alive HTTP/1.1 client (cheap enough not to be the bottleneck). Prints requests/s for
``person { employer(at:) }`` through GraphQL and through the plain route, their ratio, the
server's CPU time per request of each (from ``/proc``: less sensitive to a shared machine's load
than requests/s), and the p50/p95 latency of ``roster(first: 100)``. ``--tree`` serves from
another checkout's code (its ``--serve``), for before/after runs with the same client. Every phase
is bounded in time and in count.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
EMPLOYER_QUERY = (
    '{ person(id: "ruoming-pang") { id name employer(at: "2025-08-15") {'
    " organization { id name } start { value } certainty } } }"
)
ROSTER_QUERY = (
    '{ organization(id: "bench-co") { roster(at: "2024-06-01", first: 100) {'
    " edges { cursor node { certainty person { id name } stint { start { value } } } }"
    " pageInfo { hasNextPage endCursor } } } }"
)
MEMBERS = 150
MAX_REQUESTS = 200_000


def build_database(path: str) -> None:
    """The seed data plus one organization with MEMBERS people, written through the ledger."""
    from service.bootstrap import bootstrap
    from service.importer import import_lines
    from service.settings import Settings
    from tests.support.databases import seed_lines

    lines = seed_lines()
    synthetic = [
        {"op": "registerOrganization", "input": {"id": "bench-co", "name": "Bench Co"}},
        {"op": "registerSource", "input": {"id": "bench-src", "publisher": "Bench Wire",
                                           "publishedAt": "2020-01-01T00:00:00Z"}},
    ]
    for n in range(MEMBERS):
        synthetic.append({"op": "registerPerson", "input": {"id": f"member-{n:03d}", "name": f"Member {n}"}})
        synthetic.append({"op": "reportMove", "input": {"personId": f"member-{n:03d}", "toId": "bench-co",
                                                        "effective": "2019-06", "status": "REPORTED",
                                                        "sourceId": "bench-src"}})
    lines += [json.dumps(s).encode() for s in synthetic]
    components = bootstrap(Settings(database=path))
    try:
        report = import_lines(components.ledger, lines, "bench", skip_invalid=False)
        assert report.stored, report.errors
        components.projector.catch_up()
    finally:
        components.close()


def serve(path: str, port: int) -> None:
    """Child process: one uvicorn worker with the bench route."""
    import uvicorn

    from service.app import create_app
    from service.bootstrap import bootstrap
    from service.settings import Settings

    components = bootstrap(Settings(database=path))
    app = create_app(components, run_projector=True, bench=True)
    uvicorn.run(app, host=HOST, port=port, log_level="warning", access_log=False, workers=1)


def _request(method: str, target: str, body: bytes = b"") -> bytes:
    head = f"{method} {target} HTTP/1.1\r\nHost: {HOST}\r\nConnection: keep-alive\r\n"
    if body:
        head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    return head.encode() + b"\r\n" + body


async def _exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> bytes:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(head.decode(errors="replace"))
    length = next(
        int(line.split(b":", 1)[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")
    )
    return await reader.readexactly(length)


def cpu_seconds(pid: int | None) -> float:
    """User plus system CPU time of process ``pid`` so far (0 without one)."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _load(port: int, request: bytes, seconds: float, connections: int) -> tuple[int, float]:
    deadline = time.perf_counter() + seconds
    done = 0

    async def worker() -> None:
        nonlocal done
        reader, writer = await asyncio.open_connection(HOST, port)
        try:
            while time.perf_counter() < deadline and done < MAX_REQUESTS:
                await _exchange(reader, writer, request)
                done += 1
        finally:
            writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    return done, time.perf_counter() - start


async def _latencies(port: int, request: bytes, count: int, seconds: float) -> list[float]:
    reader, writer = await asyncio.open_connection(HOST, port)
    timings: list[float] = []
    deadline = time.perf_counter() + seconds
    try:
        while len(timings) < count and time.perf_counter() < deadline:
            start = time.perf_counter()
            body = await _exchange(reader, writer, request)
            timings.append(time.perf_counter() - start)
        assert len(json.loads(body)["data"]["organization"]["roster"]["edges"]) == 100
    finally:
        writer.close()
    return timings


async def measure(port: int, seconds: float, connections: int, person: str = "ruoming-pang",
                  at: str = "2025-08-15", org: str = "bench-co", pid: int | None = None) -> dict[str, float]:
    """Employer requests/s through GraphQL and the plain route (with the CPU time per request of
    the server ``pid``), and roster(first: 100) latency."""
    employer = EMPLOYER_QUERY.replace("ruoming-pang", person).replace("2025-08-15", at)
    graphql = _request("POST", "/graphql", json.dumps({"query": employer}).encode())
    plain = _request("GET", f"/bench/employer/{person}?at={at}")
    roster = _request("POST", "/graphql", json.dumps({"query": ROSTER_QUERY.replace("bench-co", org)}).encode())
    reader, writer = await asyncio.open_connection(HOST, port)
    answer = json.loads(await _exchange(reader, writer, graphql))
    same = json.loads(await _exchange(reader, writer, plain))
    writer.close()
    ours, theirs = answer["data"]["person"]["employer"], same["person"]["employer"]
    assert (ours or {}).get("organization", {}).get("id") == (theirs or {}).get("organization", {}).get("id"), \
        (answer, same)
    await _load(port, graphql, 1.0, connections)  # warm-up
    await _load(port, plain, 1.0, connections)
    before = cpu_seconds(pid)
    g_count, g_time = await _load(port, graphql, seconds, connections)
    middle = cpu_seconds(pid)
    p_count, p_time = await _load(port, plain, seconds, connections)
    after = cpu_seconds(pid)
    timings = await _latencies(port, roster, 300, seconds * 2)
    return {
        "graphql_rps": g_count / g_time,
        "plain_rps": p_count / p_time,
        "graphql_cpu_ms": (middle - before) * 1000 / max(g_count, 1),
        "plain_cpu_ms": (after - middle) * 1000 / max(p_count, 1),
        "roster_p50_ms": statistics.median(timings) * 1000,
        "roster_p95_ms": statistics.quantiles(timings, n=20)[18] * 1000,
        "roster_samples": len(timings),
    }


def wait_until_serving(port: int, child: subprocess.Popen[bytes], timeout: float = 30) -> None:
    """Until the child server accepts connections on ``port`` (it must not exit meanwhile)."""
    from tests.support.processes import until

    def accepting() -> bool:
        assert child.poll() is None, "server exited"
        with socket.socket() as sock:
            return sock.connect_ex((HOST, port)) == 0

    until(accepting, timeout, f"the server on port {port}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=5.0, help="duration of each throughput phase")
    parser.add_argument("--connections", type=int, default=8, help="concurrent keep-alive connections")
    parser.add_argument("--database", help="serve this SQLite database instead of building one")
    parser.add_argument("--person", default="ruoming-pang", help="the person asked about (with --database)")
    parser.add_argument("--at", default="2025-08-15", help="the date asked about (with --database)")
    parser.add_argument("--org", default="bench-co", help="the organization of the roster (with --database)")
    parser.add_argument("--tree", type=Path, default=ROOT, help="serve from this checkout's code")
    parser.add_argument("--serve", nargs=2, metavar=("DATABASE", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve[0], int(args.serve[1]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = args.database
        if path is None:
            path = os.path.join(tmp, "bench.db")
            build_database(path)
        figures = run_server(path, args)
    ratio = figures["graphql_rps"] / figures["plain_rps"]
    print(f"GraphQL person {{ employer(at:) }}: {figures['graphql_rps']:8.0f} req/s  (target >= 1000; "
          f"server CPU {figures['graphql_cpu_ms']:.3f} ms per request)")
    print(f"plain Litestar JSON route:          {figures['plain_rps']:8.0f} req/s  "
          f"(server CPU {figures['plain_cpu_ms']:.3f} ms per request)")
    print(f"ratio GraphQL / plain:              {ratio:8.2f}      (target >= 0.25)")
    print(f"roster(first: 100) p50:             {figures['roster_p50_ms']:8.2f} ms   (target <= 15 ms; "
          f"p95 {figures['roster_p95_ms']:.2f} ms over {figures['roster_samples']:.0f} requests)")


def run_server(path: str, args: argparse.Namespace) -> dict[str, float]:
    """Serve ``path`` from ``args.tree``'s code in a child process and measure it."""
    from tests.support.processes import free_port

    port = free_port()
    child = subprocess.Popen([sys.executable, "-m", "bench.graphql_bench", "--serve", path, str(port)],
                             cwd=args.tree)
    try:
        wait_until_serving(port, child)
        return asyncio.run(measure(port, args.seconds, args.connections, args.person, args.at, args.org,
                                   pid=child.pid))
    finally:
        child.terminate()
        child.wait(timeout=30)


if __name__ == "__main__":
    main()
