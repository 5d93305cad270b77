"""A small world built through the API, with the moments between its writes remembered.

Ada joined Acme's lab in 2021 (Bloomberg, reported). In July 2025 she moved to Globex: first a
Bloomberg rumour published 2025-07-10, then a Reuters confirmation published 2025-08-01 and
recorded later than the rumour (``between`` lies between the two recordings).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from tests.e2e.steps import (
    add_report,
    data,
    register_organization,
    register_person,
    register_source,
    report_move,
)


@dataclass
class World:
    hire_claim: str
    move_claim: str
    between: str  # recorded after the rumour, before the confirmation


def now() -> str:
    return datetime.now(UTC).isoformat()


def given_the_acme_world(client: httpx.Client) -> World:
    data(register_organization(client, "acme", "Acme"))
    data(register_organization(client, "acme-lab", "Acme Lab", parent_id="acme"))
    data(register_organization(client, "globex", "Globex"))
    data(register_source(client, "bloomberg-hire", "Bloomberg", "2021-03-01T00:00:00Z"))
    data(register_source(client, "bloomberg-rumour", "Bloomberg", "2025-07-10T00:00:00Z"))
    data(register_source(client, "aggregator-copy", "Aggregator", "2025-07-11T00:00:00Z",
                         cites_id="bloomberg-rumour"))
    data(register_source(client, "reuters-confirms", "Reuters", "2025-08-01T00:00:00Z"))
    data(register_person(client, "ada", "Ada Lovelace", [{"name": "Ádä Lovelace", "language": "fr"}]))
    hire = data(report_move(client, personId="ada", toId="acme-lab", effective="2021", status="REPORTED",
                            sourceId="bloomberg-hire", role="researcher"))["reportMove"]
    move = data(report_move(client, personId="ada", fromId="acme-lab", toId="globex", effective="2025-07",
                            status="RUMOURED", sourceId="bloomberg-rumour"))["reportMove"]
    data(add_report(client, claimId=move["id"], sourceId="aggregator-copy", status="RUMOURED"))
    time.sleep(0.05)
    between = now()
    time.sleep(0.05)
    data(add_report(client, claimId=move["id"], sourceId="reuters-confirms", status="CONFIRMED",
                    note="confirmed by the company"))
    return World(hire_claim=hire["id"], move_claim=move["id"], between=between)
