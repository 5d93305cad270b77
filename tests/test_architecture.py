"""Dependencies point inward: the write side knows nothing of storage, HTTP or GraphQL."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALLOWED_IN_EVENTS = {"events", "msgspec", "eventsourcing.domain"}


def imports_of(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        found[str(path.relative_to(ROOT))] = names
    return found


def test_events_imports_only_the_standard_library_msgspec_and_eventsourcing_domain() -> None:
    for path, names in imports_of("events").items():
        for name in names:
            top = name.split(".")[0]
            allowed = name in ALLOWED_IN_EVENTS or top in ("events", "msgspec") or top in sys.stdlib_module_names
            assert allowed, f"{path} imports {name}"


def test_nothing_imports_the_service_package() -> None:
    for package in ("events", "projections", "schema"):
        for path, names in imports_of(package).items():
            assert not any(n == "service" or n.startswith("service.") for n in names), path


def test_projections_do_not_import_graphql_or_http() -> None:
    for path, names in imports_of("projections").items():
        assert not any(n.split(".")[0] in ("strawberry", "litestar", "schema") for n in names), path
