"""The person page: employment on ``at``, the timeline chart and its table, every claim with its
reports, and the audit trail, all from one ``PersonPage`` document.

``Person.claims`` and ``Person.history`` are not cut by ``knownAt`` in the contract, so the page
leaves out the reports (and claims, and events) published after ``knownAt`` or recorded after
``asOf`` and says how many it left out: the whole page answers as of those moments.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from service.explorer import spans, timeline
from service.explorer.controls import Controls
from service.explorer.view import known, moment, org_label
from service.explorer.words import day_words, fuzzy_words


def context(data: dict[str, Any], controls: Controls, today: date) -> dict[str, Any]:
    person = data["person"]
    stints = [_stint(s, found) for s, found in zip(person["timeline"], spans.timeline(person["timeline"]), strict=True)]
    counted = {c["id"] for s in person["timeline"] for c in s["claims"]}
    claims, hidden_claims, hidden_reports = _claims(person["claims"], controls, counted)
    history = [e for e in person["history"] if _event_known(e, controls)]
    rows = [timeline.Row(s["organization"]["name"], s["spans"], s["summary"],
                         controls.link(f"/explore/organizations/{s['organization']['id']}")) for s in stints]
    return {
        "title": person["name"],
        "person": person,
        "employer": person["employer"],
        "also": [s for s in person["employments"] if s != person["employer"]],
        "stints": stints,
        "chart": timeline.chart(rows, controls.day(), today, person["name"]),
        "claims": claims,
        "hidden_claims": hidden_claims,
        "hidden_reports": hidden_reports,
        "history": history,
        "hidden_events": len(person["history"]) - len(history),
    }


def _stint(stint: dict[str, Any], found: spans.Spans) -> dict[str, Any]:
    label = org_label(stint["organization"])
    start, end = stint["start"], stint["end"]
    summary = f"{label}: from {fuzzy_words(start and start['value'])} to " + (
        fuzzy_words(end["value"]) if end else "now (no end reported)"
    ) + f"; {_span_words(found)}"
    if stint.get("observed"):
        summary = f"{label}: observed (an affiliation, no move); {_span_words(found)}"
    return {**stint, "label": label, "spans": found, "summary": summary,
            "start_bounds": _bounds(stint["startBounds"], "start"), "end_bounds": _bounds(stint["endBounds"], "end")}


def _span_words(found: spans.Spans) -> str:
    if found.has_certain and found.certain_from:
        certain = f"certainly there from {day_words(found.certain_from)}" + (
            f" to {day_words(found.certain_until)}" if found.certain_until else " on")
    else:
        certain = "never certainly there"
    possible_from = day_words(found.possible_from) if found.possible_from else "an unknown start"
    possible_until = day_words(found.possible_until) if found.possible_until else "now"
    return f"{certain}; possibly from {possible_from} to {possible_until}"


WORDS = {"REPORTED_DATE": "reported date", "PUBLICATION": "published", "AFFILIATION": "affiliation"}


def _bounds(bounds: dict[str, Any], side: str) -> dict[str, Any]:
    """The bounds of a start or an end, with their reasons in words (docs/rules.md#bounds)."""
    reasons = [f"{WORDS[r['kind']]} {r['date']}" + (f" ({r['source']['publisher']})" if r["source"] else "")
               for r in bounds["reasons"]]
    if not reasons:
        reasons = [f"no {side} reported" if side == "start" else "no end reported: still there"]
    return {"earliest": bounds["earliest"], "latest": bounds["latest"], "reasons": reasons}


def _claims(
    claims: list[dict[str, Any]], controls: Controls, counted: set[str]
) -> tuple[list[dict[str, Any]], int, int]:
    """The claims and reports known under the controls, each claim marked whether it counts in
    the timeline; and how many claims and reports were left out as not yet known."""
    shown, hidden_claims, hidden_reports = [], 0, 0
    for claim in claims:
        reports = [r for r in claim["reports"] if known(r, controls)]
        hidden_reports += len(claim["reports"]) - len(reports)
        if not reports:
            hidden_claims += 1
            hidden_reports -= len(claim["reports"])
            continue
        shown.append({**claim, "reports": reports, "counts": claim["id"] in counted})
    return shown, hidden_claims, hidden_reports


def _event_known(event: dict[str, Any], controls: Controls) -> bool:
    """An event citing a source published after ``knownAt`` was not yet public then."""
    source = event.get("source")
    published = moment(source["publishedAt"]) if source else None
    return not (controls.known_at and published and published > controls.known_at)
