"""The ``talentledger`` command: serve, projector, import, export, rebuild, keys."""

from __future__ import annotations

import argparse
import getpass
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from service.bootstrap import Components, bootstrap
from service.exporter import export_lines
from service.importer import NdjsonFile, import_lines
from service.keys import Role
from service.settings import Settings

err = Console(stderr=True)


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, transient=False)


def _cmd_serve(c: Components, args: argparse.Namespace) -> int:
    from service.server import serve

    serve(c, args.host or c.settings.host, args.port or c.settings.port, run_projector=not args.no_projector)
    return 0


def _cmd_projector(c: Components, args: argparse.Namespace) -> int:
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    err.print(f"projector following events from position {c.projector.position()}")
    c.projector.start()
    leading = False
    waited = 0
    while not stop.wait(0.2):  # until SIGINT/SIGTERM; say when this process takes the lead
        waited += 1
        if c.projector.is_leader != leading:
            leading = c.projector.is_leader
            err.print("leading: this projector writes the read models" if leading else "lost the lead")
        elif not leading and waited == 10:
            err.print("standing by: another projector leads; taking over when it stops")
    c.projector.stop()  # a page in progress commits or rolls back whole
    err.print(f"projector stopped at position {c.projector.position()}")
    return 0


def _cmd_import(c: Components, args: argparse.Namespace) -> int:
    path = Path(args.file)
    if args.if_empty and c.store.max_position() > 0:
        err.print(f"database already holds {c.store.max_position()} events; not importing {path}")
        return 0
    lines = NdjsonFile(path)  # split exactly as POST /import splits
    total = sum(1 for _ in lines)
    with _progress() as bar:
        task = bar.add_task(f"validating {path.name}", total=total)
        report = import_lines(c.ledger, lines, f"cli:{getpass.getuser()}", skip_invalid=args.skip_invalid,
                              on_parsed=lambda n: bar.update(task, completed=n))
        bar.update(task, completed=total)
    for error in report.errors:
        where = f" ({error.field})" if error.field else ""
        err.print(f"[red]line {error.line}{where}: {error.code}: {error.message}")
    if not report.stored:
        err.print(f"[red]{len(report.errors)} bad line(s): nothing stored (use --skip-invalid to store the rest)")
        return 1
    err.print(f"{report.accepted} line(s) accepted, {report.recorded_events} new event(s), position {report.position}")
    _catch_up(c)
    return 0


def _catch_up(c: Components) -> None:
    behind = c.store.max_position() - c.projector.position()
    if behind <= 0:
        return
    with _progress() as bar:
        task = bar.add_task("projecting", total=behind)
        c.projector.catch_up(progress=lambda done: bar.update(task, completed=done))


def _cmd_export(c: Components, args: argparse.Namespace) -> int:
    out = open(args.output, "wb") if args.output else sys.stdout.buffer  # noqa: SIM115
    try:
        for line in export_lines(c.store, args.after):
            out.write(line)
    finally:
        if args.output:
            out.close()
    return 0


REBUILD_STEPS = {
    "load": "loading events", "fold": "indexing, computing timelines (people)",
    "index": "indexing timelines", "swap": "catching up, swapping in",
}


def _cmd_rebuild(c: Components, args: argparse.Namespace) -> int:
    total = c.store.max_position()
    with _progress() as bar:
        tasks: dict[str, TaskID] = {}

        def show(step: str, done: int, of: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(REBUILD_STEPS[step], total=of)
            bar.update(tasks[step], completed=done, total=of)

        done = c.projector.rebuild(progress=show, total=total)
    err.print(f"rebuilt from {done} event(s); read models at position {c.projector.position()}")
    return 0


def _cmd_keys(c: Components, args: argparse.Namespace) -> int:
    if args.keys_command == "create":
        try:
            name, key = c.keys.create(Role(args.role), args.name)
        except ValueError as error:
            err.print(f"[red]{error}")
            return 1
        print(f"created {args.role} key '{name}'; it is shown once, here:")
        print(key)
        return 0
    for info in c.keys.list():
        print(f"{info.name}\t{info.role.value}\t{info.created_at}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="talentledger", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the GraphQL API (with the projector, unless --no-projector)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--no-projector", action="store_true", help="API replica; projections run elsewhere")
    serve.set_defaults(run=_cmd_serve)
    sub.add_parser("projector", help="run the projections as a process of their own").set_defaults(
        run=_cmd_projector)
    imp = sub.add_parser("import", help="import an NDJSON file of writes")
    imp.add_argument("file")
    imp.add_argument("--skip-invalid", action="store_true", help="store the good lines of a file with bad ones")
    imp.add_argument("--if-empty", action="store_true", help="import only into an empty database")
    imp.set_defaults(run=_cmd_import)
    exp = sub.add_parser("export", help="write every event as NDJSON, in position order")
    exp.add_argument("--after", type=int, default=0)
    exp.add_argument("-o", "--output")
    exp.set_defaults(run=_cmd_export)
    sub.add_parser("rebuild", help="recompute every read model from the events").set_defaults(run=_cmd_rebuild)
    keys = sub.add_parser("keys", help="manage API keys")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    create = keys_sub.add_parser("create")
    create.add_argument("--role", required=True, choices=[r.value for r in Role])
    create.add_argument("--name")
    keys_sub.add_parser("list")
    keys.set_defaults(run=_cmd_keys)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    components = bootstrap(Settings.from_env())
    try:
        result: Any = args.run(components, args)
        return int(result)
    finally:
        components.close()


if __name__ == "__main__":
    sys.exit(main())
