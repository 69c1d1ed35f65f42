"""Every Cypher statement that ``graph/`` runs (named queries live in ``queries/``).

Fixed statements are UPPER_SNAKE constants; values always go in as
``$parameters``. Labels are interpolated only from the :class:`Label` enum,
never from input.

The graph, in one picture (see README "Graph schema"):

    (Document)-[:ABOUT]->(Jurisdiction)<-[:PART_OF]-(Department)-[:GOVERNS]->(Place)
    (Document)-[:CONTAINS]->(Task|Reform|Measure|Indicator)
    (Document)-[:LISTS {stated_count,row_count}]->(Area)
    (Department)-[:RESPONSIBLE_FOR {role,order}]->(Task|Reform|Measure)
    (Task|Reform|Measure)-[:CITES {cell}]->(Policy)
    (Task|Reform|Measure)-[:TARGETS]->(Indicator)-[:IN_AREA]->(Area)
    (Task|Reform|Measure)-[:HAS_MILESTONE]->(Milestone)
    (Task|Reform|Measure)-[:IN_AREA]->(Area)
    (Task|Reform|Measure)-[:MENTIONS]->(Place)-[:IN]->(Jurisdiction)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .registry import (
    GROUPS,
    NODES,
    RELATIONSHIPS,
    Direction,
    Hop,
    HopOrder,
    Hops,
    Keep,
    Label,
    Link,
    Merge,
    NodeSpec,
    NodeWrite,
    Owned,
    RelSpec,
    RelType,
    RelWrite,
    Shared,
    Step,
    UnionHop,
    node_spec,
    rel_spec,
)
from .select import CoSelect, Order, RelSelect, Select, Where


def _l(label: Label) -> str:
    return f"`{label.value}`"


#: The property that identifies each node, with a uniqueness constraint on it.
KEYS: dict[Label, str] = {Label(s.label): s.key for s in NODES} | {Label(g.label): g.key for g in GROUPS}

#: Lookup indexes beside the keys: (label, property).
INDEXES: tuple[tuple[Label, str], ...] = tuple(
    [(Label(s.label), prop) for s in NODES for prop in s.indexed]
    + [(Label(g.label), prop) for g in GROUPS for prop in g.indexed])

FULLTEXT_INDEX = "search"
#: The node types the full-text index covers, and the union of their searchable properties
#: (one Neo4j full-text index has one list of properties for all its labels).
FULLTEXT_LABELS: tuple[Label, ...] = tuple(Label(s.label) for s in NODES if s.searchable)
FULLTEXT_PROPERTIES: tuple[str, ...] = tuple(dict.fromkeys(p for s in NODES for p in s.searchable))


def constraint_name(label: Label, prop: str) -> str:
    return f"{label.value.lower()}_{prop}_unique"


def constraint(label: Label, prop: str) -> str:
    return (f"CREATE CONSTRAINT {constraint_name(label, prop)} IF NOT EXISTS FOR (n:`{label.value}`) "
            f"REQUIRE n.`{prop}` IS UNIQUE")


def index_name(label: Label, prop: str) -> str:
    return f"{label.value.lower()}_{prop}"


def index(label: Label, prop: str) -> str:
    return f"CREATE INDEX {index_name(label, prop)} IF NOT EXISTS FOR (n:`{label.value}`) ON (n.`{prop}`)"


def fulltext_index() -> str:
    labels = "|".join(f"`{label.value}`" for label in FULLTEXT_LABELS)
    props = ", ".join(f"n.`{p}`" for p in FULLTEXT_PROPERTIES)
    return (
        f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:{labels}) ON EACH [{props}] "
        "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk', `fulltext.eventually_consistent`: true}}"
    )


AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"
#: Until the eventually consistent full-text index holds every committed write.
AWAIT_SEARCH_INDEX = "CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()"
DROP_FULLTEXT_INDEX = f"DROP INDEX {FULLTEXT_INDEX} IF EXISTS"

# Every node and relationship, in batches; an auto-commit statement (not in a transaction
# function). Used by tests and benchmarks that start from an empty graph.
DELETE_ALL = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"

DOCUMENT_HASH = "MATCH (d:Document {id: $id}) RETURN d.model_hash AS model_hash"
#: The loaded versions among many documents, in one round trip.
DOCUMENT_HASHES = ("UNWIND $ids AS id MATCH (d:Document {id: id}) "
                   "RETURN d.id AS id, d.model_hash AS model_hash")



def _owned_labels() -> tuple[tuple[Label, str], ...]:
    """The labels a document's own nodes are deleted by, with the property holding its id:
    a group label indexed on that property (Item) stands for all its types."""
    out: dict[Label, str] = {}
    for s in NODES:
        if not s.owned:
            continue
        assert isinstance(s.lifecycle, Owned)
        by = s.lifecycle.by
        group = next((g for g in GROUPS if g.label in s.groups and by in g.indexed), None)
        out.setdefault(Label(group.label if group else s.label), by)
    return tuple(out.items())


def _orphan_order() -> list[NodeSpec]:
    """Shared node types in the order their orphans are deleted: a type kept alive by
    another shared type (a Place by the Department that GOVERNS it) after that type, so one
    pass removes both."""
    shared = [s for s in NODES if s.shared]
    names = {s.label for s in shared}

    def keepers(s: NodeSpec) -> set[str]:
        ends: set[str] = set()
        assert isinstance(s.lifecycle, Shared)
        for keep in s.lifecycle.kept_by:
            rel = rel_spec(keep.rel)
            ends |= set(rel.start if keep.direction is Direction.IN else rel.end)
        return (ends & names) - {s.label}

    ordered: list[NodeSpec] = []
    while len(ordered) < len(shared):
        ready = [s for s in shared if s not in ordered and keepers(s) <= {o.label for o in ordered}]
        if not ready:
            raise ValueError("shared node types keep each other alive in a cycle")
        ordered.append(ready[0])
    return ordered


def _kept(keep_by: tuple[Keep, ...]) -> str:
    """``(x)<-[:MENTIONS|GOVERNS]-()`` for the relationships keeping ``x`` alive."""
    pattern = ""
    for direction in (Direction.IN, Direction.OUT):
        types = "|".join(f"`{k.rel.value}`" for k in keep_by if k.direction is direction)
        if types:
            pattern += f" OR (x)<-[:{types}]-()" if direction is Direction.IN else f" OR (x)-[:{types}]->()"
    return pattern[len(" OR "):]


def _kept_by(s: NodeSpec) -> tuple[Keep, ...]:
    return s.lifecycle.kept_by if isinstance(s.lifecycle, Shared) else ()


# Removing a document: its own nodes go, shared nodes stay unless nothing uses them.
DELETE_DOCUMENT_NODES = "\n".join(
    f"CALL () {{ MATCH (n:{_l(label)} {{`{by}`: $id}}) DETACH DELETE n }}" for label, by in _owned_labels()) + "\n"
DELETE_DOCUMENT = "MATCH (d:Document {id: $id}) DETACH DELETE d RETURN count(d) AS deleted"
DELETE_ORPHANS = (
    "CALL () {\n"
    + "\n  UNION ALL\n".join(
        f"  MATCH (x:`{s.label}`) WHERE NOT ({_kept(_kept_by(s))}) DETACH DELETE x RETURN count(*) AS n"
        for s in _orphan_order())
    + "\n}\nRETURN sum(n) AS deleted\n"
)

FIND_DOCUMENTS = """
MATCH (d:Document)
WHERE d.id = $ref OR d.title = $ref OR d.source_name = $ref
RETURN d.id AS id, d.title AS title, d.source_name AS source_name
"""
LIST_DOCUMENTS = """
MATCH (d:Document)
RETURN d.id AS id, d.title AS title, d.jurisdiction AS jurisdiction, d.year AS year,
       d.source_name AS source_name, COUNT { (d)-[:CONTAINS]->(:Item) } AS items
