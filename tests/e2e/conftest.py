"""A real HTTP server per test: uvicorn in a thread on a free port, over the `components` fixture
(SQLite file and, when configured, PostgreSQL), with one API key per role."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import msgspec
import pytest
import uvicorn

from service.app import create_app
from service.bootstrap import Components
from service.keys import Role
from tests.processes import free_port as _free_port

logging.getLogger("httpx").setLevel(logging.WARNING)


@dataclass
class LiveServer:
    base_url: str
    ws_url: str
    keys: dict[str, str]
    components: Components

    def client(self, role: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.keys[role]}"} if role else {}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=15)


def run_server(components: Components, *, run_projector: bool = True) -> Iterator[LiveServer]:
    """A server on a free port; ``run_projector=False`` makes it a replica (``serve --no-projector``)."""
    keys = {role.value: components.keys.create(role, f"{role.value}-e2e")[1] for role in Role}
    port = _free_port()
    config = uvicorn.Config(
        create_app(components, run_projector=run_projector), host="127.0.0.1", port=port, log_level="warning",
        ws="websockets-sansio", lifespan="on",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("server did not start")
        time.sleep(0.02)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}/graphql", keys, components)
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@pytest.fixture
def live(components: Components) -> Iterator[LiveServer]:
    """A server with the default settings (public reads)."""
    yield from run_server(components)


@pytest.fixture
def tight_components(components: Components) -> Components:
    """The same components in production mode, with small limits, private reads and a short wait."""
    components.settings = msgspec.structs.replace(
        components.settings, max_depth=4, max_aliases=3, max_tokens=200, max_page=5,
        public_reads=False, wait_for_timeout_s=0.3, production=True, allowed_origins=("https://allowed.example",),
    )
    return components


@pytest.fixture
def tight(tight_components: Components) -> Iterator[LiveServer]:
    yield from run_server(tight_components)
