"""The Word form (.docx, as saved by Word or WPS), read with python-docx.

The body's paragraphs (``w:p``) and tables (``w:tbl``) are read in document
order; content controls (``w:sdt``) and custom-XML wrappers are looked into.
Every ``w:p`` gets the next number, body and table-cell paragraphs alike
(cells row by row, left to right): that number is the :class:`Para`'s
``line_start``/``line_end``, so provenance points at "paragraph 137".

Empty paragraphs are skipped but counted, and stand for blank lines in
``blank_before`` as in the txt form. A soft line break (Shift+Enter) splits a
paragraph into several :class:`Para` with the same number. Paragraph text
includes runs inside hyperlinks, tracked insertions, smart tags and fields'
shown results; tracked deletions, field codes and text boxes are left out.

Tables: a horizontally merged cell (``gridSpan``) is one cell, so an area header
merged across the row is a one-cell row; a vertically merged cell repeats its
content in each row it spans (python-docx's reading of ``vMerge``), with the
paragraph numbers of where it is written. Rows without text are dropped, and a
table that only frames the page (one cell in all, or cells holding tables) is
unwrapped into the body, as the HTML reader does.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Iterator
from typing import cast

import docx as python_docx
from docx.oxml.table import CT_Row, CT_Tbl
from docx.table import Table as DocxTable
from docx.table import _Row
from lxml import etree

from ..blocks import Block, Para, RawDocument
from ..errors import BinaryInput, EmptyInput
from .html import table_blocks

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P, _TBL, _TR, _TC = _W + "p", _W + "tbl", _W + "tr", _W + "tc"
_WRAPPERS = (_W + "sdt", _W + "customXml")
# inside a paragraph: elements whose text is not shown as part of it
_NOT_SHOWN = frozenset((_W + "del", _W + "moveFrom", _W + "txbxContent", _W + "pPr", _W + "rPr", _MC + "Fallback"))
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_docx(data: bytes, name: str) -> RawDocument:
    if not data.strip(b"\x00 \t\r\n"):
        raise EmptyInput(f"{name}: the file is empty; give a work plan in txt, html, docx or pdf")
    try:
        body = python_docx.Document(io.BytesIO(data)).element.body
    except Exception as exc:  # python-docx lets zip, XML and package errors of many kinds through
        raise BinaryInput(
            f"{name}: not a readable DOCX ({_why_unreadable(data, exc)}); re-save it from Word/WPS as .docx"
        ) from None
    blocks = _BodyReader(body).read()
    if not any(_has_text(b) for b in blocks):
        raise EmptyInput(f"{name}: the document has no text; give the DOCX that holds the work plan")
    return RawDocument(
        name=name,
        format="docx",
        blocks=tuple(blocks),
        content_hash=hashlib.sha256(data).hexdigest(),
    )


def _why_unreadable(data: bytes, exc: Exception) -> str:
    if data.startswith(_OLE2_MAGIC):
        return "an old binary .doc or an encrypted document, not a DOCX zip"
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return "not a zip archive" + ("; it looks like HTML" if data.lstrip()[:1] == b"<" else "")
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "a damaged zip archive"
    if "word/document.xml" not in names:
        return "a zip archive without word/document.xml"
    if "[Content_Types].xml" not in names:
        return "a zip archive without [Content_Types].xml"
    if isinstance(exc, ValueError) and "not a Word file" in str(exc):
        kind = re.search(r"content type is '([^']+)'", str(exc))
        return f"a zip archive holding {kind.group(1) if kind else 'another kind of file'}, not a Word document"
    if isinstance(exc, etree.XMLSyntaxError):
        return f"its XML is broken: {str(exc)[:100]}"
    return f"its Word package is broken ({type(exc).__name__})"


def _has_text(block: Block) -> bool:
    if isinstance(block, Para):
        return bool(block.text)
    return any(not c.empty for r in block.rows for c in r.cells)


class _BodyReader:
    def __init__(self, body: etree._Element) -> None:
        self.body = body
        self.number = 0  # paragraphs numbered so far
        self.blank = 0  # empty paragraphs since the last Para in the current container

    def read(self) -> list[Block]:
        return self._container(self.body)

    def _container(self, element: etree._Element) -> list[Block]:
        out: list[Block] = []
        for child in element:
            tag = child.tag
            if tag == _P:
                out.extend(self._paragraph(child))
            elif tag == _TBL:
                self.blank = 0
                out.extend(self._table(child))
                self.blank = 0
            elif tag in _WRAPPERS:
                content = child.find(_W + "sdtContent")
                out.extend(self._container(child if content is None else content))
        return out

    def _paragraph(self, p: etree._Element) -> list[Para]:
        self.number += 1
        out: list[Para] = []
        for line in paragraph_text(p).split("\n"):
            text = line.strip()
            if not text:
                continue
            out.append(Para(text=text, line_start=self.number, line_end=self.number, blank_before=1 + self.blank))
            self.blank = 0
        if not out:
            self.blank += 1
        return out

    def _table(self, tbl: etree._Element) -> list[Block]:
        # read every cell once, in XML order, so paragraphs are numbered as written
        content: dict[object, list[Block]] = {}
        trs = [tr for tr in _children(tbl, _TR)]
        for tr in trs:
            for tc in _children(tr, _TC):
                self.blank = 0
                content[tc] = self._container(tc)
        rows: list[list[list[Block]]] = []
        # no story part: only the grid python-docx lays the merged cells on is read
        table = DocxTable(cast(CT_Tbl, tbl), None)  # type: ignore[arg-type]
        for tr in trs:
            cells: list[list[Block]] = []
            last = None
            for tc in _row_tcs(tr, table):
                if tc is last:
                    continue  # the same merged cell again
                last = tc
                if tc not in content:
                    content[tc] = []
                cells.append(content[tc])
            rows.append(cells)
        return table_blocks(rows)


def _children(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Direct children with ``tag``, looking through content-control and custom-XML wrappers."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            content = child.find(_W + "sdtContent")
            yield from _children(child if content is None else content, tag)


def _row_tcs(tr: etree._Element, table: DocxTable) -> list[etree._Element]:
    """The row's cells as python-docx lays them out on the grid (merged cells repeated)."""
    try:
        return [cell._tc for cell in _Row(cast(CT_Row, tr), table).cells]
    except Exception:  # a malformed merge (vMerge with nothing above): take the cells as written
        return list(_children(tr, _TC))


def paragraph_text(p: etree._Element) -> str:
    """The shown text of one ``w:p``: text, tabs and line breaks, in order."""
    parts: list[str] = []
    _collect(p, parts)
    return "".join(parts)


def _collect(element: etree._Element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _NOT_SHOWN:
            continue  # comments, processing instructions, hidden content
        if tag == _W + "t":
            parts.append(child.text or "")
        elif tag == _W + "tab":
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            if child.get(_W + "type") in (None, "textWrapping"):
                parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
        elif tag == _P:
            continue  # a paragraph inside a paragraph only occurs in drawings and text boxes
        else:
            _collect(child, parts)
