"""Limits on what one request may ask, and the extensions that enforce them.

| limit | setting | default | refuses |
| --- | --- | --- | --- |
| depth | ``POLICYKG_GRAPHQL_MAX_DEPTH`` | 10 | selections nested deeper |
| aliases | ``POLICYKG_GRAPHQL_MAX_ALIASES`` | 30 | more aliased fields in a document |
| tokens | ``POLICYKG_GRAPHQL_MAX_TOKENS`` | 3000 | longer documents (before parsing) |
| batch | ``POLICYKG_GRAPHQL_MAX_BATCH`` | 10 | more operations in one HTTP request, more ids in ``nodes`` |
| cost | ``POLICYKG_GRAPHQL_MAX_COST`` | 20000 | more objects than this, estimated |
| page size | ``POLICYKG_GRAPHQL_PAGE_SIZE`` / ``..._MAX_PAGE_SIZE`` | 20 / 100 | larger ``first`` |
| filter depth | ``POLICYKG_GRAPHQL_MAX_FILTER_DEPTH`` | 3 | a ``where`` crossing more relationships in a chain |
| filter terms | ``POLICYKG_GRAPHQL_MAX_FILTER_TERMS`` | 50 | a ``where`` with more conditions (each ``AND``/``OR`` member's counted) |
| body | ``POLICYKG_GRAPHQL_MAX_BODY_BYTES`` | 1000000 | larger ``/graphql`` request bodies (413) |
| variables depth | ``POLICYKG_GRAPHQL_MAX_VARIABLES_DEPTH`` | 32 | variables nested deeper (400) |
| parsed documents | ``POLICYKG_GRAPHQL_PARSER_CACHE`` | 128 | (the parsed documents kept; the oldest go) |

The cost estimates the objects a query may return before running it: every object field
counts once per parent it may appear under, and a list multiplies its children by its size:
``first`` for connections and paged lists (the default page size when omitted), ``limit``
where a field takes one (for ``neighbourhood``, the size of its node and edge lists), and 10
for other lists. ``departments(first: 100) { nodes {
leads(first: 100) { nodes { name } } } }`` costs 100 + 100 × 100 = 10100.
A filter adds, wherever its field is evaluated, 10 to the power of the relationships each
of its conditions crosses: ``items(where: {responsible: {name: "x"}})`` adds 10, a
condition three relationships down 1000.

The cost, the depth and the alias count are computed once per fragment (each is linear in
the parents a selection appears under, or its maximum), and both the cost and GraphQL's
validation run in a worker thread: a hostile document costs its own request time, not the
other requests'. (strawberry's depth and alias limiters walk every path through the
fragments: a 2447-byte document whose fragments spread each other twice, 2^20 paths, took them
19 s of CPU in the worker thread, holding the interpreter lock the event loop needs.) What
cannot be costly stays on the event loop: a document validated before (its errors are kept),
and the cost of a document without fragments of at most ``INLINE_SOURCE`` characters whose
variables hold at most ``INLINE_VALUES`` values. Each trip to the worker thread waits for the
interpreter lock, up to its switch interval (5 ms) while other requests hold it: two of them
were most of the latency a repeated small query added at 8 clients.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    validate,
    value_from_ast,
)
from strawberry.extensions import SchemaExtension

from api.schema.plan import PageArgs, page_args

__all__ = [
    "CostLimiter",
    "CostLimiterSync",
    "FilterSize",
    "FilterTooLarge",
    "Limits",
    "ValidateInThread",
    "ValidateInline",
    "aliases_rule",
    "depth_rule",
    "filter_size",
    "graphql_schema",
    "query_cost",
]

#: How many objects a list without ``first`` or ``limit`` is assumed to hold.
LIST_ESTIMATE = 10

#: Validated documents kept (per document and rules), as strawberry's ValidationCache keeps them.
VALIDATION_CACHE_SIZE = 128

#: The largest document, in characters, and the most variable values whose cost is computed
#: on the event loop (when the document has no fragments): a walk of tens of microseconds.
INLINE_SOURCE = 2000
INLINE_VALUES = 200


@dataclass(frozen=True)
class Limits:
    max_depth: int = 10
    max_aliases: int = 30
    max_tokens: int = 3000
    max_batch: int = 10
    max_cost: int = 20000
    default_page_size: int = 20
    max_page_size: int = 100
    max_neighbourhood_depth: int = 3
    max_neighbourhood_nodes: int = 500
    max_path_length: int = 6
    max_paths: int = 50
    max_named_query_rows: int = 1000
    max_filter_depth: int = 3
    max_filter_terms: int = 50
    max_body_bytes: int = 1_000_000
    max_variables_depth: int = 32
    parser_cache_size: int = 128

    def window(self, first: int | None, after: str | None) -> PageArgs:
        """The page ``first``/``after`` ask for, refused beyond the maximum page size."""
        return page_args(first, after, self.default_page_size, self.max_page_size)


def _named(type_: Any) -> Any:
    while isinstance(type_, (GraphQLNonNull, GraphQLList)):
        type_ = type_.of_type
    return type_


def _is_list(type_: Any) -> bool:
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)


#: The fields of a filter that combine other filters of the same type rather than cross a relationship.
_COMBINATORS = frozenset({"AND", "OR", "NOT"})


@dataclass(frozen=True)
class FilterSize:
    """How much a ``where`` asks: its deepest chain of relationship filters and its conditions."""

    depth: int = 0
    terms: int = 0
    #: Each condition weighted by the relationships it crosses: LIST_ESTIMATE ** its depth.
    cost: int = 0


def filter_size(value: Any, depth: int = 0) -> FilterSize:
    """The :class:`FilterSize` of a coerced ``where`` value (nested dicts and lists), walked
    without recursion so that no nesting exhausts the stack."""
    deepest, terms, cost = 0, 0, 0
    stack: list[tuple[Any, int]] = [(value, depth)]
    while stack:
        current, level = stack.pop()
        if isinstance(current, Mapping):
            for key, inner in current.items():
                if inner is None:
                    continue
                if isinstance(inner, Mapping):
                    stack.append((inner, level if key in _COMBINATORS else level + 1))
                elif isinstance(inner, (list, tuple)) and any(isinstance(i, Mapping) for i in inner):
                    stack.extend((i, level) for i in inner)
                else:
                    terms += 1
                    deepest = max(deepest, level)
                    cost += LIST_ESTIMATE ** min(level, 12)
        elif isinstance(current, (list, tuple)):
            stack.extend((i, level) for i in current)
    return FilterSize(deepest, terms, cost)


class FilterTooLarge(Exception):
    """A ``where`` nests relationship filters deeper, or holds more conditions, than the limits allow."""


def query_cost(schema: Any, document: Any, variables: Mapping[str, Any] | None, operation_name: str | None,
               limits: Limits) -> int:
    """The estimated number of objects the operation may return, plus what its filters ask
    (see the module docstring). Raises :class:`FilterTooLarge` for a filter over its limits.

    Cost is linear in the number of parents a selection appears under, so each fragment's
    cost for one parent is computed once and multiplied: a document whose fragments fan out
    to millions of paths costs one walk of each fragment."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name:
        operations = [d for d in operations if d.name and d.name.value == operation_name]
    if not operations:
        return 0
    operation = operations[0]
    root = schema.get_root_type(operation.operation)
    variables = dict(variables or {})

    def value(field_def: Any, node: FieldNode, name: str) -> Any:
        given = next((a.value for a in node.arguments or () if a.name.value == name), None)
        found = value_from_ast(given, field_def.args[name].type, variables) if given is not None else None
        return field_def.args[name].default_value if found is None else found

    def argument(field_def: Any, node: FieldNode, name: str) -> int | None:
        if name not in field_def.args:
            return None
        found = value(field_def, node, name)
        return max(int(found), 0) if isinstance(found, int) else limits.default_page_size

    def filter_cost(field_def: Any, node: FieldNode) -> int:
        if "where" not in field_def.args:
            return 0
        size = filter_size(value(field_def, node, "where"))
        if size.depth > limits.max_filter_depth:
            raise FilterTooLarge(
                f"filter of {node.name.value} nests relationship filters {size.depth} deep, over the limit of "
                f"{limits.max_filter_depth} (POLICYKG_GRAPHQL_MAX_FILTER_DEPTH); filter on fewer relationships")
        if size.terms > limits.max_filter_terms:
            raise FilterTooLarge(
                f"filter of {node.name.value} has {size.terms} conditions, over the limit of "
                f"{limits.max_filter_terms} (POLICYKG_GRAPHQL_MAX_FILTER_TERMS); use a list condition "
                "(keyIn, kindIn...) or fewer alternatives")
        return size.cost

    def size(field_def: Any, node: FieldNode, parent: Any, hint: int | None) -> tuple[int, int | None]:
        """(objects per parent, the size of the lists below when they take no size themselves)."""
        if parent.name.endswith(("Connection", "Edge")):
            return 1, None  # the connection field already counted its page
        given = argument(field_def, node, "first")
        if given is None:
            given = argument(field_def, node, "limit")
        if _is_list(field_def.type) or _named(field_def.type).name.endswith("Connection"):
            if given is not None:
                return given, None
            if _named(field_def.type).name.endswith("Connection"):
                return limits.default_page_size, None
            return (hint if hint is not None else LIST_ESTIMATE), None
        return 1, given  # one object whose lists the argument sizes (neighbourhood's limit)

    memo: dict[tuple[str, str, int | None], int] = {}

    def walk(selection_set: SelectionSetNode | None, parent: Any, seen: frozenset[str],
             hint: int | None = None) -> int:
        """The cost of ``selection_set`` under one ``parent`` object."""
        if selection_set is None or not hasattr(parent, "fields"):
            return 0
        total = 0
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                field_def = parent.fields.get(sel.name.value)
                if field_def is None:
                    continue
                named = _named(field_def.type)
                if not hasattr(named, "fields") and not hasattr(named, "types"):
                    continue  # a scalar or enum costs nothing more
                per_parent, below = size(field_def, sel, parent, hint)
                wrapper = parent.name.endswith(("Connection", "Edge"))  # their objects were counted already
                total += (0 if wrapper else per_parent) + filter_cost(field_def, sel)
                if per_parent:
                    total += per_parent * walk(sel.selection_set, named, seen, below)
            elif isinstance(sel, InlineFragmentNode):
                target = schema.get_type(sel.type_condition.name.value) if sel.type_condition else parent
                total += walk(sel.selection_set, target, seen, hint)
            elif isinstance(sel, FragmentSpreadNode):
                name = sel.name.value
                fragment = fragments.get(name)
                if fragment is None or name in seen:
                    continue
                target = schema.get_type(fragment.type_condition.name.value)
                key = (name, parent.name, hint)
                if key not in memo:
                    memo[key] = walk(fragment.selection_set, target, seen | {name}, hint)
                total += memo[key]
        return total

    return walk(operation.selection_set, root, frozenset())


