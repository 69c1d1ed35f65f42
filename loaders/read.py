"""Entry points: a path or bytes -> (Document, QualityReport).

``parse_bytes`` does the work; ``load_file`` only reads the file. The format is
chosen by extension, and sniffed for files without a known one.
"""

from __future__ import annotations

from pathlib import Path

from .blocks import RawDocument
from .errors import LoadError, UnsupportedFormat
from .model import Document
from .parse import parse
from .report import QualityReport

SUPPORTED = (".txt", ".html", ".htm", ".docx")


def read_raw(data: bytes, name: str) -> RawDocument:
    suffix = Path(name).suffix.lower()
    if suffix in (".html", ".htm") or (suffix not in SUPPORTED and data.lstrip()[:15].lower().startswith((b"<!doctype", b"<html"))):
        from .formats.html import read_html

        return read_html(data, name)
    if suffix == ".docx" or (suffix not in SUPPORTED and data[:2] == b"PK"):
        from .formats.docx import read_docx

        return read_docx(data, name)
    if suffix in (".txt", "") or suffix not in SUPPORTED:
        if suffix not in (".txt", "", ".text", ".md"):
            raise UnsupportedFormat(
                f"{name}: unsupported file type {suffix!r}; give a .txt, .html or .docx work plan"
            )
        from .formats.txt import read_txt

        return read_txt(data, name)
    raise UnsupportedFormat(f"{name}: unsupported file type {suffix!r}; give a .txt, .html or .docx work plan")


def parse_bytes(data: bytes, name: str) -> tuple[Document, QualityReport]:
    result = parse(read_raw(data, name))
    return result.document, result.report


def load_file(path: str | Path) -> tuple[Document, QualityReport]:
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise LoadError(f"{p}: no such file; check the path") from None
    except IsADirectoryError:
        raise LoadError(f"{p}: is a directory; give the plan files inside it (e.g. {p}/*.txt)") from None
    except PermissionError:
        raise LoadError(f"{p}: permission denied; check the file's permissions") from None
    return parse_bytes(data, p.name)
