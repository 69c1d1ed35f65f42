"""Shared GraphQL types: the ``Node`` interface, provenance, pages, enums and the helpers
that turn the graph layer's node dicts into typed objects.

Every node object wraps the dict ``graph/read.py`` returned for it (``_d``); scalar fields
read its properties, relation fields read the nested results stored under their response
key (see ``api/schema/plan.py``).
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import strawberry
from strawberry.types import get_object_definition

from api.schema.plan import Nothing, PageArgs, Prop, Relation, RelProp, Value, data_key, encode_cursor
from api.schema.types import resolvers
from graph.cypher import NODE_TYPES, PROVENANCE
from graph.read import format_id, node_type
from graph.registry import Hop, Label, RelType, UnionHop, node_spec, rel_spec

__all__ = [
    "Connection",
    "Edge",
    "ItemKind",
    "Node",
    "NodeType",
    "PageInfo",
    "Provenance",
    "RelationshipType",
    "Role",
    "SortDirection",
    "build",
    "connection",
    "connection_at",
    "node_class",
    "count_field",
    "node_types",
    "page_field",
    "prop",
    "provenance",
    "register",
    "rel_provenance",
    "rel_role",
    "related_at",
    "related_field",
    "wrap",
    "wrap_many",
]

T = TypeVar("T")


def _text(english: str, chinese: str) -> str:
    return f"{english} {chinese}"


def prop(name: str, english: str, chinese: str) -> Any:
    """A field that shows one node property (filled in by :func:`build`, no resolver to call)."""
    return strawberry.field(default=None, description=_text(english, chinese),
                            metadata={"plan": Prop(name), "prop": name})


def rel_prop(name: str, english: str, chinese: str) -> Any:
    """A field that shows one property of the relationship that reached the node."""
    return strawberry.field(default=None, description=_text(english, chinese),
                            metadata={"plan": RelProp(name), "rel_prop": name})


# --- enums -----------------------------------------------------------------------------


@strawberry.enum(description="The three kinds of item. 事项类型: 重点工作, 重大改革, 工作举措.")
class ItemKind(enum.Enum):
    TASK = strawberry.enum_value("task", description="A key task (重点工作, 附件二).")
    REFORM = strawberry.enum_value("reform", description="A major reform (重大改革, 附件三).")
    MEASURE = strawberry.enum_value("measure", description="A work measure in the plan's body (工作举措).")


@strawberry.enum(description="How a department is responsible for an item. 责任类型: 牵头或配合.")
class Role(enum.Enum):
    LEAD = strawberry.enum_value("lead", description="The first unit listed leads. 牵头单位.")
    SUPPORT = strawberry.enum_value("support", description="Every other unit listed supports. 配合单位.")


@strawberry.enum(description="Sort direction. 排序方向.")
class SortDirection(enum.Enum):
    ASC = "asc"
    DESC = "desc"


NodeType = strawberry.enum(
    enum.Enum("NodeType", {label.name: strawberry.enum_value(label.value, description=node_spec(label).description)
                           for label in NODE_TYPES}),
    description="The types of node in the graph. 节点类型.",
)

def _rel_description(rel: RelType) -> str:
    spec = rel_spec(rel)
    return f"{spec.description} ({spec.en}, {spec.zh})"


RelationshipType = strawberry.enum(
    enum.Enum("RelationshipType", {t.name: strawberry.enum_value(t.value, description=_rel_description(t))
                                   for t in RelType}),
    description="The types of relationship in the graph. 关系类型.",
)


def node_types(values: list[Any] | None) -> list[Label]:
    return [Label(v.value) for v in values or ()]


def rel_role(description: str) -> Any:
    """The ``role`` (lead or support) of the responsibility relationship that reached a node."""

    def resolve(root: Any) -> Role | None:
        role = (root._d.get("__rel") or {}).get("role")
        return Role(role) if role else None

    return strawberry.field(resolver=resolve, description=description, metadata={"plan": RelProp("role")})


# --- provenance --------------------------------------------------------------------------


@strawberry.type(description="Where a fact was read in its source document. 出处: 文件、章节、行号与原文.")
class Provenance:
    document: str | None = strawberry.field(description="Document id. 文件编号.")
    section: str | None = strawberry.field(description="Section or annex heading. 章节或附件.")
    row: int | None = strawberry.field(description="Row number in an annex table, or order in the body. 表格行号.")
    cell: str | None = strawberry.field(
        description="Cell or part: name, target, work, policy, evaluation, schedule, measure. 单元格.")
    line_start: int | None = strawberry.field(description="First line in the source file (1-based). 起始行.")
    line_end: int | None = strawberry.field(description="Last line in the source file (inclusive). 结束行.")
    source_text: str | None = strawberry.field(description="The text as written. 原文.")

    @classmethod
    def from_props(cls, props: dict[str, Any] | None) -> Provenance | None:
        if not props or not props.get("document"):
            return None
        return cls(**{name: props.get(name) for name in PROVENANCE})


def provenance() -> Any:
    """The ``provenance`` field of a node that carries its own (items, indicators, milestones)."""

    def resolve(root: Any) -> Provenance | None:
        return Provenance.from_props(root._d)

    return strawberry.field(resolver=resolve, description="Where it was read. 出处.", metadata={"plan": Prop(*PROVENANCE)})


def rel_provenance() -> Any:
    """The ``provenance`` of the relationship that reached a node (responsibility, citation, mention)."""

    def resolve(root: Any) -> Provenance | None:
        return Provenance.from_props(root._d.get("__rel"))

    return strawberry.field(
        resolver=resolve, description="Where this relationship was read. 关系的出处.", metadata={"plan": RelProp(*PROVENANCE)})


# --- nodes -------------------------------------------------------------------------------

#: Node label -> the strawberry type that shows it; filled by ``register``.
_TYPES: dict[Label, type] = {}


def register(label: Label) -> Callable[[type[T]], type[T]]:
    def decorate(cls: type[T]) -> type[T]:
        _TYPES[label] = cls
        return cls

    return decorate


def node_class(label: Label) -> type:
    """The strawberry type registered for a node type; a registry type without one is named."""
    cls = _TYPES.get(label)
    if cls is None:
        raise LookupError(f"node type {label.value} has no GraphQL type: add one in api/schema/types/ "
                          f"decorated with @register(Label.{label.name})")
    return cls


def type_labels() -> dict[str, Label]:
    """GraphQL object type name -> node label."""
    return {cls.__name__: label for label, cls in _TYPES.items()}


@dataclass(frozen=True)
class _Shape:
    """How :func:`build` fills a class: node property -> attribute, relationship property ->
    attribute, whether it is a node type (global id, key, labels, display name), and, for a
    class whose ``__init__`` only stores its arguments and defaults, those defaults."""

    props: dict[str, str]
    rel_props: dict[str, str]
    node: bool
    #: every field ``__init__`` sets but ``_d``, with its default; None when it does more
    #: (a default factory, ``__post_init__``, slots): then :func:`build` calls it
    defaults: dict[str, Any] | None


_SHAPES: dict[type, _Shape] = {}


def _plain_defaults(cls: type) -> dict[str, Any] | None:
    """The arguments of a dataclass ``__init__`` that does nothing but store them, with their
    defaults (``_d`` aside, which :func:`build` always gives); None for any other class."""
    if not dataclasses.is_dataclass(cls) or hasattr(cls, "__post_init__") or \
            any("__slots__" in vars(k) for k in cls.__mro__[:-1]):
        return None
    defaults: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if not f.init or f.name == "_d":
            continue
        if f.default is dataclasses.MISSING or f.default_factory is not dataclasses.MISSING:
            return None
        defaults[f.name] = f.default
    # and it does store them, nothing else: made both ways from the same values, the two agree
    # (a class that writes its own __init__ keeps it, and is then called)
    given = {name: object() for name in defaults}
    data: dict[str, Any] = {}
    try:
        called = cls(_d=data, **given)
    except Exception:  # an __init__ that does something with its values: leave it to do it
        return None
    stored = cls.__new__(cls)
    stored.__dict__.update(given, _d=data)
    return defaults if called.__dict__ == stored.__dict__ else None


def _shape(cls: type) -> _Shape:
    found = _SHAPES.get(cls)
    if found is None:
        fields = get_object_definition(cls, strict=True).fields
        found = _SHAPES[cls] = _Shape(
            props={f.metadata["prop"]: f.python_name for f in fields if "prop" in (f.metadata or {})},
            rel_props={f.metadata["rel_prop"]: f.python_name for f in fields if "rel_prop" in (f.metadata or {})},
            node=issubclass(cls, Node),
            defaults=_plain_defaults(cls),
        )
        if found.defaults is not None:  # build sets these and no others, so __init__ would take them
            given = {*found.props.values(), *found.rel_props.values(), *(_NODE_FIELDS if found.node else ())}
            if not given <= found.defaults.keys():
                raise TypeError(f"{cls.__name__}: build would set {sorted(given - found.defaults.keys())}, "
                                "which are not arguments of its __init__")
    return found


#: What :func:`build` gives every node type besides its properties.
_NODE_FIELDS = ("id", "key", "labels", "display_name")


def build(cls: type[T], data: dict[str, Any], label: Label | None = None) -> T:
    """An object of ``cls`` for a node dict, its property fields filled in up front: reading
    an attribute costs GraphQL less than calling a resolver per field. Properties the
    statement did not fetch (not selected) keep their default, None. ``label``: the node's
    type when the caller knows it already.

    For a plain dataclass (every strawberry type here) the attributes are stored as its
    ``__init__`` would store them, without the call: an answer of 368 nodes was wrapped in
    0.57 ms instead of 1.09 (benchmarks/README.md)."""
    shape = _shape(cls)
    rel = data.get("__rel") or {}
    if not shape.node:
        values = {py: data.get(name) for name, py in shape.props.items()}
        values.update({py: rel.get(name) for name, py in shape.rel_props.items()})
        return _make(cls, shape, data, values)
    props = shape.props  # the dict holds the selected properties only: walk the smaller
    values = {props[name]: v for name, v in data.items() if name in props}
    if rel:
        values.update({py: rel[name] for name, py in shape.rel_props.items() if name in rel})
    labels = data.get("__labels", ())
    if label is None:
        label = node_type(labels)
    key = data.get("__key")
    values["id"] = format_id(label, key) if label else str(key)
    values["key"] = str(key)
    values["labels"] = sorted(labels)
    values["display_name"] = data.get("name") or data.get("title")
    return _make(cls, shape, data, values)


def _make(cls: type[T], shape: _Shape, data: dict[str, Any], values: dict[str, Any]) -> T:
    if shape.defaults is None:
        return cls(_d=data, **values)
    obj = cls.__new__(cls)
    state = obj.__dict__
    state.update(shape.defaults)
    state.update(values)
    state["_d"] = data
    return obj


def wrap(data: dict[str, Any] | None) -> Any:
    """The typed object for a node dict (by its most specific label); None stays None."""
    if data is None:
        return None
    label = node_type(data.get("__labels", ()))
    cls = _TYPES.get(label) if label else None
    if cls is None:
        raise ValueError(f"no GraphQL type for a node labelled {data.get('__labels')}")
    return build(cls, data, label)


def wrap_many(data: list[dict[str, Any]] | None) -> list[Any]:
    return [wrap(d) for d in data or ()]


@strawberry.interface(description="Anything in the graph, found by its global id. 图中的任一节点.")
class Node:
    _d: strawberry.Private[dict[str, Any]]
    id: strawberry.ID = strawberry.field(
        default=None, description="Global id, <Type>:<key>, stable across reloads. 全局编号.",
        metadata={"plan": Nothing()})
    key: str = strawberry.field(
        default=None, description="The node's key (document id, jurisdiction name, or key). 主键.",
        metadata={"plan": Nothing()})
    labels: list[str] = strawberry.field(
        default=None, description="Its Neo4j labels, e.g. [Item, Task]. 标签.", metadata={"plan": Nothing()})
    display_name: str | None = strawberry.field(
        default=None, description="A short display name. 名称.", metadata={"plan": Prop("name", "title")})

    @classmethod
    def resolve_type(cls, obj: Any, info: Any, abstract_type: Any) -> str:
        """The GraphQL type of a node object: its own class's (every node object is built
        by :func:`wrap` from a registered type), found without strawberry's general search."""
        return type(obj).__strawberry_definition__.name  # type: ignore[attr-defined]


