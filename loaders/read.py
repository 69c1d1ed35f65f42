"""Entry points: a path or bytes -> (Document, QualityReport).

``parse_bytes`` does the work; ``load_file`` only reads the file. The format is
chosen by extension (txt, html, docx, pdf), and sniffed for files without a known one.

Only regular files are read, and no input over ``POLICYKG_MAX_INPUT_MB``
megabytes (default 64, far above any real plan: the sample is 0.2 MB) is parsed:
a FIFO named ``plan.txt`` would block the read forever and ``/dev/zero`` behind a
symlink would read until memory runs out.
"""

from __future__ import annotations

import errno
import gc
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .blocks import RawDocument
from .errors import InputTooLarge, LoadError, NotARegularFile, UnsupportedFormat
from .model import Document
from .parse import parse
from .report import QualityReport

SUPPORTED = (".txt", ".html", ".htm", ".docx", ".pdf")

MAX_INPUT_ENV = "POLICYKG_MAX_INPUT_MB"
DEFAULT_MAX_INPUT_MB = 64


def max_input_bytes() -> int:
    """The size bound on one input, from ``POLICYKG_MAX_INPUT_MB`` (megabytes, default 64)."""
    raw = os.environ.get(MAX_INPUT_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_INPUT_MB * 1024 * 1024
    try:
        megabytes = float(raw)
    except ValueError:
        raise LoadError(f"{MAX_INPUT_ENV}={raw!r} is not a number; set it to a size in megabytes, e.g. 64") from None
    if megabytes <= 0:
        raise LoadError(f"{MAX_INPUT_ENV}={raw!r} must be above 0; set it to a size in megabytes, e.g. 64")
    return int(megabytes * 1024 * 1024)


def _too_large(name: str, size: int | None, limit: int) -> InputTooLarge:
    what = f"{size / 1024 / 1024:.1f} MB" if size is not None else "more"
    return InputTooLarge(
        f"{name}: {what}, over the {limit / 1024 / 1024:g} MB limit on one input; "
        f"a larger plan can be loaded with {MAX_INPUT_ENV} set higher (e.g. {MAX_INPUT_ENV}=256)"
    )


def read_raw(data: bytes, name: str) -> RawDocument:
    suffix = Path(name).suffix.lower()
    if suffix in (".html", ".htm") or (suffix not in SUPPORTED and data.lstrip()[:15].lower().startswith((b"<!doctype", b"<html"))):
        from .formats.html import read_html

        return read_html(data, name)
    if suffix == ".pdf" or (suffix not in SUPPORTED and data.lstrip()[:5] == b"%PDF-"):
        from .formats.pdf import read_pdf

        return read_pdf(data, name)
    if suffix == ".docx" or (suffix not in SUPPORTED and data[:2] == b"PK"):
        from .formats.docx import read_docx

        return read_docx(data, name)
    # what is left is .txt, or an extension we do not know and whose bytes are neither HTML nor DOCX
    if suffix not in (".txt", "", ".text", ".md"):
        raise UnsupportedFormat(f"{name}: unsupported file type {suffix!r}; give a .txt, .html, .docx or .pdf work plan")
    from .formats.txt import read_txt

    return read_txt(data, name)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Parsing allocates millions of small objects on a large plan, none of them in reference
    cycles; the cyclic collector's full passes over them find nothing and made parsing 100 times
    the sample cost 1.26 times as much per kilobyte as the sample (0.99 with the passes paused;
    benchmarks/README.md). Reference counting still frees everything as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_bytes(data: bytes, name: str, *, allow_partial: bool = False,
                jurisdiction: str | None = None) -> tuple[Document, QualityReport]:
    limit = max_input_bytes()
    if len(data) > limit:
        raise _too_large(name, len(data), limit)
    with _cyclic_gc_paused():
        result = parse(read_raw(data, name), allow_partial=allow_partial, jurisdiction=jurisdiction)
    return result.document, result.report


_KINDS = {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
          stat.S_IFSOCK: "a socket"}


def read_file(path: str | Path) -> bytes:
    """The bytes of a regular file of at most :func:`max_input_bytes`; one-line errors otherwise."""
    p = Path(path)
    limit = max_input_bytes()
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; the kind is checked on the open file
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise LoadError(f"{p}: no such file; check the path") from None
    except IsADirectoryError:
        raise LoadError(f"{p}: is a directory; give the plan files inside it (e.g. {p}/*.txt)") from None
    except PermissionError:
        raise LoadError(f"{p}: permission denied; check the file's permissions") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise LoadError(f"{p}: a loop of symbolic links; point the link at the plan file itself") from None
        raise LoadError(f"{p}: cannot be opened ({exc.strerror}); check the path") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise LoadError(f"{p}: is a directory; give the plan files inside it (e.g. {p}/*.txt)")
        if not stat.S_ISREG(info.st_mode):
            kind = _KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
            raise NotARegularFile(f"{p}: is {kind}, not a regular file; give the plan as a .txt, .html, .docx or .pdf file")
        if info.st_size > limit:
            raise _too_large(str(p), info.st_size, limit)
        with os.fdopen(fd, "rb", closefd=True) as f:
            fd = -1
            data = f.read(limit + 1)
    except OSError as exc:
        raise LoadError(f"{p}: cannot be read ({exc.strerror}); check the file") from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > limit:  # it grew while being read
        raise _too_large(str(p), None, limit)
    return data


def load_file(path: str | Path, *, allow_partial: bool = False,
              jurisdiction: str | None = None) -> tuple[Document, QualityReport]:
    """``jurisdiction``: the place of a plan that names none (``policykg load --jurisdiction``)."""
    p = Path(path)
    return parse_bytes(read_file(p), p.name, allow_partial=allow_partial, jurisdiction=jurisdiction)
