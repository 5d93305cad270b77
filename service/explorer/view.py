"""What every page shares: the Jinja environment and its filters, the security headers, and the
reading of GraphQL values (moments, visibility of a report under ``knownAt`` and ``asOf``)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

from service.explorer import words
from service.explorer.controls import Controls, in_utc

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

# Every asset comes from this server; nothing inline (no <script> or style="" in a page), no
# framing, forms only to this server, no Referer sent to the sites of the sources linked.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


def moment(value: str | None) -> datetime | None:
    """A GraphQL DateTime as an aware UTC datetime."""
    if value is None:
        return None
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return in_utc(parsed)


def known(report: dict[str, Any], controls: Controls) -> bool:
    """Whether a report was published by ``knownAt`` and recorded by ``asOf``: whether it
    belongs in a page that answers as of those moments."""
    published, recorded = moment(report.get("publishedAt")), moment(report.get("recordedAt"))
    if controls.known_at and published and published > controls.known_at:
        return False
    return not (controls.as_of and recorded and recorded > controls.as_of)


def org_label(org: dict[str, Any]) -> str:
    """``Meta Superintelligence Labs (Meta)`` for a unit, the name alone for a company."""
    parent = org.get("parent")
    return f"{org['name']} ({parent['name']})" if parent else str(org["name"])


def _moment_filter(value: str | None) -> str:
    found = moment(value)
    return words.moment_words(found) if found else ""


def _day_filter(value: str | None) -> str:
    found = moment(value)
    return words.day_words(found.date()) if found else ""


def _stamp(value: str | None) -> str:
    """A moment for a table cell: ``2026-11-26 12:59:22 UTC``."""
    found = moment(value)
    return found.strftime("%Y-%m-%d %H:%M:%S UTC") if found else ""


def _iso_day(value: str | None) -> str:
    found = moment(value)
    return found.date().isoformat() if found else ""


def environment() -> Environment:
    """Autoescaping, strict about undefined names (a typo is an error, not an empty cell)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )
    env.filters.update(
        moment=_moment_filter, stamp=_stamp, day=_day_filter, iso_day=_iso_day, fuzzy=words.fuzzy_words,
        day_words=words.day_words, lower_status=lambda s: str(s).lower(),
    )
    return env


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    """The explorer's templates, for ``Litestar(template_config=...)``."""
    return TemplateConfig(instance=JinjaTemplateEngine.from_environment(environment()))
