"""PDF with a text layer: its lines as paragraphs and its ruled tables as tables (pdfplumber).

Each page is read top to bottom: the text outside any table, a :class:`Para` per paragraph (a line
that fills the text's width runs on into the next), and each
table pdfplumber finds from the page's ruling lines, cell by cell, as a :class:`Table`. A line
numbers a paragraph across the whole file (as DOCX paragraphs are numbered). Inside a cell, a line
that runs to the cell's right edge wraps into the next one (joined); a shorter line ends its
paragraph. A cell pdfplumber reports as covered by a merged one is a cell spanning columns (left
out of the row, as an HTML colspan is) or rows (its text repeated from the row above, as a merged
Word cell is read).

A PDF whose pages hold no text (scanned pages: images only) cannot be read without OCR; it gets
one error saying so. Page furniture (a page number line such as ``- 3 -``) is a paragraph like any
other; the layouts skip what they do not understand and report it.
"""

from __future__ import annotations

import hashlib
import io
import re
from typing import Any

from ..blocks import Block, Para, RawDocument, Table, TableCell, TableRow
from ..errors import BinaryInput, EmptyInput, UnsupportedFormat

# a line ending this close to its cell's right edge (in points) runs on into the next line
_WRAP_SLACK = 1.6  # in characters of the line's own size
# a cell's padding on its right, in characters: a line wraps when the next line's first word would
# not have fitted between its end and the padding
_CELL_PADDING = 0.6
_IDEOGRAPH = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# what may not open a line: the word it closes moves down with it (3.5%。, 增长,)
_CLOSING = set("。,，、;；:：)）》〉」』】〕]!！?？%％”’")


def read_pdf(data: bytes, name: str) -> RawDocument:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    if not data.strip(b"\x00 \t\r\n"):
        raise EmptyInput(f"{name}: the file is empty; give a work plan in txt, html, docx or pdf")
    if not data.lstrip()[:5] == b"%PDF-":
        raise BinaryInput(f"{name}: not a PDF (no %PDF- header); give the plan as a PDF, txt, html or docx file")
    blocks: list[Block] = []
    line = 0
    images = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                images += len(page.images)
                page_blocks, line = _page(page, line)
                blocks.extend(page_blocks)
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise BinaryInput(f"{name}: not a readable PDF ({type(exc).__name__}); re-export it as PDF") from None
    except Exception as exc:  # pdfminer raises its own errors of many kinds for a damaged file
        if type(exc).__module__.startswith(("pdfminer", "pdfplumber")):
            raise BinaryInput(f"{name}: not a readable PDF ({type(exc).__name__}); re-export it as PDF") from None
        raise
    if not any(isinstance(b, Table) or b.text for b in blocks):
        if images:
            raise UnsupportedFormat(
                f"{name}: the PDF has no text layer (its pages are images: {images} image(s), a scan); "
                "it needs OCR first: run OCR on it (e.g. ocrmypdf) and load the PDF with text it writes"
            )
        raise EmptyInput(f"{name}: the PDF has no text; give the PDF that holds the work plan")
    return RawDocument(name=name, format="pdf", blocks=tuple(blocks), content_hash=hashlib.sha256(data).hexdigest())


