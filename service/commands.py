"""The commands of ``talentledger``: each takes the components and the parsed arguments.

Imported by ``service.cli`` only once the command line is parsed, so that Ctrl-C while the
libraries load is an interruption like any other, not a traceback.
"""

from __future__ import annotations

import argparse
import getpass
import signal
import sys
import threading
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from service.bootstrap import Components
from service.exporter import export_lines
from service.failures import INTERRUPTED, Failure
from service.health import Heartbeat, Readiness
from service.importer import NdjsonFile, import_lines
from service.keys import KeyProblem, Role

err = Console(stderr=True)


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, transient=False)


def cmd_serve(c: Components, args: argparse.Namespace) -> int:
    from service.server import serve

    serve(c, args.host or c.settings.host, args.port or c.settings.port, run_projector=not args.no_projector)
    return 0


def cmd_projector(c: Components, args: argparse.Namespace) -> int:
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    err.print(f"projector following events from position {c.projector.position()}")
    c.projector.start()
    heartbeat = Heartbeat(c.db, c.projector)
    heartbeat.start()
    leading = False
    waited = 0
    while not stop.wait(0.2):  # until SIGINT/SIGTERM; say when this process takes the lead
        waited += 1
        if c.projector.is_leader != leading:
            leading = c.projector.is_leader
            err.print("leading: this projector writes the read models" if leading else "lost the lead")
        elif not leading and waited == 10:
            err.print("standing by: another projector leads; taking over when it stops")
    heartbeat.stop()
    c.projector.stop()  # a page in progress commits or rolls back whole
    err.print(f"projector stopped at position {c.projector.position()}")
    return 0


def cmd_import(c: Components, args: argparse.Namespace) -> int:
    path = Path(args.file)
    if args.if_empty and c.store.max_position() > 0:
        err.print(f"database already holds {c.store.max_position()} events; not importing {path}")
        return 0
    before = c.store.max_position()
    lines = NdjsonFile(path)  # split exactly as POST /import splits
    try:
        total = sum(1 for _ in lines)
        with _progress() as bar:
            task = bar.add_task(f"validating {path.name}", total=total)
            report = import_lines(c.ledger, lines, f"cli:{getpass.getuser()}", skip_invalid=args.skip_invalid,
                                  on_parsed=lambda n: bar.update(task, completed=n))
            bar.update(task, completed=total)
    except KeyboardInterrupt:
        stored = c.store.max_position() - before
        done = "nothing of it was stored" if stored <= 0 else f"{stored} event(s) of it were stored"
        raise Failure(f"import of {path} interrupted: {done}; run it again to finish "
                      "(a re-import stores only what is missing)", INTERRUPTED) from None
    for error in report.errors:
        where = f" ({error.field})" if error.field else ""
        err.print(f"line {error.line}{where}: {error.code}: {error.message}", markup=False, style="red")
    if not report.stored:
        raise Failure(f"{len(report.errors)} bad line(s) in {path}: nothing stored (use --skip-invalid to store "
                      "the rest)")
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


def cmd_export(c: Components, args: argparse.Namespace) -> int:
    out = open(args.output, "wb") if args.output else sys.stdout.buffer  # noqa: SIM115
    try:
        for line in export_lines(c.store, args.after):
            out.write(line)
        out.flush()
    finally:
        if args.output:
            out.close()
    return 0


REBUILD_STEPS = {
    "load": "loading events", "fold": "indexing, computing timelines (people)",
    "index": "indexing timelines", "swap": "catching up, swapping in",
}


def cmd_rebuild(c: Components, args: argparse.Namespace) -> int:
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


def cmd_keys(c: Components, args: argparse.Namespace) -> int:
    try:
        if args.keys_command == "create":
            name, key = c.keys.create(Role(args.role), args.name)
            print(f"created {args.role} key '{name}'; it is shown once, here:")
        elif args.keys_command == "rotate":
            name, key = args.name, c.keys.rotate(args.name)
            print(f"rotated key '{name}': the old key no longer works; the new one is shown once, here:")
        elif args.keys_command == "revoke":
            c.keys.revoke(args.name)
            print(f"revoked key '{args.name}': it no longer works, and its open subscriptions close")
            return 0
        else:
            _print_keys(c)
            return 0
    except KeyProblem as error:
        raise Failure(f"keys {args.keys_command}: {error}") from None
    print(key)
    return 0


def _print_keys(c: Components) -> None:
    print("name\trole\tcreated\tlast used\tstatus")
    for info in c.keys.list():
        status = f"revoked {info.revoked_at}" if info.revoked_at else "active"
        print(f"{info.name}\t{info.role.value}\t{info.created_at}\t{info.last_used_at or 'never'}\t{status}")


def cmd_ready(c: Components, args: argparse.Namespace) -> int:
    ready, body = Readiness(c).check()
    print(Readiness.encode(body).decode())
    return 0 if ready else 1
