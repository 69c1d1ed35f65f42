"""Limits on what one request may ask, and the extensions that enforce them.

| limit | setting | default | refuses |
| --- | --- | --- | --- |
| depth | ``POLICYKG_GRAPHQL_MAX_DEPTH`` | 10 | selections nested deeper |
| aliases | ``POLICYKG_GRAPHQL_MAX_ALIASES`` | 30 | more aliased fields in a document |
| tokens | ``POLICYKG_GRAPHQL_MAX_TOKENS`` | 3000 | longer documents (before parsing) |
| batch | ``POLICYKG_GRAPHQL_MAX_BATCH`` | 10 | more operations in one HTTP request, more ids in ``nodes`` |
| cost | ``POLICYKG_GRAPHQL_MAX_COST`` | 20000 | more objects than this, estimated |
| page size | ``POLICYKG_GRAPHQL_PAGE_SIZE`` / ``..._MAX_PAGE_SIZE`` | 20 / 100 | larger ``first`` |

The cost estimates the objects a query may return before running it: every object field
counts once per parent it may appear under, and a list multiplies its children by its size:
``first`` for connections and paged lists (the default page size when omitted), ``limit``
where a field takes one (for ``neighbourhood``, the size of its node and edge lists), and 10
for other lists. ``departments(first: 100) { nodes {
leads(first: 100) { nodes { name } } } }`` costs 100 + 100 × 100 = 10100.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
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
    value_from_ast,
)
from strawberry.extensions import SchemaExtension

from api.schema.plan import PageArgs, page_args

__all__ = ["CostLimiter", "Limits", "graphql_schema", "query_cost"]

#: How many objects a list without ``first`` or ``limit`` is assumed to hold.
LIST_ESTIMATE = 10


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


def query_cost(schema: Any, document: Any, variables: Mapping[str, Any] | None, operation_name: str | None,
               limits: Limits) -> int:
    """The estimated number of objects the operation may return (see the module docstring)."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name:
        operations = [d for d in operations if d.name and d.name.value == operation_name]
    if not operations:
        return 0
    operation = operations[0]
    root = schema.get_root_type(operation.operation)
    variables = variables or {}

    def argument(field_def: Any, node: FieldNode, name: str) -> int | None:
        if name not in field_def.args:
            return None
        given = next((a.value for a in node.arguments or () if a.name.value == name), None)
        value = value_from_ast(given, field_def.args[name].type, variables) if given is not None else None
        if value is None:
            value = field_def.args[name].default_value
        return max(int(value), 0) if isinstance(value, int) else limits.default_page_size

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

    def walk(selection_set: SelectionSetNode | None, parent: Any, multiplier: int, seen: frozenset[str],
             hint: int | None = None) -> int:
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
                count = multiplier * per_parent
                wrapper = parent.name.endswith(("Connection", "Edge"))  # their objects were counted already
                total += (0 if wrapper else count) + walk(sel.selection_set, named, count, seen, below)
            elif isinstance(sel, InlineFragmentNode):
                target = schema.get_type(sel.type_condition.name.value) if sel.type_condition else parent
                total += walk(sel.selection_set, target, multiplier, seen, hint)
            elif isinstance(sel, FragmentSpreadNode):
                name = sel.name.value
                fragment = fragments.get(name)
                if fragment is None or name in seen:
                    continue
                target = schema.get_type(fragment.type_condition.name.value)
                total += walk(fragment.selection_set, target, multiplier, seen | {name}, hint)
        return total

    return walk(operation.selection_set, root, 1, frozenset())


def graphql_schema(schema: Any) -> Any:
    """The graphql-core schema strawberry built for ``schema``.

    ``Schema._schema`` is not public, but strawberry has no public accessor for it and reads
    it itself (its ``ValidationCache`` extension validates against it); the cost walk needs
    graphql-core's types, as the validation rules do. Not a speed-up: no gain to measure.
    Pinned with strawberry in pyproject.toml."""
    return schema._schema


class CostLimiter(SchemaExtension):
    """Refuses, before running it, an operation whose estimated cost exceeds the limit."""

    def __init__(self, limits: Limits):
        self.limits = limits

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None:
            cost = query_cost(graphql_schema(context.schema), document, context.variables, context.operation_name,
                              self.limits)
            if cost > self.limits.max_cost:
                context.result = GraphQLExecutionResult(data=None, errors=[GraphQLError(
                    f"query cost {cost} exceeds the limit of {self.limits.max_cost} (POLICYKG_GRAPHQL_MAX_COST): "
                    "each list multiplies its fields by its page size; ask for smaller pages (first) "
                    "or fewer nested lists",
                    extensions={"code": "COST_LIMIT", "cost": cost, "limit": self.limits.max_cost},
                )])
        yield
