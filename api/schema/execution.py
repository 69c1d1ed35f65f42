"""GraphQL execution with a short way for plain fields.

Root fields fetch their whole selection in one statement and hand back objects whose
property fields are already filled in (``api/schema/types/common.py``), so most of an
answer is leaves read straight off those objects: ``key``, ``name``, ``number``... For
each of them graphql-core builds resolve info, calls strawberry's getter, checks for an
awaitable and dispatches on the type (reading them directly took the execution of a
124-item department answer from 3.0 to 2.4 ms; benchmarks/README.md).
:class:`PlainFieldsFirst` reads such a field directly and coerces it with the same
function graphql-core's leaf completion uses; anything else (arguments, a resolver,
objects, lists, a null, a value the scalar refuses) takes graphql-core's usual path, which
also reports the errors.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLEnumType, GraphQLField, GraphQLNonNull, GraphQLScalarType
from graphql.pyutils import Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

__all__ = ["PlainFieldsFirst", "plain_field"]

#: id(field definition) -> (the definition, (attribute, coerce) or None). The definition is
#: kept so that its id cannot be reused by another field while the entry exists.
_PLAIN: dict[int, tuple[GraphQLField, tuple[str, Any] | None]] = {}


def plain_field(field_def: GraphQLField) -> tuple[str, Any] | None:
    """(attribute name, output coercion) when ``field_def`` is a strawberry field without a
    resolver or arguments whose type is a scalar or enum (nullable or not), else None."""
    entry = _PLAIN.get(id(field_def))
    if entry is not None and entry[0] is field_def:
        return entry[1]
    found = None
    leaf = field_def.type.of_type if isinstance(field_def.type, GraphQLNonNull) else field_def.type
    definition = (field_def.extensions or {}).get("strawberry-definition")
    if (isinstance(leaf, (GraphQLScalarType, GraphQLEnumType)) and not field_def.args
            and definition is not None and definition.base_resolver is None
            and getattr(field_def.resolve, "_is_default", False)):
        found = (definition.python_name, getattr(leaf, "coerce_output_value", None) or leaf.serialize)
    _PLAIN[id(field_def)] = (field_def, found)
    return found


class PlainFieldsFirst(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context, reading plain fields without the resolver machinery."""

    def execute_field(self, parent_type: Any, source: Any, fields: Any, path: Any, *rest: Any) -> Any:
        first = fields[0]
        node = getattr(first, "node", first)  # graphql-core 3.3 groups field details; 3.2 passes nodes
        field_def = parent_type.fields.get(node.name.value)
        if field_def is not None and not node.arguments and not self._middleware:
            plain = plain_field(field_def)
            if plain is not None:
                value = getattr(source, plain[0], None)
                if value is not None:
                    coerced = plain[1](value)
                    if coerced is not None and coerced is not Undefined:
                        return coerced
        return super().execute_field(parent_type, source, fields, path, *rest)

    @property
    def _middleware(self) -> bool:
        manager = self.middleware_manager
        return bool(manager and manager.middlewares)
