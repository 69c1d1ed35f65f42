"""The one list of the graph's node and relationship types, and of the hops between them.

Everything else that names types is derived from here: the :class:`Label` and
:class:`RelType` enums, keys, constraints and lookup indexes, the full-text index, the
statements that delete a document's own nodes and the shared nodes nothing uses any more,
the chat feed's lexicon and type list, the GraphQL ``NodeType``/``RelationshipType`` enums,
the MCP search tool's type names and the explorer's legend (GraphQL ``nodeTypes``).

Adding a node type is one :class:`NodeSpec` in :data:`NODES` (plus the loader that makes
it and its GraphQL type in ``api/schema/types/``); README "Graph schema" lists the steps.

Hops are the named, directed ways from a node to related ones (a department's ``leads`` are
the items it is RESPONSIBLE_FOR {role: 'lead'}), typed data rendered to Cypher by
``graph.cypher.hop_match``; callers name them as attributes of :class:`Hops`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

__all__ = [
    "GROUPS",
    "HOPS",
    "NODES",
    "RELATIONSHIPS",
    "Direction",
    "GroupLabel",
    "Hop",
    "Hops",
    "Keep",
    "Label",
    "Lexicon",
    "Link",
    "Merge",
    "NodeSpec",
    "NodeWrite",
    "HopOrder",
    "Owned",
    "RelSpec",
    "RelType",
    "RelWrite",
    "Root",
    "Shared",
    "Step",
    "UnionHop",
    "node_spec",
    "rel_spec",
]


class Direction(Enum):
    """Which way a relationship points, seen from the node a hop starts at."""

    OUT = "out"
    IN = "in"


# --- what a node type is -----------------------------------------------------------------


@dataclass(frozen=True)
class Root:
    """The document itself: MERGEd by its key, removed by ``policykg unload``."""


@dataclass(frozen=True)
class Owned:
    """Created per document and deleted with it; ``by`` holds the document's id."""

    by: str = "document"


@dataclass(frozen=True)
class Keep:
    """A relationship that keeps a shared node alive: ``rel`` pointing ``direction`` from it."""

    rel: RelType
    direction: Direction


@dataclass(frozen=True)
class Shared:
    """MERGEd by key across documents; removed once none of ``kept_by`` reaches it."""

    kept_by: tuple[Keep, ...]


@dataclass(frozen=True)
class Lexicon:
    """How the chat feed's entity linking names a node: its display ``name`` property,
    the properties that are each one term, and the list properties whose items are terms;
    with ``required``, nodes without a name are left out."""

    name: str
    terms: tuple[str, ...] = ()
    term_lists: tuple[str, ...] = ()
    required: bool = False

    def all_terms(self) -> tuple[str, ...]:
        return self.terms or (self.name,)


@dataclass(frozen=True)
class GroupLabel:
    """A label several node types share (every Task, Reform and Measure is also :Item),
    with its own key constraint and lookup indexes."""

    label: str
    key: str
    indexed: tuple[str, ...]
    description: str


class Merge(Enum):
    """What writing a shared node does to one property it already has."""

    ON_CREATE = "on_create"  # set when the node is created, kept afterwards
    OVERWRITE = "overwrite"  # the latest document's value (null removes it)
    GIVEN = "given"  # the latest document's value when it has one, else the one kept
    KEEP = "keep"  # the value kept, else the latest document's (coalesce)
    ACCUMULATE = "accumulate"  # a list: the values kept, then the new ones not among them


@dataclass(frozen=True)
class Link:
    """A relationship written with a node, to a node written before it: ``rel`` pointing
    ``direction`` from the new node to the ``other`` node whose key is the row's ``field``.
    ``optional``: no relationship when no such node exists (the new node is still written);
    else a row whose other node is missing is not written. ``merge``: one relationship
    however often the node is written (shared nodes), else one per row."""

    rel: RelType
    direction: Direction
    other: str
    field: str
    optional: bool = False
    merge: bool = False


