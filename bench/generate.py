"""A deterministic generator of realistic import files: a few large companies with units, a
long tail of small ones, careers of several moves, rumours later confirmed or denied, citing
aggregators, publication dates over ten years; about one affiliation per three moves and one
group claim per fifty, drawn from a second random stream, so each person's moves stay as they were.
``python -m bench.generate N > file.ndjson``."""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import msgspec

_enc = msgspec.json.Encoder()
START = datetime(2016, 1, 1, tzinfo=UTC)


def lines(target: int, seed: int = 7) -> Iterator[bytes]:
    """About ``target`` import lines (each line stores one event)."""
    rng = random.Random(seed)
    news = random.Random(seed + 1)  # affiliations, group claims and relayed reports
    people = max(10, target // 10)
    big = ["apple", "meta", "openai", "anthropic", "google"]
    orgs: list[str] = []
    for company in big:
        orgs.append(company)
        yield _enc.encode({"op": "registerOrganization", "input": {"id": company, "name": company.title()}})
        for unit in range(5):
            uid = f"{company}-unit-{unit}"
            orgs.append(uid)
            yield _enc.encode({"op": "registerOrganization",
                               "input": {"id": uid, "name": f"{company} unit {unit}", "parentId": company}})
    for i in range(max(20, people // 50)):
        orgs.append(f"org-{i}")
        yield _enc.encode({"op": "registerOrganization", "input": {"id": f"org-{i}", "name": f"Org {i}"}})
    sources: list[str] = []
    publishers = [f"publisher-{i}" for i in range(40)]
    for i in range(max(50, people // 20)):
        published = START + timedelta(days=rng.randrange(3650))
        source = {"id": f"src-{i}", "publisher": rng.choice(publishers), "publishedAt": published.isoformat()}
        if sources and rng.random() < 0.2:
            source["citesId"] = rng.choice(sources)
        sources.append(f"src-{i}")
        yield _enc.encode({"op": "registerSource", "input": source})
    weights = [30 if o in big else (6 if "-unit-" in o else 1) for o in orgs]
    written = 0
    p = 0
    while written < target:
        person = f"person-{p}"
        p += 1
        yield _enc.encode({"op": "registerPerson", "input": {"id": person, "name": f"Person {p}",
                                                            "aliases": [{"name": f"P{p}", "language": "en"}]}})
        written += 1
        current = rng.choices(orgs, weights)[0]
        year = rng.randrange(2016, 2024)
        for _ in range(rng.randrange(3, 12)):  # about ten events per person in all
            target_org = rng.choices(orgs, weights)[0]
            if target_org == current:
                continue
            year += rng.randrange(0, 2) if year < 2025 else 0
            effective = f"{year}-{rng.randrange(1, 13):02d}" if rng.random() < 0.7 else str(year)
            status = "RUMOURED" if rng.random() < 0.15 else rng.choice(["REPORTED", "REPORTED", "CONFIRMED"])
            move = {"personId": person, "fromId": current, "toId": target_org, "effective": effective,
                    "status": status, "sourceId": rng.choice(sources)}
            if news.random() < 0.05 and (cited := news.choice(sources)) != move["sourceId"]:
                move["citesId"] = cited  # the article relays another source for this move
            yield _enc.encode({"op": "reportMove", "input": move})
            written += 1
            if news.random() < 1 / 3:
                yield _enc.encode({"op": "reportAffiliation", "input": _affiliation(news, person, target_org, year,
                                                                                    sources)})
                written += 1
            if news.random() < 1 / 50:
                yield _enc.encode({"op": "reportGroupMove", "input": _group_move(news, current, target_org, year,
                                                                                 sources)})
                written += 1
            if rng.random() < 0.3:
                follow = dict(move, sourceId=rng.choice(sources),
                              status="DENIED" if rng.random() < 0.2 else "CONFIRMED")
                follow.pop("citesId", None)  # the follow-up is its source's own word
                yield _enc.encode({"op": "reportMove", "input": follow})
                written += 1
            current = target_org


def _affiliation(rng: random.Random, person: str, org: str, year: int, sources: list[str]) -> dict[str, object]:
    """The person seen at ``org`` after joining it (half the time on the source's own day)."""
    found: dict[str, object] = {"personId": person, "organizationId": org, "status": "REPORTED",
                                "sourceId": rng.choice(sources)}
    if rng.random() < 0.5:
        found["observedAt"] = f"{min(year + 1, 2025)}-{rng.randrange(1, 13):02d}"
    if rng.random() < 0.1:
        found["tense"] = "FORMER"
    return found


def _group_move(rng: random.Random, org: str, to: str, year: int, sources: list[str]) -> dict[str, object]:
    low = rng.randrange(2, 10)
    return {"organizationId": org, "toId": to, "modality": rng.choice(["HAPPENED", "PLANNED", "CONSIDERED", "OFFERED"]),
            "countMin": low, "countMax": low + rng.randrange(0, 10), "effective": str(year),
            "status": rng.choice(["RUMOURED", "RUMOURED", "REPORTED"]), "sourceId": rng.choice(sources)}


if __name__ == "__main__":
    for line in lines(int(sys.argv[1])):
        sys.stdout.buffer.write(line + b"\n")
