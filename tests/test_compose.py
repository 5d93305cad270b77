"""docker-compose.yml runs the same commands the CLI has (Docker has no engine here to run it)."""

from __future__ import annotations

from pathlib import Path

import yaml

from service.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]


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


def test_the_image_installs_from_the_lock_file() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "--require-hashes -r requirements.lock" in dockerfile
    assert 'ENTRYPOINT ["talentledger"]' in dockerfile
