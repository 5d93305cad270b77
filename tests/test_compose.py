"""The Dockerfile, .dockerignore, docker-compose.yml and the lock files, checked statically (there is
no Docker engine here): every command is a real CLI command, every container has a healthcheck on a
real route, the image runs as a user owning its data, and the locks hold no machine-local paths."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import yaml

from service.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def instructions(name: str) -> list[str]:
    """The arguments of every ``name`` instruction of the Dockerfile (continuation lines joined)."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return [line.split(" ", 1)[1].strip() for line in joined.splitlines() if line.startswith(name + " ")]


def exec_form(text: str) -> list[str]:
    """A JSON-array instruction argument (``["a", "b"]``) as a list."""
    return list(yaml.safe_load(text))


def pins(lock: str) -> dict[str, str]:
    """Package -> ``version`` and its hashes, from a pip-compile lock file."""
    text = (ROOT / lock).read_text()
    return {m.group(1).lower(): m.group(0) for m in re.finditer(r"^([A-Za-z0-9_.-]+)==\S+(?: \\\n\s+--hash=\S+)+",
                                                               text, flags=re.MULTILINE)}


def test_every_compose_service_runs_a_real_cli_command() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert services["postgres"]["healthcheck"]["test"]
    assert "pgdata" in compose["volumes"]
    parser = build_parser()
    commands = {name: s["command"] for name, s in services.items() if name != "postgres"}
    assert commands["api"][:2] == ["serve", "--no-projector"] and services["api"]["deploy"]["replicas"] == 2
    assert commands["projector"] == ["projector"]
    for name, command in commands.items():
        args = parser.parse_args(command)
        assert callable(args.run), name
        env = services[name]["environment"]
        assert env["TALENTLEDGER_DATABASE"].startswith("postgresql://")
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_the_api_and_the_projector_have_healthchecks_on_readiness() -> None:
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    api_check = " ".join(services["api"]["healthcheck"]["test"])
    assert "/health/ready" in api_check and ":8000/" in api_check and "8000" in services["api"]["command"]
    projector_check = services["projector"]["healthcheck"]["test"]
    assert projector_check[0] == "CMD" and projector_check[1] == "talentledger"
    assert build_parser().parse_args(projector_check[2:]).command == "ready"
    for name in ("api", "projector"):  # both wait for the seed import, which must end well
        assert services[name]["depends_on"]["seed"]["condition"] == "service_completed_successfully"
    assert services["seed"]["restart"] == "no" and services["seed"]["healthcheck"]["disable"] is True


def test_a_one_shot_admin_key_is_documented() -> None:
    compose_text = (ROOT / "docker-compose.yml").read_text()
    key = yaml.safe_load(compose_text)["services"]["admin-key"]
    assert key["profiles"] == ["setup"] and key["restart"] == "no"  # never started by `up`
    args = build_parser().parse_args(key["command"])
    assert (args.keys_command, args.role) == ("create", "admin")
    assert "docker compose run --rm admin-key" in compose_text
    assert "docker compose run --rm admin-key" in (ROOT / "docs" / "operations.md").read_text()


def test_the_image_installs_only_the_runtime_lock() -> None:
    runs = " ".join(instructions("RUN"))
    assert "--require-hashes -r requirements.lock" in runs and "requirements-dev.lock" not in runs
    assert "COPY requirements.lock ./" in DOCKERFILE
    test_tools = {"pytest", "pytest-timeout", "hypothesis", "ruff", "mypy"}  # a third of the old image
    assert test_tools <= set(pins("requirements-dev.lock")) and not test_tools & set(pins("requirements.lock"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    for pattern in project["tool"]["setuptools"]["packages"]["find"]["include"]:
        package = pattern.rstrip("*")  # a top-level package and its subpackages: one folder
        assert f"COPY {package} ./{package}" in DOCKERFILE


def test_the_image_runs_as_a_user_owning_its_data() -> None:
    (user,) = instructions("USER")
    assert user not in {"root", "0"}
    assert DOCKERFILE.index("USER ") > DOCKERFILE.index("pip install --no-cache-dir --no-deps .")
    runs = " ".join(instructions("RUN"))
    assert f"useradd --system --uid 10001 --create-home --home-dir /home/{user} {user}" in runs
    assert f"chown {user}:{user} /data" in runs
    env = dict(shlex.split(pair)[0].split("=", 1) for pair in re.findall(r"\w+=\S+", " ".join(instructions("ENV"))))
    assert env["TALENTLEDGER_DATABASE"].startswith("/data/") and exec_form(instructions("VOLUME")[0]) == ["/data"]


def test_the_image_has_a_healthcheck_and_runs_the_cli() -> None:
    (healthcheck,) = instructions("HEALTHCHECK")
    assert "--interval=" in healthcheck and "--timeout=" in healthcheck
    command = exec_form(healthcheck.split("CMD ", 1)[1])
    assert command[:2] == ["python", "-c"] and "/health/ready" in command[2] and "TALENTLEDGER_PORT" in command[2]
    compile(command[2], "HEALTHCHECK", "exec")  # the one-liner is valid Python
    assert exec_form(instructions("ENTRYPOINT")[0]) == ["talentledger"]
    args = build_parser().parse_args(exec_form(instructions("CMD")[-1]))
    assert args.command == "serve" and args.init  # a fresh /data gets its SQLite file


def test_the_build_context_leaves_local_state_out() -> None:
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
               if line.strip() and not line.startswith("#")}
    assert {".git", ".venv", "*.db", "node_modules", "tests"} <= ignored
    copied = {line.split()[1] for line in instructions("COPY")}
    assert not copied & ignored  # nothing the image needs is left out


def test_the_lock_files_name_no_machine_local_index_and_agree() -> None:
    for lock in ("requirements.lock", "requirements-dev.lock"):
        text = (ROOT / lock).read_text()
        assert not re.search(r"^\s*(--extra-index-url|--index-url|--find-links|-f |-i )", text, re.MULTILINE), lock
        assert "file://" not in text and "/opt/" not in text, lock
    runtime, dev = pins("requirements.lock"), pins("requirements-dev.lock")
    assert runtime and all(dev.get(name) == pinned for name, pinned in runtime.items())
