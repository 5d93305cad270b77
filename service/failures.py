"""Expected failures of the ``talentledger`` command, each told in one line with its exit code.

Exit codes (``docs/operations.md``): 2 when what was asked cannot work as given (a setting, an
argument, a file or database that is not there), 1 when it failed while running (a database that
does not answer, an import with bad lines), 130 after Ctrl-C. ``--debug`` shows the traceback
instead.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

from service.settings import Settings, SettingsError

USAGE, FAILED, INTERRUPTED = 2, 1, 130


class Failure(Exception):
    """An expected failure: its message is the line the user reads."""

    def __init__(self, message: str, code: int = FAILED) -> None:
        super().__init__(message)
        self.code = code


def require_database(settings: Settings, may_create: bool) -> None:
    """Refuse a SQLite path that would quietly become a new, empty database.

    ``serve`` started from another folder would otherwise create ``talentledger.db`` there and
    answer every question with nothing. Only ``import`` and ``serve --init`` create the file.
    """
    if settings.is_postgres:
        return
    path = Path(settings.database).expanduser().absolute()
    if not path.parent.is_dir():
        raise Failure(f"TALENTLEDGER_DATABASE: the folder {path.parent} does not exist", USAGE)
    if not may_create and not path.exists():
        raise Failure(
            f"TALENTLEDGER_DATABASE: no database at {path}; create it with `talentledger import FILE` "
            "or `talentledger serve --init`, or set TALENTLEDGER_DATABASE to an existing one",
            USAGE,
        )


def explain(error: BaseException, database: str) -> tuple[str, int]:
    """The one line telling what failed, and the exit code."""
    if isinstance(error, Failure):
        return str(error), error.code
    if isinstance(error, SettingsError):
        return str(error), USAGE
    if isinstance(error, KeyboardInterrupt):
        return "interrupted", INTERRUPTED
    if (unreachable := _unreachable(error, database)) is not None:
        return unreachable, FAILED
    if isinstance(error, sqlite3.Error):
        return f"cannot use the SQLite database {Path(database).absolute()}: {_first_line(error)}", FAILED
    if isinstance(error, OSError) and error.strerror:
        where = f": {error.filename}" if error.filename else ""
        return f"{error.strerror}{where}", FAILED
    return f"unexpected {type(error).__name__}: {_first_line(error)} (run with --debug for the traceback)", FAILED


def report(error: BaseException, database: str) -> int:
    """Tell the failure on standard error; the exit code."""
    if isinstance(error, BrokenPipeError):
        # The reader stopped (``export | head``): nothing went wrong, nothing to say. Standard
        # output is pointed at /dev/null so that the interpreter's final flush does not fail too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return FAILED
    message, code = explain(error, database)
    for line in message.splitlines():
        print(f"talentledger: {line}", file=sys.stderr)
    return code


def _unreachable(error: BaseException, database: str) -> str | None:
    """"cannot reach PostgreSQL at host:port/db: reason" for a connection failure, else None."""
    import psycopg
    from eventsourcing.persistence import InterfaceError, OperationalError
    from psycopg_pool import PoolTimeout

    if not isinstance(error, psycopg.OperationalError | PoolTimeout | OperationalError | InterfaceError):
        return None
    if not database.startswith(("postgresql://", "postgres://")):
        return None
    from psycopg.conninfo import conninfo_to_dict

    params = conninfo_to_dict(database)
    where = f"{params.get('host', '127.0.0.1')}:{params.get('port', 5432)}/{params.get('dbname', '')}"
    return f"cannot reach PostgreSQL at {where}: {_first_line(error)}"


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
