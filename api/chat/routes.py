"""``GET /context``: the facts a model needs to answer a question, with citations.

``/context?q=区发改局牵头哪些重点工作?&budget=2000`` answers JSON (:class:`ContextResult`:
entities, ranked facts with citations, and ``text``, the same facts as numbered sentences);
``&format=text`` answers only those sentences, as ``text/plain``. Errors are answered by the
app's handlers (``api.errors``): a bad question, budget or format, or a graph nothing was
loaded into, is a 400 in the API's error shape.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from api.chat.grounding import DEFAULT_BUDGET, MAX_BUDGET, MIN_BUDGET, ContextError
from api.chat.tools import Feed
from api.errors import RequestError

__all__ = ["router"]

router = APIRouter()


def _budget(value: str | None) -> int:
    if value is None or value == "":
        return DEFAULT_BUDGET
    try:
        return int(value)
    except ValueError:
        raise ContextError(f"budget must be a whole number of characters ({MIN_BUDGET} to {MAX_BUDGET}), "
                           f"not {value!r}") from None


@router.get("/context", summary="The facts a model needs to answer a question, ranked, with citations")
async def context(request: Request, q: str = "", budget: str | None = None, format: str = "json") -> Response:
    """Link the question to the graph, expand, rank, and keep what fits in ``budget`` characters."""
    if format not in ("json", "text"):
        raise RequestError(f"format must be json or text, not {format!r}")
    feed: Feed = request.app.state.feed
    result = await feed.context(q, _budget(budget))
    if format == "text":
        return PlainTextResponse(result.text)
    return JSONResponse(result.model_dump(mode="json"))
