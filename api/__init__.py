"""The web API: GraphQL and health over the graph."""

from api.app import create_app
from api.config import ApiSettings, get_api_settings

__all__ = ["ApiSettings", "create_app", "get_api_settings"]
