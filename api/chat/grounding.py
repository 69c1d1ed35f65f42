"""The context of a question: the facts a model needs to answer it, ranked, within a budget.

Three steps, as a reader of the plan would take them:

1. **link**: the question's words that name a department (by any alias), a policy, a place,
   an area, an item, an indicator or the document (``api/chat/lexicon.py``); the words left
   over go to the full-text index, whose best hits join the links with a lower weight;
2. **expand**: ``graph.read.nodes`` fetches the linked nodes with what surrounds them, one
   fixed statement per node type, run together: a department's items with their units, a
   policy's citing items, an item's units, policies, targets, schedule and places, an area's
   items and indicators;
3. **rank**: each fact is scored by how it was reached and by what the question asks
   (``牵头`` favours lead roles, ``政策`` citations, ``多少`` targets, ``6月底前`` the
   milestones of that month, ``改革`` reforms...), plus the share of the question's words it
   contains; the best facts are kept while their sentences fit the budget (characters).

The result is JSON (entities, facts with citations) and the same facts as numbered lines.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field

import graph.read as reads
from graph.cypher import NODE_TYPES, PROVENANCE
from graph.driver import AsyncDatabase
from graph.read import ReadError, RelSelect, Select
from graph.registry import Hops, Label, node_spec
from loaders.extract.policies import PROVINCES

from . import facts as F
from .facts import Fact
from .lexicon import Lexicon, Link

__all__ = [
    "ContextEntity",
    "ContextError",
    "ContextFacts",
    "ContextResult",
    "DEFAULT_BUDGET",
    "Intents",
    "MATCH_QUALITY",
    "MAX_BUDGET",
    "MAX_QUESTION",
    "MIN_BUDGET",
    "RankedFact",
    "build_context",
    "hit_quality",
    "intents",
    "match_quality",
]

DEFAULT_BUDGET = 2000  # characters of the numbered lines
MIN_BUDGET = 200
MAX_BUDGET = 20000
MAX_QUESTION = 500  # characters
SEARCH_HITS = 8


class ContextError(ReadError):
    """A question or budget the context builder refuses (empty, too long, out of range)."""


# --- what the question asks ------------------------------------------------------------

_KINDS = {"重点工作": Label.TASK, "改革": Label.REFORM, "举措": Label.MEASURE}
#: The levels of government a question may ask a policy's level by; the jurisdictions' parents
#: (宁波市 -> 市) come from the graph (:attr:`Lexicon.levels`).
_LEVELS = {"国家": "国家", "全国": "国家", "省级": "省", "省里": "省", "市级": "市", "区级": "区"} | {
    province: "省" for province in PROVINCES}
_WORDS = {
    "lead": ("牵头", "主抓", "主责"),
    "support": ("配合", "协同", "协助", "参与"),
    "who": ("谁", "哪些单位", "哪个单位", "哪些部门", "哪个部门", "一起", "共同", "合作"),
    "policy": ("政策", "文件", "依据", "引用", "条例", "规定", "办法", "意见", "规划", "方案"),
    "indicator": ("指标", "目标", "多少", "达到", "比例", "率", "新增"),
    "schedule": ("进度", "安排", "什么时候", "何时", "时间", "季度", "年底", "底前", "月", "节点", "投入使用"),
    "place": ("涉及", "地方", "村", "社区", "镇", "街道"),
    "document": ("印发", "发布", "发文", "文号", "索引号", "这份"),
    "evaluation": ("评价", "考核", "评估"),
    "work": ("怎么做", "措施", "举措", "工作体系"),
}
_CN_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
               "十一": 11, "十二": 12}
_MONTH = r"(\d{1,2}|十[一二]?|[一二三四五六七八九])"

#: Words that carry no content of their own for full-text search; the graph's jurisdictions
#: and years are such words as well (:attr:`Lexicon.places`).
_STOPWORDS = {
    "哪些", "什么", "是", "的", "了", "有", "要", "和", "与", "及", "由", "在", "哪个", "如何", "怎么", "是否", "吗",
    "呢", "把", "将", "对", "等", "为", "被", "其", "这", "那", "个", "项", "一", "都", "还", "又", "也", "并",
    "负责", "承担", "相关", "工作", "事项", "单位", "部门", "任务", "包括", "情况", "内容", "具体", "主要",
    "年", "区", "层面", "完成", "需要", "应该", "能",
    "重点", "改革", "重大", "举措", "控制", "时候", "一些", "多少", "哪里", "哪儿",
}


@dataclass(frozen=True)
class Intents:
    """What a question asks about, read from its words."""

    flags: frozenset[str] = frozenset()
    kinds: frozenset[Label] = frozenset()
    levels: frozenset[str] = frozenset()
    months: tuple[int, int] | None = None

    def has(self, flag: str) -> bool:
        return flag in self.flags


def _month(text: str) -> int:
    return int(text) if text.isdigit() else _CN_NUMBERS.get(text, 0)


def _months(question: str) -> tuple[int, int] | None:
    span = re.search(_MONTH + r"\s*[-—–~～至到]\s*" + _MONTH + r"\s*月", question)
    if span:
        start, end = _month(span.group(1)), _month(span.group(2))
        return (start, end) if 1 <= start <= end <= 12 else None
    quarter = re.search(r"第?([一二三四1-4])季度", question)
    if quarter:
        q = _month(quarter.group(1))
        return (3 * q - 2, 3 * q) if 1 <= q <= 4 else None
    if "上半年" in question:
        return (1, 6)
    if "下半年" in question:
        return (7, 12)
    single = re.search(_MONTH + r"\s*月(底前|前|底|末)?", question)
    if single:
        month = _month(single.group(1))
        if 1 <= month <= 12:
            return (1, month) if single.group(2) in ("底前", "前") else (month, month)
    return None


def intents(question: str, lexicon: Lexicon | None = None) -> Intents:
    """The intents of ``question`` (keyword rules: the questions are short and concrete); a
    lexicon adds the levels its jurisdictions' parents stand for."""
    flags = {flag for flag, words in _WORDS.items() if any(w in question for w in words)}
    months = _months(question)
    if months:
        flags.add("schedule")
    kinds = {label for word, label in _KINDS.items() if word in question}
    level_words = _LEVELS | (lexicon.levels if lexicon else {})
    levels = {level for word, level in level_words.items() if word in question}
    return Intents(frozenset(flags), frozenset(kinds), frozenset(levels), months)


