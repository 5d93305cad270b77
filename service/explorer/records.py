"""The smaller pages: flows between companies, a source, a claim, the change feed and search."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from service.explorer import flows
from service.explorer.controls import BadParameter, Controls, parse_date
from service.explorer.view import known
from service.explorer.words import day_words

CHANGES_PAGE = 50
BELIEFS_PAGE = 500  # belief changes shown with a page of events (docs/rules.md#belief-changes)
PEOPLE_PER_FLOW = 40
"""A flow's table cell lists this many people and says how many more there are."""
FLOWS_LISTED = 100
"""The table lists the largest flows, and says how many smaller ones it left out."""

# Which page shows the record an event is about, by the event type's first word.
PAGE_OF_EVENT = (("Person", "people"), ("People", "people"), ("Organization", "organizations"),
                 ("Source", "sources"), ("Move", "claims"), ("Report", "claims"), ("Claim", "claims"),
                 ("Affiliation", "claims"))  # group claims (``Group...``) have no page of their own


def event_summary(event: dict[str, Any]) -> str:
    """What an event says, in a few words from its ``data`` (ids as stored)."""
    data, kind = event.get("data") or {}, event["type"]
    if kind == "MoveReported":
        return (f"{data.get('person_id')}: {data.get('from_id') or '?'} → {data.get('to_id') or '?'}, "
                f"{data.get('effective')}, {str(data.get('status', '')).lower()}")
    if kind == "AffiliationReported":
        return (f"{data.get('person_id')}: {str(data.get('tense', '')).lower()} at {data.get('organization_id')}, "
                f"{data.get('observed_at')}, {str(data.get('status', '')).lower()}")
    if kind == "GroupMoveReported":
        return (f"group at {data.get('organization_id')} → {data.get('to_id') or '?'}: "
                f"{str(data.get('modality', '')).lower()}, {str(data.get('status', '')).lower()}")
    if kind in ("ReportAdded", "GroupReportAdded"):
        return f"{str(data.get('status', '')).lower()}" + (f": {data['note']}" if data.get("note") else "")
    if kind in ("ClaimRetracted", "GroupClaimRetracted"):
        return f"retracted: {data.get('reason')}"
    if kind == "ClaimCorrected":
        fields = ("effective", "role", "from_id", "to_id")
        return "corrected " + ", ".join(f"{f} → {data[f]}" for f in fields if data.get(f))
    if kind == "PeopleMerged":
        return f"merged into {data.get('survivor_id')}: {data.get('reason')}"
    if kind == "OrganizationReparented":
        return f"now a unit of {data.get('parent_id') or 'nothing'}"
    if kind == "SourceRegistered":
        return " · ".join(str(v) for v in (data.get("publisher"), data.get("title")) if v)
    return str(data.get("name") or "")


def flow_period(params: Mapping[str, str], controls: Controls) -> tuple[date, date]:
    """``from``..``to`` when given; by default the year that ends on ``at`` (today)."""
    end = parse_date("to", params.get("to", "").strip() or None) or controls.day()
    start = parse_date("from", params.get("from", "").strip() or None) or end - timedelta(days=364)
    if start > end:
        raise BadParameter("from", "from must not be after to")
    return start, end


def flows_context(data: dict[str, Any], start: date, end: date, given: Mapping[str, str]) -> dict[str, Any]:
    period = f"from {day_words(start)} to {day_words(end)}"
    rows = [{**f, "shown": f["people"][:PEOPLE_PER_FLOW], "more": max(len(f["people"]) - PEOPLE_PER_FLOW, 0)}
            for f in data["flows"][:FLOWS_LISTED]]
    return {"title": "Flows between companies", "flows": rows, "period": period, "start": start, "end": end,
            "chart": flows.chart(data["flows"], period), "moved": sum(f["count"] for f in data["flows"]),
            "unlisted": len(data["flows"]) - len(rows),
            "fields": [{"name": "from", "label": "Moves from", "value": given.get("from", "")},
                       {"name": "to", "label": "Moves to", "value": given.get("to", "")}]}


def source_context(data: dict[str, Any], controls: Controls) -> dict[str, Any]:
    source = data["source"]
    chain, cited = [], source.get("cites")
    while cited:
        chain.append(cited)
        cited = cited.get("cites")
    claims, hidden = [], 0
    for claim in source["claims"]:
        reports = [r for r in claim["reports"] if known(r, controls)]
        own = [r for r in reports if r["source"]["id"] == source["id"]]
        if not own:
            hidden += 1
            continue
        claims.append({**claim, "reports": reports, "own": own})
    return {"title": source["title"] or f"{source['publisher']}, {source['publishedAt'][:10]}",
            "source": source, "chain": chain, "claims": claims, "hidden_claims": hidden}


def claim_context(data: dict[str, Any], controls: Controls) -> dict[str, Any]:
    claim = data["claim"]
    reports = [r for r in claim["reports"] if known(r, controls)]
    return {"title": f"Claim {claim['id']}", "claim": claim, "reports": reports,
            "hidden_reports": len(claim["reports"]) - len(reports)}


def changes_window(params: Mapping[str, str], head: int) -> tuple[int, int]:
    """The positions a page of the feed covers, newest first: ``(after, before]`` where ``before``
    is the ``before`` parameter (default: the newest event the read models hold)."""
    raw = params.get("before", "").strip()
    if raw and not raw.isdigit():
        raise BadParameter("before", "before must be an event position such as 42")
    before = min(int(raw), head + 1) if raw else head + 1
    return max(before - 1 - CHANGES_PAGE, 0), before


def changes_context(data: dict[str, Any], controls: Controls, window: tuple[int, int], head: int) -> dict[str, Any]:
    after, before = window
    events = [e["node"] for e in data["events"]["edges"] if int(e["node"]["position"]) < before]
    shown = [e for e in events if known(e, controls)]
    beliefs: dict[str, list[dict[str, Any]]] = {}
    for edge in data["beliefChanges"]["edges"]:
        beliefs.setdefault(edge["node"]["cause"]["position"], []).append(edge["node"])
    for event in shown:
        event["page"] = next((page for prefix, page in PAGE_OF_EVENT if event["type"].startswith(prefix)), None)
        event["summary"] = event_summary(event)
        event["beliefs"] = beliefs.get(event["position"], [])
    newer = before + CHANGES_PAGE if before <= head else None
    return {"title": "Changes", "events": list(reversed(shown)), "hidden": len(events) - len(shown),
            "older": after + 1 if after > 0 else None, "newer": newer, "newest": newer is not None and newer > head,
            "head": head, "first": after + 1, "last": min(before - 1, head)}


def search_context(data: dict[str, Any], query: str | None) -> dict[str, Any]:
    return {"title": f"Search: {query}" if query else "Explore", "query": query or "",
            "people": [e["node"] for e in data["people"]["edges"]],
            "more_people": data["people"]["pageInfo"]["hasNextPage"],
            "organizations": [e["node"] for e in data["organizations"]["edges"]],
            "more_organizations": data["organizations"]["pageInfo"]["hasNextPage"]}
