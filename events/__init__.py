"""The write side of Talent Ledger: domain events, aggregates, decisions and use cases.

Nothing in this package knows about storage, HTTP or GraphQL. It imports the standard
library, msgspec and ``eventsourcing.domain`` only (a test guards this).
"""