# --- pages ---------------------------------------------------------------------------------


@strawberry.type(description="Where a page sits in the whole list. 分页信息.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More follow this page. 是否有下一页.")
    has_previous_page: bool = strawberry.field(description="Items come before this page. 是否有上一页.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first item. 首项游标.")
    end_cursor: str | None = strawberry.field(
        description="Cursor of the last item: pass it as `after` for the next page. 末项游标.")


@strawberry.type(description="One item of a page with its cursor. 分页中的一项.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Opaque position, for `after`. 游标.")
    node: T = strawberry.field(description="The item. 节点.")


@strawberry.type(description="A page of a list, with cursors; totalCount is only counted when selected. 分页列表.")
class Connection(Generic[T]):
    _items: strawberry.Private[list[Any]]
    _window: strawberry.Private[PageArgs]
    _has_next: strawberry.Private[bool]
    _total: strawberry.Private[int | None]

    @strawberry.field(description="How many match, over all pages (counted only when asked for). 总数.")
    def total_count(self) -> int:
        return self._total if self._total is not None else 0

    @strawberry.field(description="Cursors and whether more pages exist. 分页信息.")
    def page_info(self) -> PageInfo:
        offset = self._window.offset
        end = offset + len(self._items) - 1
        return PageInfo(
            has_next_page=self._has_next,
            has_previous_page=offset > 0,
            start_cursor=encode_cursor(offset) if self._items else None,
            end_cursor=encode_cursor(end) if self._items else None,
        )

    @strawberry.field(description="The items of this page. 本页各项.")
    def nodes(self) -> list[T]:
        return self._items

    @strawberry.field(description="The items of this page with their cursors. 本页各项及游标.")
    def edges(self) -> list[Edge[T]]:
        return [Edge(cursor=encode_cursor(self._window.offset + i), node=item) for i, item in enumerate(self._items)]


