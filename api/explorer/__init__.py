"""The graph explorer at ``/explore`` (and GraphiQL's files, served locally)."""

from api.explorer.routes import graphiql_html, missing_packages, router

__all__ = ["graphiql_html", "missing_packages", "router"]
