"""The government web-page form: an HTML page holding the plan, annexes as ``<table>``.

Decoding: a byte-order mark wins, then a declared charset (``<meta charset>``,
``<meta http-equiv="Content-Type" content="…; charset=…">`` or an XML
declaration), then UTF-8 and GB18030 as for txt. GB2312 and GBK declarations are
read as GB18030, their superset; a declaration that cannot hold Chinese
(ASCII, Latin-1) is taken for a mislabel and ignored.

Paragraphs: every paragraph-level element (``p``, ``div``, ``h1``–``h6``,
``li``, …) and every ``<br>``-separated line becomes a :class:`Para`; inline
markup (``span``, ``font``, ``b``, ``a``, …) does not break a paragraph. A
paragraph's ends are stripped and its inner text kept as written (entities
unescaped), except that a line break in the source, which a browser shows as a
space, becomes one space. ``line_start``/``line_end`` are the source lines of
the paragraph's first and last character. A paragraph element a browser shows
empty (``<p>&nbsp;</p>``) or a ``<br>`` on an empty line counts as a blank line
in ``blank_before``, as an empty line does in the txt form.

Tables: each ``<td>``/``<th>`` is one cell whatever its ``colspan`` (an area
header ``<td colspan="7">`` is a one-cell row); its paragraphs are the
paragraphs inside it. A ``rowspan`` cell is repeated in each row it spans, as
the DOCX reader does with vertically merged cells. Rows without text are
dropped. A table that only lays out the page — a single cell, or cells holding
other tables — is unwrapped: its content joins the surrounding text in order.

``script``, ``style``, ``head``, ``title``, ``template`` and ``noscript`` are
ignored. Markup errors (unclosed ``p``/``td``/``tr``, stray end tags, a table
never closed) do not stop the reader: it keeps what it can read.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..blocks import Block, Para, RawDocument, Table, TableCell, TableRow
from ..errors import EmptyInput, UndecodableText
from . import txt

# ------------------------------------------------------------------ decoding

_DECLARED = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)"""
    rb"""|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""",
    re.IGNORECASE,
)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030"}  # as codecs.lookup names them
_NO_CHINESE = {"ascii", "iso8859-1", "cp1252"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def declared_charset(data: bytes) -> str | None:
    """The charset the page declares in its first 16 KB, as a Python codec name."""
    m = _DECLARED.search(data[:16384])
    if not m:
        return None
    label = (m.group(1) or m.group(2)).decode("ascii").lower()
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    codec = _SUPERSETS.get(codec, codec)
    return None if codec in _NO_CHINESE else codec


def decode(data: bytes, name: str) -> str:
    if not data.strip():
        return txt.decode(data, name)  # raises EmptyInput with the common message
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                break
    declared = declared_charset(data)
    if declared:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    try:
        return txt.decode(data, name)
    except UndecodableText:
        if declared:
            raise UndecodableText(
                f"{name}: the page declares charset {declared} but its bytes decode neither as that "
                "nor as UTF-8 or GB18030; re-save the page as UTF-8"
            ) from None
        raise


# ------------------------------------------------------------------ tables


def table_blocks(rows: list[list[list[Block]]], before: list[Block] | None = None) -> list[Block]:
    """Blocks for one table read cell by cell (rows -> cells -> the blocks in each cell).

    Rows without text are dropped. A layout table (one cell in all, or a cell
    holding a table) is unwrapped into its blocks; otherwise the result is the
    ``before`` blocks (a caption, stray text) and one :class:`Table`.
    """
    out = list(before or [])
    rows = [r for r in rows if any(_has_text(b) for cell in r for b in cell)]
    if not rows:
        return out
    layout = sum(len(r) for r in rows) == 1 or any(isinstance(b, Table) for r in rows for c in r for b in c)
    if layout:
        out.extend(b for r in rows for c in r for b in c)
        return out
    out.append(Table(tuple(
        TableRow(tuple(TableCell(tuple(b for b in cell if isinstance(b, Para))) for cell in row)) for row in rows
    )))
    return out


def _has_text(block: Block) -> bool:
    if isinstance(block, Para):
        return bool(block.text)
    return any(not c.empty for r in block.rows for c in r.cells)


# ------------------------------------------------------------------ parsing

_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd section article aside header footer main nav figure figcaption "
    "blockquote address center form fieldset legend body html caption thead tbody tfoot details summary "
    "option pre".split()
)
_VOID_BREAKS = frozenset(("hr",))
_SKIP_TAGS = frozenset("script style head title template noscript".split())
_SOURCE_BREAK = re.compile(r"[ \t\f]*[\r\n][ \t\r\n\f]*")
_ASCII_SPACE = " \t\n\r\f"


