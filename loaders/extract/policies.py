"""Policy titles cited between 《》, with a normalised key, level, kind and 文号.

    1.浙江省民政厅《推进民政事业高质量发展建设共同富裕示范区行动方案(2021—2025年)》。
      -> title as written, issuer 浙江省民政厅, level 省, kind 方案
    《宁波市服务业发展专项资金使用管理办法》(甬服务产业〔2020〕55号)
      -> doc_number 甬服务产业〔2020〕55号, level 市 (宁波市 in the title; 甬 agrees)

A title whose closing 》 is missing ends at its 文号, the next 《 or the end of
the sentence; such recoveries are reported, not silently fixed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..punctuation import BRACKETS, CLOSE, COLON, COMMA, DOT, OPEN, SEMICOLON

_DOC_NUMBER = re.compile(rf"^\s*[{OPEN}]\s*([^{BRACKETS}]{{1,12}}?[〔\[［【(]\s*\d{{4}}\s*[〕\]］】)]\s*\d+\s*号)\s*[{CLOSE}]")
_DOC_NUMBER_INLINE = re.compile(
    rf"[{OPEN}]\s*([^{BRACKETS}]{{1,12}}?[〔\[［【]\s*\d{{4}}\s*[〕\]］】]\s*\d+\s*号)\s*[{CLOSE}]\s*$"
)
#: A 文号 that ends a title whose 》 is missing; the title stops after it.
_DOC_NUMBER_STOP = rf"[{OPEN}][^{BRACKETS}]{{1,12}}?〔\d{{4}}〕\d+号[{CLOSE}]"
_ISSUER = re.compile(r"([\u4e00-\u9fa5、 ]{2,40}?)$")
_ISSUER_TRIM = re.compile(
    rf"^(?:\d+[{DOT}、]|贯彻落实|贯彻|落实|根据|依据|按照|对照|出台|制定|修订|印发|调整实施|继续实施|实施|执行|参照|依托"
    r"|运用|认真执行|并|和|及|与|在|省贯彻中央)+"
)

#: Kinds by title ending, longest first; parenthesised tails like (试行) are ignored.
_KINDS = (
    ("实施意见", "意见"), ("指导意见", "意见"), ("若干意见", "意见"), ("意见", "意见"),
    ("实施方案", "方案"), ("行动方案", "方案"), ("工作方案", "方案"), ("方案", "方案"),
    ("行动计划", "计划"), ("工作计划", "计划"), ("计划", "计划"),
    ("条例", "条例"), ("管理办法", "办法"), ("实施办法", "办法"), ("办法", "办法"),
    ("规划", "规划"), ("工作要点", "要点"), ("要点", "要点"), ("实施细则", "细则"), ("细则", "细则"),
    ("通知", "通知"), ("规定", "规定"), ("标准", "标准"), ("指引", "指引"), ("纲要", "纲要"),
    ("导则", "导则"), ("预案", "预案"), ("协议", "协议"), ("清单", "清单"), ("任务书", "任务书"),
    ("指标体系", "指标体系"), ("评估体系", "指标体系"), ("制度", "制度"), ("大纲", "纲要"),
    ("方法学", "方法"), ("举措二十条", "意见"), ("政策", "政策"), ("研究", "研究"),
    ("要点及任务分解", "要点"), ("规范", "规范"),
)

_PROVINCES = ("浙江省", "江苏省", "安徽省", "福建省", "江西省", "广东省", "山东省", "四川省")
_PROVINCE_ABBR = {"浙": "省", "苏": "省", "皖": "省", "闽": "省", "赣": "省", "粤": "省", "鲁": "省", "川": "省"}
#: 文号 prefixes of cities, e.g. 甬政办发〔2020〕17号 is 宁波市's.
CITY_ABBR = {
    "宁波市": "甬", "杭州市": "杭", "温州市": "温", "绍兴市": "绍", "台州市": "台", "嘉兴市": "嘉",
    "湖州市": "湖", "金华市": "金", "衢州市": "衢", "舟山市": "舟", "丽水市": "丽",
}
_NATIONAL = ("中共中央", "国务院", "全国", "国家", "中国", "长三角")


@dataclass(frozen=True)
class Citation:
    title: str
    normalized: str
    level: str | None
    kind: str | None
    issuer: str | None
    doc_number: str | None
    start: int  # offset of 《 in the cell text
    end: int  # offset after 》 (or after the recovered title)
    recovered: bool  # closing 》 was missing


def normalize_title(title: str) -> str:
    """Brackets, punctuation width and spaces: 《A(试行)》 and 《A(试行)》 agree."""
    text = unicodedata.normalize("NFKC", title)
    text = re.sub(r"[\s“”\"'‘’「」<>〈〉《》]", "", text)
    text = text.replace("〔", "[").replace("〕", "]").replace("【", "[").replace("】", "]")
    text = text.replace("—", "-").replace("–", "-").replace("―", "-").replace("~", "-")
    return text.strip("。." + COMMA + SEMICOLON + COLON)


def policy_kind(title: str) -> str | None:
    core = re.sub(rf"([{OPEN}][^{BRACKETS}]*[{CLOSE}])+$", "", unicodedata.normalize("NFKC", title)).rstrip("》>")
    core = core.strip()
    for ending, kind in _KINDS:
        if core.endswith(ending):
            return kind
    return None


def policy_level(title: str, issuer: str | None, doc_number: str | None, jurisdiction_names: tuple[str, ...],
                 city: str | None) -> str | None:
    """国家 / 省 / 市 / 区, from the issuer, the title, then the 文号 prefix."""
    short = jurisdiction_names[1] if len(jurisdiction_names) > 1 else None
    for text in (issuer or "", title):
        if not text:
            continue
        text = re.sub(r"^\d{4}(?:年度|年)", "", text)
        if short and short in text:
            return "区"
        if any(text.startswith(n) for n in _NATIONAL):
            return "国家"
        if any(text.startswith(p) or text.startswith("中共" + p) for p in _PROVINCES) or text.startswith("省"):
            return "省"
        if any(n and (text.startswith(n) or text.startswith("中共" + n)) for n in jurisdiction_names):
            return "区"
        city_stem = city[:-1] if city and city.endswith("市") else city
        if city_stem and (text.startswith(city_stem) or text.startswith("中共" + city_stem)) or text.startswith("市"):
            return "市"
        if text.startswith("区"):
            return "区"
    if doc_number:
        head = doc_number[0]
        if head in _PROVINCE_ABBR:
            return _PROVINCE_ABBR[head]
        if head == "国":
            return "国家"
        if city and CITY_ABBR.get(city) == head:
            return "市"
        if short and short[0] == head:
            return "区"
    core = normalize_title(title)
    if policy_kind(title) == "条例" and not re.match(r"^[\u4e00-\u9fa5]{2,4}[省市区县]", core):
        return "国家"  # local regulations always carry their place name
    return None


def find_citations(text: str, jurisdiction_names: tuple[str, ...] = (), city: str | None = None) -> list[Citation]:
    out: list[Citation] = []
    i = 0
    while True:
        start = text.find("《", i)
        if start < 0:
            return out
        depth = 0
        end = None
        j = start
        while j < len(text):
            ch = text[j]
            if ch == "《":
                if depth >= 1 and j > start:
                    break  # a second 《 before this one closed: the first is unclosed
                depth += 1
            elif ch == "》":
                depth -= 1
                if depth == 0:
                    end = j + 1
                    break
            j += 1
        recovered = end is None
        if end is None:
            stop = len(text)
            for pattern in (_DOC_NUMBER_STOP, r"《", r"。"):
                m = re.compile(pattern).search(text, start + 1)
                if m and m.start() < stop:
                    stop = m.start() if pattern != _DOC_NUMBER_STOP else m.end()
            title = text[start + 1 : stop].strip()
            end = stop
        else:
            title = text[start + 1 : end - 1].strip()
        if not title:
            i = start + 1
            continue
        doc_number = None
        m = _DOC_NUMBER.match(text[end:]) if not recovered else _DOC_NUMBER_INLINE.search(title)
        if m:
            doc_number = unicodedata.normalize("NFKC", m.group(1)).replace(" ", "")
            doc_number = doc_number.replace("[", "〔").replace("]", "〕")
        issuer = _issuer_before(text, start)
        normalized = normalize_title(title)
        out.append(Citation(
            title=title,
            normalized=normalized,
            level=policy_level(normalized, issuer, doc_number, jurisdiction_names, city),
            kind=policy_kind(title),
            issuer=issuer,
            doc_number=doc_number,
            start=start,
            end=end,
            recovered=recovered,
        ))
        i = end if end > start else start + 1


def _issuer_before(text: str, start: int) -> str | None:
    """The organisation written right before 《, e.g. 浙江省民政厅《…》."""
    head = text[max(0, start - 40) : start]
    head = re.split(rf"[。{SEMICOLON}{COMMA}{COLON}》)]", head)[-1]
    head = _ISSUER_TRIM.sub("", head.strip())
    m = _ISSUER.search(head)
    if not m:
        return None
    issuer = re.sub(r"(关于印发|印发|签署|制定|出台|发布)$", "", m.group(1).strip()).strip()
    if not re.search(r"(省|市|区|县|部|厅|局|委|办|院|中央|国务院|政府|中国)$", issuer):
        return None
    return issuer or None