class _FragmentWalk:
    """A number per selection set, computed once per fragment however often it is spread.

    ``field`` gives a field's number from the number of its selection set (None for a leaf),
    ``combine`` the number of a selection set from its selections'. A fragment spread within
    its own expansion (a cycle, which validation reports) counts as empty."""

    def __init__(self, document: Any, field: Callable[[FieldNode, int | None], int],
                 combine: Callable[[list[int]], int]):
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.field = field
        self.combine = combine
        self.memo: dict[str, int] = {}
        self.open: set[str] = set()

    def of(self, selection_set: SelectionSetNode | None) -> int:
        if selection_set is None:
            return self.combine([])
        parts: list[int] = []
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                parts.append(self.field(sel, self.of(sel.selection_set) if sel.selection_set else None))
            elif isinstance(sel, InlineFragmentNode):
                parts.append(self.of(sel.selection_set))
            elif isinstance(sel, FragmentSpreadNode):
                name = sel.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in self.open:
                    continue
                if name not in self.memo:
                    self.open.add(name)
                    self.memo[name] = self.of(fragment.selection_set)
                    self.open.discard(name)
                parts.append(self.memo[name])
        return self.combine(parts)


def depth_rule(max_depth: int) -> type[ValidationRule]:
    """A validation rule refusing operations whose fields nest deeper than ``max_depth``, as
    strawberry's ``QueryDepthLimiter`` does (same depth, same message; introspection fields
    do not count), in time linear in the document."""

    def field(node: FieldNode, below: int | None) -> int:
        return 0 if below is None or node.name.value.startswith("__") else 1 + below

    class DepthLimit(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            walk = _FragmentWalk(context.document, field, lambda parts: max(parts, default=0))
            for operation in context.document.definitions:
                if not isinstance(operation, OperationDefinitionNode):
                    continue
                if walk.of(operation.selection_set) > max_depth:
                    name = operation.name.value if operation.name else "anonymous"
                    context.report_error(GraphQLError(f"'{name}' exceeds maximum operation depth of {max_depth}",
                                                      [operation]))

    return DepthLimit


def aliases_rule(max_aliases: int) -> type[ValidationRule]:
    """A validation rule refusing documents with more than ``max_aliases`` aliased fields,
    counted as strawberry's ``MaxAliasesLimiter`` counts them (a fragment's once per spread;
    same message), in time linear in the document."""

    def field(node: FieldNode, below: int | None) -> int:
        return (1 if node.alias else 0) + (below or 0)

    class MaxAliases(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            walk = _FragmentWalk(context.document, field, sum)
            total = sum(walk.of(d.selection_set) for d in context.document.definitions
                        if isinstance(d, OperationDefinitionNode))
            if total > max_aliases:
                context.report_error(GraphQLError(f"{total} aliases found. Allowed: {max_aliases}"))

    return MaxAliases


def graphql_schema(schema: Any) -> Any:
    """The graphql-core schema strawberry built for ``schema``.

    ``Schema._schema`` is not public, but strawberry has no public accessor for it and reads
    it itself (its ``ValidationCache`` extension validates against it); the cost walk needs
    graphql-core's types, as the validation rules do. Not a speed-up: no gain to measure.
    Pinned with strawberry in pyproject.toml."""
    return schema._schema


def _few_values(value: Any, most: int) -> bool:
    """Whether JSON ``value`` holds at most ``most`` values (containers included), counted
    no further than that."""
    stack, seen = [value], 0
    while stack:
        current = stack.pop()
        seen += 1
        if seen > most:
            return False
        if isinstance(current, Mapping):
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return True


def _cheap_to_cost(document: Any, variables: Mapping[str, Any] | None) -> bool:
    """Whether the cost walk of ``document`` is short enough for the event loop (see the module docstring)."""
    source = document.loc.source.body if document.loc is not None else None
    if source is None or len(source) > INLINE_SOURCE:
        return False
    if any(isinstance(d, FragmentDefinitionNode) for d in document.definitions):
        return False
    return _few_values(variables or {}, INLINE_VALUES)


class CostLimiter(SchemaExtension):
    """Refuses, before running it, an operation whose estimated cost exceeds the limit or
    whose filters exceed theirs. The walk runs in a worker thread unless it is short (see the
    module docstring); :class:`CostLimiterSync` is the same check inline, for ``execute_sync``,
    so that no document blocks the event loop."""

    def __init__(self, limits: Limits):
        self.limits = limits

    def _check(self) -> None:
        context = self.execution_context
        document = context.graphql_document
        if document is None:
            return
        try:
            cost = query_cost(graphql_schema(context.schema), document, context.variables, context.operation_name,
                              self.limits)
        except FilterTooLarge as exc:
            context.result = GraphQLExecutionResult(data=None, errors=[GraphQLError(
                str(exc), extensions={"code": "FILTER_LIMIT"})])
            return
        if cost > self.limits.max_cost:
            context.result = GraphQLExecutionResult(data=None, errors=[GraphQLError(
                f"query cost {cost} exceeds the limit of {self.limits.max_cost} (POLICYKG_GRAPHQL_MAX_COST): "
                "each list multiplies its fields by its page size and each filter condition across "
                "relationships by 10 per relationship; ask for smaller pages (first) or fewer nested lists",
                extensions={"code": "COST_LIMIT", "cost": cost, "limit": self.limits.max_cost},
            )])

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and _cheap_to_cost(document, context.variables):
            self._check()
        else:
            await asyncio.to_thread(self._check)
        yield


class CostLimiterSync(CostLimiter):
    """:class:`CostLimiter` inline, for synchronous execution."""

    def on_execute(self) -> Iterator[None]:  # type: ignore[override]
        self._check()
        yield


class _Validated:
    """GraphQL's errors for each (schema, document, rules), the most recent
    ``VALIDATION_CACHE_SIZE`` of them, by the document object itself (the parser cache hands
    a repeated query the same one): graphql-core's nodes hash by their whole tree, 0.1 ms for
    the API benchmark's department question, at every lookup. Each entry keeps its document,
    so that no other object can take its id while it is kept. Read and written on the event
    loop only (the worker thread validates; its caller stores)."""

    def __init__(self, size: int):
        self.size = size
        self.kept: OrderedDict[tuple[int, int, Any], tuple[Any, list[GraphQLError]]] = OrderedDict()

    @staticmethod
    def key(schema: Any, document: Any, rules: Any) -> tuple[int, int, Any]:
        return id(schema), id(document), tuple(rules) if rules is not None else None

    def get(self, schema: Any, document: Any, rules: Any) -> list[GraphQLError] | None:
        key = self.key(schema, document, rules)
        found = self.kept.get(key)
        if found is None or found[0] is not document:
            return None
        self.kept.move_to_end(key)
        return found[1]

    def put(self, schema: Any, document: Any, rules: Any, errors: list[GraphQLError]) -> list[GraphQLError]:
        key = self.key(schema, document, rules)
        self.kept[key] = (document, errors)
        self.kept.move_to_end(key)
        while len(self.kept) > self.size:
            self.kept.popitem(last=False)
        return errors


_validated = _Validated(VALIDATION_CACHE_SIZE)


class _Validation(SchemaExtension):
    """GraphQL validation cached per document and rules, as strawberry's ``ValidationCache``;
    the subclasses say where a document not validated before is validated."""

    def _to_validate(self) -> tuple[Any, Any, Any] | None:
        """The (schema, document, rules) to validate, or None when there is nothing to: the
        document was not parsed (the parse error is the answer), or it was validated before
        and its kept errors are now the request's."""
        context = self.execution_context
        schema, document, rules = graphql_schema(context.schema), context.graphql_document, context.validation_rules
        if document is None:
            return None
        errors = _validated.get(schema, document, rules)
        if errors is None:
            return schema, document, rules
        context.pre_execution_errors = errors
        return None

    def _keep(self, asked: tuple[Any, Any, Any], errors: list[GraphQLError]) -> None:
        """Keep the ``errors`` of what ``asked`` named and make them the request's."""
        self.execution_context.pre_execution_errors = _validated.put(*asked, errors)


class ValidateInThread(_Validation):
    """GraphQL validation (cached per document and rules, as strawberry's ``ValidationCache``)
    in a worker thread: some rules cost time that grows with a document's fragment fan-out,
    and none of it may block the event loop. A document validated before is answered from
    the cache, without the trip to the thread."""

    async def on_validate(self) -> AsyncIterator[None]:
        asked = self._to_validate()
        if asked is not None:
            self._keep(asked, await asyncio.to_thread(validate, *asked))
        yield


class ValidateInline(_Validation):
    """:class:`ValidateInThread` inline, for synchronous execution."""

    def on_validate(self) -> Iterator[None]:
        asked = self._to_validate()
        if asked is not None:
            self._keep(asked, validate(*asked))
        yield