@dataclass
class _OpenTable:
    rows: list[list[tuple[list[Block], int, int]]] = field(default_factory=list)  # (blocks, colspan, rowspan)
    row: list[tuple[list[Block], int, int]] | None = None
    cell: list[Block] | None = None
    before: list[Block] = field(default_factory=list)  # a caption, text outside any cell

    def close_row(self) -> None:
        self.cell = None
        if self.row is not None:
            self.rows.append(self.row)
        self.row = None

    def open_cell(self, attrs: list[tuple[str, str | None]]) -> None:
        if self.row is None:
            self.row = []
        self.cell = []
        self.row.append((self.cell, _span(attrs, "colspan"), _span(attrs, "rowspan")))

    def grid(self) -> list[list[list[Block]]]:
        """Rows of cells, each cell once whatever its colspan; a cell spanning rows
        is repeated in each row it spans, at its column, as python-docx reads a
        vertically merged Word cell."""
        out: list[list[list[Block]]] = []
        pending: dict[int, tuple[list[Block], int, int]] = {}  # column -> (blocks, colspan, rows left)

        def carry(cells: list[list[Block]], col: int) -> int:
            while col in pending:
                blocks, colspan, left = pending.pop(col)
                cells.append(blocks)
                if left > 1:
                    pending[col] = (blocks, colspan, left - 1)
                col += colspan
            return col

        for row in self.rows:
            cells: list[list[Block]] = []
            col = 0
            for blocks, colspan, rowspan in row:
                col = carry(cells, col)
                cells.append(blocks)
                if rowspan > 1:
                    pending[col] = (blocks, colspan, rowspan - 1)
                col += colspan
            col = carry(cells, col)
            for later in sorted(c for c in pending if c > col):  # spans past this row's last cell
                col = carry(cells, later)
            out.append(cells)
        return out


def _span(attrs: list[tuple[str, str | None]], name: str) -> int:
    value = dict(attrs).get(name) or "1"
    digits = re.match(r"\s*(\d+)", value)
    n = int(digits.group(1)) if digits else 1
    return n if 0 < n < 1000 else (1000 if n == 0 and name == "rowspan" else 1)


@dataclass
class _Open:
    """A paragraph-level element being read, with the counters at its start."""

    tag: str
    text: int
    lines: int
    visible_blank: int


