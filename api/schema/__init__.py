"""The GraphQL schema, with its limits and error handling.

:func:`build_schema` makes the schema an app serves: the limits of ``api/schema/limits.py``
as extensions, and in production no introspection, no suggestions (of fields,
arguments, enum values or input fields); masked errors (``api.errors``) show only an error id in
development and nothing in production. ``schema`` is the default one, whose SDL is kept in ``api/schema.graphql``;
``python -m api.schema`` rewrites that file (``--check`` only compares).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import strawberry
from graphql import GraphQLError
from graphql.validation import ASTValidationRule, NoSchemaIntrospectionCustomRule
from strawberry.extensions import AddValidationRules, MaxTokensLimiter, ParserCache, SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from api.errors import GraphQLErrors, MaskSurprises, MaskWithErrorId, NoSuggestions
from api.schema.limits import (
    CostLimiter,
    CostLimiterSync,
    Limits,
    ValidateInline,
    ValidateInThread,
    aliases_rule,
    depth_rule,
)
from api.schema.query import Query
from api.schema.shaped import ShapedAnswers
from api.schema.types.common import node_class
from graph.cypher import NODE_TYPES

__all__ = ["SCHEMA_FILE", "build_schema", "schema", "sdl"]

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema.graphql"

#: The GraphQL type of every node type of the registry, listed so the schema knows those
#: reached only through interfaces (``api.schema.query`` imports every type module).
_NODE_TYPES = [node_class(label) for label in NODE_TYPES]


class Schema(strawberry.Schema):
    """Strawberry's schema, minus its logging of every error with a traceback: errors the
    caller caused are answered, not logged; the masked kinds of ``api.errors.ERRORS`` are
    logged once by ``GraphQLErrors``."""

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        return None

    def get_extensions(self, sync: bool = False) -> list[SchemaExtension]:
        """The extensions of one request; synchronous execution gets the inline variants of
        those that run their work in a worker thread."""
        extensions = super().get_extensions(sync=sync)
        if not sync:
            return extensions
        inline: list[SchemaExtension] = []
        for extension in extensions:
            if isinstance(extension, ShapedAnswers):  # its walk awaits the root resolvers
                continue
            if isinstance(extension, CostLimiter) and not isinstance(extension, CostLimiterSync):
                extension = CostLimiterSync(extension.limits)
            elif isinstance(extension, ValidateInThread):
                extension = ValidateInline()
            inline.append(extension)
        return inline


def build_schema(limits: Limits | None = None, *, production: bool = False, shaped: bool = True) -> Schema:
    """The schema with ``limits`` enforced; ``production`` hides introspection, suggestions and surprises;
    ``shaped`` answers the operations ``api/schema/shaped.py`` can shape without graphql-core's execution
    (the same answers; off only to compare the two)."""
    limits = limits or Limits()
    # The validation rules are built once, so that a repeated query's validation is cached
    # (ValidationCache keys on the rules; strawberry's limiters build new ones per request).
    rules: list[type[ASTValidationRule]] = [depth_rule(limits.max_depth), aliases_rule(limits.max_aliases)]
    if production:
        rules.append(NoSchemaIntrospectionCustomRule)
    extensions: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [
        lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
        lambda: ParserCache(maxsize=limits.parser_cache_size),
        lambda: AddValidationRules(rules),
        ValidateInThread,
        lambda: CostLimiter(limits),
        # After the cost check, whose refusal it leaves alone (on_execute hooks run in this order).
        *([ShapedAnswers] if shaped else []),
        # The masking must come first: the last listed runs first once the operation is done.
        *([MaskSurprises, NoSuggestions] if production else [MaskWithErrorId]),
        GraphQLErrors,
    ]
    return Schema(
        query=Query,
        types=_NODE_TYPES,
        extensions=extensions,
        config=StrawberryConfig(
            disable_field_suggestions=production,
            batching_config={"max_operations": limits.max_batch},
        ),
    )


schema = build_schema()


def sdl() -> str:
    """The schema's SDL, as kept in ``api/schema.graphql``."""
    return str(schema).rstrip() + "\n"