# --- what to read ----------------------------------------------------------------------

_PROV = set(PROVENANCE)
_ITEM_PROPS = {"name", "number", "number_text", "kind_text", "kind", "lead", "units", "text", "area", "cell_target",
               "cell_work", "cell_policy", "cell_evaluation", "cell_schedule"} | _PROV | F.CELL_LINES
_UNITS = RelSelect(Hops.ITEM_RESPONSIBLE, Select(props={"name"}, rel_props={"role", "order"} | _PROV))
_CITATIONS = RelSelect(Hops.ITEM_CITATIONS, Select(props={"title", "level", "kind"}, rel_props=_PROV))
_INDICATORS = RelSelect(Hops.ITEM_INDICATORS, Select(props={"text", "name", "value", "unit"} | _PROV))
_MILESTONES = RelSelect(Hops.ITEM_MILESTONES, Select(props={"label", "start_month", "end_month", "text", "order"} | _PROV))
_MENTIONS = RelSelect(Hops.ITEM_MENTIONS, Select(props={"name", "kind"}, rel_props=_PROV))


def _item(*parts: str, rel_props: set[str] | None = None) -> Select:
    """An item with its units and, by name, its citations, indicators, milestones, mentions
    (and ``rel_props`` of the relationship that reached it)."""
    relations: dict[str, Any] = {"responsible": _UNITS}
    optional = {"citations": _CITATIONS, "indicators": _INDICATORS, "milestones": _MILESTONES,
                "mentions": _MENTIONS}
    for part in parts:
        relations[part] = optional[part]
    return Select(props=set(_ITEM_PROPS), relations=relations, rel_props=rel_props or set())