@dataclass(frozen=True)
class NodeWrite:
    """How the writer writes a node type: each row's ``props`` become the node's properties
    (an owned node is created with exactly them; a document or shared node is MERGEd on its
    key, each property by its :class:`Merge` policy in ``merge``, every property by
    OVERWRITE when ``merge`` is empty), then ``derived`` properties are computed from the
    node (``{n}`` stands for it), then the ``links`` are written."""

    merge: tuple[tuple[str, Merge], ...] = ()
    derived: tuple[tuple[str, str], ...] = ()
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class RelWrite:
    """How the writer writes a relationship type on its own, between two nodes already
    written: from the ``start`` node type to the ``end`` one, each found by its key (the
    row's ``start`` and ``end``), with the row's ``props``; ``merge`` writes it once per pair."""

    start: str
    end: str
    merge: bool = False


@dataclass(frozen=True)
class NodeSpec:
    """One node type."""

    label: str
    key: str
    zh: str
    en: str
    description: str  # one line, for the chat feed's type list, GraphQL and MCP
    lifecycle: Root | Owned | Shared
    groups: tuple[str, ...] = ()  # extra labels (GroupLabel names) every node of it carries
    indexed: tuple[str, ...] = ()  # lookup indexes beside the key
    searchable: tuple[str, ...] = ()  # properties the full-text index covers
    lexicon: Lexicon | None = None  # None: questions cannot name it
    chat: str | None = None  # how the chat feed turns a node into facts (api/chat/grounding.py)
    properties: tuple[tuple[str, str], ...] = ()  # the properties worth describing, with a gloss
    write: NodeWrite | None = None  # None: the writer does not write it

    @property
    def owned(self) -> bool:
        return isinstance(self.lifecycle, Owned)

    @property
    def shared(self) -> bool:
        return isinstance(self.lifecycle, Shared)


@dataclass(frozen=True)
class RelSpec:
    """One relationship type, between node types or group labels."""

    type: str
    start: tuple[str, ...]
    end: tuple[str, ...]
    zh: str
    en: str
    description: str
    properties: tuple[tuple[str, str], ...] = ()
    write: RelWrite | None = None  # None: written only with a node (a Link of its NodeWrite)


_P = "document, section, row, cell, line_start, line_end, source_text: where it was read"
_PROV = ("provenance", _P)
_ITEM = "Item"
_IN, _OUT = Direction.IN, Direction.OUT

GROUPS: tuple[GroupLabel, ...] = (
    GroupLabel(_ITEM, "key", ("document", "name"), "a task, reform or measure"),
)

