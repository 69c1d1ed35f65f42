"""Answers shaped without graphql-core's field-by-field completion.

graphql-core completes every field of an answer in Python: for each one it builds resolve
info, calls a resolver (or the default one), checks the value against the field's type and
collects errors; on the large answers of many plans (134 items, 367 nodes) that is most of
the CPU a request costs. :class:`ShapedAnswers` is a schema extension whose ``on_execute``
answers an operation it can shape whole by itself and sets ``execution_context.result``
(strawberry's public hook, the one its documentation shows for caching), so graphql-core's
execution is skipped; anything it cannot shape falls through to normal execution unchanged.

Every request still reads the graph: the root field's own resolver runs (``api/schema/query.py``,
called with a :class:`~api.schema.plan.Site` for its ``info``), planning and reading exactly
as under graphql-core, and returns the same objects. Only the walk over the selection differs:
it reads those objects' attributes and calls their resolvers (those that need no ``info``)
directly, serialises leaves with the schema's own scalar and enum types, and for the
relation and count fields of node types (whose resolvers read ``info`` only for the response
key) reads the prefetched data the way those resolvers do (their metadata's ``prefetched``).

It shapes a query (no mutation or subscription) whose root fields are the Query fields of
``api/schema/query.py``, without directives (``@skip``/``@include``) and without
introspection fields other than ``__typename``. It gives up and leaves the operation to
graphql-core when anything else turns up: a field whose resolver needs ``info`` and has no
``prefetched`` recipe, a field with field extensions or permissions, a null where the
schema says non-null, a value a scalar refuses, an object whose type it cannot tell, an
error below the root field (it then comes from normal execution, with its path and masking).
The error of a lone root field's resolver (a refused argument, a timed-out read) is answered
here as graphql-core words it, so the resolver and its read do not run twice. The
answer is the same JSON, in the same key order, as graphql-core's;
``tests/api/test_shaped.py`` runs every golden and example question both ways and compares.

The limits keep working: parsing, the token limit, validation (depth, aliases,
introspection off in production) run before ``on_execute``; the cost check is the
``on_execute`` of :class:`~api.schema.limits.CostLimiter`, listed before this extension, and
an operation it refused (``execution_context.result`` set) is left as it is.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Mapping
from inspect import isawaitable
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLAbstractType,
    GraphQLEnumType,
    GraphQLID,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLString,
    InlineFragmentNode,
    OperationType,
    SelectionSetNode,
    get_operation_ast,
    located_error,
)
from graphql.execution.values import get_argument_values, get_variable_values
from graphql.pyutils import Undefined
from strawberry.extensions import SchemaExtension
from strawberry.types import get_object_definition
from strawberry.types.arguments import convert_arguments

from api.schema.plan import DEFINITION, Site
from api.schema.types.common import connection_at, related_at

__all__ = ["ROOT_FIELDS", "ShapedAnswers"]

#: The root fields whose resolvers read of ``info`` only what a Site holds (the context,
#: the variables, the field's nodes and type, through ``api/schema/plan.py``).
ROOT_FIELDS = frozenset({
    "health", "node", "nodes", "department", "documents", "jurisdictions", "areas", "departments", "items",
    "itemsCitingPolicy", "itemsTargeting", "policies", "indicators", "schedule", "places", "search",
    "neighbourhood", "paths", "relationshipsAmong", "namedQueries", "runNamedQuery",
})


#: How a field's value is found: ("typename",), ("attr", python name), ("call", strawberry
#: field) or a ``prefetched`` recipe of ``api/schema/types/common.py``.
How = tuple[Any, ...]
#: One response key of an object: the key, its field nodes, the graphql-core field, how,
#: and whether it is a String or ID leaf, whose ``str`` values graphql-core returns as they are.
Step = tuple[str, list[FieldNode], Any, How, bool]

_TEXT_SCALARS = (GraphQLString, GraphQLID)


def _text_leaf(type_: Any) -> bool:
    return (type_.of_type if isinstance(type_, GraphQLNonNull) else type_) in _TEXT_SCALARS


class Fallback(Exception):
    """The operation is not one this module shapes; graphql-core answers it."""


class _Shaper:
    """Completes values along a selection as graphql-core would, for the fields it knows."""

    def __init__(self, strawberry_schema: Any, fragments: Mapping[str, Any], variables: Any, context: Any):
        self.strawberry = strawberry_schema
        self.schema: GraphQLSchema = strawberry_schema._schema
        self.fragments = fragments
        self.variables = variables  # graphql-core's VariableValues (for argument values)
        self.coerced: dict[str, Any] = getattr(variables, "coerced", variables) or {}
        self.context = context
        self._plans: dict[tuple[str, tuple[int, ...]], list[Step]] = {}
        self._concrete: dict[tuple[str, type], GraphQLObjectType] = {}
        self._arguments: dict[int, dict[str, Any]] = {}

    # -- the selection ------------------------------------------------------------------

    def fields(self, object_type: GraphQLObjectType, selection_sets: Iterable[SelectionSetNode | None]
               ) -> dict[str, list[FieldNode]]:
        """Response key -> its field nodes, in the order graphql-core collects them."""
        out: dict[str, list[FieldNode]] = {}
        seen: set[str] = set()

        def visit(selection_set: SelectionSetNode | None) -> None:
            if selection_set is None:
                return
            for sel in selection_set.selections:
                if sel.directives:
                    raise Fallback("directives")
                if isinstance(sel, FieldNode):
                    out.setdefault(sel.alias.value if sel.alias else sel.name.value, []).append(sel)
                elif isinstance(sel, InlineFragmentNode):
                    if sel.type_condition is None or self.applies(sel.type_condition.name.value, object_type):
                        visit(sel.selection_set)
                elif isinstance(sel, FragmentSpreadNode):
                    name = sel.name.value
                    if name in seen:
                        continue
                    seen.add(name)
                    fragment = self.fragments.get(name)
                    if fragment is None:
                        raise Fallback(f"no fragment {name}")
                    if fragment.directives:
                        raise Fallback("directives")
                    if self.applies(fragment.type_condition.name.value, object_type):
                        visit(fragment.selection_set)
                else:
                    raise Fallback("unknown selection")

        for selection_set in selection_sets:
            visit(selection_set)
        return out

    def applies(self, condition: str, object_type: GraphQLObjectType) -> bool:
        type_ = self.schema.get_type(condition)
        if type_ is object_type:
            return True
        if isinstance(type_, GraphQLAbstractType):
            return self.schema.is_sub_type(type_, object_type)
        return False

    # -- completing values ----------------------------------------------------------------

    def complete(self, type_: Any, nodes: list[FieldNode], value: Any) -> Any:
        if isinstance(type_, GraphQLNonNull):
            if value is None:
                raise Fallback("null in a non-null field")
            type_ = type_.of_type
        if value is None:
            return None
        if isinstance(type_, GraphQLList):
            if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
                raise Fallback("a list field without a list")
            item = type_.of_type
            return [self.complete(item, nodes, v) for v in value]
        if isinstance(type_, (GraphQLScalarType, GraphQLEnumType)):
            serialized = type_.serialize(value)
            if serialized is Undefined or serialized is None:
                raise Fallback("a value its type refuses")
            return serialized
        if isinstance(type_, GraphQLAbstractType):
            type_ = self.concrete(type_, type(value))
        if not isinstance(type_, GraphQLObjectType):
            raise Fallback(f"{type_} is not an object type")
        return self.object(type_, nodes, value)

    def concrete(self, abstract: GraphQLAbstractType, cls: type) -> GraphQLObjectType:
        """The object type of an object of ``cls`` in a field of the abstract type ``abstract``."""
        found = self._concrete.get((abstract.name, cls))
        if found is None:
            definition = get_object_definition(cls)
            if definition is None or definition.is_graphql_generic:
                raise Fallback("an object of no named type")
            named = self.schema.get_type(definition.name)
            if not isinstance(named, GraphQLObjectType) or not self.schema.is_sub_type(abstract, named):
                raise Fallback("an object of another type")
            found = self._concrete[abstract.name, cls] = named
        return found

    def object(self, object_type: GraphQLObjectType, nodes: list[FieldNode], obj: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, field_nodes, field, how, text in self.plan(object_type, nodes):
            kind = how[0]
            if kind == "typename":
                out[key] = object_type.name
                continue
            if kind == "attr":
                value = getattr(obj, how[1])
            elif kind == "call":
                value = self.call(how[1], field, field_nodes[0], obj)
            else:
                value = self.prefetched(how, field, field_nodes[0], obj, key)
            out[key] = value if text and type(value) is str else self.complete(field.type, field_nodes, value)
        return out

    def plan(self, object_type: GraphQLObjectType, nodes: list[FieldNode]) -> list[Step]:
        """How to get each response key of ``object_type`` under ``nodes``, worked out once
        per request for each type and selection (a page of nodes shares one)."""
        cache_key = (object_type.name, tuple(map(id, nodes)))
        found = self._plans.get(cache_key)
        if found is not None:
            return found
        found = []
        for key, field_nodes in self.fields(object_type, [n.selection_set for n in nodes]).items():
            name = field_nodes[0].name.value
            if name == "__typename":
                found.append((key, field_nodes, None, ("typename",), False))
                continue
            field = object_type.fields.get(name)
            if field is None:
                raise Fallback(f"{object_type.name}.{name}")
            found.append((key, field_nodes, field, self.how(field), _text_leaf(field.type)))
        self._plans[cache_key] = found
        return found

    def how(self, field: Any) -> How:
        definition = field.extensions.get(DEFINITION)
        if definition is None or definition.extensions or definition.permission_classes:
            raise Fallback("a field with extensions or permissions")
        resolver = definition.base_resolver
        if resolver is None:
            return ("attr", definition.python_name)
        if resolver.is_async:
            raise Fallback("an async resolver")
        if resolver.info_parameter is not None:
            recipe = (definition.metadata or {}).get("prefetched")
            if not recipe or recipe[0] not in ("count", "related", "page"):
                raise Fallback(f"{definition.python_name} needs info")
            return tuple(recipe)
        return ("call", definition)

    def call(self, definition: Any, field: Any, node: FieldNode, obj: Any) -> Any:
        """The field's resolver called as strawberry calls it (self, root or parent, arguments)."""
        resolver = definition.base_resolver
        kwargs = self.arguments(definition, field, node)
        args = [obj] if resolver.self_parameter else []
        for parameter in (resolver.parent_parameter, resolver.root_parameter):
            if parameter is not None:
                kwargs[parameter.name] = obj
        return resolver(*args, **kwargs)

    def prefetched(self, how: How, field: Any, node: FieldNode, obj: Any, key: str) -> Any:
        """A node type's relation or count field, read as its resolver reads it."""
        if how[0] == "count":
            return obj._d.get("x_" + key) or 0
        if how[0] == "related":
            return related_at(obj, "r_" + key, how[1])
        args = self.argument_values(field, node)
        window = self.context.limits.window(args.get("first"), args.get("after"))
        return connection_at(obj, "r_" + key, window, how[1])

    def argument_values(self, field: Any, node: FieldNode) -> dict[str, Any]:
        found = self._arguments.get(id(node))
        if found is None:
            found = self._arguments[id(node)] = get_argument_values(field, node, self.variables)
        return found

    def arguments(self, definition: Any, field: Any, node: FieldNode) -> dict[str, Any]:
        if not definition.arguments:
            return {}
        return convert_arguments(self.argument_values(field, node), definition.arguments,
                                 scalar_registry=self.strawberry.schema_converter.scalar_registry,
                                 config=self.strawberry.config)

    # -- the root -------------------------------------------------------------------------

    def shapeable(self, type_: Any, nodes: list[FieldNode]) -> None:
        """Raise :class:`Fallback` unless every field the selection can reach under ``type_``
        (for an interface or union, under each of its types) is one this walk knows: checked
        before any resolver runs, so that an operation left to graphql-core reads the graph
        once. The plans it makes are the ones :meth:`object` then follows."""
        while isinstance(type_, (GraphQLNonNull, GraphQLList)):
            type_ = type_.of_type
        if isinstance(type_, (GraphQLScalarType, GraphQLEnumType)):
            return
        if isinstance(type_, GraphQLAbstractType):
            for possible in self.schema.get_possible_types(type_):
                self.shapeable(possible, nodes)
            return
        if not isinstance(type_, GraphQLObjectType):
            raise Fallback(f"{type_} is not an object type")
        for _, field_nodes, field, how, _text in self.plan(type_, nodes):
            if field is not None and how[0] != "count":
                self.shapeable(field.type, field_nodes)

    def roots(self, selection_set: SelectionSetNode) -> list[tuple[str, list[FieldNode], Any]]:
        """The root fields (response key, nodes, graphql-core field; None for ``__typename``),
        each checked with :meth:`shapeable`."""
        query_type = self.schema.query_type
        if query_type is None:
            raise Fallback("no query type")
        found: list[tuple[str, list[FieldNode], Any]] = []
        for key, nodes in self.fields(query_type, [selection_set]).items():
            name = nodes[0].name.value
            if name == "__typename":
                found.append((key, nodes, None))
                continue
            if name not in ROOT_FIELDS:
                raise Fallback(f"root field {name}")
            field = query_type.fields[name]
            definition = field.extensions.get(DEFINITION)
            resolver = definition.base_resolver if definition is not None else None
            if resolver is None or definition.extensions or definition.permission_classes:
                raise Fallback(f"root field {name}")
            self.shapeable(field.type, nodes)
            found.append((key, nodes, field))
        return found

    async def root(self, roots: list[tuple[str, list[FieldNode], Any]], root_value: Any) -> GraphQLExecutionResult:
        """The answer of the root fields. A root resolver that raises gives the error graphql-core
        would (located at its field, the field null, or the whole answer null when the field is
        non-null) rather than a fall-through that would run the resolver, and its read, again;
        with several root fields the order of their errors is graphql-core's to decide, so
        there an error falls through."""
        out: dict[str, Any] = {}
        for key, nodes, field in roots:
            if field is None:
                out[key] = self.schema.query_type.name  # type: ignore[union-attr]
                continue
            definition = field.extensions[DEFINITION]
            resolver = definition.base_resolver
            kwargs = self.arguments(definition, field, nodes[0])
            if resolver.info_parameter is not None:
                kwargs[resolver.info_parameter.name] = Site(self.schema, self.fragments, self.coerced, field.type,
                                                            nodes, self.context)
            args = [root_value] if resolver.self_parameter else []
            try:
                value = resolver(*args, **kwargs)
                if isawaitable(value):
                    value = await value
            except Exception as exc:
                if len(roots) > 1:
                    raise
                error = located_error(exc, nodes, [key])
                data = None if isinstance(field.type, GraphQLNonNull) else {key: None}
                return GraphQLExecutionResult(data=data, errors=[error])
            out[key] = self.complete(field.type, nodes, value)
        return GraphQLExecutionResult(data=out, errors=None)


