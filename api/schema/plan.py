"""From a GraphQL selection to one read: the API half of the selection compiler.

Each field of our object types says in its ``metadata["plan"]`` what it needs from the
graph: node properties (:class:`Prop`), properties of the relationship that reached the node
(:class:`RelProp`), a computed value (:class:`Value`), related nodes over a catalogue hop
(:class:`Relation`), the same node seen as another type (:class:`SameNode`), or co-responsible
departments (:class:`CoResponsibleOf`). :func:`plan_field` walks the request's selection
(fragments, aliases, ``@skip``/``@include``, variables) from a root field down and returns the
:class:`graph.read.Select` tree that ``graph/read.py`` compiles into one statement.

Nested results are stored under ``r_<response key>`` (relations) and ``x_<response key>``
(values), so aliases of one field with different arguments do not collide; resolvers find
their data with :func:`data_key`.
"""

from __future__ import annotations

import base64
import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLType,
    GraphQLUnionType,
    InlineFragmentNode,
    SelectionSetNode,
    value_from_ast,
)
from graphql.type.definition import GraphQLNamedType
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types import get_object_definition

from api.errors import RequestError
from graph.read import CoSelect, RelSelect, Select
from graph.registry import Hop, Label, UnionHop

__all__ = [
    "CoResponsibleOf",
    "Nothing",
    "PageArgs",
    "Prop",
    "RelProp",
    "Relation",
    "SameNode",
    "Site",
    "Value",
    "data_key",
    "decode_cursor",
    "encode_cursor",
    "page_args",
    "plan_connection",
    "plan_field",
    "to_filter",
    "to_order",
]

#: The key under which strawberry keeps its own field in a graphql-core field's extensions.
DEFINITION = GraphQLCoreConverter.DEFINITION_BACKREF


# --- what a field needs ----------------------------------------------------------------


@dataclass(frozen=True)
class Prop:
    """Node properties."""

    names: tuple[str, ...]

    def __init__(self, *names: str):
        object.__setattr__(self, "names", names)


@dataclass(frozen=True)
class RelProp:
    """Properties of the relationship that reached the node (its ``__rel``)."""

    names: tuple[str, ...]

    def __init__(self, *names: str):
        object.__setattr__(self, "names", names)


@dataclass(frozen=True)
class Value:
    """A computed value from ``graph.cypher.VALUES``."""

    name: str


@dataclass(frozen=True)
class Relation:
    """Related nodes over a hop of ``graph.registry.Hops``.

    ``shape`` is ``connection`` (paged, with ``where``/``orderBy``/``first``/``after``),
    ``list`` (all of them, natural order, optional ``where``) or ``one``."""

    hop: Hop | UnionHop
    shape: str = "list"
    where: Mapping[str, Any] | None = None  # fixed conditions on the targets
    role_hops: Mapping[str, Hop | UnionHop] | None = None  # the hop to use for a `role` argument

    def hop_for(self, role: Any) -> Hop | UnionHop:
        if role is not None and self.role_hops:
            return self.role_hops[_value(role)]
        return self.hop


@dataclass(frozen=True)
class SameNode:
    """A field that shows the same node as another type (``Responsibility.item``)."""


@dataclass(frozen=True)
class CoResponsibleOf:
    """Departments sharing items with this one (``Department.coResponsible``)."""


@dataclass(frozen=True)
class Nothing:
    """Computed from what is always fetched (labels and key)."""


# --- pages -----------------------------------------------------------------------------


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        kind, _, number = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        if kind == "offset" and number.isdigit():
            return int(number)
    except (ValueError, UnicodeDecodeError):
        pass
    raise RequestError(f"{cursor!r} is not a cursor of this API; pass an endCursor from a previous page")


@dataclass(frozen=True)
class PageArgs:
    offset: int
    limit: int