class _PageReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.tables: list[_OpenTable] = []
        self.chunks: list[tuple[str, int]] = []  # the line being read: text pieces and their source lines
        self.skipping: list[str] = []
        self.opened: list[_Open] = []
        self.pre = 0
        self.text = 0  # pieces of visible text read so far
        self.visible_blank = 0  # whitespace-only pieces a browser shows (&nbsp;, U+3000)
        self.lines = 0  # paragraphs and blank lines produced so far
        self.blank = 0  # blank lines since the last paragraph

    # -- where text goes -------------------------------------------------------

    def _sink(self) -> list[Block]:
        if not self.tables:
            return self.blocks
        table = self.tables[-1]
        return table.cell if table.cell is not None else table.before

    def _flush(self) -> None:
        chunks, self.chunks = self.chunks, []
        text = "".join(t for t, _ in chunks)
        first = next((i for i, ch in enumerate(text) if not ch.isspace()), None)
        if first is None:
            return
        last = next(i for i in range(len(text) - 1, -1, -1) if not text[i].isspace())
        self._sink().append(Para(
            text=_SOURCE_BREAK.sub(" ", text[first : last + 1]),
            line_start=_line_at(chunks, first),
            line_end=_line_at(chunks, last),
            blank_before=1 + self.blank,
        ))
        self.blank = 0
        self.lines += 1

    def _blank_line(self) -> None:
        self.chunks = []
        self.blank += 1
        self.lines += 1

    def _boundary(self) -> None:
        """A cell, row or table edge: paragraphs inside start afresh."""
        self._flush()
        self.blank = 0
        self.opened = []

    # -- callbacks -------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping:
            if self.skipping[-1] == "head" and (tag == "body" or tag in _BLOCK_TAGS or tag in ("table", "td", "th")):
                self.skipping.pop()  # a page that never closes its head
            else:
                if tag in _SKIP_TAGS:
                    self.skipping.append(tag)
                return
        if tag in _SKIP_TAGS:
            self._flush()
            self.skipping.append(tag)
        elif tag == "br":
            self._line_break()
        elif tag == "table":
            self._boundary()
            self.tables.append(_OpenTable())
        elif tag == "tr":
            self._boundary()
            if self.tables:
                self.tables[-1].close_row()
                self.tables[-1].row = []
        elif tag in ("td", "th"):
            self._boundary()
            if self.tables:
                self.tables[-1].open_cell(attrs)
        elif tag in _VOID_BREAKS:
            self._flush()
        elif tag in _BLOCK_TAGS:
            self._flush()
            if tag == "p" and self.opened and self.opened[-1].tag == "p":
                self._close_element("p")  # <p> ends an open <p>
            if tag == "pre":
                self.pre += 1
            self.opened.append(_Open(tag, self.text, self.lines, self.visible_blank))

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag in self.skipping:
                while self.skipping.pop() != tag:
                    pass
            return
        if tag == "br":  # a stray </br> is a line break to browsers too
            self._line_break()
        elif tag == "table":
            self._boundary()
            if self.tables:
                self._end_table()
        elif tag == "tr":
            self._boundary()
            if self.tables:
                self.tables[-1].close_row()
        elif tag in ("td", "th"):
            self._boundary()
            if self.tables:
                self.tables[-1].cell = None
        elif tag in _BLOCK_TAGS:
            self._flush()
            self._close_element(tag)
            if tag == "pre":
                self.pre = max(0, self.pre - 1)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <hr/>, <meta … />: one event; a self-closed <p/> or <script/> opens and closes
        self.handle_starttag(tag, attrs)
        if tag not in ("br",) and tag not in _VOID_BREAKS:
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self.skipping or not data:
            return
        line = self.getpos()[0]
        if self.pre:
            for i, piece in enumerate(data.split("\n")):
                if i:
                    self._line_break()
                if piece:
                    self._text(piece, line + i)
            return
        self._text(data, line)

    # -- helpers ---------------------------------------------------------------

    def _text(self, data: str, line: int) -> None:
        self.chunks.append((data, line))
        if not data.isspace():
            self.text += 1
        elif data.strip(_ASCII_SPACE):
            self.visible_blank += 1

    def _line_break(self) -> None:
        if any(not t.isspace() for t, _ in self.chunks):
            self._flush()
        else:
            self._blank_line()  # <br> on an empty line shows an empty line

    def _close_element(self, tag: str) -> None:
        for i in range(len(self.opened) - 1, -1, -1):
            el = self.opened[i]
            if el.tag == tag:
                if el.text == self.text and el.lines == self.lines and el.visible_blank != self.visible_blank:
                    self._blank_line()  # <p>&nbsp;</p>: a visible empty paragraph
                del self.opened[i:]
                return

    def _end_table(self) -> None:
        table = self.tables.pop()
        table.close_row()
        self._sink().extend(table_blocks(table.grid(), table.before))

    def finish(self) -> list[Block]:
        self.close()
        self._flush()
        while self.tables:
            self._end_table()
        return self.blocks


def _line_at(chunks: list[tuple[str, int]], index: int) -> int:
    """The source line of character ``index`` of the joined chunks."""
    offset = 0
    for text, line in chunks:
        if index < offset + len(text):
            return line + text.count("\n", 0, index - offset)
        offset += len(text)
    text, line = chunks[-1]
    return line + text.count("\n")


def read_html(data: bytes, name: str) -> RawDocument:
    text = decode(data, name)
    reader = _PageReader()
    reader.feed(text)
    blocks = reader.finish()
    if not any(_has_text(b) for b in blocks):
        raise EmptyInput(f"{name}: the page has markup but no text; give the page that holds the work plan")
    return RawDocument(
        name=name,
        format="html",
        blocks=tuple(blocks),
        content_hash=hashlib.sha256(data).hexdigest(),
    )