async def shape(execution_context: Any) -> GraphQLExecutionResult | None:
    """The answer, or None when graphql-core is to answer (see the module docstring)."""
    document = execution_context.graphql_document
    if document is None:
        return None
    operation = get_operation_ast(document, execution_context.operation_name)
    if operation is None or operation.operation != OperationType.QUERY or operation.directives:
        return None
    strawberry_schema = execution_context.schema
    schema = strawberry_schema._schema
    variables = get_variable_values(schema, operation.variable_definitions or (), execution_context.variables or {})
    if isinstance(variables, list):  # errors: graphql-core reports them
        return None
    fragments = {d.name.value: d for d in document.definitions if d.kind == "fragment_definition"}
    shaper = _Shaper(strawberry_schema, fragments, variables, execution_context.context)
    try:
        roots = shaper.roots(operation.selection_set)
    except Exception:  # noqa: BLE001 (Fallback, or a document graphql-core will refuse)
        return None
    try:
        return await shaper.root(roots, execution_context.root_value)
    except Exception:  # noqa: BLE001 (Fallback, or an error among several root fields)
        # Normal execution answers: an error comes from there again, with its path and
        # masking, as every error is reported.
        return None


class ShapedAnswers(SchemaExtension):
    """Answers an operation it can shape whole without graphql-core's execution (see the module docstring)."""

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context
        if context.result is None:
            result = await shape(context)
            if result is not None:
                context.result = result
        yield
