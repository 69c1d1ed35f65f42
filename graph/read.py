"""Typed reads of the graph: pages of nodes with nested relations, departments by any alias,
search, neighbourhoods, paths, node lookup and counts.

A caller describes what it wants as a :class:`Select` tree (properties, computed values and
relations, each relation with its own filter, order and page; the types live in
``graph/select.py`` and are re-exported here); every read compiles that tree
into ONE parameterised statement (``graph.cypher.Compiler``) that starts from an indexed
anchor and gathers nested relations with ``COLLECT``/``COUNT`` subqueries, so a whole
GraphQL selection costs one round trip however many rows it returns.

Each read function returns a :class:`Read`: the statement, its parameters and how to turn its
records into the result. ``read.run(conn)`` runs it on a :class:`~graph.driver.Database`,
``await read.run_async(conn)`` on an :class:`~graph.driver.AsyncDatabase`; both use READ
transactions under the connection's timeout, and log the statement with its parameters at
DEBUG on the ``graph.read`` logger (long values cut, see :func:`graph.driver.log_statement`).

Nodes come back as dicts of their selected properties plus ``__labels`` and ``__key``;
relations under their output name (``<name>__total`` for counts), relationship properties of
the hop that reached a node under ``__rel``.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

from loaders.aliases import normalize_name
from loaders.extract.policies import normalize_title

from . import cypher
from .cypher import NODE_TYPES, Compiler
from .driver import AsyncDatabase, Database, Results, log_statement
from .errors import ReadError, UnknownDepartment
from .registry import Hop, Label, RelType, UnionHop
from .select import CoSelect, RelSelect, Select

__all__ = [
    "CoResponsible",
    "Relationship",
    "Page",
    "Path",
    "Read",
    "ReadError",
    "RelSelect",
    "SearchHit",
    "Select",
    "Subgraph",
    "counts",
    "department",
    "co_responsible",
    "relationships_among",
    "relationships_of",
    "RelationshipPage",
    "CoSelect",
    "format_id",
    "neighbourhood",
    "node_type",
    "nodes",
    "page",
    "parse_id",
    "paths",
    "policy_title",
    "search",
    "excerpt",
    "relationship_id",
    "data_id",
    "labelled_id",
    "LexiconEntry",
    "LexiconPlaces",
    "lexicon_places",
    "lexicon",
    "lexicon_version",
    "lucene_text",
    "ItemRef",
    "item_ref",
    "item_refs_in",
    "find_item_refs",
    "bare_item_number",
    "ambiguous_number",
    "UnknownDepartment",
    "DepartmentName",
    "departments_named",
]

log = logging.getLogger(__name__)

T = TypeVar("T")
NodeData = dict[str, Any]


#: Filter values normalised the way the loader normalised what they are compared with.
PREPARE = {
    (Label.POLICY, "title"): normalize_title,
    (Label.POLICY, "title_contains"): normalize_title,
}


# --- results ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """One page of nodes, in order; ``total`` only when it was asked for."""

    nodes: list[NodeData]
    offset: int
    limit: int
    has_next: bool
    total: int | None = None


@dataclass(frozen=True)
class SearchHit:
    node: NodeData
    score: float
    text: str | None  # the text that matched: source text, else the indexed field
    by_number: bool = False  # the text names this item by the plan's numbering (任务25)


@dataclass(frozen=True)
class Relationship:
    id: str
    type: str
    start: str  # global node ids, see format_id
    end: str
    properties: dict[str, Any]


@dataclass(frozen=True)
class Subgraph:
    nodes: list[NodeData]
    edges: list[Relationship]
    truncated: bool  # more nodes were in reach than the limit let through
    reach: int  # nodes in reach besides the start, before the limit


@dataclass(frozen=True)
class Path:
    nodes: list[NodeData]
    edges: list[Relationship]

    @property
    def length(self) -> int:
        return len(self.edges)


@dataclass(frozen=True)
class CoResponsible:
    department: NodeData
    count: int
    items: list[NodeData]


@dataclass(frozen=True)
class Read(Generic[T]):
    """A compiled read: statement, parameters and the conversion of its records.

    ``departments`` maps parameters to the department names whose keys they are to hold
    (a filter naming a unit, ``items(where: {unit: "区卫生健康局"})``): before the statement
    runs they are resolved by :func:`departments_named`, the lookup of ``department(name:)``,
    and a name no department has is an :class:`UnknownDepartment` error, not an empty answer.

    ``convert`` may answer with another :class:`Read` instead of the result: that read is run
    next, on the same connection, and its result is the answer (search asks again with a
    larger bound when the first did not settle the page: :func:`search`)."""

    query: str
    parameters: dict[str, Any]
    convert: Callable[[Results], T | Read[T]]
    departments: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def run(self, conn: Database) -> T:
        parameters = self.parameters
        if self.departments:
            parameters = self._with_keys(departments_named(self._names()).run(conn))
        log_statement(log, self.query, parameters)
        result = self.convert(conn.read(self.query, parameters))
        return result.run(conn) if isinstance(result, Read) else result

    async def run_async(self, conn: AsyncDatabase) -> T:
        parameters = self.parameters
        if self.departments:
            parameters = self._with_keys(await departments_named(self._names()).run_async(conn))
        log_statement(log, self.query, parameters)
        result = self.convert(await conn.read(self.query, parameters))
        return await result.run_async(conn) if isinstance(result, Read) else result

    def _names(self) -> list[str]:
        return list(dict.fromkeys(n for names in self.departments.values() for n in names))

    def _with_keys(self, named: Mapping[str, list[NodeData]]) -> dict[str, Any]:
        keys = {name: [d["key"] for d in found] for name, found in named.items()}
        return self.parameters | {
            p: sorted({k for n in names for k in keys[n]}) for p, names in self.departments.items()}


# --- node identity ---------------------------------------------------------------------

_TYPE_NAMES = {label.value: label for label in NODE_TYPES}
#: ``Task:`` for Label.TASK: an enum's ``.value`` is a property, slow in a loop over every node.
_ID_PREFIX = {label: f"{label.value}:" for label in NODE_TYPES}
#: node_type's answers by the labels as a node carries them (a few dozen combinations).
_TYPE_OF_LABELS: dict[tuple[str, ...], Label | None] = {}


def node_type(labels: Iterable[str]) -> Label | None:
    """The most specific known label of a node (``Task`` for ``:Item:Task``)."""
    given = tuple(labels)
    try:
        return _TYPE_OF_LABELS[given]
    except KeyError:
        pass
    present = set(given)
    found = next((label for label in NODE_TYPES if label.value in present), None)
    if len(_TYPE_OF_LABELS) < 1024:  # labels come from the schema; a bound all the same
        _TYPE_OF_LABELS[given] = found
    return found


def format_id(label: Label, key: str) -> str:
    """A node's global id: ``Task:<key>``, stable across reloads of the same document."""
    prefix = _ID_PREFIX.get(label)
    return prefix + key if prefix is not None and type(key) is str else f"{label.value}:{key}"


