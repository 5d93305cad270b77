"""The explorer: server-rendered pages for people who would rather look than write GraphQL, and a
GraphiQL that works offline. Both load nothing from outside the service. See docs/explorer.md.

The app mounts ``explorer_handlers`` (pages under ``/explore``, ``/`` redirecting there, assets
under ``/static``), passes ``template_config()`` to Litestar, and answers GraphiQL requests with
``graphiql_response()``.
"""

from service.explorer.graphiql import graphiql_response
from service.explorer.routes import explorer_handlers
from service.explorer.view import template_config

__all__ = ["explorer_handlers", "graphiql_response", "template_config"]