def make_connection(items: list[Any], window: PageArgs, has_next: bool, total: int | None) -> Connection[Any]:
    return Connection(_items=items, _window=window, _has_next=has_next, _total=total)


def connection(root: Any, info: Any, window: PageArgs, convert: Callable[[dict[str, Any]], Any] = wrap
               ) -> Connection[Any]:
    """The page a nested connection field prefetched under its response key."""
    return connection_at(root, data_key(info), window, convert)


def connection_at(root: Any, key: str, window: PageArgs, convert: Callable[[dict[str, Any]], Any] = wrap
                  ) -> Connection[Any]:
    """The page prefetched under ``key`` (``r_<response key>``) of ``root``'s node dict."""
    found = root._d.get(key) or []
    items = [convert(d) for d in found[: window.limit]]
    return make_connection(items, window, len(found) > window.limit, root._d.get(key + "__total"))


def related(root: Any, info: Any, convert: Callable[[dict[str, Any]], Any] = wrap) -> Any:
    """A prefetched list or single related node."""
    return related_at(root, data_key(info), convert)


def related_at(root: Any, key: str, convert: Callable[[dict[str, Any]], Any] = wrap) -> Any:
    """The list or single node prefetched under ``key`` (``r_<response key>``) of ``root``'s node dict."""
    found = root._d.get(key)
    if isinstance(found, list):
        return [convert(d) for d in found]
    return convert(found) if found is not None else None


