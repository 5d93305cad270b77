"""The publisher page over HTTP on the seed data, both backends: the track record as the API gives
it, its calls, the time controls, the link from a source page, and readable errors."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import httpx

from tests.explorer.conftest import main_text, page
from tests.support.client import add_report, answer, data, register_source
from tests.support.server import LiveServer

BLOOMBERG = "/explore/publishers/Bloomberg"
RECORD = "calls confirmed denied retracted pending hitRate"


def record(http: httpx.Client, **cutoffs: str) -> dict[str, object]:
    args = ", ".join(f'{k}: "{v}"' for k, v in cutoffs.items())
    document = f'{{ publisher(name: "bloomberg") {{ trackRecord{f"({args})" if args else ""} {{ {RECORD} }} }} }}'
    return dict(answer(http, document)["publisher"]["trackRecord"])


def shown(soup: object) -> dict[str, str]:
    terms = soup.select("dl.record dt")  # type: ignore[attr-defined]
    return {dt.get_text(): dt.find_next_sibling("dd").get_text() for dt in terms}


def test_the_publisher_page_shows_the_track_record_the_api_gives(http: httpx.Client) -> None:
    soup = page(http, BLOOMBERG)
    assert soup.h1.get_text() == "Bloomberg"
    expected = record(http)
    facts = shown(soup)
    assert expected["calls"] and facts["Calls"] == str(expected["calls"])
    assert [facts[k] for k in ("Confirmed", "Denied", "Retracted", "Pending")] == [
        str(expected[k]) for k in ("confirmed", "denied", "retracted", "pending")]
    rows = soup.select("table.calls tbody tr")
    assert len(rows) == expected["calls"]
    assert {r.select_one(".outcome").get_text() for r in rows} <= {"confirmed", "denied", "retracted", "pending"}
    assert all(r.select_one("a[href^='/explore/claims/']") for r in rows)
    resolved = expected["confirmed"] + expected["denied"] + expected["retracted"]
    drawn = soup.select_one("figure svg[role=img]")
    assert (drawn is not None) == (resolved > 0)  # a rate is drawn only when some call is resolved
    sources = [a["href"] for a in soup.select("ul.sources a")]
    assert len(sources) == 3 and all(h.startswith("/explore/sources/bloomberg-") for h in sources)


def test_known_at_before_the_first_call_shows_no_calls_and_keeps_the_question(http: httpx.Client) -> None:
    soup = page(http, BLOOMBERG, knownAt="2025-07-01")
    assert shown(soup)["Calls"] == "0" and "No call of Bloomberg is known" in main_text(soup)
    assert "none yet" in shown(soup)["Hit rate"]
    later = page(http, BLOOMBERG, knownAt="2025-08-01")
    assert shown(later)["Calls"] == str(record(http, knownAt="2025-08-01T00:00:00Z")["calls"])
    for href in [a["href"] for a in later.select("main a[href^='/explore/']")]:
        assert parse_qs(urlparse(href).query)["knownAt"] == ["2025-08-01"], href


def test_the_calls_filter_by_outcome(http: httpx.Client) -> None:
    pending = page(http, BLOOMBERG, outcome="PENDING")
    rows = pending.select("table.calls tbody tr .outcome")
    assert len(rows) == record(http)["pending"] and {r.get_text() for r in rows} <= {"pending"}
    assert pending.select_one("select[name=outcome] option[selected]")["value"] == "PENDING"


def test_a_source_page_links_its_publishers_page(http: httpx.Client) -> None:
    soup = page(http, "/explore/sources/wenguzhixin-ruoming-pang-to-meta", knownAt="2026-01-01")
    hrefs = [a["href"] for a in soup.select("main a[href^='/explore/publishers/']")]
    own = urlparse(hrefs[0])
    assert own.path == "/explore/publishers/%E6%B8%A9%E6%95%85%E6%99%BA%E6%96%B0AIGC%E5%AE%9E%E9%AA%8C%E5%AE%A4"
    assert parse_qs(own.query)["knownAt"] == ["2026-01-01"]
    assert urlparse(hrefs[1]).path == BLOOMBERG  # what it cites: its reports count for Bloomberg
    relay = page(http, own.path)
    assert relay.h1.get_text() == "温故智新AIGC实验室" and shown(relay)["Calls"] == "0"


def test_publisher_page_errors_are_readable(http: httpx.Client) -> None:
    assert "No source has the publisher" in main_text(page(http, "/explore/publishers/Nobody", 404))
    page(http, BLOOMBERG, 400, outcome="MAYBE")
    page(http, BLOOMBERG, 400, after="not a cursor!")


def test_a_confirmation_by_another_publisher_draws_the_hit_rate_with_its_interval(
    http: httpx.Client, site: LiveServer
) -> None:
    # Runs last in this module: its write only adds to what the tests above compare with the API.
    before = record(http)
    calls = answer(http, '{ publisher(name: "Bloomberg") { calls(outcome: PENDING, first: 1) {'
                         ' edges { node { claim { id } } } } } }')
    claim = calls["publisher"]["calls"]["edges"][0]["node"]["claim"]["id"]
    with site.client("reporter") as reporter:
        data(register_source(reporter, "reuters-later", "Reuters", "2026-09-02T00:00:00Z"))
        data(add_report(reporter, claimId=claim, sourceId="reuters-later", status="CONFIRMED"))
    after = record(http)
    assert after["confirmed"] == before["confirmed"] + 1 and after["pending"] == before["pending"] - 1  # type: ignore[operator]
    soup = page(http, BLOOMBERG)
    assert shown(soup)["Confirmed"] == str(after["confirmed"])
    assert shown(soup)["Hit rate"].startswith(f"{round(after['hitRate'] * 100)}%")  # type: ignore[operator]
    chart = soup.select_one("figure svg[role=img]")
    resolved = after["confirmed"] + after["denied"] + after["retracted"]  # type: ignore[operator]
    assert chart.title.get_text().startswith("Bloomberg: hit rate")
    assert f"{after['confirmed']} of {resolved} resolved calls confirmed" in chart.desc.get_text()
    confirmed = [row for row in soup.select("table.calls tbody tr") if claim in str(row)]
    assert confirmed and confirmed[0].select_one(".outcome").get_text() == "confirmed"
    # Before Reuters said so, the call was still pending.
    assert shown(page(http, BLOOMBERG, knownAt="2026-09-01"))["Confirmed"] == str(before["confirmed"])
