"""Settings are parsed strictly, documented exactly, and a URL's options reach every connection."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from service.bootstrap import bootstrap
from service.settings import Settings, SettingsError, defaults

ROOT = Path(__file__).resolve().parents[1]


def readme_settings() -> dict[str, str]:
    """Each variable of the README's Configuration table and the default it gives."""
    section = (ROOT / "README.md").read_text().split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(TALENTLEDGER_[A-Z_]+)` \| ([^|]+) \|", section, flags=re.MULTILINE)
    return {variable: default.strip().strip("`") for variable, default in rows}


def test_the_readme_lists_every_setting_with_its_default() -> None:
    assert readme_settings() == defaults()


@pytest.mark.parametrize(("variable", "value", "expected"), [
    ("TALENTLEDGER_PRODUCTION", "ture", "expected true or false"),
    ("TALENTLEDGER_PUBLIC_READS", "", "expected true or false"),
    ("TALENTLEDGER_PORT", "abc", "expected an integer from 1 to 65535"),
    ("TALENTLEDGER_PORT", "70000", "expected an integer from 1 to 65535"),
    ("TALENTLEDGER_POOL_SIZE", "0", "expected an integer >= 1"),
    ("TALENTLEDGER_WAIT_FOR_TIMEOUT", "nan", "expected a number > 0"),
    ("TALENTLEDGER_DATABASE", "mysql://u:pw@db/x", "expected a SQLite file path or a postgresql:// URL"),
    ("TALENTLEDGER_DATABASE", "postgresql://u:pw@db/x?sslmod=require", 'invalid URI query parameter: "sslmod"'),
    ("TALENTLEDGER_CORS_ORIGINS", "dash.example", "expected comma-separated origins"),
    ("TALENTLEDGER_HOST", " ", "expected a host name or address"),
])
def test_a_bad_value_names_its_variable_and_what_it_accepts(variable: str, value: str, expected: str) -> None:
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({variable: value})
    (line,) = str(refused.value).splitlines()
    assert line.startswith(f"{variable}=") and expected in line
    assert ":pw@" not in line  # passwords are never repeated back


def test_an_unknown_variable_is_a_typo() -> None:
    with pytest.raises(SettingsError, match=r"TALENTLEDGER_PUBLIC_READ: not a setting \(did you mean "
                                            r"TALENTLEDGER_PUBLIC_READS\?\)"):
        Settings.from_env({"TALENTLEDGER_PUBLIC_READ": "false"})
    Settings.from_env({"TALENTLEDGER_TEST_POSTGRES": "postgresql://x/y", "OTHER": "1"})  # not ours: fine


def test_good_values_are_read() -> None:
    settings = Settings.from_env({
        "TALENTLEDGER_PRODUCTION": "yes", "TALENTLEDGER_PORT": "8080", "TALENTLEDGER_WAIT_FOR_TIMEOUT": "2.5",
        "TALENTLEDGER_CORS_ORIGINS": "https://a.example, http://b.example:8080/", "TALENTLEDGER_METRICS_KEY": "s",
        "TALENTLEDGER_DATABASE": "postgres://u@db:5433/ledger?sslmode=disable",
    })
    assert settings.production is True and settings.port == 8080 and settings.wait_for_timeout_s == 2.5
    assert settings.cors_origins == ("https://a.example", "http://b.example:8080")
    assert settings.websocket_origins == settings.cors_origins and settings.metrics_key == "s"
    assert settings.is_postgres


def test_url_options_reach_the_event_store_and_the_read_models(database_url: str) -> None:
    if not database_url.startswith("postgresql://"):
        pytest.skip("options after ? are a PostgreSQL URL's")
    options = "application_name=ledger-options-test&options=-c%20work_mem%3D5MB"
    components = bootstrap(Settings(database=f"{database_url}?{options}", pool_size=2, statement_timeout_ms=7000))
    try:
        with components.store.recorder.datastore.get_connection() as conn:
            assert conn.execute("SHOW application_name").fetchone()["application_name"] == "ledger-options-test"
            assert conn.execute("SHOW work_mem").fetchone()["work_mem"] == "5MB"
        with components.db.read() as cur:
            shown = []
            for setting in ("application_name", "work_mem", "statement_timeout"):
                cur.execute(f"SHOW {setting}")
                shown.append(cur.fetchone()[0])
            assert shown == ["ledger-options-test", "5MB", "7s"]  # the URL's options and ours
    finally:
        components.close()
