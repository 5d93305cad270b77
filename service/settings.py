"""Settings, read from the environment once, at the edge, and passed down.

Every field of ``Settings`` is one variable, ``TALENTLEDGER_<FIELD>`` (``ENV_NAMES`` lists the
exceptions). Values are parsed strictly: a value that is not what the setting accepts, or a
``TALENTLEDGER_*`` variable no setting reads (a typo), is a ``SettingsError`` whose lines each name
the variable and what it accepts. The README's Configuration table lists the same variables with
the same defaults (``tests/test_settings.py`` checks it).
"""

from __future__ import annotations

import difflib
import json
import math
import os
import typing
from collections.abc import Callable, Mapping
from typing import Annotated, Any

import msgspec
from msgspec import Meta

PREFIX = "TALENTLEDGER_"
# Variables of the test suite (``TALENTLEDGER_TEST_POSTGRES``), not of the service.
TEST_PREFIX = PREFIX + "TEST_"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")

Port = Annotated[int, Meta(ge=1, le=65535)]
Count = Annotated[int, Meta(ge=1)]
Seconds = Annotated[float, Meta(gt=0)]


class SettingsError(ValueError):
    """Settings that cannot be used; one line per problem, each naming its variable."""


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Every setting of the service. See the README's Configuration table."""

    database: str = "talentledger.db"
    host: str = "127.0.0.1"
    port: Port = 8000
    production: bool = False
    public_reads: bool = True
    allowed_origins: tuple[str, ...] = ()
    cors_origins: tuple[str, ...] = ()
    metrics_key: str | None = None
    max_depth: Count = 12
    max_aliases: Count = 30
    max_tokens: Count = 4000
    max_page: Count = 500
    max_cost: Count = 20_000
    request_timeout_s: Seconds = 10.0
    wait_for_timeout_s: Seconds = 5.0
    ready_max_lag_s: Seconds = 30.0
    statement_timeout_ms: Count = 10_000
    pool_size: Count = 10

    @property
    def is_postgres(self) -> bool:
        return self.database.startswith(POSTGRES_SCHEMES)

    @property
    def websocket_origins(self) -> tuple[str, ...]:
        """Origins whose pages may open a websocket: the allowed ones and the CORS ones."""
        return tuple(dict.fromkeys(self.allowed_origins + self.cors_origins))

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """The settings in ``env`` (default: the process environment); SettingsError if any is bad."""
        env = os.environ if env is None else env
        names = env_names()
        problems = [_unknown(var, names) for var in env if _is_unknown(var, names)]
        values: dict[str, Any] = {}
        for field, var in names.items():
            if var in env:
                try:
                    values[field] = _parse(field, env[var])
                except ValueError as error:
                    problems.append(f"{var}={_shown(field, env[var])}: expected {error}")
        if problems:
            raise SettingsError("\n".join(problems))
        return cls(**values)

    def eventsourcing_env(self) -> dict[str, str]:
        """The environment the eventsourcing library reads, derived from ``database``."""
        env = {"ORIGINATOR_ID_TYPE": "text"}
        if not self.is_postgres:
            env.update(PERSISTENCE_MODULE="eventsourcing.sqlite", SQLITE_DBNAME=self.database)
            env["SQLITE_LOCK_TIMEOUT"] = "30"
            return env
        from psycopg.conninfo import conninfo_to_dict

        params = {k: str(v) for k, v in conninfo_to_dict(self.database).items() if v is not None}
        env.update(
            # The library's own factory passes only the five parameters below to its connections;
            # this subclass passes the URL's other options (sslmode, ...) too.
            PERSISTENCE_MODULE="service.pgoptions:LedgerPostgresFactory",
            POSTGRES_DBNAME=params.pop("dbname", "postgres"),
            POSTGRES_HOST=params.pop("host", "127.0.0.1"),
            POSTGRES_PORT=params.pop("port", "5432"),
            POSTGRES_USER=params.pop("user", "postgres"),
            POSTGRES_PASSWORD=params.pop("password", ""),
            POSTGRES_CONNINFO_OPTIONS=json.dumps(params),
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


# Variables whose name is not TALENTLEDGER_<FIELD>: kept as they were first published.
ENV_NAMES = {"wait_for_timeout_s": "WAIT_FOR_TIMEOUT"}


def env_names() -> dict[str, str]:
    """Each setting's field and its variable, in declaration order."""
    return {f: PREFIX + ENV_NAMES.get(f, f.upper()) for f in Settings.__struct_fields__}


def defaults() -> dict[str, str]:
    """Each variable and its default, written as the README's table writes it."""
    built = Settings()
    return {var: _written(getattr(built, field)) for field, var in env_names().items()}


def masked(url: str) -> str:
    """A database address fit to print: a URL's password replaced by ``***``."""
    if "://" not in url or "@" not in url:
        return url
    scheme, _, rest = url.partition("://")
    credentials, _, location = rest.rpartition("@")
    user, colon, _ = credentials.partition(":")
    return f"{scheme}://{user}{':***' if colon else ''}@{location}"


def _written(value: object) -> str:
    if value is None or value == ():
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _is_unknown(var: str, names: dict[str, str]) -> bool:
    return var.startswith(PREFIX) and not var.startswith(TEST_PREFIX) and var not in names.values()


def _unknown(var: str, names: dict[str, str]) -> str:
    close = difflib.get_close_matches(var, names.values(), n=1, cutoff=0.7)
    hint = f"did you mean {close[0]}?" if close else "see the README's Configuration table"
    return f"{var}: not a setting ({hint})"


def _shown(field: str, raw: str) -> str:
    if field == "metrics_key":
        return "***"
    return repr(masked(raw) if field == "database" else raw)


def _parse(field: str, raw: str) -> Any:
    """The value of one variable, or ValueError saying what it accepts."""
    special = _SPECIAL.get(field)
    if special is not None:
        return special(raw)
    hint = typing.get_type_hints(Settings, include_extras=True)[field]
    base, meta = _unwrap(hint)
    if base is bool:
        return _flag(raw)
    if base is int or base is float:
        return _number(raw, base, meta)
    if raw.strip() == "" and type(None) in typing.get_args(hint):
        return None
    return raw


def _unwrap(hint: Any) -> tuple[Any, Meta | None]:
    if typing.get_origin(hint) is Annotated:
        base, *extras = typing.get_args(hint)
        return base, next((e for e in extras if isinstance(e, Meta)), None)
    return hint, None


_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def _flag(raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE | _FALSE:
        return value in _TRUE
    raise ValueError("true or false (also 1/0, yes/no, on/off)")


def _number(raw: str, kind: type[int] | type[float], meta: Meta | None) -> int | float:
    low, high = (meta.ge, meta.le) if meta else (None, None)
    above = meta.gt if meta else None
    noun = "an integer" if kind is int else "a number"
    bounds = (f" from {low} to {high}" if high is not None else f" >= {low}" if low is not None
              else f" > {above:g}" if above is not None else "")
    try:
        value = kind(raw.strip())
    except ValueError:
        raise ValueError(noun + bounds) from None
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(noun + bounds)
    if (low is not None and value < low) or (high is not None and value > high) or (
            above is not None and value <= above):
        raise ValueError(noun + bounds)
    return value


def _database(raw: str) -> str:
    value = raw.strip()
    if not value:
        raise ValueError("a SQLite file path or a postgresql://user:password@host:port/database URL")
    if "://" not in value:
        return value
    if not value.startswith(POSTGRES_SCHEMES):
        raise ValueError("a SQLite file path or a postgresql:// URL (no other database is supported)")
    from psycopg import ProgrammingError
    from psycopg.conninfo import conninfo_to_dict

    try:
        conninfo_to_dict(value)
    except ProgrammingError as error:
        raise ValueError(f"a valid postgresql:// URL ({str(error).strip()})") from None
    return value


def _origins(raw: str) -> tuple[str, ...]:
    origins = tuple(o.strip().rstrip("/") for o in raw.split(",") if o.strip())
    for origin in origins:
        scheme, sep, host = origin.partition("://")
        if origin != "*" and not (sep and scheme in {"http", "https"} and host and "/" not in host):
            raise ValueError("comma-separated origins such as https://dash.example.org:8443, or *")
    return origins


def _host(raw: str) -> str:
    if not raw.strip():
        raise ValueError("a host name or address such as 127.0.0.1 or 0.0.0.0")
    return raw.strip()


_SPECIAL: dict[str, Callable[[str], Any]] = {
    "database": _database, "allowed_origins": _origins, "cors_origins": _origins, "host": _host,
}