def parse_id(node_id: str) -> tuple[Label, str]:
    """The label and key of a global id; :class:`ReadError` names the expected shape."""
    kind, sep, key = node_id.partition(":")
    label = _TYPE_NAMES.get(kind)
    if not sep or label is None or not key:
        types = ", ".join(_TYPE_NAMES)
        raise ReadError(f"{node_id!r} is not a node id; ids look like Task:<key>, with one of {types}")
    return label, key


def data_id(data: Mapping[str, Any]) -> str:
    """A node dict's global id (see :func:`format_id`)."""
    return labelled_id(data.get("__labels", ()), data.get("__key"))


def labelled_id(labels: Iterable[str], key: Any) -> str:
    """The global id of a node with these labels and key; the bare key when no label is a node type."""
    label = node_type(labels)
    return format_id(label, key) if label else str(key)


# --- the plan's own numbering: 任务25, 附件三第14项, 工作举措1.6 -----------------------------


@dataclass(frozen=True)
class ItemRef:
    """An item named the way the plan numbers it: its kind (``Task``, ``Reform``, ``Measure``)
    and its number as its key ends (``25``; ``1.6``: area 1, measure 6)."""

    label: Label
    number: str

    @property
    def key_suffixes(self) -> tuple[str, ...]:
        """How the keys of the items it may name end: ``/task/25``; a numbered-items plan's
        rows (``/item/25``) are its tasks too."""
        if self.label is Label.TASK:
            return (f"/task/{self.number}", f"/item/{self.number}")
        return (f"/{self.label.value.lower()}/{self.number}",)

    def matches(self, key: str) -> bool:
        return any(key.endswith(suffix) for suffix in self.key_suffixes)


