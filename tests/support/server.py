"""A real HTTP server in this process: uvicorn in a thread on a free port, over the service's
components, with one API key per role. The e2e, drill and explorer suites post to it."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import msgspec
import uvicorn

from service.app import create_app
from service.bootstrap import Components
from service.keys import Role
from tests.support.processes import HOST, free_port

logging.getLogger("httpx").setLevel(logging.WARNING)


@dataclass
class LiveServer:
    base_url: str
    ws_url: str
    keys: dict[str, str]
    components: Components

    def client(self, role: str | None = None) -> httpx.Client:
        """An HTTP client with the key of ``role`` (``reporter``, ``editor``, ``admin``), or none."""
        headers = {"Authorization": f"Bearer {self.keys[role]}"} if role else {}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=15)

    def stored(self) -> int:
        """The event store's last position (0 while empty): what has been written."""
        return self.components.store.max_position()


def run_server(components: Components, *, run_projector: bool = True) -> Iterator[LiveServer]:
    """A server on a free port; ``run_projector=False`` makes it a replica (``serve --no-projector``)."""
    keys = {role.value: components.keys.create(role, f"{role.value}-e2e")[1] for role in Role}
    port = free_port()
    config = uvicorn.Config(
        create_app(components, run_projector=run_projector), host=HOST, port=port, log_level="warning",
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
        yield LiveServer(f"http://{HOST}:{port}", f"ws://{HOST}:{port}/graphql", keys, components)
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@contextmanager
def serving(components: Components, **settings: Any) -> Iterator[LiveServer]:
    """A live server over ``components`` with these settings changed."""
    components.settings = msgspec.structs.replace(components.settings, **settings)
    yield from run_server(components)