ORDER BY d.jurisdiction, d.year, d.id
"""
COUNTS = """
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships
"""

# --- writes (graph/writer.py): one statement per node type and relationship type ---------
#
# Built from the registry's NodeWrite and RelWrite by write_statement; each runs over
# ``$rows``, the rows graph.writer makes of a document for that type.


def _merge_set(prop: str, policy: Merge) -> str:
    n, value = f"n.`{prop}`", f"row.props.`{prop}`"
    if policy is Merge.OVERWRITE:
        return f"{n} = {value}"
    if policy is Merge.GIVEN:
        return f"{n} = coalesce({value}, {n})"
    if policy is Merge.KEEP:
        return f"{n} = coalesce({n}, {value})"
    if policy is Merge.ACCUMULATE:  # no APOC: a list comprehension
        return f"{n} = coalesce({n}, []) + [x IN {value} WHERE NOT x IN coalesce({n}, [])]"
    raise ValueError(f"{prop}: {policy} is set on create only")


def _link_pattern(link: Link, other: str) -> str:
    rel = f"[:`{link.rel.value}`]"
    return f"(n)-{rel}->({other})" if link.direction is Direction.OUT else f"({other})-{rel}->(n)"


def _match_other(link: Link, other: str) -> str:
    return f"({other}:`{link.other}` {{`{KEYS[Label(link.other)]}`: row.`{link.field}`}})"


def _node_write(spec: NodeSpec, write: NodeWrite) -> str:
    required = [(f"o{i}", link) for i, link in enumerate(write.links) if not link.optional]
    lines = ["UNWIND $rows AS row"]
    # a row whose required end is missing is not written
    lines += [f"MATCH {_match_other(link, other)}" for other, link in required]
    labels = "".join(f":`{label}`" for label in (*spec.groups, spec.label))
    if spec.owned:
        if write.merge:
            raise ValueError(f"{spec.label}: a node owned by a document is created, never merged")
        lines += [f"CREATE (n{labels})", "SET n = row.props"]
    else:
        lines.append(f"MERGE (n{labels} {{`{spec.key}`: row.props.`{spec.key}`}})")
        on_create = [f"n.`{p}` = row.props.`{p}`" for p, policy in write.merge if policy is Merge.ON_CREATE]
        later = [_merge_set(p, policy) for p, policy in write.merge if policy is not Merge.ON_CREATE]
        if on_create:
            lines.append("ON CREATE SET " + ", ".join(on_create))
        if later:
            lines.append("SET " + ", ".join(later))
        if not write.merge:
            lines.append("SET n += row.props")
    if write.derived:
        # a clause of its own: it reads what the clauses above set
        lines.append("SET " + ", ".join(f"n.`{p}` = {e.replace('{n}', 'n')}" for p, e in write.derived))
    for other, link in required:
        lines.append(f"{'MERGE' if link.merge else 'CREATE'} {_link_pattern(link, other)}")
    for i, link in enumerate(write.links):
        if link.optional:
            other = f"o{i}"
            lines += ["WITH n, row", f"OPTIONAL MATCH {_match_other(link, other)}",
                      f"FOREACH (_ IN CASE WHEN {other} IS NULL THEN [] ELSE [1] END | "
                      f"{'MERGE' if link.merge else 'CREATE'} {_link_pattern(link, other)})"]
    return "\n".join(lines) + "\n"


def _rel_write(spec: RelSpec, write: RelWrite) -> str:
    start, end = Label(write.start), Label(write.end)
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{_l(start)} {{`{KEYS[start]}`: row.start}})\n"
        f"MATCH (b:{_l(end)} {{`{KEYS[end]}`: row.end}})\n"
        f"{'MERGE' if write.merge else 'CREATE'} (a)-[r:`{spec.type}`]->(b)\n"
        "SET r += row.props\n"
    )


def write_statement(kind: Label | RelType) -> str:
    """The statement writing ``$rows`` of one node type or relationship type, as the
    registry declares it (:class:`graph.registry.NodeWrite`, :class:`graph.registry.RelWrite`)."""
    if isinstance(kind, RelType):
        rel = rel_spec(kind)
        if rel.write is None:
            raise ValueError(f"{kind.value} is written only with a node")
        return _rel_write(rel, rel.write)
    spec = node_spec(kind)
    if spec.write is None:
        raise ValueError(f"{kind.value} is not written")
    return _node_write(spec, spec.write)


def _write_order() -> tuple[Label, ...]:
    """The written node types, each after those its links reach (a group label stands for
    every type carrying it), in registry order otherwise."""
    written = [s for s in NODES if s.write is not None]
    members = {g.label: {s.label for s in NODES if g.label in s.groups} for g in GROUPS}
    needs: dict[str, set[str]] = {}
    for s in written:
        links = s.write.links if s.write else ()
        needs[s.label] = set().union(*(members.get(link.other, {link.other}) for link in links)) - {s.label}
    ordered: list[str] = []
    while len(ordered) < len(written):
        ready = [s.label for s in written if s.label not in ordered and needs[s.label] <= set(ordered)]
        if not ready:
            raise ValueError("node types link to each other in a cycle")
        ordered.append(ready[0])
    return tuple(Label(label) for label in ordered)


#: The order the writer writes node types in, then the relationship types written alone.
NODE_WRITE_ORDER: tuple[Label, ...] = _write_order()
REL_WRITE_ORDER: tuple[RelType, ...] = tuple(RelType(r.type) for r in RELATIONSHIPS if r.write is not None)
#: Everything the writer writes, in that order.
WRITTEN: tuple[Label | RelType, ...] = (*NODE_WRITE_ORDER, *REL_WRITE_ORDER)
#: Every write statement, by what it writes.
WRITES: dict[Label | RelType, str] = {k: write_statement(k) for k in WRITTEN}


# --- reads (graph/read.py) ---------------------------------------------------------------
#
# Reads are compiled from a projection tree (graph.read.Select): one statement per root
# field, nested relations as COLLECT/COUNT subqueries of the node that owns them. The
# catalogues below are the only Cypher the compiler assembles: relation hops (typed data of
# graph/registry.py, rendered by hop_match and hop_order), filter predicates, sort keys and
# computed values, each keyed by a name, never by caller text. Placeholders of the templates:
# {v} the node itself, {p} a parameter reference such as $p3.


#: The label that names a node's type, most specific first (an item is :Item:Task).
NODE_TYPES: tuple[Label, ...] = tuple(Label(s.label) for s in NODES)

#: Properties copied from the source text's position onto items, indicators, milestones
#: and the RESPONSIBLE_FOR, CITES, MENTIONS and LISTS relationships.
PROVENANCE = ("document", "section", "row", "cell", "line_start", "line_end", "source_text")


def _fill(template: str, **names: str) -> str:
    for name, value in names.items():
        template = template.replace("{" + name + "}", value)
    return template


def _step_pattern(step: Step, r: str, node: str) -> str:
    where = ""
    if step.where:
        where = " {" + ", ".join(f"{prop}: '{value}'" for prop, value in step.where) + "}"
    rel = f"[{r}:{step.rel.value}{where}]"
    node_pattern = f"({node}:{_l(step.target)})"
    return f"-{rel}->{node_pattern}" if step.direction is Direction.OUT else f"<-{rel}-{node_pattern}"


def hop_match(hop: Hop | UnionHop, a: str, r: str, b: str) -> str:
    """The MATCH (or, for a compound hop, the CALL) that binds ``b`` (and ``r`` when the
    hop carries its relationship) from ``a``."""
    if isinstance(hop, UnionHop):
        branches = " UNION ".join(f"{hop_match(h, a, '', 'x')} RETURN x" for h in hop.branches)
        return f"CALL ({a}) {{ {branches} }} WITH {a}, x AS {b}"
    last = len(hop.steps) - 1
    path = "".join(
        _step_pattern(step, r if i == last and hop.with_rel else "", b if i == last else "")
        for i, step in enumerate(hop.steps))
    return f"MATCH ({a}){path}"


def _order_key(key: HopOrder, r: str, b: str) -> str:
    expression = f"{r if key.rel else b}.{key.prop}"
    if key.size:
        expression = f"size({expression})"
    return expression + (" DESC" if key.descending else "")


def hop_order(hop: Hop | UnionHop, r: str, b: str) -> str:
    """The hop's natural order over ``b`` (and ``r``)."""
    return ", ".join(_order_key(key, r, b) for key in hop.order)