#: The words naming each kind of item, longest first (重点工作 before 工作).
_REF_KINDS: tuple[tuple[str, Label], ...] = (
    ("重点工作", Label.TASK), ("重点任务", Label.TASK), ("附件二", Label.TASK), ("附件2", Label.TASK),
    ("任务", Label.TASK), ("task", Label.TASK),
    ("重大改革", Label.REFORM), ("附件三", Label.REFORM), ("附件3", Label.REFORM), ("改革", Label.REFORM),
    ("reform", Label.REFORM),
    ("工作举措", Label.MEASURE), ("举措", Label.MEASURE), ("措施", Label.MEASURE), ("measure", Label.MEASURE),
)
_REF_KIND_OF = {word: label for word, label in _REF_KINDS}
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}
_NUMBER = r"(?P<n>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百]+)"
_KIND = "(?P<k>" + "|".join(re.escape(w) for w, _ in _REF_KINDS) + ")"
#: 重点工作第25项, 任务25, 附件二第25项, 改革14, 举措1.6 (the kind first) ...
_REF_KIND_FIRST = _KIND + r"\s*(?:第\s*)?" + _NUMBER + r"\s*(?:项|号)?"
#: ... and 第25项重点工作, 25号任务 (the number first)
_REF_NUMBER_FIRST = r"第?\s*" + _NUMBER + r"\s*(?:项|号)\s*" + _KIND
_REF_WHOLE = re.compile(rf"(?:{_REF_KIND_FIRST}|{_REF_NUMBER_FIRST.replace('?P<n>', '?P<n2>').replace('?P<k>', '?P<k2>')}"
                        r"|(?P<n3>\d+\.\d+))", re.IGNORECASE)
#: Inside a sentence: the kind word is needed, and no digit, unit or decimal may follow the number
#: (任务3个, 改革1.5万元 are not references).
_REF_IN_TEXT = re.compile(rf"{_REF_KIND_FIRST}(?![\d.万亿个家人条元%])", re.IGNORECASE)


def _chinese_number(text: str) -> int | None:
    """二十五 -> 25, 十四 -> 14, 一百零三 -> 103; None when it is not a number."""
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = current * 10 + _CN_DIGITS[ch] if current and text[0] not in "十百" else _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def _ref(kind_word: str, number: str) -> ItemRef | None:
    label = _REF_KIND_OF[kind_word.lower()]
    if not number[0].isdigit():
        value = _chinese_number(number)
        if not value:
            return None
        number = str(value)
    if label is Label.MEASURE:
        # a measure is numbered within its area: 1.6, never a bare 6
        return ItemRef(label, number) if re.fullmatch(r"\d+\.\d+", number) else None
    if not number.isdigit() or int(number) == 0:
        return None
    return ItemRef(label, str(int(number)))


def _ref_text(text: str) -> str:
    # full-width digits and letters (２５, ．) read as ASCII, character for character so that
    # positions in the text stay where they were; the plans write both
    out = []
    for ch in text:
        normal = unicodedata.normalize("NFKC", ch)
        out.append(normal if len(normal) == 1 else ch)
    return "".join(out)


def item_ref(text: str) -> ItemRef | None:
    """The item a reference written the plan's way names, when ``text`` is one and nothing
    else: ``任务25``, ``重点工作第25项``, ``重点工作 25``, ``附件二第25项``, ``第二十五项重点工作`` (task 25);
    ``改革14``, ``重大改革第14项``, ``附件三第14项`` (reform 14); ``举措1.6``, ``工作举措1.6``, ``1.6``
    (measure 6 of area 1). None for anything else (``25`` alone could be either annex)."""
    m = _REF_WHOLE.fullmatch(_ref_text(text).strip())
    if m is None:
        return None
    if m.group("n3"):
        return ItemRef(Label.MEASURE, m.group("n3"))
    if m.group("k"):
        return _ref(m.group("k"), m.group("n"))
    return _ref(m.group("k2"), m.group("n2"))


