"""Plans of the genre laid out as numbered items: 一、 / (一) / 1. / 1、 / (1) / ① at any depth.

The sample's template (二、重点任务 areas and 附件二/附件三 tables) is read by :mod:`loaders.parse`;
a plan it does not recognise is read here. The items are the numbered leaves: each keeps its
number as written and the headings above it (its section path). Responsibility is read after
the item: lines ``牵头单位:A`` / ``责任单位:B,C`` / ``协同责任单位:`` / ``配合单位:``, leader lines
``牵头负责领导:`` (people, never units), or a bracket that ends the item: ``(A牵头,B、C配合)``,
``[牵头单位:A;责任单位:B]``, ``〔责任单位:A〕``. Collective units (各街道, 区级相关部门,
各县(市、区)政府(管委会)) are kept as written, never split on the 、 inside them.

Numbered paragraphs before the notice's signature (the notice's own 一、二、三) are not items.
Every paragraph is part of an item, of the header, or listed in the report as not understood.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from . import divisions as dv
from .blocks import Para, RawDocument
from .errors import IncompleteDocument, NotAWorkPlan
from .extract import indicators as ind
from .extract import milestones as ms
from .model import (
    HEADER_SECTION,
    Department,
    Document,
    Indicator,
    Item,
    ItemKind,
    Jurisdiction,
    LeaderRef,
    Milestone,
    Role,
    Source,
    UnitRef,
)
from .report import QualityReport
from .script import simplified

LAYOUT = "numbered-items"

#: what this reader looks for, for the one-line refusal
LOOKED_FOR = (
    "nor numbered items (一、 / (一) / 1. / 1、 / (1) / ①) with responsible units "
    "(牵头单位:A / 责任单位:B lines, or a closing bracket such as (A牵头,B配合) or [牵头单位:A;责任单位:B])"
)

_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("一、", re.compile(r"^[一二三四五六七八九十]+、")),
    ("(一)", re.compile(r"^[(\uff08][一二三四五六七八九十]+[)\uff09]")),
    ("1.", re.compile(r"^\d{1,3}[.\uff0e](?!\d)")),
    ("1、", re.compile(r"^\d{1,3}、")),
    ("(1)", re.compile(r"^[(\uff08]\d{1,3}[)\uff09]")),
    ("①", re.compile(r"^[\u2460-\u2473]")),
)

_LEADER_LINE = re.compile(r"^(?P<label>牵头负责领导|牵头责任领导|责任领导|牵头领导)[:\uff1a]\s*(?P<rest>.*)$")
_UNIT_LINE = re.compile(
    r"^(?P<label>牵头责任单位|牵头单位|牵头部门|主要责任单位|协同责任单位|协同配合单位|配合单位|责任单位)[:\uff1a]\s*(?P<rest>.*)$"
)
_LABEL_IN_BRACKET = re.compile(
    r"(?P<label>牵头责任单位|牵头单位|牵头部门|主要责任单位|协同责任单位|协同配合单位|配合单位|责任单位)[:\uff1a]"
)
_LEAD_LABELS = {"牵头责任单位", "牵头单位", "牵头部门", "主要责任单位"}
_SUPPORT_LABELS = {"协同责任单位", "协同配合单位", "配合单位"}
_OPENERS = {")": "(", "\uff09": "\uff08", "]": "[", "\uff3d": "\uff3b", "〕": "〔", "】": "【"}
_OPENS_RESPONSIBILITY = re.compile(r"[(\uff08\[\uff3b〔【](?=[^()\uff08\uff09\[\]〔〕【】]*(?:牵头|单位[:\uff1a]))")
_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_DOC_NUMBER = re.compile(r"([\u4e00-\u9fa5]{1,8})\s*[〔\[【(\uff08](\d{4})[〕\]】)\uff09]\s*(\d{1,4})号")
_LABELLED_NUMBER = re.compile(r"文\s*号\s*[:\uff1a]?\s*" + _DOC_NUMBER.pattern)
# the masthead 鞍山市立山区人民政府文件: the place is the division name that ends before 人民政府 (the
# group is what is kept when the data names none)
_MASTHEAD = re.compile(r"(?<=([\u4e00-\u9fa5]{2}(?:省|市|区|县)))人民政府(?:办公室|办公厅)?文件")
_NOTICE = re.compile(r"^(?:【[^】]*】)?(?P<issuer>[^,，:：。]*?)关于(?:印发)?(?P<title>.+?)的通知$")
_PLACE = re.compile(
    r"(?<![\u4e00-\u9fa5\d])([\u4e00-\u9fa5]{2,4}?(?:省|自治区|市|自治州|州|区|县))"
    r"(?:人民政府|政府|委员会|发展和改革委员会|\d{4}年)"
)
# characters of the words around a place name, never of the name: 已经区政府, 年底前向市政府
_NOT_IN_PLACE = set("已经向前底的及各和与在为对由将委")
_VALUELESS = re.compile(r"不低于|不高于|高于|低于|增长")
_KEEPS = re.compile(r"(?:保持|继续|持续|实现)(?:适度|稳定|平稳|较快|合理|稳步|快速)?$")
_UNIT_SUFFIX = re.compile(r"(?:局|委|办|室|厅|部|部门|单位|政府|管委会|中心|公司|街道|办事处|集团|海关|行|院|所|会|队|站|专班|分局|开发区|经开区|高新区)$")
_TRAILERS = ("按职责分工负责", "按职责负责", "等有关部门", "等相关部门", "等部门", "等单位", "负责", "配合", "等")


@dataclass
class _Numbered:
    index: int  # position in the paragraph list
    style: str
    number: str  # as written: 1. (一) 1、


@dataclass
class _Resp:
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    leaders: list[tuple[str, str]] = field(default_factory=list)  # (label, name)

    @property
    def empty(self) -> bool:
        return not self.lead and not self.support


def _t2s(text: str) -> str:
    """For matching: the text in simplified characters, position for position (OpenCC t2s)."""
    return simplified(text)


def numbering(text: str) -> tuple[str, str] | None:
    """(style, number as written) of a numbered paragraph, else None."""
    for style, pattern in _STYLES:
        if m := pattern.match(text):
            return style, m.group(0)
    return None


def split_units(text: str) -> list[str]:
    """``A、B等,C及D按职责分工负责`` -> [A, B, C, D]; never splits inside brackets, and keeps a
    collective whole (各县、市、区政府; 各乡镇人民政府、街道办事处)."""
    text = text.strip().rstrip("。;；,，")
    pieces: list[tuple[str, str]] = []  # (piece, separator before it)
    depth = 0
    current = ""
    sep = ""
    i = 0
    while i < len(text):
        c = text[i]
        if c in "(\uff08[〔【〈":
            depth += 1
        elif c in ")\uff09]〕】〉":
            depth = max(0, depth - 1)
        if depth == 0 and (c in "、,，;；" or (c == "及" and current and i + 1 < len(text))):
            pieces.append((current, sep))
            current, sep = "", c
        else:
            current += c
        i += 1
    if depth == 0:  # a piece whose bracket never closes is cut by the end of the file
        pieces.append((current, sep))
    out: list[str] = []
    for piece, before in pieces:
        piece = _strip_trailers(piece.strip())
        if piece and out and before == "、" and out[-1].startswith("各") and _joins(out[-1], piece):
            out[-1] = f"{out[-1]}、{piece}"
            continue
        if len(piece) >= 2:  # a unit's name is never one character (a file cut inside it)
            out.append(piece)
    return out


def _joins(collective: str, piece: str) -> bool:
    if not _UNIT_SUFFIX.search(_t2s(collective)):
        return True  # 各县 、 市 、 区政府: the collective is not finished
    return piece.startswith(("街道", "乡镇", "社区", "村"))


def _strip_trailers(piece: str) -> str:
    changed = True
    while changed:
        changed = False
        for t in _TRAILERS:
            if _t2s(piece).endswith(t) and len(piece) > len(t):
                piece = piece[: -len(t)].rstrip()
                changed = True
    return piece.rstrip("。")


def is_collective(name: str) -> bool:
    """Several units named as one: 各街道, 区直各部门, 区级相关部门, 区疫情防控指挥部成员单位."""
    s = _t2s(name)
    return "各" in s or "相关" in s or "有关" in s or s.endswith("成员单位") or s.startswith("园区")


def _closing_bracket(text: str) -> tuple[int, str] | None:
    """The bracket that ends ``text`` (after a final 。): (its start, its inner text)."""
    t = text.rstrip().rstrip("。")
    if not t or t[-1] not in _OPENERS:
        return None
    depth = 0
    for i in range(len(t) - 1, -1, -1):
        c = t[i]
        if c in _OPENERS:
            depth += 1
        elif c in _OPENERS.values():
            depth -= 1
            if depth == 0:
                return i, t[i + 1 : -1]
    return None


def _unclosed_bracket(text: str) -> str | None:
    """The inner text of a responsibility bracket the file cuts before it closes: ``…(牵头单位:A;责任``."""
    found = list(_OPENS_RESPONSIBILITY.finditer(_t2s(text)))
    m = found[-1] if found else None
    if m is None or any(c in text[m.end():] for c in ")\uff09]\uff3d〕】"):
        return None
    return text[m.end():]


def read_bracket(inner: str) -> _Resp | None:
    """The responsibility a closing bracket states, or None when it states none."""
    s = _t2s(inner)
    labels = list(_LABEL_IN_BRACKET.finditer(s))
    resp = _Resp()
    if labels:
        for n, m in enumerate(labels):
            end = labels[n + 1].start() if n + 1 < len(labels) else len(s)
            part = inner[m.end() : end].split("。")[0]
            _assign(resp, m.group("label"), split_units(part))
        return resp
    if "牵头" in s:
        head, _, rest = inner.partition(inner[s.index("牵头") : s.index("牵头") + 2])
        resp.lead = split_units(head)
        resp.support = split_units(rest.lstrip(",，;； ").split("。")[0])
        return resp if resp.lead else None
    return None


def _assign(resp: _Resp, label: str, units: list[str]) -> None:
    if label in _LEAD_LABELS:
        resp.lead.extend(units)
    elif label in _SUPPORT_LABELS or resp.lead:
        resp.support.extend(units)
    else:  # 责任单位 alone: the first listed leads
        resp.lead.extend(units[:1])
        resp.support.extend(units[1:])


#: the fields of a page's 索引号 table, longest first (分类 after 组配分类, 文件分类, 主题分类)
_INDEX_LABELS = ("索引号", "组配分类", "主题分类", "文件分类", "体裁分类", "分类", "发布机构", "所属机构", "发文机关",
                 "发文单位", "名称", "标题", "发文字号", "文号", "发文日期", "成文日期", "发布日期", "有效性", "效力状态",
                 "文件类型", "公开方式", "公开范围", "主题词", "信息分类", "生成日期", "是否有效")
# a label opens the line or follows a space; its characters may be spaced out (索 引 号, 文    号)
_INDEX_LABEL = re.compile(r"(?:^|(?<=\s))(?P<label>" + "|".join(r"\s*".join(label) for label in _INDEX_LABELS)
                          + r")(?:\s*[:\uff1a]|(?=\s)|$)")
_SOURCE_LABEL = re.compile(r"(?:^|\s)(?:信息)?来源\s*[:\uff1a]\s*(\S+)")
_PAGE_META = re.compile(r"(?:发布时间|发布日期|信息来源|来源|作者|发布人|浏览次数)\s*[:\uff1a]")
_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "O": 0, "Ｏ": 0}
_CN_DATE = re.compile(r"^([〇○零OＯ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日$")


@dataclass
class Header:
    """What a plan's header says: the notice, its title, 文号, issuer and dates, the page's 索引号 table."""

    notice: str | None = None
    title: str | None = None
    title_paras: list[Para] = field(default_factory=list)  # where the title is written (one line or several)
    doc_number: str | None = None
    issuer: str | None = None
    issue_date: str | None = None  # the signature's date
    year: int | None = None
    index_no: str | None = None
    publisher: str | None = None
    publish_date: str | None = None  # the page's: 发文日期 / 发布日期 / 发布时间
    signature: int | None = None  # index of the date line that signs the notice
    #: the page's 索引号 table: each field as written (None where the page leaves it empty), in order
    index_table: dict[str, str | None] = field(default_factory=dict)
    index_paras: list[int] = field(default_factory=list)  # indexes of its paragraphs

    @property
    def title_para(self) -> Para | None:
        return self.title_paras[0] if self.title_paras else None


def _cn_number(text: str) -> int:
    """十二 -> 12, 二十七 -> 27, 三 -> 3 (a date's month or day)."""
    tens, ten, units = text.partition("十")
    if not ten:
        return _CN_DIGIT[text]
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[units] if units else 0)


def signature_date(text: str) -> str | None:
    """A date line of its own, ``2023年1月3日`` or ``二〇二三年一月三日`` -> ``2023-01-03``."""
    text = text.strip()
    if m := _DATE.match(text):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _CN_DATE.match(text):
        year = int("".join(str(_CN_DIGIT[c]) for c in m.group(1)))
        month, day = _cn_number(m.group(2)), _cn_number(m.group(3))
    else:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None


def _index_fields(text: str) -> list[tuple[str, str]] | None:
    """The 索引号 fields of a line that opens with one of their labels: (label, value as written)."""
    found = list(_INDEX_LABEL.finditer(text))
    if not found or found[0].start() != 0:
        return None
    return [(re.sub(r"\s", "", m.group("label")),
             text[m.end(): found[k + 1].start() if k + 1 < len(found) else len(text)].strip())
            for k, m in enumerate(found)]


def _cells_spaced(text: str) -> str:
    """A line of a 索引号 table with its cells apart by spaces: a page's table flattened with ``|``
    between its cells (``索 引 号: | 000014349/2023-91150 | 信息分类: | |``) reads as one spaced out."""
    return re.sub(r"\s+", " ", text.replace("|", " ")).strip()


def _index_table(paras: list[Para], h: Header) -> None:
    """The first run of 索引号 lines: ``索 引 号 X 发文日期 Y`` on one line, ``名称: X`` a line each, or
    a label on a line of its own with its value on the next (a table's cells flattened)."""
    i = 0
    while i < min(len(paras), 60) and not h.index_table:
        j = i
        while j < len(paras) and (fields := _index_fields(_cells_spaced(paras[j].text))):
            h.index_paras.append(j)
            if len(fields) == 1 and not fields[0][1] and not re.search(r"[:\uff1a]\s*$", paras[j].text) \
                    and j + 1 < len(paras) and _index_fields(paras[j + 1].text.strip()) is None:
                j += 1  # the value is the next paragraph
                h.index_paras.append(j)
                fields = [(fields[0][0], paras[j].text.strip())]
            for label, value in fields:
                h.index_table.setdefault(label, value or None)
            j += 1
        if "索引号" not in h.index_table:  # a table's header cells (分类, 名称…), not the page's 索引号 table
            h.index_table.clear()
            h.index_paras.clear()
        i = j + 1


def _names_its_place(name: str) -> bool:
    """下陆区政府办公室 names its place; 区人民政府办公室 and 附件:… do not."""
    t = _t2s(name)
    return dv.divisions().names_at_start(t) is not None or _PLACE.match(t) is not None


def read_header(paras: list[Para]) -> Header:
    """The header of a plan of the genre (its non-blank paragraphs, in order)."""
    h = Header()
    _index_table(paras, h)
    table = h.index_table
    h.index_no = table.get("索引号")
    h.publisher = table.get("发布机构") or table.get("发文单位") or table.get("发文机关")
    if number := table.get("文号") or table.get("发文字号"):
        if m := _DOC_NUMBER.search(number):
            h.doc_number = f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号"
    issuers: list[str] = []  # in the order they are believed: the signature's, the notice's, the page's
    notice_issuer = source = masthead = None
    notice_para: Para | None = None
    notice_title: str | None = None
    for i, p in enumerate(paras[:60]):
        text = re.sub(r"\s+", " ", p.text.strip())
        if i in h.index_paras:
            continue
        # the plan's own 文号 opens a line (its masthead) or follows the label 文号; one inside a
        # sentence is a cited document's
        if h.doc_number is None and (m := _DOC_NUMBER.match(text) or _LABELLED_NUMBER.search(text)):
            h.doc_number = f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号"
        # the notice is a title line of its own, not one cited in a sentence
        if h.notice is None and len(text) <= 100 and not text.endswith("。") and \
                (m := _NOTICE.search(text.replace(" ", ""))):
            h.notice = re.sub(r"^【[^】]*】", "", text.replace(" ", ""))
            notice_title = _unquote(m.group("title"))
            notice_issuer, notice_para = m.group("issuer") or None, p
            if "印发" in h.notice:  # 关于印发《X》的通知: X is the plan's title, written where it is issued
                h.title, h.title_paras = notice_title, [p]
        if source is None and (m := _SOURCE_LABEL.search(text)):
            source = m.group(1)
        if masthead is None and (m := _MASTHEAD.search(_t2s(text))):
            masthead = text[: m.start()][-24:]
            name = next((masthead[-n:] for n in range(len(masthead), 1, -1)
                         if dv.divisions().lookup(_t2s(masthead[-n:]))), m.group(1))
            masthead = f"{name}人民政府"
        if m := re.search(r"(?:发布日期|发文日期|发布时间)\s*[:\uff1a]?\s*(\d{4}-\d{2}-\d{2})", text):
            h.publish_date = h.publish_date or m.group(1)
        if h.signature is None and (date := signature_date(text)):
            h.signature, h.issue_date = i, date
            j = i - 1
            if j >= 0 and not paras[j].text.strip().endswith(("。", ":", "\uff1a")) and len(paras[j].text.strip()) <= 30:
                issuers.append(paras[j].text.strip())
            # the plan's own title follows the signature, on one line or several
            title = _title_after(paras, i + 1)
            if title and h.title is None:
                h.title_paras = title
                h.title = _unquote("".join(q.text.strip() for q in title))
    for value in (table.get("发文日期"), table.get("发布日期"), table.get("生成日期")):  # as the sample's: 发文日期 first
        if h.publish_date is None and value and (m := re.match(r"(\d{4})(?:年|-)(\d{1,2})(?:月|-)(\d{1,2})", value)):
            h.publish_date = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    if h.notice is None:  # a notice written only in the 索引号 table's 名称 (六盘水)
        for value in (table.get("名称"), table.get("标题")):
            if value and len(value) <= 100 and _NOTICE.search(value.replace(" ", "")):
                h.notice = re.sub(r"^【[^】]*】", "", value.replace(" ", ""))
                break
    if h.title is None and notice_title is not None:
        h.title, h.title_paras = notice_title, [notice_para] if notice_para else []
    if h.title is None:
        h.title_paras = _first_title(paras, h)
        h.title = _unquote(re.sub(r"^【[^】]*】", "", h.title_paras[0].text.strip())) if h.title_paras else None
    issuers += [x for x in (notice_issuer, h.publisher, source, masthead) if x]
    h.issuer = next((x for x in issuers if _names_its_place(x)), None)
    own_number = re.search(r"〔(\d{4})〕", h.doc_number or "")
    for text in (h.title or "", h.notice or "", own_number.group(1) + "年" if own_number else "", h.issue_date or ""):
        # a plan of several years (2022—2024年) is of its first
        if m := re.search(r"(\d{4})(?:年|[—–-]\d{4}年)|^(\d{4})-", text):
            h.year = int(m.group(1) or m.group(2))
            break
    return h


_header = read_header  # the name the readers of other layouts import

# lines of a page around the document, never its text: 【字体:大 中 小】, 打印, 全文
_FURNITURE = re.compile(r"^(?:【?字体[:\uff1a].*|【?打印(?:本页)?】?|全文|\[?关闭\]?|【关闭】)$")
_PUBLIC = re.compile(r"^[(\uff08]此件(?:公开发布|主动公开|不公开|依申请公开)[)\uff09]$")
# whom a notice is sent to: 各县、市、区人民政府,市政府各部门、各直属机构:
_ADDRESSEES = re.compile(r"^[^。]{2,120}[:\uff1a]$")


def header_lines(paras: list[Para], h: Header, first_item: int) -> set[int]:
    """The paragraphs before the first item that are the header's, beside the title's and the
    索引号 table's: the page's own lines (发布时间:, 信息来源:, 【字体:打印, 全文), the plan's own 文号
    on its line, whom the notice is sent to (各…:), (此件公开发布), the title written again after
    the signature (whole, or broken over lines), and, where the notice is not signed, its text
    between its title or addressees and the first item."""
    out: set[int] = set()
    title = re.sub(r"\s", "", h.title or "")
    opened: int | None = next((k for k, p in enumerate(paras[:first_item]) if h.notice is not None
                               and h.notice == re.sub(r"^【[^】]*】", "", p.text.strip().replace(" ", ""))), None)
    for k, p in enumerate(paras[:first_item]):
        t = re.sub(r"\s+", " ", p.text.strip())
        bare = t.replace(" ", "")
        own_number = (m := _DOC_NUMBER.match(t)) is not None and m.end() == len(t)
        addressees = _ADDRESSEES.match(bare) is not None and "各" in bare and _UNIT_LINE.match(_t2s(bare)) is None
        if (_PAGE_META.search(t) or _FURNITURE.match(bare) or _PUBLIC.match(bare) or own_number or addressees
                or (title and len(bare) >= 6 and bare in title and _is_title(bare))):
            out.add(k)
            if addressees and opened is None:
                opened = k
    if h.signature is None and opened is not None:
        # the notice's text, unsigned (the excerpt starts past it), up to the plan's own title
        titled = [k for k, p in enumerate(paras[:first_item]) if k > opened and any(p is q for q in h.title_paras)]
        out.update(range(opened + 1, titled[0] if titled else first_item))
    return out


def _unquote(title: str) -> str:
    title = title.strip()
    if title.startswith("《") and title.endswith("》") and title.count("《") == 1:
        return title[1:-1]
    return title


def _title_after(paras: list[Para], start: int) -> list[Para]:
    """The title lines after the signature: the first title-like paragraph within five (past 附件 and
    (此件公开发布)), and those that continue it (a title broken over two lines)."""
    first = next((k for k in range(start, min(start + 5, len(paras))) if _is_title(paras[k].text.strip())), None)
    if first is None:
        return []
    lines = [paras[first]]
    k = first + 1
    while k < len(paras) and _is_title(paras[k].text.strip()) and \
            len("".join(q.text.strip() for q in lines)) + len(paras[k].text.strip()) <= 60:
        lines.append(paras[k])
        k += 1
    return lines


def _first_title(paras: list[Para], h: Header) -> list[Para]:
    """A plan without notice or signature: its first title-like paragraph before its first numbered
    one, past the 索引号 table; one that a page's own line (发布时间, 来源…) follows is the page's
    title when another title-like paragraph comes right after that line (the document's own)."""
    for k, p in enumerate(paras[:20]):
        if numbering(p.text.strip()) is not None:
            return []
        if k in h.index_paras or not _is_title(p.text.strip()):
            continue
        if k + 2 < len(paras) and _PAGE_META.search(paras[k + 1].text) and _is_title(paras[k + 2].text.strip()) \
                and numbering(paras[k + 2].text.strip()) is None:
            return [paras[k + 2]]
        return [p]
    return []


def _is_title(text: str) -> bool:
    return (numbering(text) is None and 4 < len(text) <= 60 and not text.endswith(("。", ":", "\uff1a"))
            and not _DOC_NUMBER.match(text) and not text.startswith(("(", "\uff08"))
            and not _UNIT_LINE.match(_t2s(text)) and not _LEADER_LINE.match(_t2s(text))
            and _INDEX_LABEL.match(text) is None and _PAGE_META.search(text) is None
            and not text.startswith(("附件", "序号")))


def find_jurisdiction(paras: list[Para], h: Header, override: str | None) -> Jurisdiction | None:
    """The plan's place, from ``--jurisdiction``, else the masthead (鞍山市立山区人民政府文件), the issuer,
    发布机构, the title, the notice: the first that names a division of the data set, resolved to
    its full name, level and code (among divisions of one name, by the parent the header names).
    A place the data lacks is kept as written (the first one found)."""
    context = "\n".join(_t2s(p.text) for p in paras[:60])
    if override:
        return dv.resolve_jurisdiction(_t2s(override), context=context)
    written: list[str] = []
    index = dv.divisions()
    for p in paras[:10]:
        for m in _MASTHEAD.finditer(_t2s(p.text)):
            # the place the masthead names ends at its 省/市/区/县 (宁波市奉化区人民政府文件): the longest
            # name of the data ending there, else the place as written (a county the data lacks
            # under a city it has is that county, not the city)
            upto = m.string[: m.end(1)]
            name = next((upto[-n:] for n in range(min(len(upto), 24), len(m.group(1)) - 1, -1)
                         if index.lookup(upto[-n:])), None)
            written.append(name or m.group(1))
    for text in [h.issuer or "", h.publisher or "", h.title or "", h.notice or ""] + [
            p.text.strip() for p in paras[:3] if len(p.text.strip()) <= 60]:  # not a sentence citing another's
        t = _t2s(text)
        if name := index.names_at_start(t):
            written.append(name)
        written.extend(m.group(1) for m in _PLACE.finditer(t) if not set(m.group(1)) & _NOT_IN_PLACE)
    if not written:
        return _place_in_text(paras, h, context)
    unknown = [w for w in written if not index.lookup(w)]
    for name in written:
        # a division the data has, unless the plan's place is a county it lacks written right after
        # it (嘉兴市凤川区: the plan is 凤川区's, not 嘉兴市's)
        if index.lookup(name) and not any(name + u in context for u in unknown):
            return dv.resolve_jurisdiction(name, context=context)
    return dv.resolve_jurisdiction(written[0], context=context) if written else None


_jurisdiction = find_jurisdiction  # likewise

# the plan's own place in its preamble: 结合官渡区实际, 结合淮安实际 (not 结合实际, 结合我省实际)
_SUITED_TO = re.compile(r"结合(?P<place>[\u4e00-\u9fa5]{2,12}?)(?:的)?(?:实际|发展实际|实际情况)")


def _place_in_text(paras: list[Para], h: Header, context: str) -> Jurisdiction | None:
    """A plan whose header names no place: the place its preamble suits the plan to (结合官渡区实际,
    with or without the suffix: 结合淮安实际), else the one division its title names inside it
    (加快西宁市流通业发展实施意见; titles quoted in it are another plan's). Through the division data
    only, and only one place: None when there is none, a refusal when a name fits several."""
    first = next((k for k, p in enumerate(paras) if numbering(p.text.strip()) is not None), len(paras))
    for p in paras[: min(first, 10)]:
        for m in _SUITED_TO.finditer(_t2s(p.text)):
            place = m.group("place")
            if place[0] in "我本全该各" or len(place) > 8:
                continue
            if (where := dv.resolve_place(place, context=context)) is not None:
                return where
    title = re.sub(r"《[^》]*》?", "", _t2s(h.title or ""))
    index = dv.divisions()
    spans = [(i, j) for i in range(len(title)) for j in range(i + 3, min(len(title), i + 24) + 1)
             if index.lookup(title[i:j])]
    longest = [(i, j) for i, j in spans if not any(a <= i and j <= b and (a, b) != (i, j) for a, b in spans)]
    names = {title[i:j] for i, j in longest}
    if len(names) == 1:
        return dv.resolve_jurisdiction(names.pop(), context=context)
    return None


def parse_genre(raw: RawDocument, *, allow_partial: bool = False, jurisdiction: str | None = None,
                refusal: str = "") -> tuple[Document, QualityReport]:
    """Read a plan laid out as numbered items; ``refusal`` opens the one-line error when none is found.

    A plan whose items are the rows of a table (a header naming a task and a unit column) is read
    by :mod:`loaders.table_layout` instead."""
    from .table_layout import find_table, parse_table

    if (table := find_table(raw)) is not None:
        return parse_table(raw, table, allow_partial=allow_partial, jurisdiction=jurisdiction, refusal=refusal)
    paras = [b for b in raw.blocks if isinstance(b, Para) and b.text.strip()]
    h = _header(paras)
    start = h.signature + 1 if h.signature is not None else 0
    numbered = [_Numbered(i, *written) for i in range(start, len(paras))
                if (written := numbering(paras[i].text.strip()))]
    styles: list[str] = []
    for n in numbered:
        if n.style not in styles:
            styles.append(n.style)
    depth = {s: d for d, s in enumerate(styles)}
    # the styles that head a section somewhere in the plan
    parents = {n.style for k, n in enumerate(numbered[:-1]) if depth[numbered[k + 1].style] > depth[n.style]}
    items: list[tuple[_Numbered, list[str], int]] = []  # (numbered, section path, end index)
    path: list[tuple[int, str]] = []  # (depth, heading as written)
    for k, n in enumerate(numbered):
        d = depth[n.style]
        path = [(pd, t) for pd, t in path if pd < d]
        nxt = numbered[k + 1] if k + 1 < len(numbered) else None
        if nxt is not None and depth[nxt.style] > d:
            path.append((d, paras[n.index].text.strip()))
            continue
        end = (nxt.index if nxt is not None else len(paras)) - 1
        items.append((n, [t for _, t in path], end))
    readings = []
    for n, section, end in items:
        resp = _Resp()
        text_paras = [paras[n.index]]
        for j in range(n.index + 1, end + 1):
            t = _t2s(paras[j].text.strip())
            if m := _LEADER_LINE.match(t):
                line = paras[j].text.strip()
                label, rest = line[m.start("label"):m.end("label")], line[m.start("rest"):]
                resp.leaders.extend((label, x) for x in split_units(rest))
            elif m := _UNIT_LINE.match(t):
                rest = paras[j].text.strip()[m.start("rest"):]
                _assign(resp, m.group("label"), split_units(rest))
            elif not resp.empty or resp.leaders:
                continue  # after the units: the item's still, but not its text (a file cut in a label)
            else:
                text_paras.append(paras[j])
        if resp.empty:
            body = "\n".join(p.text.strip() for p in text_paras)
            found = _closing_bracket(body)
            inner = found[1] if found is not None else _unclosed_bracket(body)
            if inner is not None and (b := read_bracket(inner)) is not None:
                resp.lead, resp.support = b.lead, b.support
        if resp.empty and not resp.leaders and n.style in parents:
            continue  # a heading whose section holds prose, not items (一、总体要求)
        readings.append((n, section, end, resp))
    if not readings or all(r.empty for *_, r in readings):
        if not readings:
            raise NotAWorkPlan(f"{refusal}{LOOKED_FOR}")
    try:
        where = find_jurisdiction(paras, h, jurisdiction)
    except dv.AmbiguousJurisdiction as exc:
        raise dv.AmbiguousJurisdiction(f"{raw.name}: {exc}") from None
    if where is None:
        raise NotAWorkPlan(
            f"{raw.name}: the plan names no place (no issuer or title such as 许昌市人民政府); "
            "load it with --jurisdiction NAME (e.g. --jurisdiction 下陆区)"
        )
    report = QualityReport(raw.name)
    problems: list[str] = []
    if all(r.empty for *_, r in readings):
        problems.append(f"{len(readings)} numbered item(s) but no responsible unit anywhere")
    elif readings[-1][3].empty:
        problems.append(f"the last item ({readings[-1][0].number}, line {paras[readings[-1][0].index].line_start}) "
                        "names no responsible unit: the file looks cut")
    if problems and not allow_partial:
        raise IncompleteDocument(f"{raw.name}: incomplete: {'; '.join(problems)}; load it with --allow-partial "
                                 "to keep what it holds")
    for msg in problems:
        report.warn("incomplete", msg)
    title = h.title or raw.name
    year = f"-{h.year}" if h.year else ""
    doc_id = f"{where.name}{year}-{hashlib.sha1(title.encode()).hexdigest()[:8]}"
    kind_text = next((w for w in ("重点工作", "重点任务", "目标任务", "政策措施", "工作任务") if w in title), None)
    departments: dict[str, Department] = {}
    out: list[Item] = []
    used: set[int] = set(range(0, start))
    deadlines = 0
    for order, (n, section, end, resp) in enumerate(readings, start=1):
        first, last = paras[n.index], paras[end]
        used.update(range(n.index, end + 1))
        text = "\n".join(paras[j].text.strip() for j in range(n.index, end + 1))
        key = f"{doc_id}/item/{order}"
        src = Source(document=doc_id, section="/".join(section), line_start=first.line_start,
                     line_end=last.line_end, text=text, row=order)
        units = _unit_refs(resp, where, departments)
        leaders = tuple(LeaderRef(name=name, label=label, order=i, source=src)
                        for i, (label, name) in enumerate(resp.leaders))
        milestones = _milestones(key, text, src, int(h.issue_date[:4]) if h.issue_date else None)
        deadlines += len(milestones)
        indicators = _indicators(key, section, paras[n.index].text.strip()[len(n.number):].strip(), src)
        body = paras[n.index].text.strip()[len(n.number):].strip()
        if resp.empty:
            report.warn("item-without-units", f"item {n.number} names no responsible unit", first.line_start)
        out.append(Item(
            key=key, kind=ItemKind.TASK, number=order, name=re.split(r"[。;；]", body)[0][:60], text=text,
            area=None, units=units, cells={}, policies=(), indicators=indicators, milestones=milestones,
            places=(), source=src, number_text=n.number, section_path=tuple(section), kind_text=kind_text,
            leaders=leaders,
        ))
    headings = {n.index for n in numbered}
    header = {i for i, p in enumerate(paras) if any(p is q for q in h.title_paras)} | set(h.index_paras)
    header |= header_lines(paras, h, numbered[0].index if numbered else len(paras))
    not_understood = [p.line_start for i, p in enumerate(paras) if i not in used and i not in headings
                      and i not in header]
    unclassified = sorted({u.written for it in out for u in it.units if u.kind == "other"})
    report.stats.update({
        "document": doc_id, "title": title, "jurisdiction": where.name, **dv.report_stats(where), "layout": LAYOUT,
        "items": len(out), "items_without_units": sum(1 for it in out if not it.units),
        "units_not_classified": unclassified, "deadlines": deadlines,
        "paragraphs_not_understood": not_understood,
    })
    document = Document(
        id=doc_id, title=title, jurisdiction=where, year=h.year, index_no=h.index_no, publisher=h.publisher,
        publish_date=h.publish_date, notice=h.notice, issuer=h.issuer, issue_date=h.issue_date,
        source_name=raw.name, source_format=raw.format, content_hash=raw.content_hash, areas=(),
        area_headers=(), indicators=(), measures=(), tasks=tuple(out), reforms=(),
        departments=tuple(departments.values()), places=(),
        source=Source(doc_id, HEADER_SECTION, h.title_paras[0].line_start, h.title_paras[-1].line_end,
                      "\n".join(q.text for q in h.title_paras)) if h.title_paras else None,
        doc_number=h.doc_number, layout=LAYOUT,
    )
    return document, report


def _unit_kind(name: str) -> str:
    s = _t2s(name)
    if is_collective(s):
        return "collective"
    if s.endswith(("街道", "街道办事处", "街办")):
        return "street"
    if s.endswith(("镇", "乡")):
        return "town"
    if _UNIT_SUFFIX.search(s):
        return "department"
    return "other"


def _unit_refs(resp: _Resp, where: Jurisdiction, departments: dict[str, Department]) -> tuple[UnitRef, ...]:
    refs: list[UnitRef] = []
    seen: set[str] = set()
    for role, names in ((Role.LEAD, resp.lead), (Role.SUPPORT, resp.support)):
        for name in names:
            if name in seen:
                continue
            seen.add(name)
            kind = _unit_kind(name)
            # one department whichever script a plan writes it in: 市政府辦公室 is 市政府办公室, written so
            canonical = _t2s(name)
            refs.append(UnitRef(written=name, canonical=canonical, kind=kind, role=role, order=len(refs)))
            dkey = f"{where.name}/{canonical}"
            aliases = (name,) if name != canonical and kind != "collective" else ()
            departments.setdefault(dkey, Department(key=dkey, name=canonical, full_name=None, kind=kind,
                                                    jurisdiction=where.name, aliases=aliases, place=None))
    return tuple(refs)


def _milestones(key: str, text: str, src: Source, notice_year: int | None) -> tuple[Milestone, ...]:
    """Every deadline of the item's text (all its paragraphs), with its year where written or implied."""
    return tuple(Milestone(key=f"{key}/milestone/{n}", label=d.label, start_month=d.start_month,
                           end_month=d.end_month, text=d.text, order=n, source=src, year=d.year)
                 for n, d in enumerate(ms.deadlines(text, notice_year=notice_year, seen=_t2s(text)), start=1))


def _indicators(key: str, section: list[str], body: str, src: Source) -> tuple[Indicator, ...]:
    """The item's target: its first sentence under a …目标 heading (one target, or one per subject
    of a compound: 城镇、农村…收入分别增长5.2%、8%左右); elsewhere the counts its clauses set
    (每年培育星级上云企业50家)."""
    def indicator(n: int, t: ind.ParsedTarget, name: str | None = None, comparator: str | None = None) -> Indicator:
        return Indicator(key=f"{key}/indicator/{n}", text=t.text, name=t.name if name is None else name,
                         comparator=t.comparator if name is None else comparator, value=t.value, unit=t.unit,
                         qualifier=t.qualifier, area=None, source=src)

    if not any("目标" in s for s in section):
        return tuple(indicator(n, t) for n, t in enumerate(ind.counted_targets(body), start=1))
    sentence = re.split(r"[。;；]", body)[0]
    if compound := ind.compound_targets(sentence):
        return tuple(indicator(n, t) for n, t in enumerate(compound, start=1))
    target = ind.parse_target(sentence) or ind.text_only_target(sentence)
    if target.value is None and (m := _VALUELESS.search(sentence)) and m.start() > 0:
        # 其他主要经济指标不低于全市平均水平: a comparison without a value; 居民收入增长与…同步: the
        # name before 增长, which compares nothing here, and before the verb that keeps it so
        # (区本级外贸出口总额 | 保持适度增长)
        word = m.group(0)
        name = _KEEPS.sub("", sentence[: m.start()]) or sentence[: m.start()]
        return (indicator(1, target, name, None if word == "增长" else word),)
    return (indicator(1, target),)
