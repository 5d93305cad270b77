"""The explorer and GraphiQL in a real browser (headless Chromium from the system, driven by
Playwright): each page renders the seed data, the controls change the answer, nothing is
requested from anywhere but the server, and the console stays free of errors. Screenshots go to
tests/output/screenshots/ for people to look at.

Skipped when Chromium or Playwright is missing, unless TALENTLEDGER_TEST_REQUIRE_BROWSER=1 (CI sets
it), which makes their absence a failure instead.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.explorer.conftest import seeded
from tests.support.client import answer
from tests.support.databases import seed_lines
from tests.support.server import LiveServer

CHROMIUM = Path(os.environ.get("TALENTLEDGER_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
SHOTS = Path(__file__).resolve().parents[1] / "output" / "screenshots"


def _missing() -> str | None:
    if not CHROMIUM.exists() and not shutil.which(str(CHROMIUM)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the browser tests (this module). Not kept for the session:
    while Playwright's sync API is open, the main thread counts as running an event loop, and
    later tests that call ``asyncio.run`` would fail."""
    missing = _missing()
    if missing:
        if os.environ.get("TALENTLEDGER_TEST_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required but {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, timeout=30_000)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The seed data on SQLite (the HTTP tests cover both backends; the browser sees HTML)."""
    yield from seeded("sqlite", tmp_path_factory.mktemp("browser"))


@dataclass
class Tab:
    """A browser tab on the server, recording what it asks for and what its console says."""

    page: Any
    base: str
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: str) -> Any:
        return self.page.goto(self.base + path, wait_until="load")

    def main(self) -> str:
        return str(self.page.inner_text("main"))

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    def check(self, allowed: str | None = None) -> None:
        """Since the last check: nothing fetched from outside, no console error (but ``allowed``,
        e.g. an error page's own status)."""
        assert not self.outside, f"requested from outside the server: {self.outside}"
        errors = [e for e in self.errors if not (allowed and allowed in e)]
        assert not errors, f"console errors: {errors}"
        self.errors.clear()


@pytest.fixture
def tab(browser: Any, shop: LiveServer) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    tab = Tab(page, shop.base_url)

    def route(route: Any) -> None:
        if route.request.url.startswith((shop.base_url, shop.ws_url)):
            route.continue_()
        else:
            tab.outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and tab.errors.append(m.text))
    page.on("pageerror", lambda e: tab.errors.append(f"uncaught: {e}"))
    yield tab
    context.close()


def test_a_person_page_and_its_time_controls(tab: Tab) -> None:
    tab.open("/explore/people/ruoming-pang")
    assert tab.page.inner_text("h1") == "Ruoming Pang"
    assert tab.page.locator("figure.chart svg g.stint").count() == 4
    assert "OpenAI" in tab.main()
    tab.shot("person")
    tab.page.fill("#c-at", "2025-08-15")
    tab.page.fill("#c-known", "2025-08-01")
    tab.page.click("button:has-text('Ask')")
    tab.page.wait_for_url(re.compile(r"knownAt=2025-08-01"))
    assert "OpenAI" not in tab.main()
    assert "as publicly known on 1 August 2025" in tab.page.inner_text(".controls .question")
    tab.shot("person-known-at-2025-08-01")
    tab.page.click("text=Show everything known now >> nth=0")
    tab.page.wait_for_url(re.compile(r"^(?!.*knownAt)"))
    assert "OpenAI" in tab.main()
    tab.check()


def ask(shop: LiveServer, query: str) -> Any:
    with shop.client() as client:
        return answer(client, query)


def test_an_organization_page_moves_with_its_date_control(tab: Tab, shop: LiveServer) -> None:
    tab.open("/explore/organizations/apple-foundation-models?at=2025-06-01")
    rows = tab.page.locator("table.roster tbody tr")
    roster = ask(shop, '{ organization(id: "apple-foundation-models") { roster(at: "2025-06-01") {'
                       ' edges { node { certainty } } } } }')
    assert rows.count() == len(roster["organization"]["roster"]["edges"]) >= 4  # Pang, Du, Peebles, Meng
    tab.shot("organization")
    tab.page.fill("#c-at", "2026-06-01")
    tab.page.click("button:has-text('Ask')")
    tab.page.wait_for_url(re.compile(r"at=2026-06-01"))
    assert "Nobody is known to be there" in tab.main()
    tab.open("/explore/organizations/meta?at=2025-08-15&knownAt=2025-08-01")
    titles = tab.page.locator("svg[aria-labelledby^=headcount] g > title").all_text_contents()
    now = [t for t in titles if t.startswith("as known now")]
    assert len(now) == 25 and len([t for t in titles if t.startswith("as known on 1 August 2025")]) == 25
    tab.shot("organization-headcount-twice")
    tab.check()