def _member(name: str) -> str:
    """The enum member name of a label or type: ``HasMilestone`` -> ``HAS_MILESTONE``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper()


#: Every relationship type.
RELATIONSHIPS: tuple[RelSpec, ...] = (
    RelSpec("ABOUT", ("Document",), ("Jurisdiction",), "关于", "about", "Document -> Jurisdiction"),
    RelSpec("CONTAINS", ("Document",), (_ITEM, "Indicator"), "包含", "contains", "Document -> item or Indicator"),
    RelSpec("LISTS", ("Document",), ("Area",), "列出", "lists", "Document -> Area (an annex heading)",
            (("stated_count", "rows the heading announces"), ("row_count", "rows that follow"), _PROV),
            RelWrite("Document", "Area")),
    RelSpec("RESPONSIBLE_FOR", ("Department",), (_ITEM,), "负责", "responsible for",
            "Department -> Task/Reform/Measure",
            (("role", "lead (牵头, the first unit listed) or support (配合)"), _PROV),
            RelWrite("Department", _ITEM)),
    RelSpec("CITES", (_ITEM,), ("Policy",), "引用", "cites", "item -> Policy",
            (("cell", "the cell naming it"), ("mentions", "how many times that cell names it (one CITES per cell)"),
             _PROV), RelWrite(_ITEM, "Policy")),
    RelSpec("TARGETS", (_ITEM,), ("Indicator",), "目标指标", "targets", "item -> Indicator"),
    RelSpec("HAS_MILESTONE", (_ITEM,), ("Milestone",), "进度", "has milestone", "item -> Milestone"),
    RelSpec("IN_AREA", (_ITEM, "Indicator"), ("Area",), "所属领域", "in area", "item or Indicator -> Area"),
    RelSpec("MENTIONS", (_ITEM,), ("Place",), "提及", "mentions", "item -> Place it names", (_PROV,),
            RelWrite(_ITEM, "Place")),
    RelSpec("IN", ("Place",), ("Jurisdiction",), "位于", "in", "Place -> Jurisdiction"),
    RelSpec("GOVERNS", ("Department",), ("Place",), "管辖", "governs",
            "Department (a town or street) -> Place of that name", write=RelWrite("Department", "Place", merge=True)),
    RelSpec("PART_OF", ("Department",), ("Jurisdiction",), "隶属", "part of", "Department -> Jurisdiction"),
    RelSpec("OVERSEES", ("Leader",), (_ITEM,), "分管", "oversees", "Leader -> item (牵头负责领导, 责任领导)",
            (("order", "0 = the first leader named"), ("label", "the words naming the leader: 牵头负责领导"), _PROV),
            RelWrite("Leader", _ITEM)),
)


if TYPE_CHECKING:
    # What the type checker sees of the enums made below from the registry's lists (it cannot
    # run them); tests/graph/test_registry.py fails when the two disagree.
    class RelType(str, Enum):
        ABOUT = "ABOUT"
        CONTAINS = "CONTAINS"
        LISTS = "LISTS"
        RESPONSIBLE_FOR = "RESPONSIBLE_FOR"
        CITES = "CITES"
        TARGETS = "TARGETS"
        HAS_MILESTONE = "HAS_MILESTONE"
        IN_AREA = "IN_AREA"
        MENTIONS = "MENTIONS"
        IN = "IN"
        GOVERNS = "GOVERNS"
        PART_OF = "PART_OF"
        OVERSEES = "OVERSEES"
else:
    RelType = Enum("RelType", [(_member(s.type), s.type) for s in RELATIONSHIPS], type=str, module=__name__)
    RelType.__doc__ = "A relationship type."

_O, _C, _G, _K, _A = Merge.OVERWRITE, Merge.ON_CREATE, Merge.GIVEN, Merge.KEEP, Merge.ACCUMULATE
#: An item: created with its document's CONTAINS and, when it has an area, IN_AREA.
_ITEM_WRITE = NodeWrite(links=(Link(RelType.CONTAINS, _IN, "Document", "document"),
                               Link(RelType.IN_AREA, _OUT, "Area", "area", optional=True)))

#: Every node type, most specific label first (the order of type lists and of the lexicon).
NODES: tuple[NodeSpec, ...] = (
    NodeSpec(
        "Task", "key", "重点工作", "Task", "重点工作: a row of 附件二 (also labelled Item)", Owned(),
        groups=(_ITEM,), searchable=("name", "text"), lexicon=Lexicon("name"), chat="item",
        properties=(("number", "row number"), ("name", "name"), ("units", "responsible units, lead first"),
                    ("number_text", "number as written: 3. (二) ①"), ("section_path", "headings above it, outermost first"),
                    ("kind_text", "the plan's word for it: 重点任务"), ("cell_target", "目标体系"), ("cell_work", "工作体系"), ("cell_policy", "政策体系"),
                    ("cell_evaluation", "评价体系"), ("cell_schedule", "进度安排"), _PROV),
        write=_ITEM_WRITE),
    NodeSpec(
        "Reform", "key", "重大改革", "Reform",
        "重大改革: a row of 附件三 (also labelled Item); same properties as Task",
        Owned(), groups=(_ITEM,), searchable=("name", "text"), lexicon=Lexicon("name"), chat="item",
        properties=(("number", "row number"), ("name", "name"), _PROV), write=_ITEM_WRITE),
    NodeSpec(
        "Measure", "key", "工作举措", "Measure",
        "工作举措: a sentence of the body ending in its units (also labelled Item)", Owned(),
        groups=(_ITEM,), searchable=("name", "text"), lexicon=Lexicon("name"), chat="item",
        properties=(("number", "order in its area"), ("name", "first clause"), ("text", "the sentence"), _PROV),
        write=_ITEM_WRITE),
    NodeSpec(
        "Document", "id", "文件", "Document", "one plan, e.g. 宁波市奉化区2022年…工作要点", Root(),
        indexed=("jurisdiction",), searchable=("title", "name"), lexicon=Lexicon("title"), chat="document",
        properties=(("id", "document id"), ("title", "title"), ("jurisdiction", "district"), ("year", "year"),
                    ("issuer", "issuing office"), ("issue_date", "date issued"), ("publisher", "publishing office"),
                    ("publish_date", "date published"), ("index_no", "索引号"), ("doc_number", "文号"),
                    ("layout", "the layout read: template, numbered-items")),
        write=NodeWrite(links=(Link(RelType.ABOUT, _OUT, "Jurisdiction", "jurisdiction", merge=True),))),
    NodeSpec(
        "Jurisdiction", "name", "行政区", "Jurisdiction", "a district or city", Shared((Keep(RelType.ABOUT, _IN),)),
        properties=(("name", "name"), ("full_name", "full administrative name: 浙江省宁波市奉化区"),
                    ("code", "administrative division code"), ("province", "province"), ("level", "区, 市, 省")),
        # what the divisions data set resolved is kept when a later plan of the place names none
        write=NodeWrite((("short_name", _O), ("level", _O), ("parent", _O), ("full_name", _G), ("code", _G),
                         ("province", _G)), (("alias_text", "{n}.short_name"),))),
    NodeSpec(
        "Area", "key", "领域", "Area", "a pilot area (先行示范领域) or a reform category",
        Shared((Keep(RelType.IN_AREA, _IN), Keep(RelType.LISTS, _IN))),
        indexed=("name",), searchable=("name",), lexicon=Lexicon("name"), chat="area",
        properties=(("name", "name"), ("kind", "pilot_area or reform_category")),
        write=NodeWrite((("name", _C), ("kind", _C), ("order", _C)))),
    NodeSpec(
        "Department", "key", "部门", "Department", "a responsible unit (区发改局), with its aliases",
        Shared((Keep(RelType.RESPONSIBLE_FOR, _OUT),)),
        indexed=("name", "jurisdiction"), searchable=("name", "alias_text"),
        lexicon=Lexicon("name", terms=("name", "full_name"), term_lists=("aliases",)), chat="department",
        properties=(("name", "canonical name"), ("full_name", "full name"), ("aliases", "every name it goes by"),
                    ("kind", "department, town, street, party, mass_org, court, platform, task_force, "
                             "collective (several units named as one: 各街道; no aliases)")),
        # aliases accumulate across the documents of one jurisdiction
        write=NodeWrite((("name", _O), ("full_name", _G), ("kind", _O), ("jurisdiction", _O), ("aliases", _A)),
                        (("alias_text", "reduce(s = '', a IN {n}.aliases | s + ' ' + a)"),),
                        (Link(RelType.PART_OF, _OUT, "Jurisdiction", "jurisdiction", merge=True),))),
    NodeSpec(
        "Policy", "key", "政策", "Policy", "a document cited in 《》", Shared((Keep(RelType.CITES, _IN),)),
        indexed=("normalized", "level"), searchable=("title", "name"),
        lexicon=Lexicon("title", term_lists=("titles",)), chat="policy",
        properties=(("title", "title"), ("titles", "titles as written"), ("level", "国家, 省, 市, 区"),
                    ("kind", "条例, 办法, 意见, 方案..."), ("doc_number", "文号")),
        write=NodeWrite((("title", _C), ("normalized", _C), ("level", _K), ("kind", _K), ("issuer", _K),
                         ("doc_number", _K), ("jurisdiction", _O), ("titles", _A)), (("name", "{n}.title"),))),
    NodeSpec(
        "Indicator", "key", "指标", "Indicator", "a target: 人均生产总值15万元", Owned(),
        indexed=("document",), searchable=("text", "name"), lexicon=Lexicon("name", required=True),
        chat="indicator",
        properties=(("text", "as written"), ("name", "what is measured"), ("comparator", "达, 不低于..."),
                    ("value", "number"), ("unit", "unit"), _PROV),
        write=NodeWrite(links=(Link(RelType.IN_AREA, _OUT, "Area", "area", optional=True),
                               Link(RelType.TARGETS, _IN, _ITEM, "item", optional=True),
                               Link(RelType.CONTAINS, _IN, "Document", "document")))),
    NodeSpec(
        "Place", "key", "地点", "Place", "a town, street, village, community or park",
        Shared((Keep(RelType.MENTIONS, _IN), Keep(RelType.GOVERNS, _IN))),
        indexed=("name",), searchable=("name",), lexicon=Lexicon("name"), chat="place",
        properties=(("name", "name"), ("kind", "town, street, village, community, park")),
        write=NodeWrite((("name", _C), ("kind", _C), ("jurisdiction", _C)),
                        links=(Link(RelType.IN, _OUT, "Jurisdiction", "jurisdiction", merge=True),))),
    NodeSpec(
        "Milestone", "key", "进度节点", "Milestone", "one period of a 进度安排 cell: 2—4月, 6月底前, 全年",
        Owned(),
        indexed=("document", "end_month"), searchable=("name", "text"), chat="milestone",
        properties=(("label", "period as written"), ("start_month", "first month"), ("end_month", "last month"),
                    ("text", "what is due"), _PROV),
        write=NodeWrite(links=(Link(RelType.HAS_MILESTONE, _IN, _ITEM, "item"),))),
    NodeSpec(
        "Leader", "key", "领导", "Leader", "an official who oversees items (牵头负责领导, 责任领导)",
        Shared((Keep(RelType.OVERSEES, _OUT),)), indexed=("name", "jurisdiction"), searchable=("name",),
        properties=(("name", "name as written"), ("label", "the words first naming the leader: 牵头负责领导"),
                    ("jurisdiction", "the plan's jurisdiction")),
        write=NodeWrite((("name", _C), ("label", _C), ("jurisdiction", _C)))),
)

#: Node labels: the node types in :data:`NODES` order, then the group labels (Item).
if TYPE_CHECKING:
    class Label(str, Enum):
        TASK = "Task"
        REFORM = "Reform"
        MEASURE = "Measure"
        DOCUMENT = "Document"
        JURISDICTION = "Jurisdiction"
        AREA = "Area"
        DEPARTMENT = "Department"
        POLICY = "Policy"
        INDICATOR = "Indicator"
        PLACE = "Place"
        MILESTONE = "Milestone"
        LEADER = "Leader"
        ITEM = "Item"
else:
    Label = Enum("Label", [(_member(s.label), s.label) for s in NODES] + [(_member(g.label), g.label) for g in GROUPS],
                 type=str, module=__name__)
    Label.__doc__ = "A node label; every Task, Reform and Measure also carries :Item."

_NODE_SPECS = {Label(s.label): s for s in NODES}
_REL_SPECS = {RelType(s.type): s for s in RELATIONSHIPS}


def node_spec(label: Label) -> NodeSpec:
    return _NODE_SPECS[label]


def rel_spec(rel: RelType) -> RelSpec:
    return _REL_SPECS[rel]


def _check() -> None:
    """Refuse an inconsistent registry at import: a group, relationship end or keeping
    relationship that does not exist."""
    groups = {g.label for g in GROUPS}
    labels = {s.label for s in NODES} | groups
    for s in NODES:
        for g in s.groups:
            if g not in groups:
                raise ValueError(f"node type {s.label}: no group label {g!r}")
        if isinstance(s.lifecycle, Shared):
            for keep in s.lifecycle.kept_by:
                rel = _REL_SPECS[keep.rel]
                if s.label not in (rel.end if keep.direction is Direction.IN else rel.start):
                    raise ValueError(f"node type {s.label}: {keep.rel.value} does not reach it that way")
        for link in s.write.links if s.write else ():
            if link.other not in labels:
                raise ValueError(f"node type {s.label}: {link.rel.value} links to no node type {link.other!r}")
    for r in RELATIONSHIPS:
        for end in r.start + r.end + ((r.write.start, r.write.end) if r.write else ()):
            if end not in labels:
                raise ValueError(f"relationship {r.type}: no node type or group {end!r}")


_check()


# --- hops --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One relationship of a hop and the node it reaches; ``where`` holds relationship
    properties that must equal fixed values (``role = 'lead'``)."""

    rel: RelType
    direction: Direction
    target: Label
    where: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class HopOrder:
    """One key of a hop's natural order: a property of the target node (or, with ``rel``,
    of the relationship reaching it), its ``size``, descending or not."""

    prop: str
    rel: bool = False
    size: bool = False
    descending: bool = False