class Filter:
    """One ``where`` field: ``template`` is a predicate over {v} and {p}; ``hop`` makes it an
    existence test over related nodes filtered by a nested ``where`` (or a boolean for
    ``exists_only``). A ``department`` filter's value is a department's name (or a list of
    names): {p} is then the keys of the departments they name, resolved before the statement
    runs (:meth:`Compiler.departments`), so every name and alias is read alike."""

    def __init__(self, template: str = "", *, hop: Hop | UnionHop | None = None, exists_only: bool = False,
                 department: bool = False, on_rel: tuple[RelType, str] | None = None):
        self.template = template
        self.hop = hop
        self.exists_only = exists_only
        self.department = department
        # (type, predicate over {r} and {p}): what the filter tests of the relationship that
        # reached the node when it is of that type (a citation's cell), else ``template``
        self.on_rel = on_rel


def _props(**ops: tuple[str, str]) -> dict[str, Filter]:
    templates = {
        "eq": "{v}.`%s` = {p}",
        "in": "{v}.`%s` IN {p}",
        "contains": "{v}.`%s` CONTAINS {p}",
        "has": "{p} IN {v}.`%s`",
        "gt": "{v}.`%s` > {p}",
        "gte": "{v}.`%s` >= {p}",
        "lt": "{v}.`%s` < {p}",
        "lte": "{v}.`%s` <= {p}",
        "null": "({v}.`%s` IS NULL) = {p}",
    }
    return {name: Filter(templates[op] % prop) for name, (op, prop) in ops.items()}


_ITEM_FILTERS: dict[str, Filter] = {
    **_props(
        key=("eq", "key"), key_in=("in", "key"), kind=("eq", "kind"), kind_in=("in", "kind"), number=("eq", "number"),
        number_in=("in", "number"), name=("eq", "name"), name_contains=("contains", "name"),
        text_contains=("contains", "text"), area=("eq", "area"), document=("eq", "document"),
        jurisdiction=("eq", "jurisdiction"), year=("eq", "year"),
        kind_text=("eq", "kind_text"), kind_text_in=("in", "kind_text"), number_text=("eq", "number_text"),
        heading=("has", "section_path"),
    ),
    "layout": Filter(f"EXISTS {{ (:{_l(Label.DOCUMENT)} {{layout: {{p}}}})-[:CONTAINS]->({{v}}) }}"),
    # a unit by any of its names (区卫生健康局 is 区卫健局): the keys of the departments it names
    "lead": Filter(f"EXISTS {{ ({{v}})<-[:RESPONSIBLE_FOR {{role: 'lead'}}]-(u:{_l(Label.DEPARTMENT)}) "
                   "WHERE u.key IN {p} }", department=True),
    "unit": Filter(f"EXISTS {{ ({{v}})<-[:RESPONSIBLE_FOR]-(u:{_l(Label.DEPARTMENT)}) WHERE u.key IN {{p}} }}",
                   department=True),
    "area_name": Filter(f"EXISTS {{ ({{v}})-[:IN_AREA]->(:{_l(Label.AREA)} {{name: {{p}}}}) }}"),
    # how many units are responsible (区卫健局 alone: 1; task 21: 12)
    "unit_count": Filter("size(coalesce({v}.units, [])) = {p}"),
    "unit_count_gte": Filter("size(coalesce({v}.units, [])) >= {p}"),
    "unit_count_lte": Filter("size(coalesce({v}.units, [])) <= {p}"),
    # the five cells of an annex row; an empty cell is stored as '' (a measure has none)
    "has_cell": Filter("coalesce({v}['cell_' + {p}], '') <> ''"),
    "empty_cell": Filter("{v}['cell_' + {p}] = ''"),
    "empty_cells": Filter("any(c IN ['target', 'work', 'policy', 'evaluation', 'schedule'] "
                          "WHERE {v}['cell_' + c] = '') = {p}"),
    # cites a policy in this cell; of a citation reached from its policy, that citation's cell
    "cited_in": Filter("EXISTS { ({v})-[c:CITES]->() WHERE c.cell = {p} }", on_rel=(RelType.CITES, "{r}.cell = {p}")),
    "responsible": Filter(hop=Hops.ITEM_RESPONSIBLE),
    "led_by": Filter(hop=Hops.ITEM_LEAD_DEPARTMENT),
    "supported_by": Filter(hop=Hops.ITEM_SUPPORTED_BY),
    "cites": Filter(hop=Hops.ITEM_CITATIONS),
    "has_citations": Filter(hop=Hops.ITEM_CITATIONS, exists_only=True),
    "targets": Filter(hop=Hops.ITEM_INDICATORS),
    "has_indicators": Filter(hop=Hops.ITEM_INDICATORS, exists_only=True),
    "milestones": Filter(hop=Hops.ITEM_MILESTONES),
    "has_milestones": Filter(hop=Hops.ITEM_MILESTONES, exists_only=True),
    "mentions": Filter(hop=Hops.ITEM_MENTIONS),
    "has_mentions": Filter(hop=Hops.ITEM_MENTIONS, exists_only=True),
}

FILTERS: dict[Label, dict[str, Filter]] = {
    Label.ITEM: _ITEM_FILTERS,
    Label.TASK: _ITEM_FILTERS,
    Label.REFORM: _ITEM_FILTERS,
    Label.MEASURE: _ITEM_FILTERS,
    Label.DEPARTMENT: {
        **_props(key=("eq", "key"), name_contains=("contains", "name"), kind=("eq", "kind"), kind_in=("in", "kind"),
                 jurisdiction=("eq", "jurisdiction")),
        # canonical name or alias alike, resolved to keys
        "name": Filter("{v}.key IN {p}", department=True),
        "name_in": Filter("{v}.key IN {p}", department=True),
        "alias": Filter("{v}.key IN {p}", department=True),
        "responsible_for": Filter(hop=Hops.DEPARTMENT_RESPONSIBILITIES),
        "leads": Filter(hop=Hops.DEPARTMENT_LEADS),
        "supports": Filter(hop=Hops.DEPARTMENT_SUPPORTS),
        "has_leads": Filter(hop=Hops.DEPARTMENT_LEADS, exists_only=True),
    },
    Label.POLICY: {
        **_props(key=("eq", "key"), level=("eq", "level"),
                 level_in=("in", "level"), kind=("eq", "kind"), kind_in=("in", "kind"),
                 issuer_contains=("contains", "issuer"), doc_number=("eq", "doc_number"),
                 jurisdiction=("eq", "jurisdiction")),
        # {p} is a normalised title (graph.read.PREPARE): the same policy however written
        "title": Filter("{v}.normalized = {p}"),
        "title_contains": Filter("{v}.normalized CONTAINS {p}"),
        "has_doc_number": Filter("({v}.doc_number IS NOT NULL) = {p}"),
        "cited_by": Filter(hop=Hops.POLICY_CITED_BY),
        "min_citations": Filter(f"COUNT {{ ({{v}})<-[:CITES]-(:{_l(Label.ITEM)}) }} >= {{p}}"),
        "min_items": Filter(f"COUNT {{ MATCH ({{v}})<-[:CITES]-(i:{_l(Label.ITEM)}) RETURN DISTINCT i }} >= {{p}}"),
        # cited in this cell; of a citation reached from its item, that citation's cell
        "cited_in": Filter("EXISTS { ({v})<-[c:CITES]-() WHERE c.cell = {p} }", on_rel=(RelType.CITES, "{r}.cell = {p}")),
    },
    Label.INDICATOR: {
        **_props(key=("eq", "key"), name=("eq", "name"), name_contains=("contains", "name"),
                 text_contains=("contains", "text"), area=("eq", "area"), unit=("eq", "unit"), unit_in=("in", "unit"),
                 comparator=("eq", "comparator"), parsed=("eq", "parsed"), value_gt=("gt", "value"),
                 value_gte=("gte", "value"), value_lt=("lt", "value"), value_lte=("lte", "value"),
                 document=("eq", "document"), owner=("eq", "owner")),
        "has_value": Filter("({v}.value IS NOT NULL) = {p}"),
        "area_name": Filter(f"EXISTS {{ ({{v}})-[:IN_AREA]->(:{_l(Label.AREA)} {{name: {{p}}}}) }}"),
        "targeted_by": Filter(hop=Hops.INDICATOR_OWNER),
        "has_owner": Filter(hop=Hops.INDICATOR_OWNER, exists_only=True),
    },
    Label.MILESTONE: {
        **_props(key=("eq", "key"), label=("eq", "label"), label_contains=("contains", "label"),
                 start_month=("eq", "start_month"),
                 end_month=("eq", "end_month"), text_contains=("contains", "text"), document=("eq", "document")),
        # a span (2—4月) covers each of its months; a deadline (6月底前) only its last one
        "covers_month": Filter("({v}.end_month >= {p} AND coalesce({v}.start_month, {v}.end_month) <= {p})"),
        "covers_quarter": Filter(
            "({v}.end_month >= 3 * {p} - 2 AND coalesce({v}.start_month, {v}.end_month) <= 3 * {p})"),
        "due_month": Filter("{v}.end_month = {p}"),
        "due_quarter": Filter("({v}.end_month >= 3 * {p} - 2 AND {v}.end_month <= 3 * {p})"),
        "deadline": Filter("({v}.start_month IS NULL AND {v}.end_month IS NOT NULL) = {p}"),
        "item": Filter(hop=Hops.MILESTONE_ITEM),
    },
    Label.PLACE: {
        **_props(key=("eq", "key"), name=("eq", "name"), name_contains=("contains", "name"), kind=("eq", "kind"),
                 kind_in=("in", "kind"), jurisdiction=("eq", "jurisdiction")),
        "mentioned_by": Filter(hop=Hops.PLACE_MENTIONED_BY),
    },
    Label.DOCUMENT: _props(id=("eq", "id"), title_contains=("contains", "title"), jurisdiction=("eq", "jurisdiction"),
                           year=("eq", "year"), layout=("eq", "layout"), doc_number=("eq", "doc_number")),
    Label.AREA: _props(key=("eq", "key"), name=("eq", "name"), name_contains=("contains", "name"), kind=("eq", "kind")),
    Label.JURISDICTION: _props(name=("eq", "name"), level=("eq", "level"), parent=("eq", "parent"),
                               province=("eq", "province"), code=("eq", "code")),
}

