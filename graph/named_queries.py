"""Named queries: the ``queries/*.cypher`` files, listed, described and run read-only.

Each file holds one parameterised Cypher query under a header of ``//`` comments
(see ``queries/README.md``)::

    // name: due_in_month
    // description: The schedule of one month ... 某月进度安排。
    //   (a description may go on over indented comment lines)
    // param month: Int  1 to 12
    // param department: String = null  any name of the lead department; null for all

A parameter without ``= default`` is required. Types are ``String``, ``Int``, ``Float``,
``Boolean`` and lists of them (``[String]``); defaults are JSON (``null``, ``10``, ``"lead"``).
``Department`` takes a department's name as any of its aliases is written (区卫生健康局, 发改局): it
is resolved as ``department(name:)`` resolves it (:func:`graph.read.departments_named`) and the
query receives the keys of the departments it names (a list); a name no department has is refused
with the nearest names.

Running a query checks the parameters against the header (unknown names, missing required
ones, wrong types are refused before anything is sent), checks with ``EXPLAIN`` that the
statement only reads (query type ``r``), and runs it in an auto-commit READ transaction
under the connection's timeout, returning at most ``max_rows`` rows; the statement and its
parameters are logged at DEBUG on the ``graph.named_queries`` logger.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import project_root
from .driver import AsyncDatabase, Database, Results, log_statement
from .errors import NamedQueryError
from .read import departments_named

__all__ = [
    "NamedQuery",
    "NamedQueryError",
    "NamedResult",
    "Parameter",
    "QUERIES_DIR",
    "load_queries",
    "parse_query",
    "run",
    "run_async",
]

log = logging.getLogger(__name__)

QUERIES_DIR = project_root() / "queries"

_TYPES: dict[str, tuple[type, ...]] = {
    "String": (str,),
    "Int": (int,),
    "Float": (int, float),
    "Boolean": (bool,),
    "Department": (str,),  # a name; the query receives the keys of the departments it names
}
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<type>\[?[A-Za-z]+\]?)"
                    r"(?:\s*=\s*(?P<default>(?:\"[^\"]*\"|\S+)))?(?:\s+(?P<description>.*))?$")


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str  # String, Int, Float, Boolean, or a list of one: [String]
    description: str
    required: bool
    default: Any = None

    def check(self, value: Any, query: str) -> Any:
        """``value`` if it has this parameter's type (ints are accepted for Float)."""
        if value is None:
            if self.required:
                raise NamedQueryError(f"{query}: parameter {self.name} ({self.type}) is required")
            return None
        inner = self.type.strip("[]")
        accepted = _TYPES[inner]

        def ok(v: Any) -> bool:
            return isinstance(v, accepted) and not (inner != "Boolean" and isinstance(v, bool))

        if self.type.startswith("["):
            if not isinstance(value, list) or not all(ok(v) for v in value):
                raise NamedQueryError(f"{query}: parameter {self.name} takes a list of {inner}, not {value!r}")
            return value
        if not ok(value):
            raise NamedQueryError(f"{query}: parameter {self.name} takes a {inner}, not {value!r}")
        return float(value) if inner == "Float" else value


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    parameters: tuple[Parameter, ...]
    cypher: str
    path: Path

    def bind(self, values: Mapping[str, Any] | None) -> dict[str, Any]:
        """The statement's parameters: ``values`` checked, defaults filled in."""
        values = dict(values or {})
        known = {p.name for p in self.parameters}
        unknown = sorted(set(values) - known)
        if unknown:
            expected = ", ".join(sorted(known)) or "none"
            raise NamedQueryError(f"{self.name}: unknown parameter(s) {', '.join(unknown)}; it takes {expected}")
        bound = {}
        for p in self.parameters:
            value = values.get(p.name, p.default)
            bound[p.name] = p.check(value, self.name)
        return bound


@dataclass(frozen=True)
class NamedResult:
    name: str
    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool  # more rows than max_rows; the rest were not read
    parameters: dict[str, Any] = field(default_factory=dict)


def parse_query(text: str, path: Path) -> NamedQuery:
    """A named query from its file's text; :class:`NamedQueryError` says what is wrong where."""
    header: list[str] = []
    body: list[str] = []
    for line in text.splitlines():
        if not body and line.startswith("//"):
            header.append(line[2:].rstrip())
        elif body or line.strip():
            body.append(line)
    fields: dict[str, str] = {}
    params: list[Parameter] = []
    current: str | None = None
    for line in header:
        if line.startswith("   ") or line.startswith("\t"):  # continues the previous field
            if current == "description":
                fields["description"] += " " + line.strip()
                continue
            raise NamedQueryError(f"{path.name}: an indented header line only continues a description: {line!r}")
        key, sep, value = line.strip().partition(":")
        if key.startswith("param "):
            match = _PARAM.match(line.strip()[len("param "):].strip())
            if not match:
                raise NamedQueryError(f"{path.name}: cannot read {line.strip()!r}; write `param name: Type = default  what it is`")
            params.append(_parameter(match, path))
            current = "param"
        elif sep and key in ("name", "description"):
            fields[key] = value.strip()
            current = key
        else:
            raise NamedQueryError(f"{path.name}: unknown header line {line.strip()!r}; expected name, description or param")
    name = fields.get("name", "")
    if not _NAME.match(name):
        raise NamedQueryError(f"{path.name}: the header needs `// name: snake_case_name`")
    if name != path.stem:
        raise NamedQueryError(f"{path.name}: its name is {name!r}; name the file {name}.cypher")
    if not fields.get("description"):
        raise NamedQueryError(f"{path.name}: the header needs `// description: what it answers`")
    cypher = "\n".join(body).strip()
    if not cypher:
        raise NamedQueryError(f"{path.name}: no Cypher below the header")
    used = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", cypher))
    declared = {p.name for p in params}
    if used != declared:
        raise NamedQueryError(
            f"{path.name}: the header declares {sorted(declared)} but the query uses {sorted(used)}; make them agree")
    return NamedQuery(name, fields["description"], tuple(params), cypher, path)