def test_flows_sources_claims_and_changes_render(tab: Tab, shop: LiveServer) -> None:
    tab.open("/explore/flows?from=2025-01-01&to=2025-12-31")
    flows = ask(shop, '{ flows(from: "2025-01-01", to: "2025-12-31") { count } }')["flows"]
    assert tab.page.locator("svg g.flow").count() == len(flows) >= 5
    tab.shot("flows")
    tab.open("/explore/sources/wenguzhixin-ruoming-pang-to-meta")
    claims = ask(shop, '{ source(id: "wenguzhixin-ruoming-pang-to-meta") { claims { id } } }')["source"]["claims"]
    assert tab.page.locator("table.claims tbody tr").count() == len(claims) >= 7
    tab.shot("source")
    tab.page.click("table.claims a[href^='/explore/claims/'] >> nth=0")
    tab.page.wait_for_url(re.compile(r"/explore/claims/"))
    assert tab.page.locator("table.reports tbody tr").count() >= 1
    tab.shot("claim")
    tab.open("/explore/changes")
    last = len(seed_lines())  # each line of the seed records one event; a page holds 50
    assert tab.page.inner_text("table.events tbody tr >> nth=0").startswith(str(last))
    tab.shot("changes")
    tab.page.click("text=Older")
    assert tab.page.inner_text("table.events tbody tr >> nth=0").startswith(str(last - 50))
    tab.check()


def test_a_source_page_leads_to_its_publishers_track_record(tab: Tab) -> None:
    tab.open("/explore/sources/bloomberg-apple-ai-team-turmoil")
    tab.page.click("dl.facts a[href^='/explore/publishers/']")
    tab.page.wait_for_url(re.compile(r"/explore/publishers/Bloomberg"))
    assert tab.page.inner_text("h1") == "Bloomberg"
    with httpx.Client(base_url=tab.base) as http:
        record = answer(http, '{ publisher(name: "Bloomberg") { trackRecord { calls confirmed } } }')
    expected = record["publisher"]["trackRecord"]
    assert tab.page.locator("table.calls tbody tr").count() == expected["calls"] > 0
    tab.shot("publisher")
    tab.page.select_option("#c-outcome", "CONFIRMED")
    tab.page.click("button:has-text('Ask')")
    tab.page.wait_for_url(re.compile(r"outcome=CONFIRMED"))
    if expected["confirmed"]:
        assert tab.page.locator("table.calls tbody tr").count() == expected["confirmed"]
    else:
        assert "No call of Bloomberg is known" in tab.main()
    tab.check()


def test_search_by_alias_from_any_page_and_keyboard_first(tab: Tab) -> None:
    tab.open("/explore/flows")
    tab.page.keyboard.press("Tab")
    assert tab.page.evaluate("document.activeElement.textContent") == "Skip to the answer"
    tab.page.fill("#search-q", "庞若鸣")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url(re.compile(r"/explore/search"))
    tab.shot("search")
    tab.page.click("main .lists a:has-text('Ruoming Pang')")
    tab.page.wait_for_url(re.compile(r"/explore/people/ruoming-pang"))
    tab.open("/explore")
    tab.shot("start")
    tab.check()


def test_a_bad_parameter_is_a_readable_page_and_print_drops_the_controls(tab: Tab) -> None:
    response = tab.open("/explore/people/ruoming-pang?at=2025-13-01")
    assert response.status == 400
    assert tab.page.inner_text("article.error h1") == "This question cannot be asked"
    tab.shot("error-400")
    tab.check(allowed="status of 400")
    tab.open("/explore/people/ruoming-pang")
    tab.page.emulate_media(media="print")
    assert tab.page.locator(".controls form").is_hidden()
    assert tab.page.locator("figure.chart svg").is_visible()
    tab.check()


def test_graphiql_loads_offline_and_runs_a_query(tab: Tab) -> None:
    from playwright.sync_api import expect

    tab.open("/graphql")
    tab.page.wait_for_selector(".graphiql-execute-button", timeout=20_000)
    tab.page.click(".graphiql-execute-button")
    result = tab.page.locator(".result-window")  # a locator: the page's policy forbids eval
    expect(result).to_contain_text("meta-superintelligence-labs", timeout=20_000)
    tab.shot("graphiql")
    tab.open("/explore/people/ruoming-pang?knownAt=2025-08-01")
    tab.page.click("text=open it in GraphiQL")
    tab.page.wait_for_selector(".graphiql-execute-button", timeout=20_000)
    tab.page.click(".graphiql-execute-button")
    expect(result).to_contain_text("Ruoming Pang", timeout=20_000)
    assert "OpenAI" not in result.inner_text()
    tab.check()