_FULL_ITEM = _item("citations", "indicators", "milestones", "mentions")
_SEARCHED = Select(props={"name", "title", "text"})


def _family_selects() -> dict[str, Select]:
    """What to read around a linked node, by how the feed reads its type (the registry's
    ``chat`` of each node type: ``item`` for tasks, reforms and measures). Each selection is
    fixed, so each compiles to the same statement every time and Neo4j plans it once."""
    reaching_item = Select(props=set(_ITEM_PROPS), relations={"responsible": _UNITS}, rel_props=_PROV)
    return {
        "item": _FULL_ITEM,
        "department": Select(props={"name", "full_name", "kind", "aliases"}, relations={
            "items": RelSelect(Hops.DEPARTMENT_RESPONSIBILITIES,
                               _item("citations", "indicators", "milestones", rel_props={"role"} | _PROV), limit=300),
        }),
        "policy": Select(props={"title", "titles", "level", "kind", "issuer", "doc_number"},
                         relations={"cited_by": RelSelect(Hops.POLICY_CITED_BY, reaching_item, limit=100)}),
        "place": Select(props={"name", "kind"},
                        relations={"mentioned_by": RelSelect(Hops.PLACE_MENTIONED_BY, reaching_item, limit=100)}),
        "area": Select(props={"name", "kind"}, relations={
            "items": RelSelect(Hops.AREA_ITEMS, _item(), limit=100),
            "indicators": RelSelect(Hops.AREA_INDICATORS, Select(props={"text", "name"} | _PROV), limit=100),
        }),
        "indicator": Select(props={"text", "name", "area"} | _PROV,
                            relations={"owner": RelSelect(Hops.INDICATOR_OWNER, _item(), one=True)}),
        "milestone": Select(props={"label", "start_month", "end_month", "text", "order"} | _PROV,
                            relations={"item": RelSelect(Hops.MILESTONE_ITEM, _item(), one=True)}),
        "document": Select(props={"title", "issuer", "issue_date", "publisher", "publish_date", "index_no",
                                  "notice", "jurisdiction", "year"} | _PROV),
    }


#: The reading of each fact family (``NodeSpec.chat``).
FAMILIES = _family_selects()


def _selects() -> dict[Label, Select]:
    """The selection of each node type the feed reads, from its family."""
    return {label: FAMILIES[chat] for label in NODE_TYPES if (chat := node_spec(label).chat)}


SELECTS = _selects()


# --- ranking ---------------------------------------------------------------------------


class RankedFact(Fact):
    """A fact with its place in the context and its score."""

    n: int = Field(description="its number in the plain text, 1 first")
    score: float = Field(description="relevance to the question; higher first")


class ContextEntity(BaseModel):
    """A node the question was linked to."""

    id: str
    type: str
    name: str
    matched: str = Field(description="the words of the question that named it")
    how: str = Field(description="name, alias (another name of the node), number (the plan's own numbering: "
                     "重点工作第25项) or search (full text)")


class ContextFacts(BaseModel):
    """The facts for a question within a budget, each once, with its citation."""

    question: str
    budget: int = Field(description="the size limit, in characters of the numbered sentences")
    used: int = Field(description="characters of the numbered sentences")
    candidates: int = Field(description="facts found before the budget was applied")
    entities: list[ContextEntity]
    facts: list[RankedFact]
    suggestions: list[ContextEntity] = Field(
        default_factory=list, description="full-text hits below the match-quality threshold (how: suggestion), "
        "when nothing the question names was found: what it may have meant")

    def not_found(self) -> str:
        """One line saying that nothing was found, and what the question may have meant."""
        nearest = ", ".join(f"{s.name[:30]} ({s.id})" for s in self.suggestions[:5])
        return ("not found: the question names nothing in the plans, and no text holds most of its words"
                + (f"; the nearest are {nearest}" if nearest else "") + "; ask with the plans' own names")