_ITEM_SORTS = {
    "document_order": "{v}.document, {v}.line_start",
    "number": "{v}.number",
    "name": "{v}.name",
    "kind": "{v}.kind",
    "area": "{v}.area",
    "citation_count": "COUNT { ({v})-[:CITES]->() }",
    "unit_count": "size({v}.units)",
    "milestone_count": "COUNT { ({v})-[:HAS_MILESTONE]->() }",
    "indicator_count": "COUNT { ({v})-[:TARGETS]->() }",
}

#: Sort keys by label; the node's key always breaks ties, so pages never overlap.
SORTS: dict[Label, dict[str, str]] = {
    Label.ITEM: _ITEM_SORTS, Label.TASK: _ITEM_SORTS, Label.REFORM: _ITEM_SORTS, Label.MEASURE: _ITEM_SORTS,
    Label.DEPARTMENT: {
        "name": "{v}.name",
        "kind": "{v}.kind",
        "jurisdiction": "{v}.jurisdiction",
        "lead_count": "COUNT { ({v})-[:RESPONSIBLE_FOR {role: 'lead'}]->() }",
        "support_count": "COUNT { ({v})-[:RESPONSIBLE_FOR {role: 'support'}]->() }",
        "item_count": "COUNT { ({v})-[:RESPONSIBLE_FOR]->() }",
    },
    Label.POLICY: {
        "title": "{v}.title",
        "level": "{v}.level",
        "kind": "{v}.kind",
        "citation_count": "COUNT { ({v})<-[:CITES]-() }",
        "item_count": "COUNT { MATCH ({v})<-[:CITES]-(i) RETURN DISTINCT i }",
        # items citing it, then citations (cells): what "most cited" means
        "most_cited": "COUNT { MATCH ({v})<-[:CITES]-(i) RETURN DISTINCT i }, COUNT { ({v})<-[:CITES]-() }",
    },
    Label.INDICATOR: {
        "document_order": "{v}.document, {v}.line_start, size({v}.key)",
        "name": "{v}.name",
        "value": "{v}.value",
        "area": "{v}.area",
    },
    Label.MILESTONE: {
        "end_month": "{v}.end_month",
        "start_month": "coalesce({v}.start_month, {v}.end_month)",
        "document_order": "{v}.document, {v}.line_start, {v}.order",
    },
    Label.PLACE: {
        "name": "{v}.name",
        "kind": "{v}.kind",
        "mention_count": "COUNT { ({v})<-[:MENTIONS]-() }",
    },
    Label.DOCUMENT: {"title": "{v}.title", "year": "{v}.year", "jurisdiction": "{v}.jurisdiction"},
    Label.AREA: {
        "order": "{v}.kind DESC, {v}.order",
        "name": "{v}.name",
        "item_count": "COUNT { ({v})<-[:IN_AREA]-(:`Item`) }",
    },
    Label.JURISDICTION: {"name": "{v}.name"},
}

#: What breaks ties of a sort before the key: document order where nodes have one, so that
#: task 2 comes before task 10 (keys compare as text: ".../task/10" < ".../task/2").
_DOCUMENT_ORDER = "{v}.document, {v}.line_start"
TIES: dict[Label, str] = {
    Label.ITEM: _DOCUMENT_ORDER + ", {v}.number", Label.TASK: _DOCUMENT_ORDER + ", {v}.number",
    Label.REFORM: _DOCUMENT_ORDER + ", {v}.number", Label.MEASURE: _DOCUMENT_ORDER + ", {v}.number",
    Label.INDICATOR: _DOCUMENT_ORDER + ", size({v}.key)",
    Label.MILESTONE: _DOCUMENT_ORDER + ", {v}.order",
}

#: Values computed per node (counts shown beside a node's properties).
VALUES: dict[str, str] = {
    "department.lead_count": "COUNT { ({v})-[:RESPONSIBLE_FOR {role: 'lead'}]->() }",
    "department.support_count": "COUNT { ({v})-[:RESPONSIBLE_FOR {role: 'support'}]->() }",
    "department.item_count": "COUNT { ({v})-[:RESPONSIBLE_FOR]->() }",
    "policy.citation_count": "COUNT { ({v})<-[:CITES]-() }",
    "policy.item_count": "COUNT { MATCH ({v})<-[:CITES]-(i) RETURN DISTINCT i }",
    "area.item_count": "COUNT { ({v})<-[:IN_AREA]-(:`Item`) }",
    "area.indicator_count": "COUNT { ({v})<-[:IN_AREA]-(:`Indicator`) }",
    "place.mention_count": "COUNT { ({v})<-[:MENTIONS]-() }",
    "document.item_count": "COUNT { ({v})-[:CONTAINS]->(:`Item`) }",
    "document.indicator_count": "COUNT { ({v})-[:CONTAINS]->(:`Indicator`) }",
    "jurisdiction.document_count": "COUNT { ({v})<-[:ABOUT]-() }",
}


def _key_of(v: str) -> str:
    # Documents are keyed by id, jurisdictions by name, everything else by key.
    return f"coalesce({v}.key, {v}.id, {v}.name)"


