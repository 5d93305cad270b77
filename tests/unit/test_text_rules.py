"""What text the write side accepts (docs/input.md): given the world, when a write carries text,
then it is recorded normalized, or refused naming its field with nothing recorded."""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
import pytest

from events import commands as c
from events.base import ClaimStatus
from events.claim import Claim
from events.errors import BadInput
from events.ledger import Ledger
from events.person import Person
from events.text import MAX_ALIASES, RULES, Kind
from tests.support.fakes import NOW, MemoryStore

PUB = datetime(2025, 9, 3, tzinfo=UTC)
NFD_JOSE = "Jose\u0301 Garci\u0301a"
NFC_JOSE = "Jos\u00e9 Garc\u00eda"


@pytest.fixture
def ledger(ledger: Ledger) -> Ledger:
    """Ada, Acme and the Wire."""
    ledger.execute(c.RegisterPerson(id="ada", name="Ada"), "t")
    ledger.execute(c.RegisterOrganization(id="acme", name="Acme"), "t")
    ledger.execute(c.RegisterSource(id="wire", publisher="Wire", published_at=PUB), "t")
    return ledger


def refused(ledger: Ledger, store: MemoryStore, command: c.Command) -> BadInput:
    before = len(store.events)
    with pytest.raises(BadInput) as error:
        ledger.execute(command, "t")
    assert len(store.events) == before
    return error.value


def report(**overrides: object) -> c.ReportMove:
    fields: dict[str, object] = dict(person_id="ada", to_id="acme", effective="2025", status=ClaimStatus.REPORTED,
                                     source_id="wire")
    return c.ReportMove(**{**fields, **overrides})  # type: ignore[arg-type]


def test_every_text_field_of_every_command_has_a_rule() -> None:
    text_fields = {f.name for cmd in c.COMMANDS.values() for f in msgspec.structs.fields(cmd)
                   if f.type in (str, str | None)}
    assert text_fields <= RULES.keys()


def test_a_name_is_recorded_in_nfc_so_the_same_name_twice_is_one_name(ledger: Ledger, store: MemoryStore) -> None:
    ledger.execute(c.RegisterPerson(name=NFD_JOSE), "t")
    recorded = store.events[-1]
    assert isinstance(recorded, Person.Registered) and recorded.name == NFC_JOSE
    again = ledger.execute(c.RegisterPerson(name=NFC_JOSE), "t")
    assert not again.recorded and again.subject_id == recorded.originator_id.split(":", 1)[1]


def test_a_name_recorded_before_normalization_still_matches_itself(ledger: Ledger, store: MemoryStore) -> None:
    store.append([Person._create(Person.Registered, id="person:old", timestamp=NOW, recorded_by="t",
                                 name=NFD_JOSE, aliases=[]).collect_events()[0]])
    assert not ledger.execute(c.RegisterPerson(id="old", name=NFD_JOSE), "t").recorded


@pytest.mark.parametrize("command, field", [
    (c.RegisterPerson(name="Ada\x00Lovelace"), "name"),
    (c.RegisterPerson(name="Ada\nLovelace"), "name"),
    (c.RegisterPerson(name="Ada\u2028Lovelace"), "name"),
    (c.RegisterPerson(name="Ada\ud800"), "name"),
    (c.RegisterPerson(name="Ada\uffff"), "name"),
    (c.RegisterPerson(name="Ada", aliases=[c.AliasInput(name="A\x1b[31m")]), "aliases[0].name"),
    (c.RegisterPerson(name="Ada", aliases=[c.AliasInput(name="A", language="e\tn")]), "aliases[0].language"),
    (c.RegisterSource(publisher="Wire\x7f", published_at=PUB), "publisher"),
    (c.RegisterSource(publisher="Wire", published_at=PUB, url="https://x.test/\x85"), "url"),
    (c.RegisterSource(publisher="Wire", published_at=PUB, title="a\rb"), "title"),
    (c.AddAlias(subject_id="ada\x00", name="A"), "subjectId"),
], ids=lambda v: v if isinstance(v, str) else type(v).__name__)
def test_control_characters_surrogates_and_noncharacters_are_refused_in_line_fields(
    ledger: Ledger, store: MemoryStore, command: c.Command, field: str,
) -> None:
    assert refused(ledger, store, command).field == field


def test_notes_keep_tabs_and_newlines_and_refuse_other_controls(ledger: Ledger, store: MemoryStore) -> None:
    ledger.execute(report(note="said:\r\n\t\u201cyes\u201d"), "t")
    recorded = store.events[-1]
    assert isinstance(recorded, Claim.MoveReported) and recorded.note == "said:\n\t\u201cyes\u201d"
    assert refused(ledger, store, report(note="bell\x07")).field == "note"
    assert refused(ledger, store, report(note="a bare\rreturn")).field == "note"


def minimal(command: type[c.Command], **values: object) -> c.Command:
    """The command with its required fields filled with plain values, then ``values``."""
    filled: dict[str, object] = {ClaimStatus: ClaimStatus.REPORTED, datetime: PUB}  # type: ignore[dict-item]
    required = {f.name: filled.get(f.type, "x") for f in msgspec.structs.fields(command) if f.required}
    return command(**{**required, **values})


@pytest.mark.parametrize("name", sorted(RULES))
def test_each_field_has_a_length_limit(ledger: Ledger, store: MemoryStore, name: str) -> None:
    rule = RULES[name]
    command = next(cmd for cmd in c.COMMANDS.values() if name in cmd.__struct_fields__)
    error = refused(ledger, store, minimal(command, **{name: "x" * (rule.limit + 1)}))
    api_name = dict(zip(command.__struct_fields__, command.__struct_encode_fields__, strict=True))[name]
    assert error.field == api_name and f"at most {rule.limit}" in error.message
    assert rule.kind is (Kind.TEXT if name in ("note", "reason") else Kind.LINE)


def test_a_nine_megabyte_name_and_a_one_megabyte_note_are_refused(ledger: Ledger, store: MemoryStore) -> None:
    assert refused(ledger, store, c.RegisterPerson(name="x" * 9_000_000)).field == "name"
    assert refused(ledger, store, report(note="y" * 1_000_000)).field == "note"


def test_a_write_carries_at_most_fifty_aliases(ledger: Ledger, store: MemoryStore) -> None:
    aliases = [c.AliasInput(name=f"A{n}") for n in range(MAX_ALIASES + 1)]
    assert refused(ledger, store, c.RegisterPerson(name="Many", aliases=aliases)).field == "aliases"
    assert ledger.execute(c.RegisterPerson(name="Many", aliases=aliases[:MAX_ALIASES]), "t").recorded