def find_item_refs(text: str) -> list[tuple[ItemRef, int, int]]:
    """The references to items inside a sentence (``重点工作第25项是什么?``), each with where it
    stands in the text (start, end); a bare number is not one here (1.6万元)."""
    text = _ref_text(text)
    out = []
    for m in _REF_IN_TEXT.finditer(text):
        ref = _ref(m.group("k"), m.group("n"))
        if ref is not None:
            out.append((ref, m.start(), m.end()))
    return out


def item_refs_in(text: str) -> list[ItemRef]:
    """The items a search text names by the plan's numbering: the whole text when it is one
    reference (``任务25``, ``1.6``), else each reference inside it (``重点工作第25项的牵头单位``),
    in order, each once."""
    whole = item_ref(text)
    if whole is not None:
        return [whole]
    return list(dict.fromkeys(ref for ref, _, _ in find_item_refs(text)))


_BARE_NUMBER = re.compile(r"第?\s*(?P<n>\d+|[零〇一二两三四五六七八九十百]+)\s*(?:项|号)?")


def bare_item_number(text: str) -> str | None:
    """The number of a text that is a number and nothing else (``25``, ``第25项``, ``第二十五项``),
    which the plan writes in both annexes (重点工作第25项, 重大改革第25项): None otherwise."""
    m = _BARE_NUMBER.fullmatch(_ref_text(text).strip())
    if m is None:
        return None
    number = m.group("n")
    value = int(number) if number.isdigit() else _chinese_number(number)
    return str(value) if value else None


def ambiguous_number(text: str) -> str | None:
    """What to say of a bare number (see :func:`bare_item_number`), the way the id lookup
    says it: which items it may be and how to write one of them. None for any other text."""
    number = bare_item_number(text)
    if number is None:
        return None
    return (f"{text.strip()!r} alone names no item: both annexes number their rows so; write 任务{number} "
            f"(重点工作第{number}项) or 改革{number} (重大改革第{number}项)")


# --- reads -----------------------------------------------------------------------------


def page(
    label: Label,
    select: Select,
    *,
    where: Mapping[str, Any] | None = None,
    order: Sequence[tuple[str, bool]] = (),
    offset: int = 0,
    limit: int = 20,
    total: bool = False,
    natural: str | None = None,
    anchor: tuple[Label, Mapping[str, Any], Hop | UnionHop] | None = None,
) -> Read[Page]:
    """One page of ``label`` nodes matching ``where``, sorted by ``order`` (then by key);
    ``anchor`` (label, filter, hop) reaches them from other nodes instead of scanning."""
    c = Compiler(PREPARE)
    query = cypher.page_statement(c, label, select, where, order, offset, limit, total, natural, anchor)

    def convert(results: Results) -> Page:
        row = results.first() or {}
        found = row.get("page") or []
        return Page(found[:limit], offset, limit, len(found) > limit, row.get("total") if total else None)

    return Read(query, c.params, convert, c.departments)


def department(name: str, select: Select, jurisdiction: str | None = None) -> Read[list[NodeData]]:
    """Departments called ``name`` by their canonical name or any alias (区发改局, 发改局,
    宁波市奉化区发展和改革局), optionally in one jurisdiction; several jurisdictions may
    each have one."""
    c = Compiler(PREPARE)
    query = cypher.department_statement(c, normalize_name(name), jurisdiction, select)
    return Read(query, c.params, lambda results: [r["node"] for r in results], c.departments)


@dataclass(frozen=True)
class DepartmentName:
    """A department a name resolved to."""

    key: str
    name: str  # canonical
    jurisdiction: str | None


def departments_named(names: Sequence[str], jurisdiction: str | None = None) -> Read[dict[str, list[NodeData]]]:
    """The departments each of ``names`` names, by canonical name or any alias, in one
    statement (the lookup of :func:`department`): ``{name as given: [{key, name,
    jurisdiction}, ...]}``. A name that names none raises :class:`UnknownDepartment` with the
    nearest names there are (``区宇宙局`` -> did you mean ...?); an empty one, :class:`ReadError`."""
    normal = {}
    for name in names:
        written = normalize_name(name)
        if not written:
            raise ReadError("a department name is empty; give one, e.g. 区发改局")
        normal[name] = written
    c = Compiler(PREPARE)
    query = cypher.departments_named_statement(c, sorted(set(normal.values())), jurisdiction)

    def convert(results: Results) -> dict[str, list[NodeData]]:
        row = results.first() or {}
        found = {r["name"]: list(r["found"]) for r in row.get("rows") or []}
        for name, written in normal.items():
            if not found.get(written):
                raise UnknownDepartment(name, nearest_names(written, row.get("known") or []))
        return {name: found[written] for name, written in normal.items()}

    return Read(query, c.params, convert)


