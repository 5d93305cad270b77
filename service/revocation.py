"""Websockets die with their key: a revoked or rotated key's open subscriptions close.

Each process keeps the websockets that authenticated with a key, and once a second checks, in one
read of the key table, which of their keys still work; the others are closed with code
``REVOKED_CODE`` (graphql-transport-ws's "Forbidden"). The check reads the database, so a
revocation made anywhere (the CLI, another replica) closes the sockets of every replica within
about a second. While no socket is open the check costs nothing. The same loop writes when keys
were last used (``KeyStore.flush_usage``).
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from anyio import to_thread

from service.keys import USAGE_FLUSH_S, KeyStore

REVOKED_CODE = 4403
REVOKED_REASON = "Forbidden: the API key was revoked"
log = logging.getLogger("talentledger.keys")


class KeyedSockets:
    """The open websockets of this process that authenticated with a key."""

    def __init__(self, keys: KeyStore, interval_s: float = 1.0) -> None:
        self.keys = keys
        self.interval_s = interval_s
        self._sockets: dict[Any, str] = {}  # websocket -> key hash
        self._task: asyncio.Task[None] | None = None

    def add(self, websocket: Any, key_hash: str) -> None:
        self._sockets[websocket] = key_hash

    def __len__(self) -> int:
        return len(self._sockets)

    async def sweep(self) -> int:
        """Close the sockets whose key no longer works; how many were closed."""
        for websocket in [w for w in self._sockets if w.connection_state == "disconnect"]:
            del self._sockets[websocket]
        if not self._sockets:
            return 0
        valid = await to_thread.run_sync(self.keys.still_valid, list(self._sockets.values()))
        revoked = [w for w, digest in self._sockets.items() if digest not in valid]
        for websocket in revoked:
            del self._sockets[websocket]
            try:
                await websocket.close(code=REVOKED_CODE, reason=REVOKED_REASON)
            except Exception as error:  # already gone: nothing left to close
                log.debug("closing a revoked key's websocket: %r", error)
        return len(revoked)

    async def _run(self) -> None:
        flushed = time.monotonic()
        while True:
            await asyncio.sleep(self.interval_s)
            try:
                await self.sweep()
                if time.monotonic() - flushed >= USAGE_FLUSH_S:
                    flushed = time.monotonic()
                    await to_thread.run_sync(self.keys.flush_usage)
            except Exception as error:  # database unreachable: try again next time
                log.warning("checking open websockets' keys failed: %r", error)

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="keyed-sockets")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        try:
            await to_thread.run_sync(self.keys.flush_usage)
        except Exception as error:  # the database is gone: the last minute of usage is lost
            log.warning("writing when keys were last used failed: %r", error)