class ContextResult(ContextFacts):
    """The facts for a question within a budget, as JSON and as numbered lines."""

    text: str = Field(description="the facts as numbered sentences, each with its citation")

    def facts_only(self) -> ContextFacts:
        """The same answer without its numbered sentences (which repeat the facts)."""
        return ContextFacts(**{name: getattr(self, name) for name in ContextFacts.model_fields})


@dataclass
class _Pool:
    """Candidate facts, each kept once with its best score."""

    bigrams: set[str]
    found: dict[tuple[str, str], tuple[float, int, Fact]] = field(default_factory=dict)

    def add(self, fact: Fact | None, score: float) -> None:
        if fact is None or score <= 0:
            return
        score += 0.25 * self._coverage(fact.text)
        key = (fact.kind, fact.text)
        known = self.found.get(key)
        if known is None:  # ties keep the order the graph returned (document order, schedule order)
            self.found[key] = (score, len(self.found), fact)
        elif known[0] < score:
            self.found[key] = (score, known[1], fact)

    def _coverage(self, text: str) -> float:
        if not self.bigrams:
            return 0.0
        return sum(1 for b in self.bigrams if b in text) / len(self.bigrams)

    def ranked(self) -> list[tuple[float, Fact]]:
        ranked = sorted(self.found.values(), key=lambda found: (-round(found[0], 6), found[1]))
        return [(score, fact) for score, _, fact in ranked]


def _content_bigrams(question: str, words: Iterable[str], lexicon: Lexicon) -> set[str]:
    kept = [w for w in words if not _no_content(w, lexicon)]
    text = "".join(kept)
    return {text[i:i + 2] for i in range(len(text) - 1) if re.fullmatch(r"[\u4e00-\u9fa5\w]{2}", text[i:i + 2])}


def _no_content(word: str, lexicon: Lexicon) -> bool:
    """A stop word, one of the graph's jurisdictions or years, or a word that says what is asked."""
    return word in _STOPWORDS or word in lexicon.places or word in lexicon.levels or _is_intent_word(word)


def _is_intent_word(word: str) -> bool:
    return word in _LEVELS or word in _KINDS or any(word in words for words in _WORDS.values())


