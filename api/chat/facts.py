"""Facts with citations: one sentence each, built from the nodes ``graph/read.py`` returns.

Every fact says one thing the plan states (who leads an item, what it cites, a target, a
deadline, a place it names) and carries the citation of the text it was read from:
document, section, table row, cell, first and last line, and the verbatim source text.
Sentences are Chinese, like the plans; they name items the way the plan numbers them
(重点工作第25项, 重大改革第12项, 工作举措1.6).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from graph.cypher import PROVENANCE
from graph.read import data_id as node_id
from graph.read import node_type
from graph.registry import Label

__all__ = [
    "CELL_LINES",
    "CELL_NAMES",
    "Citation",
    "Fact",
    "ITEM_KINDS",
    "citation",
    "item_ref",
    "name_citation",
    "node_id",
]

NodeData = Mapping[str, Any]

#: How the plan calls each kind of item.
ITEM_KINDS = {Label.TASK: "重点工作", Label.REFORM: "重大改革", Label.MEASURE: "工作举措"}

#: The cells of an annex row (and the body's measure sentence), as the plan heads them.
CELL_NAMES = {
    "name": "名称",
    "target": "目标体系",
    "work": "工作体系",
    "policy": "政策体系",
    "evaluation": "评价体系",
    "schedule": "进度安排",
    "measure": "工作举措",
    "indicators": "指标目标",
    "units": "责任单位",
}


class Citation(BaseModel):
    """Where a fact was read: the document, its section, the table row and cell, the lines
    (1-based, inclusive) and the text as written."""

    document: str | None = Field(None, description="document id")
    section: str | None = Field(None, description="section or annex heading")
    row: int | None = Field(None, description="row of an annex table, or order of a measure in its section")
    cell: str | None = Field(None, description="name, target, work, policy, evaluation, schedule, measure, indicators")
    line_start: int | None = Field(None, description="first line in the source file")
    line_end: int | None = Field(None, description="last line in the source file")
    source_text: str | None = Field(None, description="the text as written in the document")

    def label(self) -> str:
        """A short human form: ``附件二第25项, 进度安排, 原文第499—513行``."""
        parts: list[str] = []
        section = (self.section or "").split(" ")[0].split("/")[-1]
        if section:
            parts.append(f"{section}第{self.row}项" if self.row is not None and section.startswith("附件") else section)
        if self.cell and self.cell in CELL_NAMES and self.cell not in ("name", "measure"):
            parts.append(CELL_NAMES[self.cell])
        if self.line_start is not None:
            end = self.line_end if self.line_end is not None else self.line_start
            parts.append(f"原文第{self.line_start}行" if end == self.line_start else f"原文第{self.line_start}—{end}行")
        return ", ".join(parts)


class Fact(BaseModel):
    """One sentence the plan supports, with where it says so."""

    kind: str = Field(description="responsibility, citation, indicator, milestone, cell, mention, area, measure, "
                      "document")
    text: str = Field(description="the fact as one sentence")
    subject: str = Field(description="id of the node the fact is about (Task:<key>, Department:<key>...)")
    related: list[str] = Field(default_factory=list, description="ids of the other nodes it names")
    citation: Citation


#: The properties of an item that hold each cell's own lines (``cell_schedule_lines = [203, 203]``).
CELL_LINES = frozenset(f"cell_{name}_lines" for name in ("name", "target", "work", "policy", "evaluation",
                                                         "schedule"))


def citation(props: NodeData | None, **override: Any) -> Citation:
    """The provenance in ``props`` (a node's or a relationship's), with ``override`` applied.
    An item read with its cells' lines (:data:`CELL_LINES`) is cited from its name's first line
    to its last cell's last line: the row's number line and trailing blank lines hold none of
    its text."""
    values = {name: (props or {}).get(name) for name in PROVENANCE}
    spans = [lines for name in CELL_LINES if (lines := (props or {}).get(name))]
    if spans and not values.get("cell"):
        values["line_start"] = min(span[0] for span in spans)
        values["line_end"] = max(span[-1] for span in spans)
    values.update(override)
    if not isinstance(values.get("row"), int):
        values["row"] = None
    return Citation(**values)


def item_ref(item: NodeData) -> str:
    """``重点工作第25项「大通道建设」``, ``工作举措1.6「…」``; an item whose plan writes its own
    number and word keeps them: ``重点任务(二)「…」``."""
    label = node_type(item.get("__labels", ()))
    kind = ITEM_KINDS.get(label, "事项") if label is not None else "事项"
    if written := item.get("number_text"):
        return f"{item.get('kind_text') or kind}{str(written).rstrip('.、．')}「{item.get('name') or ''}」"
    number = str(item.get("__key", "")).rsplit("/", 1)[-1]
    where = f"{kind}{number}" if label is Label.MEASURE else f"{kind}第{number}项"
    return f"{where}「{item.get('name') or ''}」"


def _units(item: NodeData) -> tuple[list[str], list[str]]:
    lead: list[str] = []
    support: list[str] = []
    for dep in item.get("responsible") or []:
        role = (dep.get("__rel") or {}).get("role")
        (lead if role == "lead" else support).append(dep.get("name") or "")
    if not lead and not support:  # not selected: the unit names stored on the item
        units = list(item.get("units") or [])
        lead, support = units[:1], units[1:]
    return lead, support


def _lead_rel(item: NodeData) -> NodeData | None:
    for dep in item.get("responsible") or []:
        rel = dep.get("__rel") or {}
        if rel.get("role") == "lead":
            return rel
    return None


def responsibility(item: NodeData, via: NodeData | None = None) -> Fact:
    """Who leads and who supports an item; ``via`` is the relationship that reached it from a
    department, whose source text is the cited one."""
    lead, support = _units(item)
    text = f"{item_ref(item)}由{'、'.join(lead) or '(未写明)'}牵头"
    if support:
        text += f",{'、'.join(support)}配合"
    rel = via if via and via.get("document") else _lead_rel(item)
    cited = citation(rel) if rel and rel.get("document") else name_citation(item)
    deps = [node_id(d) for d in item.get("responsible") or []]
    return Fact(kind="responsibility", text=text + "。", subject=node_id(item), related=deps, citation=cited)


def policy_citation(item: NodeData, policy: NodeData, rel: NodeData | None) -> Fact:
    cell = (rel or {}).get("cell")
    where = CELL_NAMES.get(cell or "", "")
    level = f"({policy['level']}级)" if policy.get("level") in ("国家", "省", "市", "区", "县") else ""
    title = (rel or {}).get("title") or policy.get("title") or ""
    text = f"{item_ref(item)}{'的' + where if where else ''}引用《{title}》{level}。"
    return Fact(kind="citation", text=text, subject=node_id(item), related=[node_id(policy)], citation=citation(rel))


def cell(item: NodeData, name: str, limit: int = 300) -> Fact | None:
    value = (item.get(f"cell_{name}") or "").strip()
    if not value:
        return None
    shown = value if len(value) <= limit else value[:limit] + "…"
    lines = item.get(f"cell_{name}_lines") or [item.get("line_start"), item.get("line_end")]
    return Fact(kind="cell", text=f"{item_ref(item)}{CELL_NAMES[name]}:{shown}", subject=node_id(item),
                citation=citation(item, cell=name, source_text=value, line_start=lines[0], line_end=lines[-1]))


def indicator(data: NodeData, owner: NodeData | None = None, area: str | None = None) -> Fact:
    text = data.get("text") or data.get("name") or ""
    if owner:
        sentence = f"{item_ref(owner)}的目标:{text}。"
    elif area:
        sentence = f"{area}的指标目标:{text}。"
    else:
        sentence = f"指标目标:{text}。"
    related = [node_id(owner)] if owner else []
    return Fact(kind="indicator", text=sentence, subject=node_id(data), related=related, citation=citation(data))


def milestone(data: NodeData, item: NodeData | None) -> Fact:
    """The period and its work as the plan writes them (``3-4月 参与…``, ``8-9月;启动…``)."""
    label = data.get("label") or ""
    written = (data.get("source_text") or "").strip()
    text = written if label and written.startswith(label) else (
        f"{label}:{data.get('text') or ''}" if label else data.get("text") or "")
    owner = item_ref(item) if item else ""
    sentence = f"{owner}进度安排 {text}" if label else f"{owner}进度安排:{text}"
    related = [node_id(item)] if item else []
    return Fact(kind="milestone", text=sentence, subject=node_id(data), related=related, citation=citation(data))


def mention(item: NodeData, place: NodeData, rel: NodeData | None) -> Fact:
    lead, _ = _units(item)
    by = f"({'、'.join(lead)}牵头)" if lead else ""
    return Fact(kind="mention", text=f"{item_ref(item)}{by}涉及{place.get('name')}。", subject=node_id(item),
                related=[node_id(place)], citation=citation(rel))


def membership(item: NodeData, area: NodeData) -> Fact:
    lead, _ = _units(item)
    by = f"({'、'.join(lead)}牵头)" if lead else ""
    return Fact(kind="area", text=f"{area.get('name')}包括{item_ref(item)}{by}。", subject=node_id(item),
                related=[node_id(area)], citation=name_citation(item))


def measure(item: NodeData) -> Fact:
    return Fact(kind="measure", text=f"{item_ref(item)}:{item.get('text') or ''}", subject=node_id(item),
                citation=citation(item))


def document(data: NodeData) -> Fact:
    issued = _chinese_date(data.get("issue_date"))
    published = _chinese_date(data.get("publish_date"))
    text = f"《{data.get('title')}》"
    if data.get("issuer"):
        text += f"由{data['issuer']}"
    if issued:
        text += f"于{issued}"
    text += "印发"
    extra = []
    if data.get("publisher"):
        extra.append(f"发布机构{data['publisher']}")
    if published:
        extra.append(f"发布日期{published}")
    if data.get("index_no"):
        extra.append(f"索引号{data['index_no']}")
    if extra:
        text += "(" + ",".join(extra) + ")"
    # cited where the notice (or the title) is written
    cited = citation(data, document=data.get("__key"),
                     source_text=data.get("source_text") or data.get("notice") or data.get("title"))
    return Fact(kind="document", text=text + "。", subject=node_id(data), citation=cited)


def _first_line(item: NodeData) -> str | None:
    text = item.get("source_text")
    return text.split("\n", 1)[0] if text else None


def name_citation(item: NodeData) -> Citation:
    """Where an item's name is written: the first line of its text, on its name's own lines."""
    lines = item.get("cell_name_lines") or [item.get("line_start"), item.get("line_start")]
    return citation(item, cell="name", source_text=_first_line(item), line_start=lines[0], line_end=lines[-1])


def _chinese_date(value: Any) -> str | None:
    """``2022-06-30`` as the plans write it: ``2022年6月30日``."""
    if not value:
        return None
    try:
        day = date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return f"{day.year}年{day.month}月{day.day}日"
