"""The chatbot's fixed, read-only tools, over ``graph/read.py`` and ``graph/named_queries.py``.

Each tool checks its arguments (sizes, ranges, names that must exist) and raises
:class:`ToolInputError` with a message that says what was wrong and what to send instead;
every read runs in a READ transaction under the connection's timeout. Results are pydantic
models (their JSON Schema is the tool's output schema) in which every fact read from the
text carries a :class:`~api.chat.facts.Citation`.

``api/mcp.py`` serves these tools over MCP (streamable HTTP and stdio); ``policykg tools
--format openai`` prints them as OpenAI function definitions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, Field

import graph.read as reads
from graph import named_queries
from graph.cypher import FULLTEXT_LABELS, NODE_TYPES, PROVENANCE
from graph.driver import AsyncDatabase
from graph.named_queries import NamedQuery
from graph.read import ReadError, RelSelect, Select
from graph.registry import NODES, RELATIONSHIPS, Hop, Hops, Label, RelType, UnionHop
from loaders.extract.policies import normalize_title

from . import facts as F
from .facts import Citation
from .grounding import DEFAULT_BUDGET, MATCH_QUALITY, ContextResult, build_context, hit_quality
from .lexicon import LEXICONS, LexiconCache

__all__ = [
    "Feed",
    "FeedLimits",
    "SEARCH_TYPES",
    "ToolInputError",
]


class ToolInputError(ReadError):
    """A tool was given an argument it cannot answer as given (unknown name, out of range...)."""


@dataclass(frozen=True)
class FeedLimits:
    """How much one tool call may ask for."""

    max_text: int = 200  # characters of a search text, a name, a title
    max_search: int = 50
    max_hops: int = 6
    max_paths: int = 10
    max_policies: int = 100  # policies one title may match
    max_milestones: int = 300
    max_rows: int = 200  # rows of a named query
    max_parameters: int = 4000  # characters of a named query's parameters as JSON
    page_size: int = 10  # entries of a list answer when no limit is given
    max_page: int = 100  # entries of a list answer at most
    max_cursor: int = 20  # characters of a cursor


# --- output models ---------------------------------------------------------------------


class Paged(BaseModel):
    """A list answer cut into pages: how many entries there are, how many follow this page,
    and the cursor that reads the next page."""

    total: int = Field(description="entries in all pages")
    more: int = Field(description="entries after this page; 0 on the last")
    next_cursor: str | None = Field(description="pass it as cursor (same other arguments) for the next page; "
                                    "null on the last")


class NodeRef(BaseModel):
    """A node by its id, type and name."""

    id: str = Field(description="global id, <Type>:<key>; give it to describe or connections")
    type: str
    name: str


class SearchHit(BaseModel):
    node: NodeRef
    matched_by: Literal["number", "text"] = Field(
        "text", description="number: the text names this item by the plan's numbering (重点工作第25项, 改革14, 1.6); "
        "text: full text")
    score: float = Field(description="full-text relevance; higher is better (a hit by number: the best hit's)")
    quality: float = Field(description="share of the search words (character pairs) the node's name or text holds")
    matched_text: str | None = Field(None, description="the text that matched: at most 300 characters around "
                                        "the search words, … where cut")
    citation: Citation | None = Field(None, description="where the node is written (for departments, policies "
                                      "and places: their first occurrence)")


class SearchResult(Paged):
    """Full-text hits, best first."""

    text: str
    matched_by: Literal["number", "text", "not found"] = Field(
        description="number: the text names items by the plan's numbering, first in hits; text: the hits hold most "
        "of the search words; not found: no hit does (see suggestions)")
    note: str | None = Field(None, description="what the text may mean besides, e.g. that 25 alone is no item "
                             "reference (both annexes number their rows)")
    hits: list[SearchHit]
    suggestions: list[NodeRef] = Field(default_factory=list, description="when not found: the nearest nodes")


class Relationship(BaseModel):
    """One relationship of the described node, with its properties and citation."""

    type: str
    direction: Literal["out", "in"]
    other: NodeRef
    properties: dict[str, Any] = Field(default_factory=dict, description="role, cell, counts... (not provenance)")
    citation: Citation | None = None


class Description(Paged):
    """One node, its properties and a page of its direct relationships."""

    node: NodeRef
    matched_by: str = Field(description="how the argument was resolved: id, name, alias, number (the plan's own "
                            "numbering: 重点工作第25项) or search (full text, above the match-quality threshold)")
    properties: dict[str, Any]
    citation: Citation | None = Field(None, description="where the node is written: its own text, or for "
                                      "departments, policies and places their first occurrence")
    relationships: list[Relationship]
    alternatives: list[NodeRef] = Field(default_factory=list, description="other nodes the argument may mean")


class ItemRef(BaseModel):
    id: str
    kind: str = Field(description="重点工作 (task), 重大改革 (reform) or 工作举措 (measure)")
    ref: str = Field(description="how the plan numbers it: 重点工作第25项, 工作举措1.6")
    name: str
    lead: list[str] = Field(default_factory=list)
    support: list[str] = Field(default_factory=list)


class Responsibility(BaseModel):
    item: ItemRef
    role: str = Field(description="lead (牵头) or support (配合)")
    area: str | None = None
    citation: Citation


class DepartmentRef(BaseModel):
    id: str
    name: str
    full_name: str | None = None
    kind: str | None = None
    jurisdiction: str | None = None
    aliases: list[str] = Field(default_factory=list)


class Responsibilities(Paged):
    """What a department leads or supports, each with the text that says so (a page of them)."""

    department: DepartmentRef
    role: str | None = Field(description="the role asked for; null for both")
    lead_count: int
    support_count: int
    items: list[Responsibility]


class PolicyCitationEntry(BaseModel):
    item: ItemRef
    cell: str | None = Field(description="the cell that names the policy: policy (政策体系), work, target...")
    citation: Citation


class CitedPolicy(BaseModel):
    id: str
    title: str
    titles: list[str] = Field(default_factory=list, description="the title as written in each place")
    level: str | None = None
    kind: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    citation_count: int = Field(description="citations of this policy in all pages (one per item and cell)")
    citations: list[PolicyCitationEntry]


class PolicyCitations(Paged):
    """The policies whose title matches, each with the items that cite it; the pages run over
    the citations of all the policies in turn (``total`` counts citations)."""

    title: str
    matched: Literal["exact", "contains", "search"] = Field(
        description="exact: same normalised title; contains: the title is part of theirs; search: full text")
    policies: list[CitedPolicy]


class ScheduledMilestone(BaseModel):
    id: str
    label: str | None = Field(description="the period as written: 2—4月, 6月底前, 全年")
    start_month: int | None
    end_month: int | None
    due: bool = Field(description="it ends in the month asked about")
    text: str
    item: ItemRef | None
    citation: Citation


class Schedule(Paged):
    """Milestones whose period covers a month, optionally of one department's items (a page)."""

    month: int
    department: DepartmentRef | None
    milestones: list[ScheduledMilestone]


