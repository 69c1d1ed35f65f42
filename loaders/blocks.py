"""Format-neutral blocks: what every reader (txt, html, docx) hands to the parser.

A reader turns bytes into a flat list of :class:`Para` and :class:`Table` blocks
with their positions; it knows nothing of work plans. The parser then reads the
plan out of those blocks without asking which format they came from.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Para:
    """One paragraph: its text (stripped) and its 1-based line (or paragraph) span.

    ``blank_before`` counts the empty lines right before it in a flattened text;
    in the scraped txt form one blank line separates paragraphs and each extra one
    stands for an empty table cell.
    """

    text: str
    line_start: int
    line_end: int
    blank_before: int = 1


@dataclass(frozen=True)
class TableCell:
    paras: tuple[Para, ...]

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paras)

    @property
    def empty(self) -> bool:
        return not any(p.text for p in self.paras)


@dataclass(frozen=True)
class TableRow:
    cells: tuple[TableCell, ...]


@dataclass(frozen=True)
class Table:
    rows: tuple[TableRow, ...]


Block = Para | Table


@dataclass(frozen=True)
class RawDocument:
    name: str  # file name, for messages and provenance
    format: str  # txt / html / docx
    blocks: tuple[Block, ...]
    content_hash: str