class Compiler:
    """Turns projection trees and filters into one statement; collects its parameters."""

    def __init__(self, prepare: Mapping[tuple[Label, str], Callable[[Any], Any]] | None = None) -> None:
        self.params: dict[str, object] = {}
        self._vars = 0
        # (label, filter name) -> function turning the caller's value into the parameter
        self.prepare = prepare or {}
        # parameter -> the department names whose keys it is to hold (Filter.department)
        self.departments: dict[str, tuple[str, ...]] = {}

    def param(self, value: object) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return "$" + name

    def var(self, prefix: str = "n") -> str:
        self._vars += 1
        return f"{prefix}{self._vars}"

    # -- where ---------------------------------------------------------------------------

    def where(self, label: Label, where: Where | None, v: str, rel: tuple[str, RelType] | None = None) -> str:
        """A predicate over ``v`` for a filter tree (``and``/``or``/``not`` plus fields)."""
        if not where:
            return "true"
        parts: list[str] = []
        specs = FILTERS[label]
        for name, value in where.items():
            if value is None:
                continue
            if name == "and":
                parts.extend(f"({self.where(label, w, v, rel)})" for w in value)
            elif name == "or":
                if value:
                    parts.append("(" + " OR ".join(f"({self.where(label, w, v, rel)})" for w in value) + ")")
            elif name == "not":
                parts.append(f"NOT ({self.where(label, value, v, rel)})")
            else:
                spec = specs.get(name)
                if spec is None:
                    raise KeyError(f"no filter {name!r} for {label.value}")
                prepare = self.prepare.get((label, name))
                value = prepare(value) if prepare else value
                if spec.on_rel is not None and rel is not None and rel[1] is spec.on_rel[0]:
                    parts.append(_fill(spec.on_rel[1], r=rel[0], p=self.param(value)))
                else:
                    parts.append(self._filter(spec, value, v))
        return " AND ".join(parts) if parts else "true"

    def _filter(self, spec: Filter, value: Any, v: str) -> str:
        if spec.department:
            names = (value,) if isinstance(value, str) else tuple(value)
            p = self.param([])  # filled with the keys those names resolve to
            self.departments[p.removeprefix("$")] = names
            return _fill(spec.template, v=v, p=p)
        if spec.hop is None:
            return _fill(spec.template, v=v, p=self.param(value))
        hop = spec.hop
        r, b = self.var("r"), self.var("n")
        match = hop_match(hop, v, r, b)
        if spec.exists_only:
            return f"EXISTS {{ {match} }} = {self.param(bool(value))}"
        return f"EXISTS {{ {match} WHERE {self.where(hop.target, value, b)} }}"

    def order(self, label: Label, order: Order | None, v: str, natural: str | None = None) -> str:
        """ORDER BY items for ``[(sort key, descending)]``; the key breaks ties."""
        keys: list[str] = []
        for name, descending in order or ():
            expression = SORTS[label].get(name)
            if expression is None:
                raise KeyError(f"no sort {name!r} for {label.value}")
            direction = " DESC" if descending else ""
            keys.extend(part.strip() + direction for part in _fill(expression, v=v).split(", "))
        if not keys and natural:
            keys.append(natural)
        if label in TIES:
            keys.append(_fill(TIES[label], v=v))
        keys.append(_key_of(v))
        return ", ".join(keys)

    # -- projection ----------------------------------------------------------------------

    def project(self, v: str, select: Select, r: str | None = None) -> str:
        """A map of ``v``'s selected properties, values and relations (and ``r``'s)."""
        if not select.by_label:
            return self._map(v, select, r)
        branches = []
        for label, extra in select.by_label.items():
            branches.append(f"WHEN {v}:`{label.value}` THEN {self._map(v, select.merged(extra), r)}")
        return f"CASE {' '.join(branches)} ELSE {self._map(v, select, r)} END"

    def _map(self, v: str, select: Select, r: str | None) -> str:
        entries = [f"__labels: labels({v})", f"__key: {_key_of(v)}"]
        entries += [f".`{prop}`" for prop in sorted(select.props)]
        entries += [f"`{out}`: {_fill(VALUES[name], v=v)}" for out, name in select.values.items()]
        if r is not None and select.rel_props:
            entries.append(f"__rel: {r} {{{', '.join(f'.`{p}`' for p in sorted(select.rel_props))}}}")
        for out, rel in select.relations.items():
            if isinstance(rel, CoSelect):
                entries += self.co_responsible(v, out, rel)
            else:
                entries += self._relation(v, out, rel)
        return f"{v} {{{', '.join(entries)}}}"

    def _relation(self, a: str, out: str, rel: RelSelect) -> list[str]:
        hop = rel.hop
        r, b = self.var("r"), self.var("n")
        match = hop_match(hop, a, r, b)
        reached = (r, hop.steps[-1].rel) if isinstance(hop, Hop) and hop.with_rel else None
        condition = self.where(hop.target, rel.where, b, reached)
        entries: list[str] = []
        if rel.total:
            counted = r if hop.with_rel else b  # one entry per relationship when the hop has them (citations)
            entries.append(f"`{out}__total`: COUNT {{ {match} WHERE {condition} RETURN DISTINCT {counted} }}")
        if rel.nodes:
            order = self.order(hop.target, rel.order, b, hop_order(hop, r, b))
            carried = f"{b}, {r}" if hop.with_rel else b
            page = f" SKIP {self.param(rel.offset)}" if rel.offset else ""
            if rel.limit is not None:
                page += f" LIMIT {self.param(rel.limit)}"
            body = (f"{match} WHERE {condition} WITH DISTINCT {carried} ORDER BY {order}{page} "
                    f"RETURN {self.project(b, rel.node, r if hop.with_rel else None)}")
            collected = f"COLLECT {{ {body} }}"
            entries.append(f"`{out}`: {'head(' + collected + ')' if rel.one else collected}")
        return entries

    def co_responsible(self, a: str, out: str, co: CoSelect) -> list[str]:
        """Departments sharing items with ``a``, most shared first, with those items.

        The shared items are a COLLECT subquery, not ``collect()``: an aggregation inside a
        map projection's subquery is refused by the planner."""
        i, o = self.var("i"), self.var("d")
        page = f" SKIP {self.param(co.offset)}" if co.offset else ""
        if co.limit is not None:
            page += f" LIMIT {self.param(co.limit)}"
        items = f"[{i} IN shared | {self.project(i, co.items)}]" if co.items_selected else "[]"
        body = (
            f"MATCH ({a})-[:RESPONSIBLE_FOR]->(:`Item`)<-[:RESPONSIBLE_FOR]-({o}:`Department`) WHERE {o} <> {a} "
            f"WITH DISTINCT {o} "
            f"WITH {o}, COLLECT {{ MATCH ({a})-[:RESPONSIBLE_FOR]->({i}:`Item`)<-[:RESPONSIBLE_FOR]-({o}) "
            f"WITH DISTINCT {i} ORDER BY {i}.document, {i}.line_start, {i}.key RETURN {i} }} AS shared "
            f"ORDER BY size(shared) DESC, {o}.name, {o}.key{page} "
            f"RETURN {{department: {self.project(o, co.department)}, count: size(shared), items: {items}}}"
        )
        entries = [f"`{out}`: COLLECT {{ {body} }}"]
        if co.total:
            entries.append(
                f"`{out}__total`: COUNT {{ MATCH ({a})-[:RESPONSIBLE_FOR]->(:`Item`)<-[:RESPONSIBLE_FOR]-(x:`Department`) "
                f"WHERE x <> {a} RETURN DISTINCT x }}")
        return entries


# -- whole read statements (one per root field) -------------------------------------------