class Step(BaseModel):
    type: str
    start: str
    end: str
    properties: dict[str, Any] = Field(default_factory=dict)
    citation: Citation | None = None


class Path(BaseModel):
    length: int
    nodes: list[NodeRef]
    steps: list[Step]


class Paths(BaseModel):
    """The shortest ways two nodes are linked."""

    source: NodeRef
    target: NodeRef
    max_hops: int
    paths: list[Path] = Field(description="every shortest path, up to 10; empty when none is that short")


class QueryParameter(BaseModel):
    name: str
    type: str
    required: bool
    default: Any = None
    description: str


class QueryInfo(BaseModel):
    name: str
    description: str
    parameters: list[QueryParameter]


class NamedQueries(BaseModel):
    """The read-only queries of queries/."""

    queries: list[QueryInfo]


class NamedQueryRows(Paged):
    """A page of the rows a named query returned (its columns include line numbers where it has them)."""

    name: str
    parameters: dict[str, Any]
    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool = Field(description="the query returned more rows than are kept (total counts those kept)")


class TypeInfo(BaseModel):
    name: str
    description: str
    properties: dict[str, str]


class SchemaInfo(BaseModel):
    """The graph's node and relationship types, in plain words."""

    summary: str
    node_types: list[TypeInfo]
    relationship_types: list[TypeInfo]
    provenance: dict[str, str]


# --- what each node type holds ---------------------------------------------------------

