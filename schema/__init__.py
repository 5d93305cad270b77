"""The GraphQL schema: strawberry types and resolvers that translate, and decide nothing.

Queries call ``projections.queries.Queries``; mutations build ``events.commands`` structs and run
them on ``events.ledger.Ledger``. ``schema.build.build_schema`` assembles it; ``schema.context``
holds the typed per-request context the service fills in.
"""
