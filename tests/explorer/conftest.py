"""A server holding the seed data, one per module and backend, for the explorer's tests; and the
HTML helpers they share."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from bs4 import BeautifulSoup

from tests.support.databases import BACKENDS, fresh_components, seed
from tests.support.server import LiveServer, run_server


def seeded(backend: str, directory: Path) -> Iterator[LiveServer]:
    with fresh_components(backend, directory) as components:
        position = seed(components, "cli:seed")
        for server in run_server(components):
            # The server's projector catches up with the import before the first page is asked.
            assert components.projector.wait_for(position, 30)
            yield server


@pytest.fixture(scope="module", params=BACKENDS)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The seed data served on each backend."""
    yield from seeded(request.param, tmp_path_factory.mktemp("explorer"))


@pytest.fixture
def http(site: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=site.base_url, timeout=15, follow_redirects=False) as client:
        yield client


def page(client: httpx.Client, url: str, status: int = 200, **params: Any) -> BeautifulSoup:
    """A page's parsed HTML, after checking its status and that it is a self-contained page."""
    response = client.get(url, params=params or None)
    assert response.status_code == status, (url, response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    soup = BeautifulSoup(response.text, "html.parser")
    assert_self_contained(soup)
    return soup


def assert_self_contained(soup: BeautifulSoup) -> None:
    """Nothing loaded from elsewhere, nothing inline that the policy would refuse."""
    for tag in soup.find_all(["script", "link", "img", "iframe", "source", "object"]):
        for attribute in ("src", "href"):
            value = tag.get(attribute)
            if value and not (tag.name == "link" and tag.get("rel") == ["external"]):
                assert str(value).startswith("/"), f"{tag.name} loads {value}"
    assert not [s for s in soup.find_all("script") if s.string and s.string.strip()], "inline script"
    assert not soup.find_all(attrs={"style": True}), "inline style attribute"
    assert not soup.find_all("style"), "inline style element"


def main_text(soup: BeautifulSoup) -> str:
    main = soup.find("main")
    assert main is not None
    return " ".join(main.get_text(" ").split())