def page_args(first: int | None, after: str | None, default: int, maximum: int) -> PageArgs:
    """The window of ``first`` items after the cursor ``after``, ``first`` capped at ``maximum``."""
    if first is None:
        first = default
    if first < 0:
        raise RequestError(f"first must be 0 or more, not {first}")
    if first > maximum:
        raise RequestError(f"first is {first} but a page holds at most {maximum} (POLICYKG_GRAPHQL_MAX_PAGE_SIZE)")
    offset = decode_cursor(after) + 1 if after else 0
    return PageArgs(offset, first)


# --- arguments -------------------------------------------------------------------------

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")
_LOGIC = {"AND": "and", "OR": "or", "NOT": "not"}


def _snake(name: str) -> str:
    return _LOGIC.get(name) or _CAMEL.sub("_", name).lower()


def to_filter(value: Any) -> Any:
    """A coerced ``where`` input as the graph layer's filter tree: snake_case keys, enum
    values, no unset fields."""
    if isinstance(value, Mapping):
        return {_snake(k): to_filter(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [to_filter(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    definition = get_object_definition(value)
    if definition is not None:  # a strawberry input instance
        names = {f.python_name: f.graphql_name or f.python_name for f in definition.fields}
        return {_LOGIC.get(names[k], k): to_filter(v) for k, v in vars(value).items() if v is not None and k in names}
    return value


def to_order(value: Iterable[Any] | None) -> list[tuple[str, bool]]:
    """``orderBy`` inputs as (sort name, descending) pairs."""
    out = []
    for entry in value or ():
        by = entry["by"] if isinstance(entry, Mapping) else entry.by
        direction = entry.get("direction") if isinstance(entry, Mapping) else entry.direction
        out.append((by.value if isinstance(by, enum.Enum) else by, _value(direction) == "desc"))
    return out


def _value(v: Any) -> Any:
    return v.value if isinstance(v, enum.Enum) else v


# --- walking the selection -------------------------------------------------------------


def data_key(info: Any, prefix: str = "r_") -> str:
    """Where a relation (``r_``) or value (``x_``) field finds its data in the node dict."""
    return prefix + str(info.path.key)


def _named(type_: GraphQLType) -> GraphQLNamedType:
    named = type_
    while isinstance(named, (GraphQLNonNull, GraphQLList)):
        named = named.of_type
    if not isinstance(named, GraphQLNamedType):  # every type is named once unwrapped
        raise TypeError(f"{type_} is not a GraphQL type")
    return named


def _with_fields(type_: GraphQLNamedType) -> GraphQLObjectType | GraphQLInterfaceType:
    """A type whose fields the walk reads (a connection, an edge, a wrapper): an object or interface."""
    if not isinstance(type_, (GraphQLObjectType, GraphQLInterfaceType)):
        raise TypeError(f"{type_} has no fields to select")
    return type_


@dataclass
class _Walk:
    schema: Any  # graphql-core schema
    fragments: Mapping[str, Any]
    variables: dict[str, Any]
    labels: Mapping[str, Label]  # GraphQL object type name -> node label
    limits: Any  # api.schema.limits.Limits
    seen: list[str] = field(default_factory=list)

    def include(self, node: Any) -> bool:
        for directive in node.directives or ():
            name = directive.name.value
            if name not in ("skip", "include"):
                continue
            arg = next((a for a in directive.arguments if a.name.value == "if"), None)
            value = bool(value_from_ast(arg.value, self.schema.get_type("Boolean"), self.variables)) if arg else False
            if (name == "skip" and value) or (name == "include" and not value):
                return False
        return True

    def possible(self, type_: GraphQLNamedType) -> list[GraphQLNamedType]:
        if isinstance(type_, (GraphQLInterfaceType, GraphQLUnionType)):
            return list(self.schema.get_possible_types(type_))
        return [type_]

    def fields(self, type_: GraphQLNamedType, selection_sets: Iterable[SelectionSetNode | None]
               ) -> dict[str, dict[str, list[FieldNode]]]:
        """Response key -> field nodes, per concrete object type that ``type_`` may be."""
        out: dict[str, dict[str, list[FieldNode]]] = {t.name: {} for t in self.possible(type_)}

        def visit(selection_set: SelectionSetNode | None, applies: list[str]) -> None:
            if selection_set is None:
                return
            for sel in selection_set.selections:
                if not self.include(sel):
                    continue
                if isinstance(sel, FieldNode):
                    key = sel.alias.value if sel.alias else sel.name.value
                    for name in applies:
                        out[name].setdefault(key, []).append(sel)
                elif isinstance(sel, InlineFragmentNode):
                    condition = sel.type_condition.name.value if sel.type_condition else None
                    visit(sel.selection_set, self.narrow(applies, condition))
                elif isinstance(sel, FragmentSpreadNode):
                    fragment = self.fragments[sel.name.value]
                    visit(fragment.selection_set, self.narrow(applies, fragment.type_condition.name.value))

        for selection_set in selection_sets:
            visit(selection_set, list(out))
        return out

    def narrow(self, applies: list[str], condition: str | None) -> list[str]:
        if condition is None:
            return applies
        allowed = {t.name for t in self.possible(self.schema.get_type(condition))}
        return [name for name in applies if name in allowed]

    def args(self, gql_field: Any, node: FieldNode) -> dict[str, Any]:
        given = {a.name.value: a.value for a in node.arguments or ()}
        out = {}
        for name, arg in gql_field.args.items():
            if name in given:
                out[name] = value_from_ast(given[name], arg.type, self.variables)
            else:
                out[name] = arg.default_value if arg.default_value is not _undefined() else None
        return out

    # -- building selections ---------------------------------------------------------------

    def node_select(self, type_: GraphQLNamedType, selection_sets: list[SelectionSetNode | None]) -> Select:
        per_type = self.fields(type_, selection_sets)
        concrete = [self.schema.get_type(name) for name in per_type]
        selects = {t.name: self.object_select(t, per_type[t.name]) for t in concrete}
        first = next(iter(selects.values()))
        if all(select == first for select in selects.values()):
            return first
        common = Select()
        by_label: dict[Label, Select] = {}
        for name, select in selects.items():
            label = self.labels.get(name)
            if label is not None and not _empty(select):
                by_label[label] = select
        common.by_label = by_label
        return common

    def object_select(self, type_: GraphQLObjectType, fields: Mapping[str, list[FieldNode]],
                      into: Select | None = None) -> Select:
        select = into or Select()
        for key, nodes in fields.items():
            name = nodes[0].name.value
            if name.startswith("__"):
                continue
            gql_field = type_.fields[name]
            plan = getattr(gql_field.extensions.get(DEFINITION), "metadata", None) or {}
            spec = plan.get("plan")
            if spec is None or isinstance(spec, Nothing):
                continue
            if isinstance(spec, Prop):
                select.props.update(spec.names)
            elif isinstance(spec, RelProp):
                select.rel_props.update(spec.names)
            elif isinstance(spec, Value):
                select.values["x_" + key] = spec.name
            elif isinstance(spec, SameNode):
                sub = self.node_select(_named(gql_field.type), [n.selection_set for n in nodes])
                _merge_into(select, sub)
            elif isinstance(spec, Relation):
                select.relations["r_" + key] = self.relation(spec, gql_field, nodes)
            elif isinstance(spec, CoResponsibleOf):
                select.relations["r_" + key] = self.co_responsible(gql_field, nodes)
        return select

    def relation(self, spec: Relation, gql_field: Any, nodes: list[FieldNode]) -> RelSelect:
        args = self.args(gql_field, nodes[0])
        where = to_filter(args.get("where")) or {}
        if args.get("kinds"):
            where = {**where, "kind_in": [_value(k) for k in args["kinds"]]}
        if spec.where:
            where = {**where, **spec.where}
        sets = [n.selection_set for n in nodes]
        target = _named(gql_field.type)
        hop = spec.hop_for(args.get("role"))
        if spec.shape != "connection":
            return RelSelect(hop, self.node_select(target, sets), where=where or None, one=spec.shape == "one")
        window = page_args(args.get("first"), args.get("after"), self.limits.default_page_size,
                           self.limits.max_page_size)
        connection = _with_fields(target)
        total, wants_page, node_sets = self.connection_parts(connection, sets)
        node_type = _named(connection.fields["nodes"].type)
        return RelSelect(
            hop,
            self.node_select(node_type, node_sets) if node_sets else Select(),
            where=where or None,
            order=to_order(args.get("orderBy")),
            offset=window.offset,
            limit=window.limit + 1,  # one more tells whether a next page exists
            total=total,
            nodes=wants_page,
        )

    def connection_parts(self, connection: GraphQLObjectType | GraphQLInterfaceType,
                         sets: list[SelectionSetNode | None]) -> tuple[bool, bool, list[SelectionSetNode | None]]:
        """(totalCount selected, page needed, selection sets that apply to the nodes)."""
        fields = self.fields(connection, sets)[connection.name]
        total = any(n.name.value == "totalCount" for ns in fields.values() for n in ns)
        node_sets: list[SelectionSetNode | None] = []
        wants_page = False
        for nodes in fields.values():
            name = nodes[0].name.value
            if name == "nodes":
                wants_page = True
                node_sets += [n.selection_set for n in nodes]
            elif name == "edges":
                wants_page = True
                edge_type = _named(connection.fields["edges"].type)
                for edge_nodes in self.fields(edge_type, [n.selection_set for n in nodes])[edge_type.name].values():
                    if edge_nodes[0].name.value == "node":
                        node_sets += [n.selection_set for n in edge_nodes]
            elif name == "pageInfo":
                wants_page = True
        return total, wants_page, node_sets

    def co_responsible(self, gql_field: Any, nodes: list[FieldNode]) -> CoSelect:
        args = self.args(gql_field, nodes[0])
        window = page_args(args.get("first"), None, self.limits.default_page_size, self.limits.max_page_size)
        element = _with_fields(_named(gql_field.type))
        fields = self.fields(element, [n.selection_set for n in nodes])[element.name]
        department, items = Select(), Select()
        items_selected = False
        for entries in fields.values():
            name = entries[0].name.value
            sets = [n.selection_set for n in entries]
            if name == "department":
                target = _named(element.fields["department"].type)
                department = _merge(department, self.node_select(target, sets))
            elif name == "items":
                target = _named(element.fields["items"].type)
                items = _merge(items, self.node_select(target, sets))
                items_selected = True
        return CoSelect(department, items, items_selected, offset=0, limit=window.limit)

    def root_select(self, type_: GraphQLNamedType, nodes: list[FieldNode]) -> Select:
        return self.node_select(type_, [n.selection_set for n in nodes if n.selection_set])


def _merge(a: Select, b: Select) -> Select:
    merged = a.merged(b)
    merged.by_label = {**a.by_label, **b.by_label}
    return merged


def _merge_into(select: Select, other: Select) -> None:
    select.props |= other.props
    select.values.update(other.values)
    select.relations.update(other.relations)
    select.rel_props |= other.rel_props
    for label, extra in other.by_label.items():
        select.by_label[label] = select.by_label[label].merged(extra) if label in select.by_label else extra


def _empty(select: Select) -> bool:
    return not (select.props or select.values or select.relations or select.rel_props)


def _undefined() -> Any:
    from graphql.pyutils import Undefined

    return Undefined


@dataclass(frozen=True)
class Site:
    """A root field of a request as the planner and the root resolvers read it, outside
    graphql-core's execution (``api/schema/shaped.py``): what a resolver's ``info`` gives them
    (the context, the coerced variables) and what its resolve info holds (schema, fragments,
    the field's type and nodes)."""

    schema: Any  # graphql-core schema
    fragments: Mapping[str, Any]
    variable_values: dict[str, Any]
    return_type: Any
    field_nodes: list[FieldNode]
    context: Any


def _resolve_info(info: Any) -> Any:
    """graphql-core's resolve info of a strawberry ``Info``: the field nodes, fragments,
    return type and schema the walk reads.

    ``Info._raw_info`` is not public: strawberry exposes the selection only as
    ``Info.selected_fields``, whose argument values are the request's literals unconverted
    (an ``Int`` as the string ``"20"``, an enum by its name, an input object as a plain
    dict) and which leaves ``@skip``/``@include`` to the reader; planning from it would
    mean coercing arguments a second way, beside graphql-core's, and any difference would
    fetch other rows than the resolvers then read. Not a speed-up: no gain to measure.
    Pinned with strawberry in pyproject.toml. A :class:`Site` is its own."""
    if isinstance(info, Site):
        return info
    return info._raw_info


def walker(info: Any, labels: Mapping[str, Label], limits: Any) -> _Walk:
    raw = _resolve_info(info)
    return _Walk(raw.schema, raw.fragments, info.variable_values or {}, labels, limits)


def plan_field(info: Any, labels: Mapping[str, Label], limits: Any, *, path: Iterable[str] = ()) -> Select:
    """The :class:`Select` for the nodes under the current root field.

    ``path`` names nested fields to descend first: for a connection, ``("nodes",)`` is
    handled by :func:`plan_connection`; for a wrapper like ``SearchHit`` pass ``("node",)``."""
    raw = _resolve_info(info)
    walk = walker(info, labels, limits)
    type_ = _named(raw.return_type)
    sets = [n.selection_set for n in raw.field_nodes if n.selection_set]
    for name in path:
        fields = walk.fields(type_, sets)[type_.name]
        nodes = [n for ns in fields.values() for n in ns if n.name.value == name]
        type_ = _named(_with_fields(type_).fields[name].type)
        sets = [n.selection_set for n in nodes if n.selection_set]
    return walk.node_select(type_, sets) if sets else Select()


def asks_for(info: Any, labels: Mapping[str, Label], limits: Any, type_name: str, *names: str) -> bool:
    """Whether the current root field's selection asks, anywhere below it, for one of the
    fields ``names`` of the object type ``type_name`` (through fragments; ``@skip`` and
    ``@include`` honoured). Lets a root field leave out of its statement what nobody reads."""
    raw = _resolve_info(info)
    walk = walker(info, labels, limits)

    def visit(type_: GraphQLNamedType, sets: list[SelectionSetNode]) -> bool:
        for concrete, fields in walk.fields(type_, sets).items():
            object_type = raw.schema.get_type(concrete)
            for nodes in fields.values():
                name = nodes[0].name.value
                if concrete == type_name and name in names:
                    return True
                below = [n.selection_set for n in nodes if n.selection_set]
                if below and name in object_type.fields and visit(_named(object_type.fields[name].type), below):
                    return True
        return False

    sets = [n.selection_set for n in raw.field_nodes if n.selection_set]
    return bool(sets) and visit(_named(raw.return_type), sets)


def plan_connection(info: Any, labels: Mapping[str, Label], limits: Any, *, path: Iterable[str] = ()
                    ) -> tuple[bool, bool, Select]:
    """(totalCount selected, page needed, node selection) for a root field returning a
    connection (or a type holding one at ``path``)."""
    raw = _resolve_info(info)
    walk = walker(info, labels, limits)
    type_ = _named(raw.return_type)
    sets = [n.selection_set for n in raw.field_nodes if n.selection_set]
    for name in path:
        fields = walk.fields(type_, sets)[type_.name]
        nodes = [n for ns in fields.values() for n in ns if n.name.value == name]
        type_ = _named(_with_fields(type_).fields[name].type)
        sets = [n.selection_set for n in nodes if n.selection_set]
    connection = _with_fields(type_)
    total, wants_page, node_sets = walk.connection_parts(connection, sets)
    node_type = _named(connection.fields["nodes"].type)
    return total, wants_page, walk.node_select(node_type, node_sets) if node_sets else Select()
