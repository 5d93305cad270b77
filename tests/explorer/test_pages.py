"""The explorer's server-rendered pages over HTTP, without a browser: what each page shows of the
seed data, that the time controls change the answer and travel in links, that each chart has its
numbers in a table, and that a bad parameter is a readable error page."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import httpx

from tests.explorer.conftest import main_text, page
from tests.support.client import answer
from tests.support.databases import seed_lines

PANG = "/explore/people/ruoming-pang"
AUGUST = {"knownAt": "2025-08-01", "at": "2025-08-15"}


def links(soup: object, prefix: str) -> list[str]:
    return [a["href"] for a in soup.select(f"main a[href^='{prefix}']")]  # type: ignore[attr-defined]


def test_the_front_door_leads_to_the_explorer(http: httpx.Client) -> None:
    response = http.get("/")
    assert response.status_code == 302 and response.headers["location"].endswith("/explore")
    start = page(http, "/explore")
    assert {a.get_text() for a in start.select("main .lists a")} >= {"Ruoming Pang", "Apple", "Meta"}
    assert start.select_one("form[role=search] input[name=q]") is not None


def test_a_person_page_shows_the_employer_timeline_and_claims(http: httpx.Client) -> None:
    soup = page(http, PANG)
    assert soup.h1.get_text() == "Ruoming Pang"
    assert soup.select_one(".aliases [lang=zh]").get_text() == "庞若鸣"
    chart = soup.select_one("figure.chart svg[role=img]")
    title_id, desc_id = chart["aria-labelledby"].split()
    assert chart.select_one(f"#{title_id}").get_text() == "Timeline of Ruoming Pang"
    assert chart.select_one(f"#{desc_id}").get_text()
    timeline = answer(http, '{ person(id: "ruoming-pang") { timeline { organization { name } } } }')
    stints = [s["organization"]["name"] for s in timeline["person"]["timeline"]]
    assert len(chart.select("g.stint")) == len(stints)
    assert [r.th.a.get_text() for r in soup.select("table.stints tbody tr")] == stints
    assert "openai" in links(soup, "/explore/organizations/")[0]  # the employer today, first
    claims = answer(http, '{ person(id: "ruoming-pang") { claims { id } } }')["person"]["claims"]
    assert len(soup.select("section.claim")) == len(claims) >= 3  # Google -> Apple -> Meta -> OpenAI
    assert len(soup.select("table.history tbody tr")) >= 9


def test_known_at_in_august_2025_does_not_show_openai(http: httpx.Client) -> None:
    now, then = page(http, PANG), page(http, PANG, **AUGUST)
    assert "OpenAI" in main_text(now)
    assert "OpenAI" not in main_text(then)
    assert not [h for h in links(then, "/explore/organizations/") if "/openai" in h]
    employer = then.select_one("section.answer .lead")
    # Known only to the year then, but reported in July: certain by 15 August
    # (docs/rules.md#publication-bounds).
    assert "Meta Superintelligence Labs" in employer.get_text() and "certain" in employer.get_text()
    claims = answer(http, '{ person(id: "ruoming-pang") { claims { reports { publishedAt } } } }')["person"]["claims"]
    later = [c for c in claims if min(r["publishedAt"] for r in c["reports"]) > "2025-08-01T00:00:00Z"]
    assert later, "the move to OpenAI was published in March 2026"
    noun = "claims" if len(later) != 1 else "claim"
    assert f"{len(later)} {noun} published after" in main_text(then)
    assert "As publicly known on 1 August 2025" in then.select_one(".controls .question").get_text().replace(
        "as publicly", "As publicly")


def test_links_keep_the_question_and_pin_fixes_the_answer(http: httpx.Client) -> None:
    soup = page(http, PANG, **AUGUST)
    for href in links(soup, "/explore/organizations/") + links(soup, "/explore/sources/"):
        query = parse_qs(urlparse(href).query)
        assert query["knownAt"] == ["2025-08-01"] and query["at"] == ["2025-08-15"], href
    pin = parse_qs(urlparse(soup.find("a", string="Pin this answer")["href"]).query)
    assert pin["at"] == ["2025-08-15"] and pin["knownAt"] == ["2025-08-01"] and pin["asOf"][0].endswith("Z")
    pinned = page(http, PANG, **{k: v[0] for k, v in pin.items()})
    for part in ("section.answer", "table.stints", "#claims-heading + p"):
        assert pinned.select_one(part).get_text() == soup.select_one(part).get_text()
    assert len(pinned.select("section.claim")) == len(soup.select("section.claim"))


def test_blank_form_fields_redirect_to_the_short_link(http: httpx.Client) -> None:
    response = http.get(PANG, params={"at": "2025-08-15", "knownAt": "", "asOf": "", "minStatus": ""})
    assert response.status_code == 303
    assert response.headers["location"] == f"{PANG}?at=2025-08-15"


def test_bad_parameters_are_readable_error_pages(http: httpx.Client) -> None:
    cases = [
        (PANG, {"at": "2025-13-01"}, 400, "at"),
        (PANG, {"knownAt": "last summer"}, 400, "knownAt"),
        (PANG, {"minStatus": "DENIED"}, 400, "minStatus"),
        (PANG, {"minSources": "0"}, 400, "minSources"),
        ("/explore/organizations/apple", {"from": "2026-01-01", "to": "2025-01-01"}, 400, "from"),
        ("/explore/organizations/apple", {"certainty": "MAYBE"}, 400, "certainty"),
        ("/explore/flows", {"from": "2025-12-31", "to": "2025-01-01"}, 400, "from"),
        ("/explore/changes", {"before": "newest"}, 400, "before"),
        (PANG, {"changesAfter": "yesterday"}, 400, "changesAfter"),
        ("/explore/people/nobody-at-all", {}, 404, None),
        ("/explore/nowhere", {}, 404, None),
    ]
    for url, params, status, field in cases:
        soup = page(http, url, status, **params)
        assert soup.select_one("article.error[role=alert] h1").get_text()
        if field:
            assert soup.select_one("article.error code").get_text() == field, (url, params)


def test_an_organization_page_shows_the_roster_on_the_date_with_certainty(http: httpx.Client) -> None:
    url = "/explore/organizations/apple"
    everyone = page(http, url, at="2025-06-01")
    names = [r.th.get_text(strip=True) for r in everyone.select("table.roster tbody tr")]
    roster = answer(http, '{ organization(id: "apple") { roster(at: "2025-06-01") {'
                           ' edges { node { person { name } certainty } } } } }')
    edges = [e["node"] for e in roster["organization"]["roster"]["edges"]]
    assert names == [e["person"]["name"] for e in edges] and "Ruoming Pang" in names
    certainty = [r.select_one(".certainty").get_text() for r in everyone.select("table.roster tbody tr")]
    assert certainty == [e["certainty"].lower() for e in edges]
    certain = page(http, url, at="2025-06-01", certainty="CERTAIN")
    assert [r.th.get_text(strip=True) for r in certain.select("table.roster tbody tr")] == ["Ruoming Pang"]
    # Apple itself is never empty (Federighi and Cue are observed there, dates open); its
    # foundation-models team is, once everyone reported leaving it has left.
    later = page(http, "/explore/organizations/apple-foundation-models", at="2026-06-01")
    assert "Nobody is known to be there" in main_text(later)


def test_headcount_is_drawn_twice_with_known_at_and_tabled_with_the_same_numbers(http: httpx.Client) -> None:
    soup = page(http, "/explore/organizations/meta", at="2025-08-15", knownAt="2025-08-01",
                **{"from": "2023-08-01", "to": "2026-08-01"})
    legend = soup.select_one("svg[aria-labelledby^=headcount]").get_text()
    assert "as known now" in legend and "as known on 1 August 2025" in legend
    counts = answer(http, '{ organization(id: "meta") { now: headcount(from: "2023-08-01", to: "2026-08-01")'
                           ' { date certain possible } then: headcount(from: "2023-08-01", to: "2026-08-01",'
                           ' knownAt: "2025-08-01T00:00:00Z") { date certain possible } } }')["organization"]
    cells = {}
    years = [th.get_text() for th in soup.select("table.headcount thead th")][1:]
    for row in soup.select("table.headcount tbody tr"):
        for year, cell in zip(years, row.select("td"), strict=True):
            if cell.get_text(strip=True):
                cells[(year, row.th.get_text())] = cell.get_text(" ", strip=True)
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    for now, then in zip(counts["now"], counts["then"], strict=True):
        key = (now["date"][:4], months[int(now["date"][5:7]) - 1])
        assert cells[key] == f"{now['certain']} / {now['possible']} {then['certain']} / {then['possible']}"
    one = page(http, "/explore/organizations/meta", at="2025-08-15")
    assert "as known on" not in one.select_one("svg[aria-labelledby^=headcount]").get_text()


def test_flows_list_each_pair_with_its_people_in_the_diagram_and_the_table(http: httpx.Client) -> None:
    soup = page(http, "/explore/flows", **{"from": "2025-01-01", "to": "2025-12-31"})
    flows = answer(http, '{ flows(from: "2025-01-01", to: "2025-12-31") { from { name } to { name } count'
                          ' people { name } } }')["flows"]
    rows = soup.select("table.flows tbody tr")
    assert len(rows) == len(flows) == len(soup.select("svg g.flow"))
    for row, flow in zip(rows, flows, strict=True):
        cells = [c.get_text(" ", strip=True) for c in row.select("td")]
        assert cells[:3] == [flow["from"]["name"], flow["to"]["name"], str(flow["count"])]
        assert [a.get_text() for a in row.select("td a[href^='/explore/people/']")] == [
            p["name"] for p in flow["people"]]
    bands = {g.title.get_text().split(":")[0]: [t.get_text() for t in g.select("text")] for g in soup.select("g.flow")}
    for flow in flows:
        assert bands[f"{flow['from']['name']} to {flow['to']['name']}"] == [p["name"] for p in flow["people"]]
    empty = page(http, "/explore/flows", **{"from": "2019-01-01", "to": "2019-12-31"})
    assert "No moves between companies" in main_text(empty)


def test_a_source_page_shows_what_it_cites_and_every_claim_it_supports(http: httpx.Client) -> None:
    source = "szf-2025-07-24-apple-ai-team-departures"
    soup = page(http, f"/explore/sources/{source}")
    cites = [a.get_text() for a in soup.select("dl.facts dd a[href^='/explore/sources/']")]
    assert cites == ["36氪"]  # szf relays 36Kr; 36Kr relays Bloomberg only for the pay figure (a note)
    claims = answer(http, f'{{ source(id: "{source}") {{ claims {{ id }} }} }}')["source"]["claims"]
    assert len(soup.select("table.claims tbody tr")) == len(claims) >= 1
    source = "wenguzhixin-ruoming-pang-to-meta"
    wenguzhixin = page(http, f"/explore/sources/{source}")
    claims = answer(http, f'{{ source(id: "{source}") {{ claims {{ id }} }} }}')["source"]["claims"]
    assert wenguzhixin.h1["lang"] == "zh" and len(wenguzhixin.select("table.claims tbody tr")) == len(claims) >= 7


def test_a_claim_page_hides_reports_published_after_known_at(http: httpx.Client) -> None:
    claims = answer(http, '{ person(id: "ruoming-pang") { claims { id kind effective { value }'
                           ' toOrganization { id } reports { publishedAt } } } }')["person"]["claims"]
    # Pang's move to Meta: one claim, reported from July 2025 (002) to March 2026 (003).
    claim = next(c for c in claims if c["toOrganization"]["id"] == "meta-superintelligence-labs")
    url = f"/explore/claims/{claim['id']}"
    published = sorted(r["publishedAt"] for r in claim["reports"])
    assert published[0] < "2025-08-01" < published[-1]
    assert len(page(http, url).select("table.reports tbody tr")) == len(published)
    assert len(page(http, url, knownAt="2025-08-01").select("table.reports tbody tr")) == len(
        [p for p in published if p <= "2025-08-01"])
    assert len(page(http, url, knownAt="2025-07-01").select("table.reports tbody tr")) == 0


def test_the_change_feed_pages_newest_first_without_gaps(http: httpx.Client) -> None:
    first = page(http, "/explore/changes")
    positions = [int(td.get_text()) for td in first.select("table.events tbody td.num")]
    last = len(seed_lines())  # each line of the seed records one event
    assert positions == sorted(positions, reverse=True) and positions[0] == last and len(positions) == 50
    older = first.find("a", string="Older")["href"]
    second = page(http, older)
    rest = [int(td.get_text()) for td in second.select("table.events tbody td.num")]
    assert positions + rest == list(range(last, last - len(positions) - len(rest), -1))
    assert first.select_one("table.events a[href^='/explore/claims/']") is not None
    pang = "table.events a[href='/explore/people/ruoming-pang']"  # his registration, 20th in the seed
    assert first.select_one(pang) is not None or second.select_one(pang) is not None


def test_the_changes_page_shows_the_beliefs_each_event_changed(http: httpx.Client) -> None:
    shown = [page(http, "/explore/changes"), page(http, "/explore/changes", before="9")]
    beliefs = [li for p in shown for li in p.select("table.events ul.beliefs li")]
    assert beliefs, "the seed's reports change timelines"
    added = [li for li in beliefs if "stint_added" in li["class"]]
    assert added and all(li.select_one("a[href^='/explore/people/']") for li in added)
    assert all(li.select_one("a[href^='/explore/organizations/']") for li in added)


BELIEFS = """query ($person: ID, $org: ID, $after: String) {
  beliefChanges(personId: $person, organizationId: $org, first: 50, after: $after) {
    edges { node { kind person { id } cause { type } } } pageInfo { hasNextPage endCursor } } }"""


def test_person_and_organization_pages_say_what_changed_and_why(http: httpx.Client) -> None:
    changes = answer(http, BELIEFS, person="ruoming-pang")["beliefChanges"]["edges"]
    assert changes, "the seed's reports about Pang change his timeline"
    rows = page(http, PANG).select("section[aria-labelledby=changed-heading] table.belief-changes tbody tr")
    assert [r["class"][1] for r in rows] == [c["node"]["kind"].lower() for c in changes]
    assert [r.select("td")[4].a.get_text() for r in rows] == [c["node"]["cause"]["type"] for c in changes]
    assert all(r.select_one("a[href^='/explore/changes?before=']") for r in rows)
    # In August 2025 the move to OpenAI (published in March 2026) was not public: its changes are
    # left out, and counted, as the history leaves out its event.
    then = page(http, PANG, **AUGUST).select_one("section[aria-labelledby=changed-heading]")
    assert 0 < len(then.select("table.belief-changes tbody tr")) < len(rows)
    assert "OpenAI" not in then.get_text() and "left out" in then.select_one("p.note").get_text()
    # Apple's rosters changed with several people's stints: each row names whose.
    apple = answer(http, BELIEFS, org="apple")["beliefChanges"]
    shown = page(http, "/explore/organizations/apple").select("table.belief-changes tbody tr")
    assert len(shown) == len(apple["edges"]) and len({c["node"]["person"]["id"] for c in apple["edges"]}) > 1
    assert [r.select("td")[1].a["href"].split("?")[0] for r in shown] == [
        f"/explore/people/{c['node']['person']['id']}" for c in apple["edges"]]
    following = page(http, "/explore/organizations/apple").select_one("nav[aria-label='Pages of changes'] a")
    assert (following is not None) == apple["pageInfo"]["hasNextPage"]


def test_search_finds_people_and_organizations_by_any_alias(http: httpx.Client) -> None:
    pang = page(http, "/explore/search", q="庞若鸣")
    assert [a.get_text() for a in pang.select("main .lists a")] == ["Ruoming Pang"]
    apple = page(http, "/explore/search", q="苹果")
    assert [a.get_text() for a in apple.select("main .lists a")][0] == "Apple"
    none = page(http, "/explore/search", q="nobody by this name")
    assert "Nobody by that name" in main_text(none)


def test_every_page_links_its_document_to_graphiql(http: httpx.Client) -> None:
    soup = page(http, PANG, **AUGUST)
    link = soup.find("a", string="open it in GraphiQL")["href"]
    query = parse_qs(urlparse(link).query)
    assert query["q"][0].startswith("query PersonPage") and '"knownAt": "2025-08-01"' in query["variables"][0]
    response = http.post("/graphql", json={"query": query["q"][0], "variables": {
        "id": "ruoming-pang", "knownAt": "2025-08-01", "at": "2025-08-15"}})
    assert response.json()["data"]["person"]["employer"]["organization"]["id"] == "meta-superintelligence-labs"


def test_no_parameter_value_makes_a_page_fail(http: httpx.Client) -> None:
    odd = ["0001-01-01", "9999-12-31", "2199-12-31", "x" * 300, "2025-02-30", "-1", "99999999999999999999", "%"]
    asked = {
        PANG: ["at", "knownAt", "asOf", "minStatus", "minSources"],
        "/explore/organizations/apple": ["at", "from", "to", "after", "certainty", "units"],
        "/explore/flows": ["at", "from", "to"],
        "/explore/changes": ["before", "asOf"],
        "/explore/search": ["q"],
    }
    for url, names in asked.items():
        for name in names:
            for value in odd:
                response = http.get(url, params={name: value})
                assert response.status_code in (200, 400), (url, name, value, response.status_code)
                assert response.headers["content-type"].startswith("text/html")


def test_the_organization_page_lists_the_signals_the_api_gives(http: httpx.Client) -> None:
    soup = page(http, "/explore/organizations/apple")
    signals = answer(http, '{ organization(id: "apple") { signals { organization { name } modality whole } } }')
    expected = signals["organization"]["signals"]
    rows = [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in soup.select("table.signals tbody tr")]
    assert expected and len(rows) == len(expected)  # the seed reports teams at Apple: MLX, foundation models
    assert [(r[0].split(" : ")[0], r[1]) for r in rows] == [
        (g["organization"]["name"], g["modality"].lower()) for g in expected]
    assert any("the whole group" in r[0] for r in rows) == any(g["whole"] for g in expected)
    assert "never change a roster" in main_text(soup)
