"""The world builder: named steps that write commands, and the worlds the suites start from.

A ``World`` writes each step through the function it is given, so one story reads the same
whichever way it reaches the store: the ledger in process with the projector caught up
(``over_ledger``: the storage suite), or GraphQL over HTTP (``tests.support.client.over_graphql``:
end to end). Each step returns the id of what it wrote. ``given_*`` functions are named by what
they set up.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

import msgspec

from events import commands as c
from events.base import ClaimStatus, Modality, Tense
from projections.model import DEFAULT_CUTOFFS, Cutoffs
from service.bootstrap import Components

OPS = {command: op for op, command in c.COMMANDS.items()}
"""Command struct → its mutation's name (the ``op`` of an import line)."""

Write = Callable[[c.Command], str]
"""Writes one command, once the read models reflect it; the id of its subject."""


def utc(text: str) -> datetime:
    """An ISO date or time without a zone, in UTC: ``utc("2025-07-10")``."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def now() -> str:
    """This moment, as a GraphQL ``DateTime``."""
    return datetime.now(UTC).isoformat()


class World:
    """Organizations, sources, people and claims, written step by step.

    ``c``: the components of an in-process world, for its reads (``employer``, ``certainty``,
    ``claim_status``) and whatever else a test asks of them; None over HTTP.
    """

    def __init__(self, write: Write, components: Components | None = None) -> None:
        self.write = write
        self._components = components

    @property
    def c(self) -> Components:
        assert self._components is not None, "an HTTP world reads through the GraphQL client"
        return self._components

    def organization(self, org_id: str, name: str, parent: str | None = None) -> str:
        return self.write(c.RegisterOrganization(id=org_id, name=name, parent_id=parent))

    def source(self, source_id: str, published: str, publisher: str | None = None, cites: str | None = None) -> str:
        return self.write(c.RegisterSource(id=source_id, publisher=publisher or source_id, published_at=utc(published),
                                           cites_id=cites))

    def person(self, person_id: str, name: str | None = None, aliases: dict[str, str] | None = None) -> str:
        """``aliases``: name → language."""
        return self.write(c.RegisterPerson(
            id=person_id, name=name or person_id.replace("-", " ").title(),
            aliases=[c.AliasInput(name=n, language=lang) for n, lang in (aliases or {}).items()]))

    def move(self, person: str, effective: str, source: str, *, frm: str | None = None, to: str | None = None,
             status: ClaimStatus = ClaimStatus.REPORTED, role: str | None = None) -> str:
        """A claim that ``person`` moved (``frm`` and ``to``), was hired (``to``) or left (``frm``)."""
        return self.write(c.ReportMove(person_id=person, from_id=frm, to_id=to, effective=effective, status=status,
                                       source_id=source, role=role))

    def report(self, claim_id: str, source: str, status: ClaimStatus, note: str | None = None,
               cites: str | None = None) -> str:
        return self.write(c.AddReport(claim_id=claim_id, source_id=source, status=status, note=note, cites_id=cites))

    def affiliation(self, person: str, org: str, source: str, *, observed: str | None = None,
                    tense: Tense = Tense.CURRENT, role: str | None = None,
                    status: ClaimStatus = ClaimStatus.REPORTED, cites: str | None = None) -> str:
        """A claim that ``person`` was (or had been) at ``org``, observed on ``observed`` (default:
        the source's publication day)."""
        return self.write(c.ReportAffiliation(person_id=person, organization_id=org, source_id=source,
                                              observed_at=observed, tense=tense, role=role, status=status,
                                              cites_id=cites))

    def group_move(self, org: str, source: str, modality: Modality = Modality.CONSIDERED, *, to: str | None = None,
                   count_min: int | None = None, count_max: int | None = None, whole: bool = False,
                   effective: str | None = None, status: ClaimStatus = ClaimStatus.RUMOURED) -> str:
        """A group claim about a team or group at ``org``."""
        return self.write(c.ReportGroupMove(organization_id=org, source_id=source, modality=modality, to_id=to,
                                            count_min=count_min, count_max=count_max, whole=whole,
                                            effective=effective, status=status))

    # -- reads, in process ------------------------------------------------------------------------

    def employer(self, person: str, at: str, **cutoffs: object) -> str | None:
        cut = Cutoffs(**cutoffs) if cutoffs else DEFAULT_CUTOFFS  # type: ignore[arg-type]
        stint = self.c.queries.employer(person, date.fromisoformat(at), cut)
        return stint.organization_id if stint else None

    def certainty(self, person: str, at: str) -> str | None:
        stint = self.c.queries.employer(person, date.fromisoformat(at), DEFAULT_CUTOFFS)
        return stint.certainty.value if stint and stint.certainty else None

    def claim_status(self, claim_id: str) -> str:
        claim = self.c.queries.claim(claim_id)
        assert claim is not None
        return claim.status.value


def over_ledger(components: Components, principal: str = "test") -> World:
    """A world written through the ledger in this process, each write projected before the next."""

    def write(command: c.Command) -> str:
        outcome = components.ledger.execute(command, principal)
        components.projector.catch_up()
        return outcome.subject_id

    return World(write, components)


def import_line(command: c.Command) -> bytes:
    """The command as a line of an import file."""
    return msgspec.json.encode({"op": OPS[type(command)], "input": command}) + b"\n"


def in_one_append(components: Components, commands: list[c.Command]) -> int:
    """Store the commands in one append (the path of an import: hundreds in well under a second)
    and wait until the read models reflect them (a live server's projector must be running)."""
    result = components.ledger.execute_batch(list(enumerate(commands, 1)), "cli:drill")
    assert not result.errors, result.errors
    assert components.projector.wait_for(result.position, 30)
    return result.position


# -- the worlds ------------------------------------------------------------------------------------


def given_apple_meta_openai_and_google(world: World) -> World:
    """Apple with its foundation-models unit (``apple-fm``), Meta with its lab (``msl``), OpenAI
    and Google."""
    world.organization("apple", "Apple")
    world.organization("apple-fm", "Apple Foundation Models", parent="apple")
    world.organization("meta", "Meta")
    world.organization("msl", "Meta Superintelligence Labs", parent="meta")
    world.organization("openai", "OpenAI")
    world.organization("google", "Google")
    return world


def given_pang_at_meta_s_lab(world: World) -> World:
    """Meta with its lab, OpenAI; Ruoming Pang joined the lab in 2025-07 (Bloomberg, confirmed)."""
    world.organization("meta", "Meta")
    world.organization("msl", "Meta Superintelligence Labs", parent="meta")
    world.organization("openai", "OpenAI")
    world.source("bloomberg", "2025-07-08", publisher="Bloomberg")
    world.person("ruoming-pang", "Ruoming Pang")
    world.move("ruoming-pang", "2025-07", "bloomberg", to="msl", status=ClaimStatus.CONFIRMED)
    return world


@dataclass
class AdaMoves:
    """What ``given_ada_moving_to_globex`` wrote, and a moment between two of its recordings."""

    hire_claim: str
    move_claim: str
    between: str  # recorded after the rumour, before the confirmation


def given_ada_moving_to_globex(world: World) -> AdaMoves:
    """Ada joined Acme's lab in 2021 (Bloomberg, reported). In July 2025 she moved to Globex: first
    a Bloomberg rumour published 2025-07-10 (repeated by an aggregator citing it), then a Reuters
    confirmation published 2025-08-01 and recorded later than the rumour."""
    world.organization("acme", "Acme")
    world.organization("acme-lab", "Acme Lab", parent="acme")
    world.organization("globex", "Globex")
    world.source("bloomberg-hire", "2021-03-01", publisher="Bloomberg")
    world.source("bloomberg-rumour", "2025-07-10", publisher="Bloomberg")
    world.source("aggregator-copy", "2025-07-11", publisher="Aggregator", cites="bloomberg-rumour")
    world.source("reuters-confirms", "2025-08-01", publisher="Reuters")
    world.person("ada", "Ada Lovelace", aliases={"Ádä Lovelace": "fr"})
    hire = world.move("ada", "2021", "bloomberg-hire", to="acme-lab", role="researcher")
    move = world.move("ada", "2025-07", "bloomberg-rumour", frm="acme-lab", to="globex", status=ClaimStatus.RUMOURED)
    world.report(move, "aggregator-copy", ClaimStatus.RUMOURED)
    time.sleep(0.05)
    between = now()
    time.sleep(0.05)
    world.report(move, "reuters-confirms", ClaimStatus.CONFIRMED, note="confirmed by the company")
    return AdaMoves(hire_claim=hire, move_claim=move, between=between)


def a_source_with_claims(claims: int, source: str = "wire") -> list[c.Command]:
    """The commands of a source reporting ``claims`` moves, one person each, from ``acme`` to
    ``globex`` (for ``in_one_append``)."""
    commands: list[c.Command] = [
        c.RegisterOrganization(id="acme", name="Acme"),
        c.RegisterOrganization(id="globex", name="Globex"),
        c.RegisterSource(id=source, publisher="Wire", published_at=datetime(2025, 6, 1, tzinfo=UTC)),
    ]
    for n in range(claims):
        commands += [
            c.RegisterPerson(id=f"p{n:04d}", name=f"Person {n}"),
            c.ReportMove(person_id=f"p{n:04d}", from_id="acme", to_id="globex", effective="2025-05",
                         status=ClaimStatus.REPORTED, source_id=source),
        ]
    return commands
