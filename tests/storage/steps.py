"""Named steps for read-side scenarios, written through the real write side and projector."""

from __future__ import annotations

from datetime import UTC, date, datetime

from events import commands as c
from events.base import ClaimStatus
from projections.model import DEFAULT_CUTOFFS, Cutoffs
from service.bootstrap import Components


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


class World:
    """A small world: Apple with a unit, Meta with a lab, OpenAI; and whatever a test adds."""

    def __init__(self, components: Components) -> None:
        self.c = components
        for org in (
            c.RegisterOrganization(id="apple", name="Apple"),
            c.RegisterOrganization(id="apple-fm", name="Apple Foundation Models", parent_id="apple"),
            c.RegisterOrganization(id="meta", name="Meta"),
            c.RegisterOrganization(id="msl", name="Meta Superintelligence Labs", parent_id="meta"),
            c.RegisterOrganization(id="openai", name="OpenAI"),
            c.RegisterOrganization(id="google", name="Google"),
        ):
            self.write(org)

    def write(self, command: c.Command, principal: str = "test") -> str:
        outcome = self.c.ledger.execute(command, principal)
        self.c.projector.catch_up()
        return outcome.subject_id

    def source(self, source_id: str, published: str, publisher: str | None = None, cites: str | None = None) -> str:
        return self.write(c.RegisterSource(id=source_id, publisher=publisher or source_id, published_at=utc(published),
                                           cites_id=cites))

    def person(self, person_id: str, name: str | None = None) -> str:
        return self.write(c.RegisterPerson(id=person_id, name=name or person_id.replace("-", " ").title()))

    def move(self, person: str, effective: str, source: str, *, frm: str | None = None, to: str | None = None,
             status: ClaimStatus = ClaimStatus.REPORTED) -> str:
        return self.write(c.ReportMove(person_id=person, from_id=frm, to_id=to, effective=effective, status=status,
                                       source_id=source))

    def report(self, claim_id: str, source: str, status: ClaimStatus) -> str:
        return self.write(c.AddReport(claim_id=claim_id, source_id=source, status=status))

    def employer(self, person: str, at: str, **cutoffs: object) -> str | None:
        stint = self.c.queries.employer(person, date.fromisoformat(at), Cutoffs(**cutoffs) if cutoffs else DEFAULT_CUTOFFS)  # type: ignore[arg-type]
        return stint.organization_id if stint else None

    def certainty(self, person: str, at: str) -> str | None:
        stint = self.c.queries.employer(person, date.fromisoformat(at), DEFAULT_CUTOFFS)
        return stint.certainty.value if stint and stint.certainty else None

    def claim_status(self, claim_id: str) -> str:
        claim = self.c.queries.claim(claim_id)
        assert claim is not None
        return claim.status.value