_PROV = set(PROVENANCE)
_ITEM = {"key", "number", "name", "kind", "text", "area", "lead", "units", "cell_target", "cell_work", "cell_policy",
         "cell_evaluation", "cell_schedule", "document", "jurisdiction", "year"} | F.CELL_LINES
PROPERTIES: dict[Label, set[str]] = {
    Label.DOCUMENT: {"id", "title", "jurisdiction", "year", "index_no", "publisher", "publish_date", "issuer",
                     "issue_date", "source_name", "notice"} | _PROV,
    Label.JURISDICTION: {"name", "short_name", "level", "parent"},
    Label.AREA: {"key", "name", "kind", "order"},
    Label.TASK: _ITEM | _PROV,
    Label.REFORM: _ITEM | _PROV,
    Label.MEASURE: _ITEM | _PROV,
    Label.DEPARTMENT: {"key", "name", "full_name", "kind", "jurisdiction", "aliases"},
    Label.POLICY: {"key", "title", "titles", "level", "kind", "issuer", "doc_number", "jurisdiction"},
    Label.INDICATOR: {"key", "text", "name", "comparator", "value", "unit", "qualifier", "area", "parsed"} | _PROV,
    Label.MILESTONE: {"key", "label", "start_month", "end_month", "text", "order"} | _PROV,
    Label.PLACE: {"key", "name", "kind", "jurisdiction"},
}

_TYPE_NAMES = {label.value: label for label in NODE_TYPES}
#: The node types the search tool accepts: those the full-text index covers.
SEARCH_TYPES: tuple[str, ...] = tuple(label.value for label in FULLTEXT_LABELS)

_LIGHT = Select(props={"name", "title", "text", "label"} | _PROV | F.CELL_LINES)

#: The relationships a connection may follow: what the plans say, not how the graph is filed
#: (every department is PART_OF the district, every item is in a Document).
CONNECTING = (RelType.RESPONSIBLE_FOR, RelType.CITES, RelType.TARGETS, RelType.HAS_MILESTONE, RelType.IN_AREA,
              RelType.MENTIONS, RelType.GOVERNS)
_UNITS = RelSelect(Hops.ITEM_RESPONSIBLE, Select(props={"name"}, rel_props={"role", "order"}))
_ITEM_REF = Select(props={"name", "units", "area"}, relations={"responsible": _UNITS})


def _first(hop: Hop | UnionHop, node: Select) -> RelSelect:
    return RelSelect(hop, node, limit=1)


#: Where a node that is not itself a text fact is first written: a department's first
#: responsibility, a policy's first citation, a place's first mention, an area's first item.
FIRST_OCCURRENCE: dict[Label, RelSelect] = {
    Label.DEPARTMENT: _first(Hops.DEPARTMENT_RESPONSIBILITIES, Select(props={"name"}, rel_props=_PROV)),
    Label.POLICY: _first(Hops.POLICY_CITED_BY, Select(props={"name"}, rel_props=_PROV)),
    Label.PLACE: _first(Hops.PLACE_MENTIONED_BY, Select(props={"name"}, rel_props=_PROV)),
    Label.AREA: _first(Hops.AREA_ITEMS, Select(props={"name"} | _PROV)),
}
_SEARCH_SELECT = Select(props={"name", "title", "text", "label"} | _PROV | F.CELL_LINES, by_label={
    label: Select(relations={"first": first}) for label, first in FIRST_OCCURRENCE.items()})



def _name(data: Mapping[str, Any]) -> str:
    for prop in ("name", "title", "label", "text", "__key"):
        if data.get(prop):
            return str(data[prop])
    return ""


def _ref(data: Mapping[str, Any]) -> NodeRef:
    node_id = F.node_id(data)
    return NodeRef(id=node_id, type=node_id.partition(":")[0], name=_name(data))


def _own_citation(data: Mapping[str, Any] | None) -> Citation | None:
    if not data or not data.get("document") or data.get("line_start") is None:
        return None
    return F.citation(data)


def _first_citation(data: Mapping[str, Any]) -> Citation | None:
    """The node's own citation, or that of its first occurrence (``FIRST_OCCURRENCE``)."""
    cited = _own_citation(data)
    first = (data.get("first") or [None])[0]
    if cited is None and first:
        rel = first.get("__rel") or first
        cited = F.citation(rel) if rel.get("document") else None
    return cited