def nearest_names(name: str, known: Iterable[Mapping[str, str]], n: int = 3) -> tuple[str, ...]:
    """The canonical names of the departments whose name or an alias is nearest ``name``
    (characters in common, in order), best first; none below a third alike."""
    best: dict[str, float] = {}
    for entry in known:
        score = difflib.SequenceMatcher(None, name, entry["term"]).ratio()
        if score >= 1 / 3 and score > best.get(entry["name"], 0.0):
            best[entry["name"]] = score
    return tuple(sorted(best, key=lambda k: (-best[k], k))[:n])


def policy_title(title: str) -> str:
    """The normalised form policy titles are matched on (brackets, widths, dashes)."""
    return normalize_title(title)


def nodes(ids: Sequence[str], select: Select) -> Read[list[NodeData | None]]:
    """The nodes with these ids, in the same order (None where nothing has the id). An id is
    a global id (``Task:<key>``) or an item as the plan numbers it (``任务25``, ``附件三第14项``,
    ``1.6``; :func:`item_ref`), which must name one item of the loaded plans."""
    parsed: list[tuple[Label, str] | ItemRef] = []
    for node_id in ids:
        ref = None if ":" in node_id else item_ref(node_id)
        parsed.append(ref if ref is not None else _parse_id_or_ref(node_id))
    keys_by_label: dict[Label, list[str]] = {}
    suffixes_by_label: dict[Label, list[str]] = {}
    for entry in parsed:
        if isinstance(entry, ItemRef):
            suffixes_by_label.setdefault(entry.label, []).extend(entry.key_suffixes)
        else:
            keys_by_label.setdefault(entry[0], []).append(entry[1])
    c = Compiler(PREPARE)
    query = cypher.nodes_statement(c, keys_by_label, select, suffixes_by_label)

    def convert(results: Results) -> list[NodeData | None]:
        found = {(node_type(r["node"]["__labels"]), r["node"]["__key"]): r["node"] for r in results}
        out: list[NodeData | None] = []
        for node_id, entry in zip(ids, parsed, strict=True):
            if not isinstance(entry, ItemRef):
                out.append(found.get(entry))
                continue
            named = sorted((key for label, key in found if label is entry.label and entry.matches(key)))
            if len(named) > 1:
                raise ReadError(f"{node_id!r} names {len(named)} items, one in each of several plans: "
                                + ", ".join(format_id(entry.label, key) for key in named[:5])
                                + "; give one of these ids")
            out.append(found[(entry.label, named[0])] if named else None)
        return out

    return Read(query, c.params, convert, c.departments)


def _parse_id_or_ref(node_id: str) -> tuple[Label, str]:
    try:
        return parse_id(node_id)
    except ReadError as error:
        raise ReadError(f"{error}, or an item as the plan numbers it: 任务25, 附件三第14项, 举措1.6") from None