# --- fields over relations and values ------------------------------------------------------
#
# Each field below reads ``info`` only for its response key and the limits; its metadata's
# ``prefetched`` says how to get its value without it (``api/schema/shaped.py`` does):
# ``("count",)`` the value under ``x_<key>``, ``("page", convert)`` a page of the list under
# ``r_<key>`` (``connection_at``), ``("related", convert)`` the list or node there (``related_at``).

Convert = Callable[[dict[str, Any]], Any]


def count_field(description: str, value: str) -> Any:
    """An ``Int!`` field showing the computed value ``value`` of ``graph.cypher.VALUES`` (0 when missing)."""

    def resolve(root: Any, info: strawberry.Info) -> int:
        return root._d.get(data_key(info, "x_")) or 0

    return strawberry.field(resolver=resolve, description=description,
                            metadata={"plan": Value(value), "prefetched": ("count",)})


def page_field(description: str, hop: Hop | UnionHop, target: Any, where_type: Any, order_type: Any, *,
               kinds: bool = False, role_hops: Mapping[str, Hop | UnionHop] | None = None, convert: Convert = wrap
               ) -> Any:
    """A paged field over the hop ``hop``: ``(role, kinds, where, orderBy, first, after) ->
    Connection[target]``, ``role`` only with ``role_hops`` (the hop for each role) and
    ``kinds`` only when asked for; ``convert`` turns each node dict into a ``target``."""

    def body(root: Any, info: strawberry.Info, first: int | None, after: str | None) -> Connection[Any]:
        return connection(root, info, info.context.limits.window(first, after), convert)

    resolve = resolvers.paged(body, Connection[target], where_type, order_type, kinds=ItemKind if kinds else None,
                              role=Role if role_hops else None)
    return strawberry.field(resolver=resolve, description=description,
                            metadata={"plan": Relation(hop, "connection", role_hops=role_hops),
                                      "prefetched": ("page", convert)})


def related_field(description: str, hop: Hop | UnionHop, target: Any, *, one: bool = False, where_type: Any = None,
                  convert: Convert = wrap) -> Any:
    """A field showing the nodes over the hop ``hop``, all of them (``[target!]!``) or with
    ``one`` the one or null; ``where_type`` adds a ``where`` argument."""

    def body(root: Any, info: strawberry.Info) -> Any:
        return related(root, info, convert)

    resolve = resolvers.related(body, target | None if one else list[target], where=where_type)
    return strawberry.field(resolver=resolve, description=description,
                            metadata={"plan": Relation(hop, "one" if one else "list"),
                                      "prefetched": ("related", convert)})
