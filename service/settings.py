"""Settings, read from the environment once, at the edge, and passed down."""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import unquote, urlparse

import msgspec


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Every setting of the service. See the README's Configuration table."""

    database: str = "talentledger.db"
    host: str = "127.0.0.1"
    port: int = 8000
    production: bool = False
    public_reads: bool = True
    allowed_origins: tuple[str, ...] = ()
    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 4000
    max_page: int = 500
    max_cost: int = 20_000
    request_timeout_s: float = 10.0
    wait_for_timeout_s: float = 5.0
    statement_timeout_ms: int = 10_000
    pool_size: int = 10

    @property
    def is_postgres(self) -> bool:
        return self.database.startswith(("postgresql://", "postgres://"))

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env

        def get(name: str, default: str) -> str:
            return env.get(f"TALENTLEDGER_{name}", default)

        defaults = cls()
        origins = tuple(o.strip() for o in get("ALLOWED_ORIGINS", "").split(",") if o.strip())
        return cls(
            database=get("DATABASE", defaults.database),
            host=get("HOST", defaults.host),
            port=int(get("PORT", str(defaults.port))),
            production=_flag(get("PRODUCTION", "false")),
            public_reads=_flag(get("PUBLIC_READS", "true")),
            allowed_origins=origins,
            max_depth=int(get("MAX_DEPTH", str(defaults.max_depth))),
            max_aliases=int(get("MAX_ALIASES", str(defaults.max_aliases))),
            max_tokens=int(get("MAX_TOKENS", str(defaults.max_tokens))),
            max_page=int(get("MAX_PAGE", str(defaults.max_page))),
            max_cost=int(get("MAX_COST", str(defaults.max_cost))),
            request_timeout_s=float(get("REQUEST_TIMEOUT_S", str(defaults.request_timeout_s))),
            wait_for_timeout_s=float(get("WAIT_FOR_TIMEOUT", str(defaults.wait_for_timeout_s))),
            statement_timeout_ms=int(get("STATEMENT_TIMEOUT_MS", str(defaults.statement_timeout_ms))),
            pool_size=int(get("POOL_SIZE", str(defaults.pool_size))),
        )

    def eventsourcing_env(self) -> dict[str, str]:
        """The environment the eventsourcing library reads, derived from ``database``."""
        env = {"ORIGINATOR_ID_TYPE": "text"}
        if not self.is_postgres:
            env.update(PERSISTENCE_MODULE="eventsourcing.sqlite", SQLITE_DBNAME=self.database)
            env["SQLITE_LOCK_TIMEOUT"] = "30"
            return env
        url = urlparse(self.database)
        env.update(
            PERSISTENCE_MODULE="eventsourcing.postgres",
            POSTGRES_DBNAME=url.path.lstrip("/") or "postgres",
            POSTGRES_HOST=url.hostname or "127.0.0.1",
            POSTGRES_PORT=str(url.port or 5432),
            POSTGRES_USER=unquote(url.username or "postgres"),
            POSTGRES_PASSWORD=unquote(url.password or ""),
            # Bounded like the read models' pool: at most pool_size connections (the library
            # would add 10 overflow ones), 10 s to connect or to wait for a free connection, 30 s
            # waiting for the append lock, 60 s idle in a transaction. The library has no
            # statement-timeout setting; its statements are single appends and indexed reads.
            POSTGRES_POOL_SIZE=str(self.pool_size),
            POSTGRES_MAX_OVERFLOW="0",
            POSTGRES_CONNECT_TIMEOUT="10",
            POSTGRES_LOCK_TIMEOUT="30",
            POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT="60",
            APPLICATION_RECORDER_TOPIC="service.storage:LedgerPostgresRecorder",
        )
        return env


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}