def search(
    text: str,
    select: Select,
    *,
    labels: Sequence[Label] = (),
    min_score: float = 0.0,
    offset: int = 0,
    limit: int = 20,
    total: bool = False,
    text_wanted: bool = True,
    numbered: bool = True,
) -> Read[tuple[list[SearchHit], bool, int | None]]:
    """Full-text search (``cjk`` analyzer) over every node type, best first: the hits of
    this page, whether more follow, and the number of hits when ``total``. Hits carry the
    text they matched unless ``text_wanted`` is false.

    When ``numbered``, the items the text names by the plan's numbering (``重点工作第25项``,
    ``改革14``, ``1.6``; :func:`item_refs_in`) come first, ``by_number``, in every plan that
    has them (of ``labels`` only, when given); a bare ``25`` names none (:func:`ambiguous_number`).

    Lucene is asked for its best hits only (a bound a little past the page), and again for
    more while those do not settle the page exactly (ties in score at the page's end, filters
    that left too few: :func:`graph.cypher.search_statement`), so the page is the one every
    hit gives, at the cost of the hits it needs rather than of every hit. ``total`` still
    counts every hit, once, in the first statement."""
    lucene = lucene_text(text)
    if not lucene:
        raise ReadError("search text is empty; give a word or phrase, e.g. 养老")
    suffixes: dict[Label, list[str]] = {}
    for ref in item_refs_in(text) if numbered else []:
        if not labels or ref.label in labels:
            suffixes.setdefault(ref.label, []).extend(ref.key_suffixes)
    wanted = offset + limit + 1  # the page and one more, for has_next

    def bounded(bound: int | None, counted: int | None) -> Read[tuple[list[SearchHit], bool, int | None]]:
        c = Compiler(PREPARE)
        query = cypher.search_statement(
            c, lucene, [label.value for label in labels], float(min_score), offset, limit, total and counted is None,
            select, text=text_wanted, numbered=suffixes, bound=bound,
        )

        def convert(results: Results) -> tuple[list[SearchHit], bool, int | None] | Read[
                tuple[list[SearchHit], bool, int | None]]:
            row = results.first() or {}
            found = (row.get("total") or 0) if counted is None else counted
            if bound is not None and not row.get("exact"):
                return bounded(_wider(bound, wanted, row.get("kept") or 0), found)
            hits = [SearchHit(h["node"], h["score"], h.get("text"), bool(h.get("by_number")))
                    for h in row.get("hits") or []]
            return hits[:limit], len(hits) > limit, found if total else None

        return Read(query, c.params, convert, c.departments)

    return bounded(_first_bound(wanted), None)


#: Lucene is asked at first for this many times the hits the page needs (the page and one
#: more; at least 20 more), so that the lowest score it returns is likely below the page's
#: last: ties with that score are in key order only when every hit of it came back ...
SEARCH_MARGIN = 2.0
#: ... and asked again for more when that was not so; past this bound, for every hit (Lucene
#: sizes its queue of best hits by the bound, not by the hits there are).
SEARCH_BOUND_MAX = 1 << 20


def _first_bound(wanted: int) -> int:
    return max(int(wanted * SEARCH_MARGIN), wanted + 20)


def _wider(bound: int, wanted: int, kept: int) -> int | None:
    """The next bound after ``bound`` hits of which ``kept`` passed the filters did not settle
    a page of ``wanted``: twice as many (ties at the page's end), or as many as the share the
    filters let through suggests, up to 16 times (None: every hit, past SEARCH_BOUND_MAX)."""
    grow = 2.0 if kept >= wanted else min(16.0, max(2.0, 1.5 * wanted / max(kept, 1)))
    wider = int(bound * grow)
    return None if wider > SEARCH_BOUND_MAX else wider


_WORDS = re.compile(r"\w+")

#: The words Lucene's query syntax reads as operators when written in capitals.
_OPERATOR_WORDS = re.compile(r"(?<![\w\\])(AND|OR|NOT|TO)(?!\w)")


def lucene_text(text: str) -> str:
    """User text as literal terms of a full-text query: every character of Lucene's syntax
    escaped and its operator words (``AND``, ``OR``, ``NOT``, ``TO``) made plain words, so that
    no text can be a query of its own or fail to parse. Empty when nothing is left to search."""
    escaped = cypher.escape_lucene(" ".join(text.split()))
    return _OPERATOR_WORDS.sub(lambda m: "\\" + m.group(1), escaped)