def _paged(total: int, offset: int, shown: int) -> dict[str, Any]:
    more = max(0, total - offset - shown)
    return {"total": total, "more": more, "next_cursor": str(offset + shown) if more else None}


def _item_ref(item: Mapping[str, Any]) -> ItemRef:
    lead: list[str] = []
    support: list[str] = []
    for dep in item.get("responsible") or []:
        role = (dep.get("__rel") or {}).get("role")
        (lead if role == "lead" else support).append(dep.get("name") or "")
    label = reads.node_type(item.get("__labels", ()))
    return ItemRef(id=F.node_id(item), kind=F.ITEM_KINDS.get(label, "事项") if label is not None else "事项", ref=F.item_ref(item).split("「")[0],
                   name=item.get("name") or "", lead=lead, support=support)


def _plain(props: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items()
            if k not in _PROV and not k.startswith("__") and k not in ("alias_text", "first")
            and k not in F.CELL_LINES}


# --- the tools ---------------------------------------------------------------------------


@dataclass
class Feed:
    """The tools over one graph connection (``graph`` is called on each use: the app's
    lifespan may replace it) and the named queries found at start-up."""

    graph: Callable[[], AsyncDatabase]
    queries: Mapping[str, NamedQuery] = field(default_factory=dict)
    limits: FeedLimits = field(default_factory=FeedLimits)
    lexicons: LexiconCache = field(default_factory=lambda: LEXICONS)

    # -- argument checks ---------------------------------------------------------------

    def _text(self, value: str, what: str, example: str) -> str:
        text = (value or "").strip()
        if not text:
            raise ToolInputError(f"{what} is empty; give one, e.g. {example}")
        if len(text) > self.limits.max_text:
            raise ToolInputError(f"{what} has {len(text)} characters; at most {self.limits.max_text} are accepted")
        return text

    @staticmethod
    def _range(value: int, low: int, high: int, what: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ToolInputError(f"{what} must be {low} to {high}, not {value!r}")
        return value

    def _page(self, limit: int | None, cursor: str | None, high: int | None = None) -> tuple[int, int]:
        """``(offset, limit)`` of a list answer's page."""
        high = high or self.limits.max_page
        limit = min(self.limits.page_size, high) if limit is None else self._range(limit, 1, high, "limit")
        if cursor is None or cursor == "":
            return 0, limit
        if not isinstance(cursor, str) or not (cursor.isdigit() and cursor.isascii() and len(cursor) <= self.limits.max_cursor):
            raise ToolInputError(f"cursor must be a next_cursor of an earlier answer (digits), not {str(cursor)[:40]!r}")
        return int(cursor), limit

    async def _department(self, name: str, jurisdiction: str | None = None) -> dict[str, Any]:
        name = self._text(name, "department", "区发改局")
        select = Select(props={"name", "full_name", "kind", "jurisdiction", "aliases"})
        found = await reads.department(name, select, jurisdiction).run_async(self.graph())
        if not found:
            hint = await self._suggest(name, [Label.DEPARTMENT])
            raise ToolInputError(f"no department is called {name!r}{hint}")
        if len(found) > 1:
            places = ", ".join(str(d.get("jurisdiction")) for d in found)
            raise ToolInputError(f"{name!r} names departments in {len(found)} jurisdictions ({places}); "
                                 "pass jurisdiction to pick one")
        return found[0]

    async def _suggest(self, text: str, labels: Sequence[Label]) -> str:
        try:
            hits, _, _ = await reads.search(text, Select(props={"name", "title"}), labels=labels,
                                            limit=5, numbered=False).run_async(self.graph())
        except ReadError:
            return ""
        names = [_name(h.node) for h in hits]
        return f"; did you mean {', '.join(names)}?" if names else "; search finds nothing like it either"

    async def _resolve(self, value: str, what: str) -> tuple[str, str, list[NodeRef]]:
        """A node id for a name, alias, title or id: ``(id, how, other candidates)``. A
        full-text hit counts only at :data:`MATCH_QUALITY` or above; otherwise the answer is
        "not found" with the best hits as suggestions."""
        text = self._text(value, what, "区发改局, 《浙江省电子商务条例》 or Task:<key>")
        if re.fullmatch(r"[A-Z][A-Za-z]+:.+", text, flags=re.DOTALL):  # an id, or a mistyped one
            reads.parse_id(text)  # raises a ReadError naming the expected shape
            return text, "id", []
        if reads.item_ref(text) is not None:  # the plan's own numbering: 重点工作第25项, 改革14, 举措1.6
            (numbered,) = await reads.nodes([text], Select(props={"name"})).run_async(self.graph())
            if numbered is None:
                raise ToolInputError(f"not found: no item of the loaded plans is numbered {text!r}; "
                                     "list items with search")
            return F.node_id(numbered), "number", []
        if (ambiguous := reads.ambiguous_number(text)) is not None:
            raise ToolInputError(f"not found: {ambiguous}")
        lexicon = await self.lexicons.get(self.graph())
        term = text.strip("《》")
        ids = lexicon.terms.get(term) or lexicon.terms.get(normalize_title(term)) or []
        if ids:
            order = [Label.DEPARTMENT, Label.POLICY, Label.TASK, Label.REFORM, Label.MEASURE, Label.PLACE, Label.AREA,
                     Label.INDICATOR, Label.DOCUMENT]
            ranked = sorted(ids, key=lambda i: order.index(reads.parse_id(i)[0]))
            entry = lexicon.entries[ranked[0]]
            how = "name" if term in (entry.name, normalize_title(entry.name)) else "alias"
            others = [NodeRef(id=i, type=i.partition(":")[0], name=lexicon.entries[i].name) for i in ranked[1:]]
            return ranked[0], how, others
        hits, _, _ = await reads.search(term, Select(props={"name", "title", "text", "label"}),
                                        limit=6, numbered=False).run_async(self.graph())
        if not hits:
            raise ToolInputError(f"nothing in the graph is called or mentions {text!r}; try search with fewer words")
        good = [h for h in hits if hit_quality(term, h) >= MATCH_QUALITY]
        if not good:
            names = ", ".join(f"{_short(_name(h.node))} ({F.node_id(h.node)})" for h in hits[:5])
            raise ToolInputError(f"not found: nothing in the graph is called {text!r}, and no text holds most of its "
                                 f"words; the nearest are {names}")
        top = good[0].score
        refs = [_ref(h.node) for h in good if h.score >= 0.5 * top]
        return refs[0].id, "search", refs[1:]

    # -- tools ---------------------------------------------------------------------------

    async def search(self, text: str, types: list[str] | None = None, limit: int = 10,
                     cursor: str | None = None) -> SearchResult:
        text = self._text(text, "search text", "养老")
        offset, limit = self._page(limit, cursor, self.limits.max_search)
        labels = []
        for name in types or []:
            if name not in SEARCH_TYPES:
                raise ToolInputError(f"unknown type {name!r}; the types are {', '.join(SEARCH_TYPES)}")
            labels.append(_TYPE_NAMES[name])
        hits, _, total = await reads.search(text, _SEARCH_SELECT, labels=labels, offset=offset, limit=limit,
                                            total=True).run_async(self.graph())
        found: list[SearchHit] = []
        weak: list[NodeRef] = []
        for hit in hits:
            quality = hit_quality(text, hit)
            if quality < MATCH_QUALITY and not hit.by_number:
                weak.append(_ref(hit.node))
                continue
            found.append(SearchHit(node=_ref(hit.node), matched_by="number" if hit.by_number else "text",
                                   score=round(hit.score, 4), quality=round(quality, 2),
                                   matched_text=reads.excerpt(hit.text, text, 300),
                                   citation=_first_citation(hit.node)))
        matched_by: Literal["number", "text", "not found"] = (
            "number" if found and found[0].matched_by == "number" else "text" if found or not hits else "not found")
        return SearchResult(text=text, matched_by=matched_by, note=reads.ambiguous_number(text), hits=found,
                            suggestions=weak if not found else [], **_paged(total or 0, offset, len(hits)))

    async def describe(self, name_or_id: str, limit: int | None = None, cursor: str | None = None) -> Description:
        offset, limit = self._page(limit, cursor)
        node_id, how, others = await self._resolve(name_or_id, "name_or_id")
        label, _ = reads.parse_id(node_id)
        full = Select(props=set(PROPERTIES.get(label, {"name"})),
                      relations={"first": FIRST_OCCURRENCE[label]} if label in FIRST_OCCURRENCE else {})
        conn = self.graph()
        (data,) = await reads.nodes([node_id], full).run_async(conn)
        if data is None:
            raise ToolInputError(f"no node has the id {node_id!r}; find ids with search")
        around = await reads.relationships_of(node_id, _LIGHT, offset=offset, limit=limit).run_async(conn)
        relationships = []
        for edge, other in around.edges if around else []:
            other_id = edge.end if edge.start == node_id else edge.start
            props = dict(edge.properties)
            cited = F.citation(props) if props.get("document") else _own_citation(other)
            relationships.append(Relationship(
                type=edge.type, direction="out" if edge.start == node_id else "in",
                other=NodeRef(id=other_id, type=other_id.partition(":")[0], name=_name(other)),
                properties=_plain(props), citation=cited))
        return Description(node=_ref(data), matched_by=how, properties=_plain(data), citation=_first_citation(data),
                           relationships=relationships, alternatives=others,
                           **_paged(around.total if around else 0, offset, len(relationships)))

    async def responsibilities(self, department: str, role: str | None = None, jurisdiction: str | None = None,
                               limit: int | None = None, cursor: str | None = None) -> Responsibilities:
        if role not in (None, "lead", "support"):
            raise ToolInputError(f"role must be lead, support or null (both), not {role!r}")
        offset, limit = self._page(limit, cursor)
        dep = await self._department(department, jurisdiction)
        hop = {None: Hops.DEPARTMENT_RESPONSIBILITIES, "lead": Hops.DEPARTMENT_LEADS, "support": Hops.DEPARTMENT_SUPPORTS}[role]
        item = Select(props={"name", "units", "area"} | _PROV, rel_props={"role"} | _PROV,
                      relations={"responsible": _UNITS})
        select = Select(props={"name"}, values={"lead_count": "department.lead_count",
                                                "support_count": "department.support_count"},
                        relations={"items": RelSelect(hop, item, offset=offset, limit=limit, total=True)})
        (data,) = await reads.nodes([F.node_id(dep)], select).run_async(self.graph())
        items = []
        for it in (data or {}).get("items") or []:
            rel = it.get("__rel") or {}
            items.append(Responsibility(item=_item_ref(it), role=rel.get("role") or "", area=_area(it.get("area")),
                                        citation=F.citation(rel) if rel.get("document") else F.citation(it)))
        return Responsibilities(department=_department_ref(dep), role=role,
                                lead_count=(data or {}).get("lead_count") or 0,
                                support_count=(data or {}).get("support_count") or 0, items=items,
                                **_paged((data or {}).get("items__total") or 0, offset, len(items)))

    async def policy_citations(self, title: str, limit: int | None = None,
                               cursor: str | None = None) -> PolicyCitations:
        title = self._text(title, "title", "《浙江省电子商务条例》").strip("《》")
        offset, limit = self._page(limit, cursor)
        cited = Select(props={"name", "units"}, rel_props=_PROV, relations={"responsible": _UNITS})
        # the policies with their citation counts first, then each page of citations read in
        # the statement (SKIP/LIMIT), policy by policy in turn
        select = Select(props={"title", "titles", "level", "kind", "issuer", "doc_number", "normalized"},
                        relations={"cited_by": RelSelect(Hops.POLICY_CITED_BY, cited, nodes=False, total=True)})
        conn = self.graph()
        key = reads.policy_title(title)
        found: list[dict[str, Any]] = []
        for where in ({"title": title}, {"title_contains": title}):
            policies_page = await reads.page(Label.POLICY, select, where=where,
                                             limit=self.limits.max_policies).run_async(conn)
            if policies_page.has_next:
                raise ToolInputError(f"more than {self.limits.max_policies} policies have a title like {title!r}; "
                                     "give more of the title")
            found = policies_page.nodes
            if found:
                break
        matched: Literal["exact", "contains", "search"] = "contains"
        if any(p.get("normalized") == key for p in found):
            found, matched = [p for p in found if p.get("normalized") == key], "exact"
        if not found:
            hits, _, _ = await reads.search(title, Select(props={"title"}), labels=[Label.POLICY], limit=5,
                                            numbered=False).run_async(conn)
            ids = [F.node_id(h.node) for h in hits if _alike(key, reads.policy_title(h.node.get("title") or ""))]
            found = [p for p in await reads.nodes(ids, select).run_async(conn) if p] if ids else []
            matched = "search"
        if not found:
            raise ToolInputError(f"no cited policy has a title like {title!r}; list titles with search(text, "
                                 "types=['Policy'])")
        policies = []
        position = shown = total = 0
        for p in found:
            count = p.get("cited_by__total") or 0
            total += count
            start, end = max(0, offset - position), min(count, max(0, offset + limit - position))
            position += count
            window: list[dict[str, Any]] = []
            if start < end:
                one = Select(relations={"cited_by": RelSelect(Hops.POLICY_CITED_BY, cited, offset=start,
                                                              limit=end - start)})
                (cited_by,) = await reads.nodes([F.node_id(p)], one).run_async(conn)
                window = (cited_by or {}).get("cited_by") or []
            shown += len(window)
            entries = [PolicyCitationEntry(item=_item_ref(it), cell=(it.get("__rel") or {}).get("cell"),
                                           citation=F.citation(it.get("__rel"))) for it in window]
            policies.append(CitedPolicy(id=F.node_id(p), title=p.get("title") or "", titles=list(p.get("titles") or []),
                                        level=p.get("level"), kind=p.get("kind"), issuer=p.get("issuer"),
                                        doc_number=p.get("doc_number"), citation_count=count,
                                        citations=entries))
        return PolicyCitations(title=title, matched=matched, policies=policies, **_paged(total, offset, shown))

    async def schedule(self, month: int, department: str | None = None, role: str | None = None,
                       limit: int | None = None, cursor: str | None = None) -> Schedule:
        month = self._range(month, 1, 12, "month")
        if role not in (None, "lead", "support"):
            raise ToolInputError(f"role must be lead, support or null (either), not {role!r}")
        offset, limit = self._page(limit, cursor)
        where: dict[str, Any] = {"covers_month": month}
        dep = None
        if department is not None:
            dep = await self._department(department)
            by = {None: "responsible", "lead": "led_by", "support": "supported_by"}[role]
            where["item"] = {by: {"key": dep["__key"]}}
        select = Select(props={"label", "start_month", "end_month", "text"} | _PROV,
                        relations={"item": RelSelect(Hops.MILESTONE_ITEM, _ITEM_REF, one=True)})
        page = await reads.page(Label.MILESTONE, select, where=where, offset=offset, limit=limit, total=True,
                                natural="{v}.end_month, coalesce({v}.start_month, {v}.end_month), {v}.document, "
                                        "{v}.line_start, {v}.order").run_async(self.graph())
        milestones = [
            ScheduledMilestone(id=F.node_id(m), label=m.get("label"), start_month=m.get("start_month"),
                               end_month=m.get("end_month"), due=m.get("end_month") == month, text=m.get("text") or "",
                               item=_item_ref(m["item"]) if m.get("item") else None, citation=F.citation(m))
            for m in page.nodes
        ]
        return Schedule(month=month, department=_department_ref(dep) if dep else None, milestones=milestones,
                        **_paged(page.total or 0, offset, len(milestones)))

    async def connections(self, a: str, b: str, max_hops: int = 4) -> Paths:
        """Shortest paths over :data:`CONNECTING` relationships."""
        max_hops = self._range(max_hops, 1, self.limits.max_hops, "max_hops")
        source, _, _ = await self._resolve(a, "a")
        target, _, _ = await self._resolve(b, "b")
        if source == target:
            raise ToolInputError(f"a and b are the same node ({source}); give two different ones")
        conn = self.graph()
        ends: list[Mapping[str, Any]] = []
        for node_id, data in zip((source, target), await reads.nodes([source, target], _LIGHT).run_async(conn),
                                 strict=True):
            if data is None:
                raise ToolInputError(f"no node has the id {node_id!r}; find ids with search")
            ends.append(data)
        found = await reads.paths(source, target, _LIGHT, max_length=max_hops, rel_types=CONNECTING,
                                  limit=self.limits.max_paths).run_async(conn)
        paths = []
        for path in found:
            nodes = {F.node_id(n): n for n in path.nodes}
            steps = []
            for edge in path.edges:
                props = dict(edge.properties)
                cited = F.citation(props) if props.get("document") else (
                    _own_citation(nodes.get(edge.end)) or _own_citation(nodes.get(edge.start)))
                steps.append(Step(type=edge.type, start=edge.start, end=edge.end, properties=_plain(props),
                                  citation=cited))
            paths.append(Path(length=path.length, nodes=[_ref(n) for n in path.nodes], steps=steps))
        return Paths(source=_ref(ends[0]), target=_ref(ends[1]), max_hops=max_hops, paths=paths)

    def list_named_queries(self) -> NamedQueries:
        return NamedQueries(queries=[
            QueryInfo(name=q.name, description=q.description, parameters=[
                QueryParameter(name=p.name, type=p.type, required=p.required, default=p.default,
                               description=p.description) for p in q.parameters])
            for q in self.queries.values()
        ])

    async def named_query(self, name: str, params: dict[str, Any] | None = None, limit: int | None = None,
                          cursor: str | None = None) -> NamedQueryRows:
        name = self._text(name, "name", "department_responsibilities")
        offset, limit = self._page(limit, cursor)
        if params is not None and not isinstance(params, dict):
            raise ToolInputError('params must be an object, e.g. {"department": "区发改局"}')
        if len(json.dumps(params or {}, ensure_ascii=False)) > self.limits.max_parameters:
            raise ToolInputError(f"params are longer than {self.limits.max_parameters} characters as JSON")
        result = await named_queries.run_async(self.graph(), self.queries, name, params, max_rows=self.limits.max_rows)
        rows = result.rows[offset:offset + limit]
        return NamedQueryRows(name=result.name, parameters=result.parameters, columns=result.columns, rows=rows,
                              truncated=result.truncated, **_paged(len(result.rows), offset, len(rows)))

    def schema(self) -> SchemaInfo:
        return SCHEMA

    async def context(self, question: str, budget: int = DEFAULT_BUDGET) -> ContextResult:
        conn = self.graph()
        return await build_context(conn, await self.lexicons.get(conn), question, budget)


def _short(text: str, length: int = 30) -> str:
    return text if len(text) <= length else text[:length - 1] + "…"


def _alike(asked: str, title: str, share: float = 0.5) -> bool:
    """Whether at least ``share`` of the asked title's character pairs are in ``title``: a
    title with a word more or less (浙江省电子商务管理条例) is alike, one that only shares
    条例 is not."""
    pairs = {asked[i:i + 2] for i in range(len(asked) - 1)}
    return bool(pairs) and sum(1 for p in pairs if p in title) >= share * len(pairs)


def _area(key: Any) -> str | None:
    return str(key).partition(":")[2] or None if key else None


def _department_ref(dep: Mapping[str, Any]) -> DepartmentRef:
    return DepartmentRef(id=F.node_id(dep), name=dep.get("name") or "", full_name=dep.get("full_name"),
                         kind=dep.get("kind"), jurisdiction=dep.get("jurisdiction"),
                         aliases=list(dep.get("aliases") or []))


SCHEMA = SchemaInfo(
    summary=(
        "A graph of Chinese government work plans (工作要点). Each plan (Document) lists tasks (重点工作, 附件二), "
        "reforms (重大改革, 附件三) and measures (工作举措, in the body); departments lead or support them; "
        "items cite policies, target indicators, have schedules (milestones) and mention places. Every fact "
        "read from the text carries its provenance: the document, section, table row, cell, lines and the "
        "source text. Node ids are <Type>:<key>."
    ),
    node_types=[TypeInfo(name=n.label, description=n.description, properties=dict(n.properties)) for n in NODES],
    relationship_types=[TypeInfo(name=r.type, description=r.description, properties=dict(r.properties))
                        for r in RELATIONSHIPS],
    provenance={
        "document": "document id",
        "section": "section or annex heading",
        "row": "row of an annex table, or order of a measure in its section",
        "cell": "name, target, work, policy, evaluation, schedule, measure, indicators",
        "line_start": "first line in the source file (1-based)",
        "line_end": "last line (inclusive)",
        "source_text": "the text as written",
    },
)
