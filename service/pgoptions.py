"""The event store's PostgreSQL factory, passing a URL's options (``?sslmode=…``) to every connection.

The eventsourcing library builds its connection pool from host, port, database, user and password
only, so ``postgresql://…/db?sslmode=verify-full`` would reach the read models' connections but not
the event store's. ``Settings.eventsourcing_env`` names this factory and hands it the URL's other
parameters as JSON; they are added before the pool opens its first connection.
"""

from __future__ import annotations

import json
from typing import Any

from eventsourcing.postgres import PostgresFactory


class LedgerPostgresFactory(PostgresFactory):
    """The library's factory, with the URL's options on every connection of its pool."""

    OPTIONS = "POSTGRES_CONNINFO_OPTIONS"

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        options: dict[str, str] = json.loads(self.env.get(self.OPTIONS) or "{}")
        kwargs = self.datastore.pool.kwargs
        assert isinstance(kwargs, dict)  # the library passes a dict (host, port, dbname, ...)
        kwargs.update(options)