def excerpt(text: str | None, query: str, length: int = 80) -> str | None:
    """At most ``length`` characters of ``text`` around the first place ``query`` matches,
    with … where it was cut. The full-text index matches pairs of Chinese characters, so
    when the query's words are not in the text as written, the first pair of them that is
    (else a single character) marks the place; with nothing found, the text's start."""
    if text is None or len(text) <= length:
        return text
    at, size = _first_match(text.lower(), query.lower())
    start = max(0, min(at - (length - size) // 2, len(text) - length))
    end = start + length
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _first_match(text: str, query: str) -> tuple[int, int]:
    words = sorted(_WORDS.findall(query), key=len, reverse=True)
    for size in (None, 2, 1):
        found = [
            (text.find(part), len(part))
            for word in words
            for part in ([word] if size is None else [word[i:i + size] for i in range(len(word) - size + 1)])
            if part and part in text
        ]
        if found:
            return min(found)
    return 0, 0


def relationship_id(type_: str, start: str, end: str, properties: Mapping[str, Any]) -> str:
    """A relationship's id: its type and a digest of its ends and properties, so the same
    after its document is reloaded (Neo4j's element ids are not)."""
    text = json.dumps([type_, start, end, properties], sort_keys=True, ensure_ascii=False, default=str)
    return f"{type_}:{hashlib.sha1(text.encode()).hexdigest()[:16]}"


def _edge(record: Mapping[str, Any]) -> Relationship:
    start = labelled_id(record["start_labels"], record["start_key"])
    end = labelled_id(record["end_labels"], record["end_key"])
    return Relationship(relationship_id(record["type"], start, end, record["props"]), record["type"], start, end,
                record["props"])


def _numbered(edges: Iterable[Relationship]) -> list[Relationship]:
    """``edges`` with the copies of a fact written more than once (a policy cited twice in
    one cell) told apart: ``~2``, ``~3`` after the id, in order."""
    seen: Counter[str] = Counter()
    out = []
    for edge in edges:
        seen[edge.id] += 1
        out.append(edge if seen[edge.id] == 1 else replace(edge, id=f"{edge.id}~{seen[edge.id]}"))
    return out


def neighbourhood(
    node_id: str,
    select: Select,
    *,
    depth: int = 1,
    rel_types: Sequence[RelType] = (),
    labels: Sequence[Label] = (),
    limit: int = 100,
    edges: bool = True,
) -> Read[Subgraph | None]:
    """The nodes within ``depth`` hops of a node (nearest first, at most ``limit`` besides
    it) and, when ``edges``, the relationships among them; ``rel_types`` and ``labels``
    restrict the walk. None when no node has the id."""
    label, key = parse_id(node_id)
    if depth < 1:
        raise ReadError(f"depth must be at least 1, not {depth}")
    c = Compiler(PREPARE)
    query = cypher.neighbourhood_statement(c, label, key, depth, rel_types, labels, limit, select, edges=edges)

    def convert(results: Results) -> Subgraph | None:
        row = results.first()
        if row is None:
            return None
        edges = _numbered(sorted((_edge(e) for e in row["edges"]), key=lambda e: (e.type, e.start, e.end, e.id)))
        return Subgraph(row["nodes"], edges, row["truncated"], row["reach"])

    return Read(query, c.params, convert, c.departments)


@dataclass(frozen=True)
class RelationshipPage:
    """One page of a node's own relationships, each with the node at its other end, and
    how many it has in all."""

    edges: list[tuple[Relationship, NodeData]]
    offset: int
    total: int

    @property
    def more(self) -> int:
        return max(0, self.total - self.offset - len(self.edges))


def relationships_of(node_id: str, select: Select, *, offset: int = 0, limit: int = 20) -> Read[RelationshipPage | None]:
    """A page of the relationships of one node, in the order :func:`neighbourhood` lists
    them (type, then start and end ids), paged in the statement with an exact ``total``;
    ``select`` is what to return of the node at the other end. None when no node has the id."""
    label, key = parse_id(node_id)
    if offset < 0 or limit < 0:
        raise ReadError(f"offset and limit must be at least 0, not {offset} and {limit}")
    c = Compiler(PREPARE)
    query = cypher.relationships_of_statement(c, label, key, offset, limit, select)

    def convert(results: Results) -> RelationshipPage | None:
        row = results.first()
        if row is None:
            return None
        return RelationshipPage([(_edge(e["edge"]), e["node"]) for e in row["page"]], offset, row["total"])

    return Read(query, c.params, convert, c.departments)


def paths(
    source: str,
    target: str,
    select: Select,
    *,
    max_length: int = 4,
    rel_types: Sequence[RelType] = (),
    limit: int = 10,
) -> Read[list[Path]]:
    """The shortest paths (every one of the shortest length, up to ``limit``) between two
    nodes, at most ``max_length`` hops; ``rel_types`` restricts the relationships used."""
    ends = parse_id(source), parse_id(target)
    if max_length < 1:
        raise ReadError(f"maxLength must be at least 1, not {max_length}")
    c = Compiler(PREPARE)
    query = cypher.paths_statement(c, ends[0], ends[1], max_length, rel_types, limit, select)

    def convert(results: Results) -> list[Path]:
        # a shortest path never runs along two copies of one fact, so no numbering here
        found = [Path(r["nodes"], [_edge(e) for e in r["edges"]]) for r in results]
        return sorted(found, key=lambda p: [data_id(n) for n in p.nodes])

    return Read(query, c.params, convert, c.departments)


def relationships_among(ids: Sequence[str], rel_types: Sequence[RelType] = ()) -> Read[list[Relationship]]:
    """Every relationship whose both ends are among the nodes with these global ids (what a
    view that drew them should show), ``rel_types`` only when given; ids of no node are
    ignored. In the order and with the ids :func:`neighbourhood` gives them."""
    keys_by_label: dict[Label, list[str]] = {}
    for node_id in dict.fromkeys(ids):
        label, key = parse_id(node_id)
        keys_by_label.setdefault(label, []).append(key)
    if not keys_by_label:
        return Read("RETURN null AS edge LIMIT 0", {}, lambda results: [])
    c = Compiler(PREPARE)
    query = cypher.among_statement(c, keys_by_label, rel_types)

    def convert(results: Results) -> list[Relationship]:
        edges = (_edge(r["edge"]) for r in results)
        return _numbered(sorted(edges, key=lambda e: (e.type, e.start, e.end, e.id)))

    return Read(query, c.params, convert)


def co_responsible(department_key: str, co: CoSelect) -> Read[tuple[list[CoResponsible], int | None]]:
    """Departments sharing items with one department (by key), most shared first."""
    c = Compiler(PREPARE)
    query = cypher.co_responsible_statement(c, department_key, co)

    def convert(results: Results) -> tuple[list[CoResponsible], int | None]:
        row = (results.first() or {}).get("row") or {}
        found = [CoResponsible(e["department"], e["count"], e["items"]) for e in row.get("co") or []]
        return found, row.get("co__total")

    return Read(query, c.params, convert, c.departments)


# --- counts ----------------------------------------------------------------------------


def counts(name: str, **parameters: Any) -> Read[list[dict[str, Any]]]:
    """One of the fixed aggregations in ``graph.cypher.AGGREGATIONS``."""
    query = cypher.AGGREGATIONS[name]
    return Read(query, dict(parameters), lambda results: list(results))


# --- the chat feed's lexicon (api/chat/) -----------------------------------------------


@dataclass(frozen=True)
class LexiconEntry:
    """A node a question may name, with every name, title and alias it goes by."""

    id: str
    label: Label
    name: str
    terms: tuple[str, ...]


def lexicon() -> Read[tuple[list[str], list[LexiconEntry]]]:
    """The graph's version (see :func:`lexicon_version`) and the names of its departments
    (with aliases), policies (every title as written), places, areas, items, indicators and
    documents."""

    def convert(results: Results) -> tuple[list[str], list[LexiconEntry]]:
        row = results.first()
        if row is None:  # an empty graph
            return [], []
        entries = [
            LexiconEntry(format_id(Label(e["label"]), e["key"]), Label(e["label"]), e["name"] or "", tuple(e["terms"]))
            for e in row["entries"]
        ]
        return list(row["version"]), entries

    return Read(cypher.LEXICON, {}, convert)


@dataclass(frozen=True)
class LexiconPlaces:
    """Where and when the graph's plans are: each jurisdiction's (name, short name, parent)
    and the documents' years."""

    jurisdictions: tuple[tuple[str, str | None, str | None], ...] = ()
    years: tuple[int, ...] = ()


def lexicon_places() -> Read[LexiconPlaces]:
    """The jurisdictions' names and the documents' years (see :class:`LexiconPlaces`)."""

    def convert(results: Results) -> LexiconPlaces:
        row = results.first()
        if row is None:
            return LexiconPlaces()
        jurisdictions = tuple(sorted(((j["name"], j["short_name"], j["parent"]) for j in row["jurisdictions"]
                                      if j["name"]), key=lambda j: j[0]))
        return LexiconPlaces(jurisdictions, tuple(sorted(int(y) for y in row["years"])))

    return Read(cypher.LEXICON_PLACES, {}, convert)


def lexicon_version() -> Read[list[str]]:
    """What the lexicon depends on: each document's id and model hash, in order."""
    return Read(cypher.LEXICON_VERSION, {}, lambda results: list(results.single_value() or []))
