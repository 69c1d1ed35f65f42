"""The graph explorer at ``/explore`` (and GraphiQL's files, served locally)."""

from api.explorer.routes import OfflineGraphiQLRouter, graphiql_html, missing_packages, router

__all__ = ["OfflineGraphiQLRouter", "graphiql_html", "missing_packages", "router"]
