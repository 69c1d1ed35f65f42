"""What a read fetches: the projection tree that ``graph.cypher.Compiler`` turns into one
statement.

A :class:`Select` names a node's properties, computed values and relations; a relation is a
:class:`RelSelect` (nodes over one catalogue hop, with their own filter, order and page) or a
:class:`CoSelect` (the departments sharing items with a department). ``graph/read.py``
re-exports these, so callers build them from ``graph.read`` as before.

Nothing here imports the compiler at run time, so the compiler can import these types.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .registry import Hop, Label, UnionHop

__all__ = ["CoSelect", "Order", "RelSelect", "Select", "Where"]

#: A filter tree: field names of ``graph.cypher.FILTERS`` with their values, and ``and``,
#: ``or`` (lists of trees) and ``not`` (a tree).
Where = Mapping[str, Any]
#: Sort keys of ``graph.cypher.SORTS`` in turn, each with whether it is descending.
Order = Sequence[tuple[str, bool]]


@dataclass
class RelSelect:
    """Nodes reached over one hop (``graph.registry.Hops``), filtered and paged."""

    hop: Hop | UnionHop
    node: Select
    where: Where | None = None
    order: Order = ()
    offset: int = 0
    limit: int | None = None
    total: bool = False  # count every match (only when asked: it costs a second pass)
    nodes: bool = True  # fetch the page itself
    one: bool = False  # a single node (or None) instead of a list

    @property
    def target(self) -> Label:
        return self.hop.target


@dataclass
class CoSelect:
    """Departments that share items with a department, with the shared items."""

    department: Select
    items: Select
    items_selected: bool = True
    offset: int = 0
    limit: int | None = None
    total: bool = False
    co_responsible: bool = True


@dataclass
class Select:
    """What to return of a node: properties, computed values (``graph.cypher.VALUES``),
    relations, properties of the relationship that reached it, and for nodes of several
    types, extra selections per label."""

    props: set[str] = field(default_factory=set)
    values: dict[str, str] = field(default_factory=dict)
    relations: dict[str, RelSelect | CoSelect] = field(default_factory=dict)
    rel_props: set[str] = field(default_factory=set)
    by_label: dict[Label, Select] = field(default_factory=dict)

    def merged(self, other: Select) -> Select:
        """This selection plus ``other`` (used for a node type's own fragment)."""
        return Select(
            props=self.props | other.props,
            values={**self.values, **other.values},
            relations={**self.relations, **other.relations},
            rel_props=self.rel_props | other.rel_props,
        )