def _out(rel: RelType, target: Label, **where: str) -> Step:
    return Step(rel, Direction.OUT, target, tuple(where.items()))


def _in(rel: RelType, target: Label, **where: str) -> Step:
    return Step(rel, Direction.IN, target, tuple(where.items()))


def _by(*props: str) -> tuple[HopOrder, ...]:
    return tuple(HopOrder(p) for p in props)


@dataclass(frozen=True)
class Hop:
    """A named way from a ``source`` node to related ones over ``steps``; ``order`` is the
    targets' natural order. With ``with_rel`` the last relationship travels with each
    target (its properties are selectable, and each relationship counts once)."""

    source: Label
    steps: tuple[Step, ...]
    order: tuple[HopOrder, ...] = _by("key")
    with_rel: bool = False
    name: str = field(default="", compare=False)

    @property
    def target(self) -> Label:
        return self.steps[-1].target

    def __set_name__(self, owner: type, name: str) -> None:
        object.__setattr__(self, "name", name)


@dataclass(frozen=True)
class UnionHop:
    """A compound hop, rendered specially: the targets of each of ``branches``, each once."""

    source: Label
    branches: tuple[Hop, ...]
    order: tuple[HopOrder, ...] = _by("key")
    name: str = field(default="", compare=False)
    with_rel = False

    @property
    def target(self) -> Label:
        return self.branches[0].target

    def __set_name__(self, owner: type, name: str) -> None:
        object.__setattr__(self, "name", name)


