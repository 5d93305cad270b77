"""The ``talentledger`` command: serve, projector, import, export, rebuild, keys, ready.

Every expected failure ends in one line naming what failed and an exit code of 1 or 2
(``service.failures``); ``--debug`` shows the traceback instead. The commands themselves
(``service.commands``) load only after the command line is parsed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from service.failures import USAGE, Failure, report, require_database
from service.keys import Role
from service.settings import Settings

Command = Callable[[Any, argparse.Namespace], int]


def _command(name: str) -> Command:
    """The command ``name`` of ``service.commands``, imported when it runs."""

    def run(components: Any, args: argparse.Namespace) -> int:
        from service import commands

        result: int = getattr(commands, f"cmd_{name}")(components, args)
        return result

    run.__name__ = f"cmd_{name}"
    return run


def _check_import(args: argparse.Namespace) -> None:
    path = Path(args.file)
    if not path.is_file():
        raise Failure(f"import: {'not a file' if path.exists() else 'no such file'}: {path}", USAGE)


def _subcommand(sub: Any, name: str, debug: argparse.ArgumentParser, help: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help, parents=[debug])
    return parser


def build_parser() -> argparse.ArgumentParser:
    debug = argparse.ArgumentParser(add_help=False)
    debug.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                       help="show the traceback of a failure")
    parser = argparse.ArgumentParser(prog="talentledger", description=__doc__, parents=[debug])
    parser.add_argument("--version", action="version", version=f"talentledger {metadata.version('talentledger')}")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = _subcommand(sub, "serve", debug, "serve the GraphQL API (with the projector, unless --no-projector)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--no-projector", action="store_true", help="API replica; projections run elsewhere")
    serve.add_argument("--init", action="store_true", help="create the SQLite database file if it does not exist")
    serve.set_defaults(run=_command("serve"))
    _subcommand(sub, "projector", debug, "run the projections as a process of their own").set_defaults(
        run=_command("projector"))
    imp = _subcommand(sub, "import", debug, "import an NDJSON file of writes")
    imp.add_argument("file")
    imp.add_argument("--skip-invalid", action="store_true", help="store the good lines of a file with bad ones")
    imp.add_argument("--if-empty", action="store_true", help="import only into an empty database")
    imp.set_defaults(run=_command("import"), check=_check_import, creates=True)
    exp = _subcommand(sub, "export", debug, "write every event as NDJSON, in position order")
    exp.add_argument("--after", type=int, default=0)
    exp.add_argument("-o", "--output")
    exp.set_defaults(run=_command("export"))
    _subcommand(sub, "rebuild", debug, "recompute every read model from the events").set_defaults(
        run=_command("rebuild"))
    _subcommand(sub, "ready", debug, "exit 0 when the projections are kept up (as GET /health/ready)").set_defaults(
        run=_command("ready"))
    keys = _subcommand(sub, "keys", debug, "manage API keys")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    create = _subcommand(keys_sub, "create", debug, "create a key; prints it alone on the last line")
    create.add_argument("--role", required=True, choices=[r.value for r in Role])
    create.add_argument("--name")
    for verb, what in (("revoke", "the key stops working at once"), ("rotate", "a new secret for the key")):
        _subcommand(keys_sub, verb, debug, what).add_argument("name")
    _subcommand(keys_sub, "list", debug, "every key: role, created, last used, status")
    keys.set_defaults(run=_command("keys"))
    return parser


def _execute(args: argparse.Namespace, settings: Settings) -> int:
    if check := getattr(args, "check", None):
        check(args)
    require_database(settings, may_create=getattr(args, "creates", False) or getattr(args, "init", False))
    from service.bootstrap import bootstrap

    components = bootstrap(settings)
    try:
        result: Any = args.run(components, args)
        return int(result)
    finally:
        components.close()


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    database = ""
    try:
        settings = Settings.from_env()
        database = settings.database
        return _execute(args, settings)
    except (Exception, KeyboardInterrupt) as error:
        if getattr(args, "debug", False):
            raise
        return report(error, database)


if __name__ == "__main__":
    sys.exit(main())