class _Expander:
    """Turns linked nodes (with what the read fetched around them) into scored facts."""

    def __init__(self, pool: _Pool, intent: Intents):
        self.pool = pool
        self.i = intent

    def add(self, data: Mapping[str, Any], weight: float) -> None:
        label = reads.node_type(data.get("__labels", ()))
        family = node_spec(label).chat if label else None
        if family:
            getattr(self, family)(data, weight)

    def document(self, data: Mapping[str, Any], w: float) -> None:
        self.pool.add(F.document(data), w * (1.0 if self.i.has("document") else 0.3))

    def _kind(self, item: Mapping[str, Any]) -> float:
        if not self.i.kinds:
            return 0.0
        return 0.15 if reads.node_type(item.get("__labels", ())) in self.i.kinds else -0.15

    def _months(self, milestone: Mapping[str, Any]) -> float:
        if not self.i.months:
            return 0.0
        end = milestone.get("end_month")
        if end is None:
            return -0.1
        start = milestone.get("start_month") or end
        low, high = self.i.months
        return 0.3 if start <= high and end >= low else -0.25

    def item(self, item: Mapping[str, Any], w: float) -> None:
        i = self.i
        has = i.has
        self.pool.add(F.responsibility(item), w * (0.45 + 0.4 * has("who") + 0.1 * has("lead") + self._kind(item)))
        if reads.node_type(item.get("__labels", ())) is Label.MEASURE:
            self.pool.add(F.measure(item), w * (0.4 + 0.2 * has("indicator")))
        for policy in item.get("citations") or []:
            level = 0.3 if policy.get("level") in i.levels else 0.0
            self.pool.add(F.policy_citation(item, policy, policy.get("__rel")), w * (0.25 + 0.6 * has("policy") + level))
        self.pool.add(F.cell(item, "policy"), w * (0.05 + 0.6 * has("policy")))
        self.pool.add(F.cell(item, "target"), w * (0.05 + 0.5 * has("indicator")))
        self.pool.add(F.cell(item, "work"), w * (0.05 + 0.35 * has("work")))
        self.pool.add(F.cell(item, "evaluation"), w * (0.05 + 0.55 * has("evaluation")))
        if not item.get("milestones"):
            self.pool.add(F.cell(item, "schedule"), w * (0.05 + 0.5 * has("schedule")))
        for indicator in item.get("indicators") or []:
            self.pool.add(F.indicator(indicator, item), w * (0.3 + 0.55 * has("indicator")))
        for milestone in item.get("milestones") or []:
            score = 0.25 + 0.55 * has("schedule") + self._months(milestone)
            self.pool.add(F.milestone(milestone, item), w * score)
        for place in item.get("mentions") or []:
            self.pool.add(F.mention(item, place, place.get("__rel")), w * (0.1 + 0.4 * has("place")))

    def department(self, dep: Mapping[str, Any], w: float) -> None:
        i = self.i
        for item in dep.get("items") or []:
            role = (item.get("__rel") or {}).get("role")
            score = 0.85 + self._kind(item)
            if i.has("lead") and not i.has("support"):
                score += 0.15 if role == "lead" else -0.3
            elif i.has("support") and not i.has("lead"):
                score += 0.15 if role == "support" else -0.1
            self.pool.add(F.responsibility(item, item.get("__rel")), w * score)
            related = w * (0.6 + self._kind(item) + (0.1 if role == "lead" else 0.0))
            for policy in item.get("citations") or []:
                self.pool.add(F.policy_citation(item, policy, policy.get("__rel")), related)
            for indicator in item.get("indicators") or []:
                self.pool.add(F.indicator(indicator, item), related)
            for milestone in item.get("milestones") or []:
                self.pool.add(F.milestone(milestone, item), related * (0.7 + self._months(milestone)))

    def policy(self, policy: Mapping[str, Any], w: float) -> None:
        for item in policy.get("cited_by") or []:
            self.pool.add(F.policy_citation(item, policy, item.get("__rel")), w * (0.95 + self._kind(item)))
            self.pool.add(F.responsibility(item), w * (0.3 + 0.3 * self.i.has("who")))

    def place(self, place: Mapping[str, Any], w: float) -> None:
        for item in place.get("mentioned_by") or []:
            self.pool.add(F.mention(item, place, item.get("__rel")), w * (0.9 + self._kind(item)))

    def area(self, area: Mapping[str, Any], w: float) -> None:
        asks_targets = self.i.has("indicator")
        for item in area.get("items") or []:
            self.pool.add(F.membership(item, area), w * ((0.5 if asks_targets else 0.85) + self._kind(item)))
        for indicator in area.get("indicators") or []:
            self.pool.add(F.indicator(indicator, None, area.get("name")), w * (0.4 + 0.5 * asks_targets))

    def indicator(self, data: Mapping[str, Any], w: float) -> None:
        owner = data.get("owner")
        area = str(data.get("area") or "").partition(":")[2] or None
        self.pool.add(F.indicator(data, owner, area), w * (0.75 + 0.25 * self.i.has("indicator")))
        if owner:
            self.pool.add(F.responsibility(owner), w * 0.3)

    def milestone(self, data: Mapping[str, Any], w: float) -> None:
        item = data.get("item")
        self.pool.add(F.milestone(data, item), w * (0.5 + 0.45 * self.i.has("schedule") + self._months(data)))
        if item:
            self.pool.add(F.responsibility(item), w * 0.3)


# --- the whole question ----------------------------------------------------------------


def _check(question: str, budget: int) -> str:
    question = (question or "").strip()
    if not question:
        raise ContextError("the question is empty; ask something, e.g. 区发改局牵头哪些重点工作?")
    if len(question) > MAX_QUESTION:
        raise ContextError(f"the question has {len(question)} characters; at most {MAX_QUESTION} are read")
    if not MIN_BUDGET <= budget <= MAX_BUDGET:
        raise ContextError(f"budget must be {MIN_BUDGET} to {MAX_BUDGET} characters, not {budget}")
    return question