def _page(page: Any, line: int) -> tuple[list[Block], int]:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj: dict[str, Any]) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    placed: list[tuple[float, int, Any]] = []  # (top, order, a text line or a table)
    lines = page.filter(outside).extract_text_lines()
    left = min((t["x0"] for t in lines), default=0.0)
    right = max((t["x1"] for t in lines), default=0.0)
    if boxes and lines:
        # short lines only (a title, a page's 来源 line above a table): the text is as wide as the
        # table under it, up to a right margin as wide as the left one
        right = max(right, min(float(page.width) - left, max(b[2] for b in boxes)))
    joined: list[dict[str, Any]] = []
    wraps = False
    for text_line in lines:
        between = joined and any(joined[-1]["bottom"] <= box[1] <= text_line["top"] for box in boxes)
        if wraps and joined and not between:
            joined[-1] = {**joined[-1], "text": joined[-1]["text"] + text_line["text"], "bottom": text_line["bottom"]}
        else:
            joined.append(dict(text_line))
        # a line that fills the text's width runs on into the next one (a paragraph wrapped)
        size = max((c["size"] for c in text_line.get("chars", [])), default=10.0)
        wraps = (text_line["x1"] >= right - _WRAP_SLACK * size
                 and text_line["x1"] - text_line["x0"] >= 0.75 * (right - left))
    for k, text_line in enumerate(joined):
        placed.append((text_line["top"], k, text_line))
    for k, table in enumerate(tables):
        placed.append((table.bbox[1], 100000 + k, table))
    out: list[Block] = []
    for _, _, thing in sorted(placed, key=lambda p: (p[0], p[1])):
        if isinstance(thing, dict):
            text = re.sub(r"\s+", " ", thing["text"]).strip()
            if text:
                line += 1
                out.append(Para(text=text, line_start=line, line_end=line))
            continue
        rows, line = _table(page, thing, line)
        if rows:
            out.append(Table(tuple(rows)))
    return out, line


def _table(page: Any, table: Any, line: int) -> tuple[list[TableRow], int]:
    rows: list[TableRow] = []
    last: dict[int, tuple[float, TableCell]] = {}  # column -> (bottom of its cell, the cell)
    for row in table.rows:
        top = row.bbox[1]
        cells: list[TableCell] = []
        for k, bbox in enumerate(row.cells):
            if bbox is None:
                if k in last and last[k][0] > top + 1:
                    cells.append(last[k][1])  # a cell merged with the one above: read in each row it spans
                continue  # merged with the cell to its left: read once
            paras: list[Para] = []
            for text in _cell_paragraphs(page, bbox):
                line += 1
                paras.append(Para(text=text, line_start=line, line_end=line))
            cell = TableCell(tuple(paras))
            last[k] = (bbox[3], cell)
            cells.append(cell)
        if cells:
            rows.append(TableRow(tuple(cells)))
    return rows, line


def _cell_paragraphs(page: Any, bbox: tuple[float, float, float, float]) -> list[str]:
    x0, top, x1, bottom = bbox
    inner = page.within_bbox((x0, top, x1, bottom), strict=False)
    out: list[str] = []
    before: dict[str, Any] | None = None  # the line before, while its paragraph may go on
    for text_line in inner.extract_text_lines():
        text = re.sub(r"\s+", " ", text_line["text"]).strip()
        if not text:
            continue
        if before is not None and out and _wrapped(before, text_line, x1):
            out[-1] += text  # a wrapped line joins as written: no space is invented between them
        else:
            out.append(text)
        before = text_line
    return out


def _wrapped(before: dict[str, Any], line: dict[str, Any], right: float) -> bool:
    """Whether ``line`` goes on the paragraph of the line ``before`` it in a cell whose right edge
    is ``right``: the line before ends at the edge, or the first word of this one (3.5%。, (R&D),
    a character and the punctuation it carries) would not have fitted in the room it left."""
    size = max((c["size"] for c in before.get("chars", [])), default=10.0)
    if before["x1"] >= right - _WRAP_SLACK * size:
        return True
    return bool(before["x1"] + _first_word_width(line) >= right - _CELL_PADDING * size)


def _first_word_width(line: dict[str, Any]) -> float:
    """The width of what a line breaker keeps together at the start of ``line``: a run of letters,
    digits and signs (3.5%, (R&D)), or one ideograph; with the punctuation that may not open a line."""
    chars = [c for c in line.get("chars", []) if c["text"].strip()]
    if not chars:
        return 0.0
    end = 0
    if _IDEOGRAPH.match(chars[0]["text"]):
        end = 1
    else:
        while end < len(chars) and not _IDEOGRAPH.match(chars[end]["text"]) and \
                (end == 0 or chars[end]["x0"] - chars[end - 1]["x1"] < 0.3 * chars[end]["size"]):
            end += 1  # a word ends at a space (an ASCII text's words) or at an ideograph
    while end < len(chars) and chars[end]["text"] in _CLOSING:
        end += 1
    return float(chars[end - 1]["x1"] - chars[0]["x0"])
