"""The chatbot feed: linking questions to the graph, cited facts, ranked context, and the
fixed read-only tools served over MCP (``api/mcp.py``)."""

from api.chat.facts import Citation, Fact
from api.chat.grounding import (
    DEFAULT_BUDGET,
    ContextEntity,
    ContextError,
    ContextResult,
    RankedFact,
    build_context,
)
from api.chat.lexicon import Lexicon, LexiconCache, Link

__all__ = [
    "Citation",
    "ContextEntity",
    "ContextError",
    "ContextResult",
    "DEFAULT_BUDGET",
    "Fact",
    "Lexicon",
    "LexiconCache",
    "Link",
    "RankedFact",
    "build_context",
]
