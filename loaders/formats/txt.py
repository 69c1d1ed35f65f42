"""The scraped text form: one paragraph per line, blank lines between paragraphs.

Decoding lives here: UTF-8 first (with or without BOM), then GB18030, which
covers GBK and GB2312 as published by many government sites.
"""

from __future__ import annotations

import hashlib

from ..blocks import Para, RawDocument
from ..errors import BinaryInput, EmptyInput, UndecodableText


def decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise EmptyInput(f"{name}: the file is empty; give a work plan in txt, html, docx or pdf")
    if b"\x00" in data[:4096]:
        raise BinaryInput(
            f"{name}: binary data, not text; give the plan as UTF-8 or GB18030 text, HTML or DOCX"
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UndecodableText(f"{name}: neither UTF-8 nor GB18030; re-save the file as UTF-8")


def read_txt(data: bytes, name: str) -> RawDocument:
    text = decode(data, name)
    return RawDocument(
        name=name,
        format="txt",
        blocks=tuple(paragraphs(text)),
        content_hash=hashlib.sha256(data).hexdigest(),
    )


def paragraphs(text: str) -> list[Para]:
    """Split text into paragraphs, counting the blank lines before each."""
    out: list[Para] = []
    blank = 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            blank += 1
            continue
        out.append(Para(text=stripped, line_start=number, line_end=number, blank_before=blank))
        blank = 0
    return out
