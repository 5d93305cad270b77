"""Dependencies point inward: the write side knows nothing of storage, HTTP or GraphQL; and no
module of the four packages imports itself back through others (no import cycle)."""

from __future__ import annotations

import ast
import graphlib
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ALLOWED_IN_EVENTS = {"events", "msgspec", "eventsourcing.domain"}
PACKAGES = ("events", "projections", "schema", "service")


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


def test_the_rules_import_no_read_model_and_no_database() -> None:
    for path, names in imports_of("projections/rules").items():
        for name in names:
            inside = name.startswith("projections.")
            assert not inside or name == "projections.model" or name.startswith("projections.rules"), (path, name)


MAX_MODULE_LINES = 300


def test_no_module_is_over_300_lines() -> None:
    # A module a reader can hold in their head (STYLE.md: small files); split by topic when one grows.
    too_long = {str(path.relative_to(ROOT)): lines for package in PACKAGES for path in (ROOT / package).rglob("*.py")
                if (lines := len(path.read_text().splitlines())) > MAX_MODULE_LINES}
    assert not too_long, f"modules over {MAX_MODULE_LINES} lines: {too_long}"


def module_imports(packages: tuple[str, ...]) -> dict[str, set[str]]:
    """Which of the packages' modules each module imports, wherever the import statement stands
    (a function body too), except under ``if TYPE_CHECKING:``: those exist for the type checker
    only, as ``strawberry.lazy`` needs (``schema/lazy.py``). ``from package import name`` imports
    the submodule ``package.name`` when there is one, else the package itself."""
    modules = {}
    for package in packages:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    found: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text())
        typing_only = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
                       and "TYPE_CHECKING" in ast.unparse(block.test) for node in ast.walk(block)}
        targets: set[str] = set()
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets.update(f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in modules
                               else node.module for alias in node.names)
        found[name] = {target for target in targets if target in modules and target != name}
    return found


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_cycle_among_a_packages_modules(package: str) -> None:
    # Within one package suffices: a cycle through two packages would break the rules above.
    graph = {module: {m for m in targets if m.split(".")[0] == package}
             for module, targets in module_imports(PACKAGES).items() if module.split(".")[0] == package}
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as cycle:
        raise AssertionError(f"import cycle: {' -> '.join(cycle.args[1])}") from None
