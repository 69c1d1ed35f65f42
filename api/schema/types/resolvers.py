"""Resolvers of the fields ``api/schema/types/common.py`` makes by the dozen (a page or the
related nodes over a hop), each declared with the types its field was made for.

No ``from __future__ import annotations`` here: each resolver below is defined inside the
call that makes it, so its annotations are evaluated there and hold the very types it was
given (lazy types included); strawberry reads them as it reads any resolver's.
"""

from collections.abc import Callable
from typing import Any

import strawberry

__all__ = ["paged", "related"]

Body = Callable[..., Any]


def paged(body: Body, page: Any, where: Any, order: Any, *, kinds: Any = None, role: Any = None) -> Body:
    """``body(root, info, first, after)`` as the resolver ``(root, info, [role], [kinds], where,
    order_by, first, after) -> page``; ``kinds`` and ``role`` are the types of those arguments
    (``role`` only with ``kinds``), left out when None. Every argument is optional."""
    if role is not None and kinds is None:
        raise TypeError("a role argument comes with a kinds argument")
    resolve: Body
    if role is not None:
        def resolve(root: Any, info: strawberry.Info, role: role | None = None, kinds: list[kinds] | None = None,
                    where: where | None = None, order_by: list[order] | None = None, first: int | None = None,
                    after: str | None = None) -> page:
            return body(root, info, first, after)
    elif kinds is not None:
        def resolve(root: Any, info: strawberry.Info, kinds: list[kinds] | None = None, where: where | None = None,
                    order_by: list[order] | None = None, first: int | None = None, after: str | None = None) -> page:
            return body(root, info, first, after)
    else:
        def resolve(root: Any, info: strawberry.Info, where: where | None = None, order_by: list[order] | None = None,
                    first: int | None = None, after: str | None = None) -> page:
            return body(root, info, first, after)
    return resolve


def related(body: Body, returns: Any, *, where: Any = None) -> Body:
    """``body(root, info)`` as the resolver ``(root, info, [where]) -> returns``, ``where`` (optional)
    of the type ``where``, left out when None."""
    resolve: Body
    if where is not None:
        def resolve(root: Any, info: strawberry.Info, where: where | None = None) -> returns:
            return body(root, info)
    else:
        def resolve(root: Any, info: strawberry.Info) -> returns:
            return body(root, info)
    return resolve