def escape_lucene(text: str) -> str:
    """``text`` as literal terms of a Lucene query (its operators escaped)."""
    out = []
    for ch in text:
        if ch in '+-!(){}[]^"~*?:\\/&|':
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def page_statement(c: Compiler, label: Label, select: Select, where: Where | None, order: Order | None,
                   offset: int, limit: int, total: bool, natural: str | None = None,
                   anchor: tuple[Label, Where, Hop | UnionHop] | None = None) -> str:
    """``page`` (and ``total``) of ``label`` nodes matching ``where``; fetches one extra
    node so the caller knows whether a next page exists.

    ``anchor`` = (label, where, hop) starts from the nodes matching that filter and reaches
    the listed nodes over the hop (items citing a policy start from the policy)."""
    v = "v"
    if anchor is None:
        source = f"MATCH ({v}:{_l(label)})"
    else:
        anchor_label, anchor_where, hop = anchor
        a = c.var("a")
        source = (f"MATCH ({a}:{_l(anchor_label)}) WHERE {c.where(anchor_label, anchor_where, a)} "
                  f"{hop_match(hop, a, c.var('r'), v)} WITH DISTINCT {v}")
    condition = c.where(label, where, v)
    sort = c.order(label, order, v, _fill(natural, v=v) if natural else None)
    parts = []
    if total:
        parts.append(f"CALL () {{ {source} WHERE {condition} RETURN count({v}) AS total }}")
    parts.append(
        f"CALL () {{ {source} WHERE {condition} WITH {v} ORDER BY {sort} "
        f"SKIP {c.param(offset)} LIMIT {c.param(limit + 1)} RETURN collect({c.project(v, select)}) AS page }}"
    )
    parts.append("RETURN page" + (", total" if total else ""))
    return "\n".join(parts)


def _department_lookup_in(name: str, jurisdiction: str) -> str:
    """A subquery body returning as ``v`` the departments of ``jurisdiction`` whose canonical
    name or any alias is ``name`` (both Cypher expressions, not null), read through the
    jurisdiction's index and compared there: the same rows as :func:`_department_lookup_anywhere`
    filtered to that jurisdiction afterwards, without reading the namesakes of every other
    district (thousands of 区发改局 in a province's plans)."""
    return (f"MATCH (v:{_l(Label.DEPARTMENT)}) WHERE v.jurisdiction = {jurisdiction} "
            f"AND (v.name = {name} OR {name} IN v.aliases) RETURN v")


def _department_lookup_anywhere(c: Compiler, name: str, phrase: str) -> str:
    """A subquery body returning as ``v`` the departments of every jurisdiction whose canonical
    name (index seek) or any alias (full-text index on the alias text, then exact list
    membership) is ``name``; ``phrase`` is its full-text query (:func:`department_phrase`),
    both Cypher expressions. Every name of a department, in every read without a
    jurisdiction, is looked up by this one body (with one, by :func:`_department_lookup_in`)."""
    dep = _l(Label.DEPARTMENT)
    return (f"MATCH (v:{dep}) WHERE v.name = {name} RETURN v "
            f"UNION CALL db.index.fulltext.queryNodes({c.param(FULLTEXT_INDEX)}, {phrase}) YIELD node AS v "
            f"WITH v WHERE v:{dep} AND {name} IN v.aliases RETURN v")


def department_phrase(name: str) -> str:
    """The full-text query finding the departments that may have the alias ``name``."""
    return 'alias_text:"' + escape_lucene(name) + '"'


def department_statement(c: Compiler, name: str, jurisdiction: str | None, select: Select) -> str:
    """Departments whose canonical name or any alias is ``name``, in ``jurisdiction`` if given
    (:func:`_department_lookup_in`, :func:`_department_lookup_anywhere`)."""
    lookup = (_department_lookup_in(c.param(name), c.param(jurisdiction)) if jurisdiction is not None
              else _department_lookup_anywhere(c, c.param(name), c.param(department_phrase(name))))
    return (
        f"CALL () {{ {lookup} }}\n"
        f"WITH v ORDER BY v.jurisdiction, v.key\n"
        f"RETURN {c.project('v', select)} AS node"
    )


def departments_named_statement(c: Compiler, names: Sequence[str], jurisdiction: str | None) -> str:
    """For each of ``names``, the departments it names (key, name, jurisdiction), looked up as
    :func:`department_statement` does; when one names none, every name and alias there is
    (``known``: term and canonical name), to suggest the nearest."""
    rows = c.param([{"name": n, "phrase": department_phrase(n)} for n in names])
    where_jurisdiction = c.param(jurisdiction)
    lookup = (_department_lookup_in("n.name", where_jurisdiction) if jurisdiction is not None
              else _department_lookup_anywhere(c, "n.name", "n.phrase"))
    return (
        f"UNWIND {rows} AS n\n"
        f"WITH n, COLLECT {{ CALL (n) {{ {lookup} }} "
        f"RETURN v {{.key, .name, .jurisdiction}} AS found ORDER BY found.key }} AS found\n"
        f"WITH collect({{name: n.name, found: found}}) AS rows\n"
        f"RETURN rows, CASE WHEN any(r IN rows WHERE size(r.found) = 0) THEN COLLECT {{ "
        f"MATCH (d:{_l(Label.DEPARTMENT)}) WHERE {where_jurisdiction} IS NULL OR d.jurisdiction = {where_jurisdiction} "
        f"UNWIND [d.name] + coalesce(d.aliases, []) AS term "
        f"RETURN DISTINCT {{term: term, name: d.name}} AS known }} ELSE [] END AS known"
    )


def nodes_statement(c: Compiler, keys_by_label: dict[Label, list[str]], select: Select,
                    suffixes_by_label: Mapping[Label, list[str]] | None = None) -> str:
    """The nodes with these keys, each label through its uniqueness constraint, and the
    nodes of a label whose key ends with one of ``suffixes_by_label`` (items named by their
    number: ``/task/25``)."""
    branches = [
        f"UNWIND {c.param(keys)} AS k MATCH (v:{_l(label)} {{`{KEYS[label]}`: k}}) RETURN v"
        for label, keys in keys_by_label.items()
    ]
    branches += [
        f"UNWIND {c.param(suffixes)} AS s MATCH (v:{_l(label)}) WHERE v.`{KEYS[label]}` ENDS WITH s RETURN v"
        for label, suffixes in (suffixes_by_label or {}).items()
    ]
    return f"CALL () {{ {' UNION '.join(branches)} }}\nRETURN {c.project('v', select)} AS node"


