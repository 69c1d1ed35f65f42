"""Render a parsed :class:`~loaders.model.Document` back to HTML or DOCX (a test helper).

For test fixtures and round trips (txt -> model -> HTML/DOCX -> model): the
output holds what the parser reads, in the order it reads it, so that parsing
it again gives the same :meth:`Document.content`:

- the header lines ``索引号 …`` and ``发布机构 … 发文日期 …``, the notice
  ``关于印发《TITLE》的通知``, a transmittal sentence (it ends in 。, so the
  issuer read from the lines just above the date stops there), the issuer line(s)
  and the date ``2022年6月30日``, then the title;
- ``二、重点任务`` and each body area ``(一)推动NAME。`` (as written in the
  source when the model holds it), ``指标目标:`` with the area's indicators and
  ``工作举措:`` with its measures;
- each annex as its label (``附件二``/``附件三``), its title and a real table:
  the header row of the seven labels, one-cell area-header rows as written
  (``经济高质量发展先行示范(12项)``) and the data rows, one paragraph per line
  of each cell.

Text the model does not keep (主要目标, 保障措施, the 附件 list) is not rendered.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass

from loaders.model import ROW_CELLS, AreaKind, Cell, Document, Item
from loaders.punctuation import CLOSE, OPEN
from loaders.tables import HEADER_LABELS

_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class _Table:
    """An annex table: rows of cells, every cell a list of paragraph texts."""

    rows: tuple[tuple[list[str], ...], ...]
    spans: tuple[bool, ...]  # True for a one-cell row spanning the table


Block = str | _Table  # a paragraph's text, or a table


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 99 -> 九十九."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def chinese_date(iso: str) -> str:
    """2022-06-30 -> 2022年6月30日."""
    year, month, day = (int(x) for x in iso.split("-"))
    return f"{year}年{month}月{day}日"


# ------------------------------------------------------------------ outline


def outline(doc: Document) -> list[Block]:
    """The paragraphs and tables of the rendered plan, in order."""
    out: list[Block] = []
    out.extend(_header(doc))
    out.extend(_body(doc))
    for label, title, kind_items, section in _annexes(doc):
        out.append(label)
        out.append(title)
        out.append(_annex_table(doc, section, kind_items))
    return out


def _header(doc: Document) -> list[str]:
    out = []
    if doc.index_no:
        out.append(f"索引号 {doc.index_no}")
    meta = []
    if doc.publisher:
        meta.append(f"发布机构 {doc.publisher}")
    if doc.publish_date:
        meta.append(f"发文日期 {doc.publish_date}")
    if meta:
        out.append(" ".join(meta))
    if doc.notice:
        out.append(doc.notice)
    if doc.issue_date:
        out.append(f"现将《{doc.title}》印发给你们,请结合实际,认真抓好落实。")
        if doc.issuer:
            out.extend(_issuer_lines(doc.issuer))
        out.append(chinese_date(doc.issue_date))
    out.append(doc.title)
    return out


def _issuer_lines(issuer: str) -> list[str]:
    """An issuer with a parenthesised co-issuer goes on two lines, as signed."""
    for open_, close in zip(OPEN, CLOSE, strict=True):
        cut = issuer.rfind(open_)
        if issuer.endswith(close) and cut > 0:
            return [issuer[:cut], issuer[cut:]]
    return [issuer]


def _body(doc: Document) -> list[str]:
    areas = _body_areas(doc)
    if not areas:
        return []
    out = ["二、重点任务"]
    for area in areas:
        indicators = [i for i in doc.indicators if i.area == area.key]
        measures = [m for m in doc.measures if m.area == area.key]
        sections = [x.source.section for x in (*measures, *indicators) if "/" in x.source.section]
        heading = sections[0].split("/", 1)[1] if sections else f"({chinese_number(area.order)})推动{area.name}"
        out.append(heading + "。")
        if indicators:
            # a compound target is one clause of several indicators: written once
            out.append("指标目标:" + ",".join(dict.fromkeys(i.text for i in indicators)) + "。")
        if measures:
            out.append("工作举措:" + "".join(m.text for m in measures))
    return out


def _body_areas(doc: Document) -> list:
    """The areas of 二、重点任务: pilot areas with body indicators or measures, or not named
    by any annex header; an annex-named area without body text counts when its order
    fills a gap between body areas."""
    pilot = [a for a in doc.areas if a.kind is AreaKind.PILOT_AREA]
    in_body = {x.area for x in (*doc.indicators, *doc.measures)}
    headed = {h.area for h in doc.area_headers}
    sure = [a for a in pilot if a.key in in_body or a.key not in headed]
    orders = {a.order for a in sure}
    top = max(orders, default=0)
    maybe = [a for a in pilot if a not in sure and a.order < top and a.order not in orders]
    return sorted(sure + maybe, key=lambda a: a.order)


def _annexes(doc: Document) -> list[tuple[str, str, tuple[Item, ...], str]]:
    """(label, title, items, section) for each annex table, in document order."""
    sections: list[str] = []
    for section in (
        *(h.section for h in doc.area_headers),
        *(t.source.section for t in doc.tasks),
        *(r.source.section for r in doc.reforms),
    ):
        if section not in sections:
            sections.append(section)
    out = []
    for section in sections:
        tasks = tuple(t for t in doc.tasks if t.source.section == section)
        reforms = tuple(r for r in doc.reforms if r.source.section == section)
        header_kinds = {a.kind for h in doc.area_headers if h.section == section for a in doc.areas if a.key == h.area}
        is_reform = bool(reforms) or (not tasks and AreaKind.REFORM_CATEGORY in header_kinds)
        if " " in section:
            label, title = section.split(" ", 1)
        else:
            label = "附件三" if is_reform else "附件二"
            title = f"{doc.year or ''}年重大改革清单" if is_reform else f"{doc.year or ''}年重点工作清单"
        out.append((label, title, reforms if is_reform else tasks, section))
    return out


def _annex_table(doc: Document, section: str, items: tuple[Item, ...]) -> _Table:
    rows: list[tuple[list[str], ...]] = [tuple([label] for label in HEADER_LABELS)]
    spans = [False]
    headers = [h for h in doc.area_headers if h.section == section]
    queue = list(items)
    pos = max(0, len(items) - sum(h.row_count for h in headers))  # rows before the first area header
    for item in queue[:pos]:
        rows.append(_row(item))
        spans.append(False)
    for header in headers:
        rows.append(([header.source.text],))
        spans.append(True)
        for item in queue[pos : pos + header.row_count]:
            rows.append(_row(item))
            spans.append(False)
        pos += header.row_count
    return _Table(tuple(rows), tuple(spans))


def _row(item: Item) -> tuple[list[str], ...]:
    name = item.cell_sources[Cell.NAME.value].text if Cell.NAME.value in item.cell_sources else item.name
    cells = [[str(item.number)], name.split("\n")]
    for cell in ROW_CELLS:
        text = item.cells.get(cell.value, "")
        cells.append(text.split("\n") if text else [])
    return tuple(cells)


# ------------------------------------------------------------------ HTML


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def to_html(doc: Document) -> str:
    """The plan as a web page: one ``<p>`` per paragraph, annexes as ``<table>``."""
    lines = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{esc(doc.title)}</title>",
        "</head>",
        "<body>",
    ]
    for block in outline(doc):
        if isinstance(block, str):
            tag = "h1" if block == doc.title else "p"
            lines.append(f"<{tag}>{esc(block)}</{tag}>")
            continue
        lines.append('<table border="1">')
        for i, (row, span) in enumerate(zip(block.rows, block.spans, strict=True)):
            cell_tag = "th" if i == 0 else "td"
            if span:
                lines.append(f'<tr><td colspan="{len(HEADER_LABELS)}">{esc(row[0][0])}</td></tr>')
                continue
            lines.append("<tr>")
            for paras in row:
                if len(paras) <= 1:
                    lines.append(f"<{cell_tag}>{esc(paras[0]) if paras else ''}</{cell_tag}>")
                else:
                    inner = "\n".join(f"<p>{esc(p)}</p>" for p in paras)
                    lines.append(f"<{cell_tag}>{inner}</{cell_tag}>")
            lines.append("</tr>")
        lines.append("</table>")
    lines += ["</body>", "</html>", ""]
    return "\n".join(lines)


# ------------------------------------------------------------------ DOCX


def to_docx(doc: Document) -> bytes:
    """The plan as a Word document: one paragraph per paragraph, annexes as real tables
    with area headers merged across the row."""
    import docx

    word = docx.Document()
    word.core_properties.title = doc.title
    for block in outline(doc):
        if isinstance(block, str):
            word.add_paragraph(block)
            continue
        table = word.add_table(rows=0, cols=len(HEADER_LABELS))
        table.style = "Table Grid"
        for row, span in zip(block.rows, block.spans, strict=True):
            cells = table.add_row().cells
            if span:
                merged = cells[0].merge(cells[-1])
                merged.paragraphs[0].text = row[0][0]
                continue
            for cell, paras in zip(cells, row, strict=True):
                for i, text in enumerate(paras):
                    if i == 0:
                        cell.paragraphs[0].text = text
                    else:
                        cell.add_paragraph(text)
    buf = io.BytesIO()
    word.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------ the genre's tables


@dataclass(frozen=True)
class GenreTable:
    """A table plan of tests/data/genre laid out again as a page with a real table, from its text.

    ``before``: the text's paragraphs above the table's header, as written; ``header``: the header
    cells as written (目  标  任  务); ``rows``: each row's cells, every cell a list of paragraph
    texts, or a section heading spanning the table (``spans``); ``rowspans``: per row, the cells
    that span several rows (a 分类 cell over its group: column -> rows spanned, 0 where the cell
    above covers it)."""

    title: str
    before: tuple[str, ...]
    header: tuple[str, ...]
    rows: tuple[tuple[list[str], ...], ...]
    spans: tuple[bool, ...]
    rowspans: tuple[dict[int, int], ...]


def genre_table(text: str, expected: dict) -> GenreTable:
    """The table of a genre document from its text and the cell boundaries read by hand in its
    expected yaml (``cells`` by column name, ``path``, ``line``): every cell's text is the text's."""
    lines = text.split("\n")
    layout = expected["layout"]
    if "header_lines" in layout:
        first = layout["header_lines"][0]
        header = tuple(lines[n - 1].strip() for n in layout["header_lines"])
    else:
        first = layout["header_line"]
        header = tuple(lines[first - 1].split())
    names = [h.replace(" ", "") for h in header]
    before = tuple(line.strip() for line in lines[: first - 1] if line.strip())
    category = names.index("分类") if "分类" in names else None
    rows: list[tuple[list[str], ...]] = []
    spans: list[bool] = []
    rowspans: list[dict[int, int]] = []
    previous_line, path = first, None
    group_start = None
    for item in expected["items"]:
        if item["path"] != path and item["path"] and category is None:
            heading = next(line.strip() for line in lines[previous_line : item["line"] - 1]
                           if line.strip().startswith(item["path"][0]))
            rows.append(([heading],))
            spans.append(True)
            rowspans.append({})
        cells = item["cells"]
        present = [k for k, n in enumerate(names) if n in cells]
        row = tuple(cells.get(n, "").split("\n") if cells.get(n) else [] for n in names[: max(present) + 1])
        spans_here: dict[int, int] = {}
        if category is not None:
            if item["path"] != path:
                group_start = len(rows)
                spans_here[category] = 1
            elif group_start is not None:
                rowspans[group_start][category] += 1
                spans_here[category] = 0
        rows.append(row)
        spans.append(False)
        rowspans.append(spans_here)
        path, previous_line = item["path"], item["end_line"]
    return GenreTable(expected["header"]["title"], before, header, tuple(rows), tuple(spans), tuple(rowspans))


def genre_table_html(table: GenreTable) -> str:
    lines = ["<!DOCTYPE html>", '<html lang="zh-CN">', '<head><meta charset="utf-8">',
             f"<title>{esc(table.title)}</title></head>", "<body>"]
    lines += [f"<p>{esc(p)}</p>" for p in table.before]
    lines.append('<table border="1">')
    lines.append("<tr>" + "".join(f"<th>{esc(h)}</th>" for h in table.header) + "</tr>")
    for row, span, rowspans in zip(table.rows, table.spans, table.rowspans, strict=True):
        if span:
            lines.append(f'<tr><td colspan="{len(table.header)}">{esc(row[0][0])}</td></tr>')
            continue
        cells = []
        for k, paras in enumerate(row):
            if rowspans.get(k, 1) == 0:
                continue  # covered by the cell above
            attr = f' rowspan="{rowspans[k]}"' if rowspans.get(k, 1) > 1 else ""
            inner = esc(paras[0]) if len(paras) == 1 else "".join(f"<p>{esc(p)}</p>" for p in paras)
            cells.append(f"<td{attr}>{inner}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines += ["</table>", "</body>", "</html>", ""]
    return "\n".join(lines)


def genre_table_docx(table: GenreTable) -> bytes:
    import docx

    word = docx.Document()
    word.core_properties.title = table.title
    for p in table.before:
        word.add_paragraph(p)
    grid = word.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
        cell.paragraphs[0].text = text
    merges: dict[int, tuple[int, int]] = {}  # column -> (first row, rows spanned)
    for row, span, rowspans in zip(table.rows, table.spans, table.rowspans, strict=True):
        cells = grid.add_row().cells
        if span:
            merged = cells[0].merge(cells[-1])
            merged.paragraphs[0].text = row[0][0]
            continue
        for k, (cell, paras) in enumerate(zip(cells, row, strict=False)):
            if rowspans.get(k, 1) > 1:
                merges[k] = (len(grid.rows) - 1, rowspans[k])
            if rowspans.get(k, 1) == 0:
                continue
            for i, text in enumerate(paras):
                if i == 0:
                    cell.paragraphs[0].text = text
                else:
                    cell.add_paragraph(text)
        for k, (start, count) in list(merges.items()):
            if len(grid.rows) - 1 == start + count - 1:
                grid.cell(start, k).merge(grid.cell(start + count - 1, k))
                del merges[k]
    buf = io.BytesIO()
    word.save(buf)
    return buf.getvalue()


def genre_table_pdf(table: GenreTable) -> bytes:
    """The page as a PDF with a text layer and a ruled table (reportlab). Its text is set in
    STSong-Light, one of the CID fonts every PDF reader knows, which is named, not embedded: the
    file holds the text (what a reader extracts) without shipping a font."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate
    from reportlab.platypus import Table as PdfTable

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("plan", fontName="STSong-Light", fontSize=10, leading=14, wordWrap="CJK")
    story: list = [Paragraph(esc(p), style) for p in table.before]
    width = len(table.header)
    data: list[list] = [[Paragraph(esc(h), style) for h in table.header]]
    commands: list[tuple] = [("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    for row, span, rowspans in zip(table.rows, table.spans, table.rowspans, strict=True):
        r = len(data)
        if span:
            data.append([Paragraph(esc(row[0][0]), style)] + [""] * (width - 1))
            commands.append(("SPAN", (0, r), (width - 1, r)))
            continue
        cells: list = []
        for k in range(width):
            paras = row[k] if k < len(row) else []
            cells.append([Paragraph(esc(p), style) for p in paras] if rowspans.get(k, 1) != 0 else "")
            if rowspans.get(k, 1) > 1:
                commands.append(("SPAN", (k, r), (k, r + rowspans[k] - 1)))
        data.append(cells)
    column = (A4[0] - 40 * mm) / width
    story.append(PdfTable(data, colWidths=[column] * width, repeatRows=1, style=commands))
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, title=table.title).build(story)
    return buf.getvalue()