def _search_text(question: str, links: list[Link], words: list[str], lexicon: Lexicon) -> str:
    """The question's words that no link covers and that carry content, for full-text search."""
    covered = [(link.start, link.end) for link in links]
    kept: list[str] = []
    position = 0
    for word in words:
        start = question.find(word, position)
        if start < 0:
            continue
        position = start + len(word)
        if any(s <= start and position <= e for s, e in covered):
            continue
        if _no_content(word, lexicon) or len(word) < 2 or not re.search(r"[\u4e00-\u9fa5A-Za-z]", word):
            continue
        kept.append(word)
    return " ".join(kept)


_SEARCH_LABELS = (Label.TASK, Label.REFORM, Label.MEASURE, Label.INDICATOR, Label.MILESTONE, Label.POLICY,
                  Label.PLACE, Label.AREA)


async def _fetch(conn: AsyncDatabase, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The nodes with these ids and what surrounds them: one read per label, run together."""
    by_label: dict[Label, list[str]] = {}
    for node_id in dict.fromkeys(ids):
        label, _ = reads.parse_id(node_id)
        if label in SELECTS:
            by_label.setdefault(label, []).append(node_id)
    found = await asyncio.gather(*(reads.nodes(group, SELECTS[label]).run_async(conn)
                                   for label, group in by_label.items()))
    return {F.node_id(data): data for group in found for data in group if data}


#: The share of the asked words (character pairs) a node's name or text must hold for a
#: full-text hit to count as what was asked for; below it the hit is only a suggestion.
MATCH_QUALITY = 0.5


def match_quality(asked: str, found: str) -> float:
    """The share of ``asked``'s character pairs (and Latin words or numbers) that ``found``
    holds: 1.0 when every one is there, 0.0 when none is."""
    units = _units_of(asked)
    if not units:
        return 0.0
    return sum(1 for unit in units if unit in found.lower()) / len(units)


def _units_of(text: str) -> set[str]:
    units: set[str] = set()
    for run in re.findall(r"[\u4e00-\u9fff]+|[A-Za-z0-9]+", text.lower()):
        if re.match(r"[A-Za-z0-9]", run):
            units.add(run)
        elif len(run) == 1:
            units.add(run)
        else:
            units.update(run[i:i + 2] for i in range(len(run) - 1))
    return units


def hit_quality(asked: str, hit: reads.SearchHit) -> float:
    """How well a full-text hit holds what was asked: by its name or title, or by the text that matched."""
    names = [str(hit.node.get(p) or "") for p in ("name", "title", "label")]
    return max(match_quality(asked, text) for text in [*names, hit.text or ""])


async def _numbered(conn: AsyncDatabase, question: str, links: list[Link]) -> list[Link]:
    """The items the question names by the plan's own numbering (重点工作第25项, 改革14, 举措1.6)."""
    refs = [(ref, start, end) for ref, start, end in reads.find_item_refs(question)
            if not any(link.start <= start and end <= link.end for link in links)]
    if not refs:
        return []
    spelled = [{Label.TASK: "任务", Label.REFORM: "改革", Label.MEASURE: "举措"}[ref.label] + ref.number
               for ref, _, _ in refs]
    try:
        found = await reads.nodes(spelled, Select(props={"name"})).run_async(conn)
    except ReadError:  # a number several plans use: the words and the search decide
        return []
    return [Link(id=F.node_id(data), label=ref.label, name=data.get("name") or "", matched=question[start:end],
                 how="number", start=start, end=end)
            for (ref, start, end), data in zip(refs, found, strict=True) if data is not None]


async def build_context(conn: AsyncDatabase, lexicon: Lexicon, question: str,
                        budget: int = DEFAULT_BUDGET) -> ContextResult:
    """The ranked, cited facts for ``question`` that fit in ``budget`` characters."""
    question = _check(question, budget)
    links, words = lexicon.link(question)
    intent = intents(question, lexicon)

    links = await _numbered(conn, question, links) + links
    weak: list[reads.SearchHit] = []

    async def searched() -> list[reads.SearchHit]:
        text = _search_text(question, links, words, lexicon)
        if not text:
            return []
        hits, _, _ = await reads.search(text, _SEARCHED, labels=_SEARCH_LABELS, limit=SEARCH_HITS,
                                        numbered=False).run_async(conn)  # numbers: _numbered
        top = max((h.score for h in hits), default=0.0)
        good = [h for h in hits if h.score >= 0.35 * top and hit_quality(text, h) >= MATCH_QUALITY]
        weak.extend(h for h in hits if hit_quality(text, h) < MATCH_QUALITY)
        return good

    async def by_level() -> list[dict[str, Any]]:
        if not (intent.levels and intent.has("policy")) or any(link.label is Label.POLICY for link in links):
            return []
        page = await reads.page(Label.POLICY, SELECTS[Label.POLICY], where={"level_in": sorted(intent.levels)},
                                limit=50).run_async(conn)
        return page.nodes

    async def documents() -> list[dict[str, Any]]:
        if not intent.has("document") or any(link.label is Label.DOCUMENT for link in links):
            return []
        return (await reads.page(Label.DOCUMENT, SELECTS[Label.DOCUMENT], limit=5).run_async(conn)).nodes

    hits, leveled, docs = await asyncio.gather(searched(), by_level(), documents())
    found = await _fetch(conn, [link.id for link in links] + [F.node_id(hit.node) for hit in hits])

    pool = _Pool(_content_bigrams(question, words, lexicon))
    expand = _Expander(pool, intent)
    entities: list[ContextEntity] = []
    seen: set[str] = set()
    for link in links:
        data = found.get(link.id)
        if data is None or link.id in seen:
            continue
        seen.add(link.id)
        expand.add(data, link.weight)
        entities.append(ContextEntity(id=link.id, type=link.label.value, name=link.name, matched=link.matched,
                                      how=link.how))
    top = max((h.score for h in hits), default=0.0)
    for hit in hits:
        hit_id = F.node_id(hit.node)
        data = found.get(hit_id)
        if data is None or hit_id in seen:
            continue
        seen.add(hit_id)
        expand.add(data, (0.9 if not links else 0.75) * hit.score / top)
        entities.append(ContextEntity(id=hit_id, type=hit_id.partition(":")[0],
                                      name=hit.node.get("name") or hit.node.get("title") or hit.node.get("text") or "",
                                      matched=hit.text or "", how="search"))
    for policy in leveled:
        expand.policy(policy, 0.9)
    for doc in docs:
        expand.add(doc, 1.0)
    result = _fit(question, budget, pool, entities)
    if not result.facts:
        result.suggestions = [
            ContextEntity(id=F.node_id(h.node), type=F.node_id(h.node).partition(":")[0],
                          name=h.node.get("name") or h.node.get("title") or h.node.get("text") or "",
                          matched=h.text or "", how="suggestion") for h in weak[:5]]
    return result


def _line(n: int, fact: Fact) -> str:
    where = fact.citation.label()
    return f"[{n}] {fact.text}〔{where}〕" if where else f"[{n}] {fact.text}"


def _fit(question: str, budget: int, pool: _Pool, entities: list[ContextEntity]) -> ContextResult:
    ranked = pool.ranked()
    kept: list[RankedFact] = []
    lines: list[str] = []
    used = 0
    for score, fact in ranked:
        line = _line(len(kept) + 1, fact)
        cost = len(line) + (1 if lines else 0)
        if used + cost > budget:
            continue  # a shorter fact further down may still fit
        kept.append(RankedFact(**fact.model_dump(), n=len(kept) + 1, score=round(score, 4)))
        lines.append(line)
        used += cost
    return ContextResult(question=question, budget=budget, used=used, candidates=len(ranked), entities=entities,
                         facts=kept, text="\n".join(lines))