def search_statement(c: Compiler, lucene: str, labels: list[str], min_score: float, offset: int, limit: int,
                     total: bool, select: Select, *, text: bool = True,
                     numbered: Mapping[Label, list[str]] | None = None, bound: int | None = None) -> str:
    """Full-text hits, best first (score, then key), with (when ``text``) the text they
    matched: the source text when kept, else the indexed field. ``numbered`` (label -> key
    suffixes: the items the text names by the plan's numbering, ``/task/25``) puts those items
    first, in key order, each once and scored as the best hit by text (``by_number`` true).

    ``bound`` asks Lucene for only its ``bound`` best hits (``None``: every hit). The page is
    ordered and cut from those, and ``exact`` says whether that is the page every hit would
    give: Lucene returned fewer than ``bound`` (all there are), or the lowest score it returned
    is below ``min_score``, or below the score of the last hit the page needs (the one after
    it, for ``has_next``), so that no hit left out can sort before it. Ties with that score
    may have been cut in Lucene's own order, not by key; then, or when the filters left too
    few, ``exact`` is false, no node is projected, and the caller asks again with a larger
    bound (``returned`` and ``kept`` are how many hits came back and passed the filters).
    ``total`` counts the hits that pass the filters: those of the bounded call when it had
    them all, else every hit, in a second, unbounded call."""
    # Only the filters asked for: every hit passes through them.
    conditions = []
    if min_score > 0:
        conditions.append(f"score >= {c.param(min_score)}")
    if labels:
        conditions.append(f"any(l IN labels(v) WHERE l IN {c.param(labels)})")
    if numbered:
        conditions.append("NOT v IN numbered")
    where = " AND ".join(conditions)
    index, query = c.param(FULLTEXT_INDEX), c.param(lucene)
    hit = ("text: coalesce(v.source_text, v.text, v.title, v.name, v.alias_text), " if text else "")
    page_end = c.param(offset + limit + 1)
    parts = []
    scope = "numbered" if numbered else ""
    if numbered:
        only = f" AND any(l IN labels(v) WHERE l IN {c.param(labels)})" if labels else ""
        branches = " UNION ".join(
            f"UNWIND {c.param(suffixes)} AS s MATCH (v:{_l(label)}) WHERE v.`{KEYS[label]}` ENDS WITH s{only} RETURN v"
            for label, suffixes in numbered.items())
        parts.append(f"CALL () {{ CALL () {{ {branches} }} WITH v ORDER BY {_key_of('v')} "
                     "RETURN collect(v) AS numbered }")
    most = None if bound is None else c.param(bound)
    options = "" if most is None else f", {{limit: {most}}}"
    kept = f"CASE WHEN {where} THEN {{v: v, score: score}} END" if where else "{v: v, score: score}"
    # Lucene's best hits, ordered as the page is (a few hundred rows, not every hit).
    parts.append(
        f"CALL ({scope}) {{ CALL db.index.fulltext.queryNodes({index}, {query}{options}) YIELD node AS v, score "
        f"WITH v, score ORDER BY score DESC, {_key_of('v')} "
        f"RETURN count(v) AS returned, min(score) AS lowest, collect({kept}) AS ranked }}"
    )
    if total and most is None:
        parts.append("WITH *, size(ranked) AS found")
    elif total:
        # Every hit, counted by a second, unbounded call only when Lucene had more than the bound.
        parts.append(
            f"CALL ({scope}{', ' if scope else ''}returned) {{ WITH {scope}{', ' if scope else ''}returned "
            f"WHERE returned >= {most} "
            f"CALL db.index.fulltext.queryNodes({index}, {query}) YIELD node AS v, score"
            + (f" WHERE {where}" if where else "") + " RETURN count(v) AS counted }\n"
            f"WITH *, CASE WHEN returned < {most} THEN size(ranked) ELSE counted END AS found"
        )
    # The page is cut from the items by number, then the hits by text; how many of those it
    # needs (when items by number come first, at least one: their score is the best text hit's).
    carried = ("numbered, " if numbered else "") + ("found, " if total else "")
    if numbered:
        parts.append(f"WITH {carried}returned, lowest, ranked, {page_end} - size(numbered) AS needed, "
                     "ranked[0].score AS top")
        rows = ("([i IN range(0, size(numbered) - 1) | {v: numbered[i], score: coalesce(top, 1.0), by_number: true}] "
                "+ [h IN ranked | h {.*, by_number: false}])")
        enough = ("size(ranked) >= 1 AND (needed < 1 OR size(ranked) >= needed "
                  "AND lowest < ranked[needed - 1].score)")
    else:
        parts.append(f"WITH {carried}returned, lowest, ranked, {page_end} AS needed")
        rows = "ranked"
        enough = "size(ranked) >= needed AND lowest < ranked[needed - 1].score"
    complete = "true" if most is None else f"returned < {most}"
    below = f" OR lowest < {c.param(min_score)}" if min_score > 0 else ""
    parts.append(
        f"WITH {carried}returned, size(ranked) AS kept, {rows}[{c.param(offset)}..{page_end}] AS page, "
        f"coalesce({complete}{below} OR ({enough}), false) AS exact"
    )
    by_number = ", page[i].by_number AS by_number" if numbered else ""
    parts.append(
        "CALL (page, exact) { UNWIND CASE WHEN exact THEN range(0, size(page) - 1) ELSE [] END AS i "
        f"WITH i, page[i].v AS v, page[i].score AS score{by_number} ORDER BY i "
        f"RETURN collect({{score: score, {'by_number: by_number, ' if numbered else ''}{hit}"
        f"node: {c.project('v', select)}}}) AS hits }}"
    )
    counted = (", " + ("size(numbered) + found" if numbered else "found") + " AS total") if total else ""
    parts.append(f"RETURN hits, exact, returned, kept{counted}")
    return "\n".join(parts)


def _edge_map(r: str) -> str:
    start, end = f"startNode({r})", f"endNode({r})"
    return (
        f"{{type: type({r}), start_labels: labels({start}), start_key: {_key_of(start)}, "
        f"end_labels: labels({end}), end_key: {_key_of(end)}, props: properties({r})}}"
    )


def relationships_of_statement(c: Compiler, label: Label, key: str, offset: int, limit: int, select: Select) -> str:
    """One page of a node's own relationships, each with the node at its other end, and how
    many it has: ordered by type, then by the global ids of start and end (``Task:<key>``, the
    order :func:`graph.read.neighbourhood` gives them), then by line and cell; SKIP and LIMIT
    here, so no relationship is left out however many the node has (a document's items)."""
    me = c.param(f"{label.value}:{key}")
    types = c.param([t.value for t in NODE_TYPES])
    return (
        f"MATCH (s:{_l(label)} {{`{KEYS[label]}`: {c.param(key)}}})\n"
        "CALL (s) { MATCH (s)-[r]-() RETURN count(r) AS total }\n"
        "CALL (s) { MATCH (s)-[r]-(o) "
        f"WITH r, o, startNode(r) = s AS out, coalesce(head([l IN {types} WHERE l IN labels(o)]) + ':', '') "
        f"+ {_key_of('o')} AS other "
        f"ORDER BY type(r), CASE WHEN out THEN {me} ELSE other END, CASE WHEN out THEN other ELSE {me} END, "
        "r.line_start, r.cell, r.order, elementId(r) "
        f"SKIP {c.param(offset)} LIMIT {c.param(limit)} "
        f"RETURN collect({{edge: {_edge_map('r')}, node: {c.project('o', select)}}}) AS page }}\n"
        "RETURN total, page"
    )


def _step(rel_types: Sequence[RelType], labels: Sequence[Label]) -> str:
    types = "|".join(f"`{t.value}`" for t in rel_types)
    rel = f"[r{':' + types if types else ''}]"
    condition = " OR ".join(f"y:{_l(label)}" for label in labels)
    return f"((x)-{rel}-(y){' WHERE ' + condition if condition else ''})"


def neighbourhood_statement(c: Compiler, label: Label, key: str, depth: int, rel_types: Sequence[RelType],
                            labels: Sequence[Label], limit: int, select: Select, *, edges: bool = True) -> str:
    """Nodes within ``depth`` hops (each by its shortest way, nearest first, ``limit`` of
    them), then, when ``edges``, every relationship among them of the allowed types."""
    types = "|".join(f"`{t.value}`" for t in rel_types)
    cap = c.param(limit)
    # Up to two hops, matching every path and keeping each node's shortest is cheaper than a
    # shortest-path search per node (6 ms against 16 ms around the busiest department of the
    # sample plus 30 synthetic plans); at three hops the paths multiply, so search instead.
    shortest = "ANY SHORTEST " if depth > 2 else ""
    return (
        f"MATCH (s:{_l(label)} {{`{KEYS[label]}`: {c.param(key)}}})\n"
        f"OPTIONAL MATCH p = {shortest}(s) {_step(rel_types, labels)}{{1,{int(depth)}}} (n) WHERE n <> s\n"
        f"WITH s, n, min(length(p)) AS distance ORDER BY distance, {_key_of('n')}\n"
        f"WITH s, collect(n) AS found\n"
        f"WITH s, size(found) AS reach, size(found) > {cap} AS truncated, [s] + found[..{cap}] AS ns\n"
        + (f"CALL (ns) {{ UNWIND ns AS a MATCH (a)-[r{':' + types if types else ''}]->(b) WHERE b IN ns "
           f"WITH DISTINCT r RETURN collect({_edge_map('r')}) AS edges }}\n"
           if edges else "WITH reach, truncated, ns, [] AS edges\n")
        + f"RETURN reach, truncated, edges, [v IN ns | {c.project('v', select)}] AS nodes"
    )


