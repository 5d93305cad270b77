"""A lost connection told from a failed statement, and reads retried once when it happens."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

T = TypeVar("T")


def is_connection_error(error: BaseException) -> bool:
    """Whether ``error`` means the connection was lost (not that a statement failed): the
    server closed or terminated it, the network dropped it, or no connection could be had."""
    if error.__cause__ is not None and is_connection_error(error.__cause__):
        return True  # a library's own error raised from psycopg's
    try:
        import psycopg
        import psycopg_pool
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return False
    if isinstance(error, psycopg_pool.PoolTimeout | psycopg.InterfaceError):
        return True
    if not isinstance(error, psycopg.OperationalError):
        return False
    state = error.sqlstate or ""
    # No SQLSTATE: the client lost the socket. 08: connection exception. 57P01-03: the server
    # terminated the session (pg_terminate_backend, shutdown) or cannot take it now.
    return not state or state.startswith("08") or state in {"57P01", "57P02", "57P03"}


def retry_reads(cls: type[T]) -> type[T]:
    """Class decorator: each public method (a read) is run again, once, when its connection was
    lost under it; the second attempt gets a checked connection from the pool."""
    for name, method in list(vars(cls).items()):
        if not name.startswith("_") and inspect.isfunction(method):
            setattr(cls, name, retried(method))
    return cls


def retried(method: Callable[..., Any]) -> Callable[..., Any]:
    """A read run again, once, when its connection was lost under it (see ``retry_reads``)."""

    @wraps(method)
    def once_more(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except Exception as error:
            if not is_connection_error(error):
                raise
            return method(*args, **kwargs)

    return once_more