def _parameter(match: re.Match[str], path: Path) -> Parameter:
    kind = match["type"]
    if kind.strip("[]") not in _TYPES or (kind.startswith("[") != kind.endswith("]")):
        raise NamedQueryError(f"{path.name}: parameter {match['name']} has unknown type {kind}; use {', '.join(_TYPES)}")
    raw = match["default"]
    required = raw is None
    default = None
    if raw is not None:
        try:
            default = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise NamedQueryError(f"{path.name}: default of {match['name']} is not JSON: {raw}") from exc
    return Parameter(match["name"], kind, (match["description"] or "").strip(), required, default)


def load_queries(directory: Path | None = None) -> dict[str, NamedQuery]:
    """Every named query in ``directory`` (``queries/`` of the checkout), by name."""
    directory = directory or QUERIES_DIR
    found: dict[str, NamedQuery] = {}
    for path in sorted(directory.glob("*.cypher")):
        query = parse_query(path.read_text(encoding="utf-8"), path)
        found[query.name] = query
    return found


def _lookup(queries: Mapping[str, NamedQuery], name: str) -> NamedQuery:
    query = queries.get(name)
    if query is None:
        raise NamedQueryError(f"no named query {name!r}; the queries are: {', '.join(sorted(queries))}")
    return query


#: Statements already seen to be read-only by EXPLAIN (the answer does not depend on values).
_READ_ONLY: set[str] = set()


def _read_only(query_type: str | None, query: NamedQuery) -> None:
    if query_type == "r":
        _READ_ONLY.add(query.cypher)
    else:
        raise NamedQueryError(
            f"{query.name}: refused, it is not read-only (query type {query_type!r}); named queries may only read")


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _to_json(value: Any) -> Any:
    """Plain JSON values (Neo4j temporal and spatial values as text)."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        return [v if type(v) in _SCALARS else _to_json(v) for v in value]
    if kind is dict:
        return {k: v if type(v) in _SCALARS else _to_json(v) for k, v in value.items()}
    if isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_json(v) for k, v in value.items()}
    return str(value)


def _rows(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records as JSON rows; a row of plain values is kept as it is (no copy)."""
    return [row if all(type(v) in _SCALARS for v in row.values()) else _to_json(row) for row in records]


def _department_names(query: NamedQuery, bound: Mapping[str, Any]) -> list[str]:
    return [bound[p.name] for p in query.parameters if p.type == "Department" and bound[p.name] is not None]


def _with_keys(query: NamedQuery, bound: dict[str, Any], named: Mapping[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """``bound`` with each Department parameter's name replaced by the keys it names."""
    return bound | {p.name: [d["key"] for d in named[bound[p.name]]]
                    for p in query.parameters if p.type == "Department" and bound[p.name] is not None}


def _result(query: NamedQuery, found: Results, max_rows: int, given: dict[str, Any]) -> NamedResult:
    records = found.records
    return NamedResult(query.name, found.keys, _rows(records[:max_rows]), len(records) > max_rows, given)


def run(conn: Database, queries: Mapping[str, NamedQuery], name: str,
        parameters: Mapping[str, Any] | None = None, *, max_rows: int = 1000) -> NamedResult:
    """Run a named query in a READ transaction, after checking its parameters and that it only reads.

    An auto-commit read (``Database.read``: statement and pull in one round trip) that reads
    at most ``max_rows + 1`` records; the first run of a statement is preceded by its
    ``EXPLAIN``, whose query type must be ``r``."""
    query = _lookup(queries, name)
    bound = query.bind(parameters)
    given, names = bound, _department_names(query, bound)
    if names:
        bound = _with_keys(query, bound, departments_named(names).run(conn))
    log_statement(log, query.cypher, bound)
    if query.cypher not in _READ_ONLY:
        _read_only(conn.read("EXPLAIN " + query.cypher, bound).query_type, query)
    return _result(query, conn.read(query.cypher, bound, max_records=max_rows + 1), max_rows, given)


async def run_async(conn: AsyncDatabase, queries: Mapping[str, NamedQuery], name: str,
                    parameters: Mapping[str, Any] | None = None, *, max_rows: int = 1000) -> NamedResult:
    """:func:`run` on an asyncio connection."""
    query = _lookup(queries, name)
    bound = query.bind(parameters)
    given, names = bound, _department_names(query, bound)
    if names:
        bound = _with_keys(query, bound, await departments_named(names).run_async(conn))
    log_statement(log, query.cypher, bound)
    if query.cypher not in _READ_ONLY:
        _read_only((await conn.read("EXPLAIN " + query.cypher, bound)).query_type, query)
    return _result(query, await conn.read(query.cypher, bound, max_records=max_rows + 1), max_rows, given)