def paths_statement(c: Compiler, source: tuple[Label, str], target: tuple[Label, str], max_length: int,
                    rel_types: Sequence[RelType], limit: int, select: Select) -> str:
    """All shortest paths (up to ``limit``) of at most ``max_length`` hops."""
    (a_label, a_key), (b_label, b_key) = source, target
    # The hints keep both ends on their key's index: with two anchors the planner may
    # otherwise scan the index of the smaller label and filter it.
    return (
        f"MATCH (a:{_l(a_label)} {{`{KEYS[a_label]}`: {c.param(a_key)}}}), "
        f"(b:{_l(b_label)} {{`{KEYS[b_label]}`: {c.param(b_key)}}})\n"
        f"USING INDEX a:{_l(a_label)}(`{KEYS[a_label]}`) USING INDEX b:{_l(b_label)}(`{KEYS[b_label]}`)\n"
        f"MATCH p = ALL SHORTEST (a) {_step(rel_types, ())}{{1,{int(max_length)}}} (b)\n"
        f"WITH p LIMIT {c.param(limit)}\n"
        f"RETURN [v IN nodes(p) | {c.project('v', select)}] AS nodes, "
        f"[r IN relationships(p) | {_edge_map('r')}] AS edges"
    )


def among_statement(c: Compiler, keys_by_label: dict[Label, list[str]], rel_types: Sequence[RelType]) -> str:
    """Every relationship (of the allowed types) whose both ends are among these nodes, each
    label's keys through its uniqueness constraint."""
    types = "|".join(f"`{t.value}`" for t in rel_types)
    branches = [
        f"UNWIND {c.param(keys)} AS k MATCH (v:{_l(label)} {{`{KEYS[label]}`: k}}) RETURN v"
        for label, keys in keys_by_label.items()
    ]
    return (
        f"CALL () {{ {' UNION '.join(branches)} }}\n"
        "WITH collect(v) AS ns\n"
        f"UNWIND ns AS a MATCH (a)-[r{':' + types if types else ''}]->(b) WHERE b IN ns\n"
        f"WITH DISTINCT r RETURN {_edge_map('r')} AS edge"
    )


def co_responsible_statement(c: Compiler, department_key: str, co: CoSelect) -> str:
    """Departments sharing items with the department of ``department_key``."""
    entries = c.co_responsible("d", "co", co)
    return (
        f"MATCH (d:{_l(Label.DEPARTMENT)} {{key: {c.param(department_key)}}})\n"
        f"RETURN d {{{', '.join(entries)}}} AS row"
    )


#: Fixed aggregations; ``$kinds``, ``$role``, ``$document``, ``$jurisdiction`` may be null (all).
AGGREGATIONS: dict[str, str] = {
    "items_by_area": """
MATCH (a:Area)<-[:IN_AREA]-(i:Item)
WHERE ($kinds IS NULL OR i.kind IN $kinds) AND ($document IS NULL OR i.document = $document)
  AND ($jurisdiction IS NULL OR i.jurisdiction = $jurisdiction)
WITH a, count(i) AS count
RETURN a {__labels: labels(a), __key: a.key, .key, .name, .kind, .order} AS node, count
ORDER BY a.kind DESC, a.order, a.key
""",
    "items_by_department": """
MATCH (d:Department)-[r:RESPONSIBLE_FOR]->(i:Item)
WHERE ($kinds IS NULL OR i.kind IN $kinds) AND ($role IS NULL OR r.role = $role)
  AND ($document IS NULL OR i.document = $document) AND ($jurisdiction IS NULL OR d.jurisdiction = $jurisdiction)
WITH d, count(DISTINCT i) AS count, count(DISTINCT CASE r.role WHEN 'lead' THEN i END) AS leads,
     count(DISTINCT CASE r.role WHEN 'support' THEN i END) AS supports
RETURN d {__labels: labels(d), __key: d.key, .key, .name, .full_name, .kind, .jurisdiction} AS node,
       count, leads, supports
ORDER BY count DESC, d.name, d.key
LIMIT $limit
""",
    "policies_by_level": """
MATCH (p:Policy)
WHERE $jurisdiction IS NULL OR EXISTS { (p)<-[:CITES]-(:Item {jurisdiction: $jurisdiction}) }
WITH coalesce(p.level, '') AS level, count(p) AS count,
     sum(COUNT { (p)<-[c:CITES]-(i:Item) WHERE $jurisdiction IS NULL OR i.jurisdiction = $jurisdiction }) AS citations
RETURN CASE level WHEN '' THEN null ELSE level END AS level, count, citations
ORDER BY CASE level WHEN '国家' THEN 1 WHEN '省' THEN 2 WHEN '市' THEN 3 WHEN '区' THEN 4 WHEN '县' THEN 4 ELSE 9 END,
         level
""",
    "indicators_by_area": """
MATCH (a:Area)<-[:IN_AREA]-(n:Indicator)
WHERE ($document IS NULL OR n.document = $document)
  AND ($jurisdiction IS NULL OR EXISTS { (n)<-[:CONTAINS]-(:Document {jurisdiction: $jurisdiction}) })
WITH a, count(n) AS count, count(CASE WHEN n.parsed THEN 1 END) AS parsed
RETURN a {__labels: labels(a), __key: a.key, .key, .name, .kind, .order} AS node, count, parsed
ORDER BY a.kind DESC, a.order, a.key
""",
    "milestones_by_month": """
UNWIND range(1, 12) AS month
CALL (month) {
  MATCH (m:Milestone)
  WHERE m.end_month >= month AND coalesce(m.start_month, m.end_month) <= month
    AND ($document IS NULL OR m.document = $document)
  RETURN count(m) AS active, count(CASE WHEN m.end_month = month THEN 1 END) AS due
}
RETURN month, active, due
ORDER BY month
""",
}


# --- the chat feed (api/chat/): names a question may use, for entity linking ------------

#: What the lexicon depends on: each document's id and model hash, in order; it changes
#: whenever a document is loaded, replaced or removed.
LEXICON_VERSION = """
MATCH (d:Document) WITH d ORDER BY d.id
RETURN collect(d.id + '@' + coalesce(d.model_hash, '')) AS version
"""

#: Every name, title and alias a question may call a node by, with the node's label and key,
#: and the graph's ``version`` (:data:`LEXICON_VERSION`).
def _lexicon_branch(spec: NodeSpec) -> str:
    lex = spec.lexicon
    assert lex is not None
    terms = "[" + ", ".join(f"n.`{t}`" for t in lex.all_terms()) + "]"
    terms += "".join(f" + coalesce(n.`{t}`, [])" for t in lex.term_lists)
    required = f" WHERE n.`{lex.name}` IS NOT NULL" if lex.required else ""
    return (f"  MATCH (n:`{spec.label}`){required}\n"
            f"  RETURN '{spec.label}' AS label, n.`{spec.key}` AS key, n.`{lex.name}` AS name, {terms} AS terms")


LEXICON = (
    "CALL () {" + LEXICON_VERSION + "}\nCALL () {\n"
    + "\n  UNION ALL\n".join(_lexicon_branch(s) for s in NODES if s.lexicon)
    + """
}
WITH version, label, key, name, [t IN terms WHERE t IS NOT NULL AND t <> ''] AS terms
RETURN version, collect({label: label, key: key, name: name, terms: terms}) AS entries
"""
)

#: The names a question may use for where and when the plans are, rather than for what is in
#: them: every jurisdiction's name, short name and parent, and the documents' years.
LEXICON_PLACES = """
CALL () {
  MATCH (j:Jurisdiction)
  RETURN collect({name: j.name, short_name: j.short_name, parent: j.parent}) AS jurisdictions
}
CALL () {
  MATCH (d:Document) WHERE d.year IS NOT NULL
  RETURN collect(DISTINCT d.year) AS years
}
RETURN jurisdictions, years
"""


# --- a loaded version's structure: what `policykg load` compares a new version with -----

#: The items of a loaded document (by their ``document`` property) with every property, and
#: the areas its headers list; :func:`graph.writer.loaded_shape` fingerprints them.
DOCUMENT_STRUCTURE = """
MATCH (d:Document {id: $id})
CALL (d) {
  MATCH (i:Item {document: d.id})
  RETURN collect(properties(i)) AS items
}
CALL (d) {
  MATCH (d)-[:LISTS]->(a:Area)
  RETURN collect(DISTINCT a.key) AS listed
}
RETURN d.source_name AS source_name, items, listed
"""
