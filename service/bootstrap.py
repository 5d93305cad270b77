"""The one composition root: builds every component from the settings."""

from __future__ import annotations

from dataclasses import dataclass

from events.ledger import Ledger
from projections.db import Database, connect
from projections.projector import Projector
from projections.queries import Queries
from service.keys import KeyStore
from service.settings import Settings
from service.storage import EventStoreAdapter


@dataclass
class Components:
    """Everything a process needs, wired once; ``close()`` releases every connection."""

    settings: Settings
    store: EventStoreAdapter
    ledger: Ledger
    db: Database
    queries: Queries
    projector: Projector
    keys: KeyStore

    def close(self) -> None:
        self.projector.stop()
        self.db.close()
        self.store.close()


def bootstrap(settings: Settings) -> Components:
    store = EventStoreAdapter(settings)
    db = connect(settings.database, settings.pool_size, settings.statement_timeout_ms)
    projector = Projector(db, store.notifications, store.mapper.to_domain_event, listener=store.listener())
    projector.ensure_schema()
    return Components(
        settings=settings,
        store=store,
        ledger=Ledger(store),
        db=db,
        queries=Queries(db),
        projector=projector,
        keys=KeyStore(db),
    )
