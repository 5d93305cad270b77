"""Flows between companies as a two-column diagram: companies left on the left, companies joined
on the right, one band per pair sized by its people and listing them. Two columns rather than a
network, so that round trips (OpenAI -> Meta -> OpenAI) are two bands, not a cycle."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from service.explorer import svg

WIDTH = 960
NODE = 12
LEFT_X = 190
RIGHT_X = WIDTH - 190 - NODE
GAP = 14
TOP = 28
MAX_FLOWS = 24
"""The diagram draws the largest flows; the table beside it lists them all."""
MAX_NAMES = 40
"""A band's title and the chart's description name this many people, then say how many more."""


def _names(flow: dict[str, Any]) -> str:
    names = [p["name"] for p in flow["people"][:MAX_NAMES]]
    more = len(flow["people"]) - len(names)
    return ", ".join(names) + (f" and {more} more" if more else "")


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    total: int
    y: float = 0.0


def chart(flows: Sequence[dict[str, Any]], period: str) -> Markup:
    """The diagram of ``flows`` (as the FlowsPage document returns them, largest first)."""
    shown = list(flows[:MAX_FLOWS])
    if not shown:
        body = svg.text(WIDTH / 2, TOP + 20, "No moves between companies under these controls.",
                        text_anchor="middle", fill=svg.MUTED)
        return svg.svg(WIDTH, TOP + 40, f"Flows {period}", "No moves.", "flows", body)
    total = sum(f["count"] for f in shown)
    unit = max(min(22.0, 560 / total), 1.5)
    left = _nodes(shown, "from", unit)
    right = _nodes(shown, "to", unit)
    colours = {node.id: svg.PALETTE[i % len(svg.PALETTE)] for i, node in enumerate(left)}
    height = max(_bottom(left, unit), _bottom(right, unit))
    out_used = {n.id: n.y for n in left}
    in_used = {n.id: n.y for n in right}
    order = {n.id: i for i, n in enumerate(right)}
    bands = []
    for flow in sorted(shown, key=lambda f: (_index(left, f["from"]["id"]), order[f["to"]["id"]])):
        thick = flow["count"] * unit
        y1, y2 = out_used[flow["from"]["id"]], in_used[flow["to"]["id"]]
        out_used[flow["from"]["id"]] += thick
        in_used[flow["to"]["id"]] += thick
        bands.append(_band(flow, y1, y2, thick, unit, colours[flow["from"]["id"]]))
    parts = [*bands, *(_node(n, unit, LEFT_X, colours[n.id], "end") for n in left),
             *(_node(n, unit, RIGHT_X, svg.INK, "start") for n in right)]
    parts.append(svg.text(LEFT_X + NODE, TOP - 12, "left", font_size=12, fill=svg.MUTED, text_anchor="end"))
    parts.append(svg.text(RIGHT_X, TOP - 12, "joined", font_size=12, fill=svg.MUTED))
    key, key_height = svg.legend(LEFT_X, height + 16, [
        svg.Swatch(f"one band per pair of companies; its height is its people ({unit:.1f} px a person)",
                   fill="#dfe6ef"),
    ], WIDTH - LEFT_X)
    parts.append(key)
    description = "; ".join(f"{f['from']['name']} to {f['to']['name']}: {f['count']} ({_names(f)})" for f in shown)
    return svg.svg(WIDTH, height + 16 + key_height + 4, f"Flows {period}", description, "flows", svg.join(parts))


def _nodes(flows: Sequence[dict[str, Any]], side: str, unit: float) -> list[Node]:
    totals: dict[str, int] = {}
    names: dict[str, str] = {}
    for flow in flows:
        totals[flow[side]["id"]] = totals.get(flow[side]["id"], 0) + flow["count"]
        names[flow[side]["id"]] = flow[side]["name"]
    nodes, y = [], float(TOP)
    for node_id in sorted(totals, key=lambda n: (-totals[n], names[n])):
        nodes.append(Node(node_id, names[node_id], totals[node_id], y))
        y += totals[node_id] * unit + GAP
    return nodes


def _bottom(nodes: Sequence[Node], unit: float) -> float:
    last = nodes[-1]
    return last.y + last.total * unit


def _index(nodes: Sequence[Node], node_id: str) -> int:
    return next(i for i, n in enumerate(nodes) if n.id == node_id)


def _node(node: Node, unit: float, x: float, colour: str, anchor: str) -> Markup:
    height = node.total * unit
    label_x = x - 8 if anchor == "end" else x + NODE + 8
    label = svg.text(label_x, node.y + min(height, 28) / 2 + 5, f"{node.name} ({node.total})",
                     text_anchor=anchor, font_weight="600")
    return svg.rect(x, node.y, NODE, max(height, 2), fill=colour) + label


def _band(flow: dict[str, Any], y1: float, y2: float, thick: float, unit: float, colour: str) -> Markup:
    x1, x2 = LEFT_X + NODE, RIGHT_X
    mid = (x1 + x2) / 2
    path = (f"M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f} "
            f"L{x2:.1f},{y2 + thick:.1f} C{mid:.1f},{y2 + thick:.1f} {mid:.1f},{y1 + thick:.1f} "
            f"{x1:.1f},{y1 + thick:.1f} Z")
    names = [p["name"] for p in flow["people"]]
    title = f"{flow['from']['name']} to {flow['to']['name']}: {flow['count']} — {_names(flow)}"
    parts = [svg.element("title", {}, title),
             svg.element("path", {"d": path, "fill": colour, "fill_opacity": "0.28", "stroke": colour,
                                  "stroke_width": "0.75"})]
    halo = {"stroke": "#ffffff", "stroke_width": 3, "paint_order": "stroke", "font_size": 12}
    if unit >= 15:
        for j, name in enumerate(names):
            parts.append(svg.text(x1 + 8, y1 + (j + 0.5) * unit + 4, name, **halo))
    elif thick >= 14:
        parts.append(svg.text(x1 + 8, y1 + thick / 2 + 4, f"{flow['count']} people", **halo))
    return svg.element("g", {"class": "flow"}, svg.join(parts))