_ITEM_ORDER = _by("document", "line_start", "key")
_UNIT_ORDER = (HopOrder("order", rel=True), HopOrder("key"))
L, R = Label, RelType


class Hops:
    """Every hop, by name: ``Hops.DEPARTMENT_LEADS``."""

    DOCUMENT_ITEMS = Hop(L.DOCUMENT, (_out(R.CONTAINS, L.ITEM),), _ITEM_ORDER)
    DOCUMENT_INDICATORS = Hop(L.DOCUMENT, (_out(R.CONTAINS, L.INDICATOR),), _by("line_start", "key"))
    DOCUMENT_AREAS = Hop(L.DOCUMENT, (_out(R.LISTS, L.AREA),),
                         (HopOrder("kind", descending=True), HopOrder("order")), with_rel=True)
    DOCUMENT_JURISDICTION = Hop(L.DOCUMENT, (_out(R.ABOUT, L.JURISDICTION),), _by("name"))
    JURISDICTION_DOCUMENTS = Hop(L.JURISDICTION, (_in(R.ABOUT, L.DOCUMENT),), _by("year", "id"))
    JURISDICTION_DEPARTMENTS = Hop(L.JURISDICTION, (_in(R.PART_OF, L.DEPARTMENT),), _by("name"))
    JURISDICTION_PLACES = Hop(L.JURISDICTION, (_in(R.IN, L.PLACE),), _by("name"))
    AREA_ITEMS = Hop(L.AREA, (_in(R.IN_AREA, L.ITEM),), _ITEM_ORDER)
    AREA_INDICATORS = Hop(L.AREA, (_in(R.IN_AREA, L.INDICATOR),), _by("document", "line_start", "key"))
    ITEM_DOCUMENT = Hop(L.ITEM, (_in(R.CONTAINS, L.DOCUMENT),), _by("id"))
    ITEM_AREA = Hop(L.ITEM, (_out(R.IN_AREA, L.AREA),))
    ITEM_RESPONSIBLE = Hop(L.ITEM, (_in(R.RESPONSIBLE_FOR, L.DEPARTMENT),), _UNIT_ORDER, with_rel=True)
    ITEM_LEAD_DEPARTMENT = Hop(L.ITEM, (_in(R.RESPONSIBLE_FOR, L.DEPARTMENT, role="lead"),), _UNIT_ORDER,
                               with_rel=True)
    ITEM_SUPPORTED_BY = Hop(L.ITEM, (_in(R.RESPONSIBLE_FOR, L.DEPARTMENT, role="support"),), _UNIT_ORDER,
                            with_rel=True)
    ITEM_CITATIONS = Hop(L.ITEM, (_out(R.CITES, L.POLICY),),
                         (HopOrder("line_start", rel=True), HopOrder("cell", rel=True), HopOrder("key")),
                         with_rel=True)
    ITEM_INDICATORS = Hop(L.ITEM, (_out(R.TARGETS, L.INDICATOR),),
                          (HopOrder("line_start"), HopOrder("key", size=True), HopOrder("key")))
    ITEM_MILESTONES = Hop(L.ITEM, (_out(R.HAS_MILESTONE, L.MILESTONE),), _by("order", "key"))
    ITEM_MENTIONS = Hop(L.ITEM, (_out(R.MENTIONS, L.PLACE),), _by("name"), with_rel=True)
    ITEM_LEADERS = Hop(L.ITEM, (_in(R.OVERSEES, L.LEADER),), _UNIT_ORDER, with_rel=True)
    LEADER_ITEMS = Hop(L.LEADER, (_out(R.OVERSEES, L.ITEM),), _ITEM_ORDER, with_rel=True)
    DEPARTMENT_RESPONSIBILITIES = Hop(L.DEPARTMENT, (_out(R.RESPONSIBLE_FOR, L.ITEM),), _ITEM_ORDER, with_rel=True)
    DEPARTMENT_LEADS = Hop(L.DEPARTMENT, (_out(R.RESPONSIBLE_FOR, L.ITEM, role="lead"),), _ITEM_ORDER, with_rel=True)
    DEPARTMENT_SUPPORTS = Hop(L.DEPARTMENT, (_out(R.RESPONSIBLE_FOR, L.ITEM, role="support"),), _ITEM_ORDER,
                              with_rel=True)
    DEPARTMENT_JURISDICTION = Hop(L.DEPARTMENT, (_out(R.PART_OF, L.JURISDICTION),), _by("name"))
    DEPARTMENT_GOVERNS = Hop(L.DEPARTMENT, (_out(R.GOVERNS, L.PLACE),), _by("name"))
    POLICY_CITED_BY = Hop(L.POLICY, (_in(R.CITES, L.ITEM),),
                          _ITEM_ORDER + (HopOrder("line_start", rel=True), HopOrder("cell", rel=True)),
                          with_rel=True)
    INDICATOR_OWNER = Hop(L.INDICATOR, (_in(R.TARGETS, L.ITEM),))
    INDICATOR_AREA = Hop(L.INDICATOR, (_out(R.IN_AREA, L.AREA),))
    INDICATOR_DOCUMENT = Hop(L.INDICATOR, (_in(R.CONTAINS, L.DOCUMENT),), _by("id"))
    MILESTONE_ITEM = Hop(L.MILESTONE, (_in(R.HAS_MILESTONE, L.ITEM),))
    PLACE_MENTIONED_BY = Hop(L.PLACE, (_in(R.MENTIONS, L.ITEM),), _ITEM_ORDER, with_rel=True)
    PLACE_GOVERNED_BY = Hop(L.PLACE, (_in(R.GOVERNS, L.DEPARTMENT),), _by("name"))
    PLACE_JURISDICTION = Hop(L.PLACE, (_out(R.IN, L.JURISDICTION),), _by("name"))
    # items led by the unit that governs the place (溪口镇 leading a task): two steps
    PLACE_LED_ITEMS = Hop(L.PLACE, (_in(R.GOVERNS, L.DEPARTMENT), _out(R.RESPONSIBLE_FOR, L.ITEM, role="lead")),
                          _ITEM_ORDER)
    # compound: items that mention the place or are led by its unit, each once
    PLACE_ITEMS = UnionHop(L.PLACE, (Hop(L.PLACE, (_in(R.MENTIONS, L.ITEM),)), PLACE_LED_ITEMS), _ITEM_ORDER)


del L, R

#: Every hop of :class:`Hops`, in the order written.
HOPS: tuple[Hop | UnionHop, ...] = tuple(v for v in vars(Hops).values() if isinstance(v, (Hop, UnionHop)))
