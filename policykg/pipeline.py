"""Files -> parsed documents -> graph: the load pipeline behind ``policykg load``.

Every file is read and parsed before anything is written, so a bad file stops
the whole command with nothing written; then each document is written in its
own transaction (whole or not at all).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from graph.driver import Connection
from graph.schema import ensure_schema
from graph.writer import WriteResult, write_document
from loaders import LoadError, load_file
from loaders.errors import StrictModeFailure
from loaders.model import Document
from loaders.read import SUPPORTED
from loaders.report import QualityReport

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Parsed:
    path: Path
    document: Document
    report: QualityReport
    seconds: float


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; a directory stands for the plans directly inside it."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in SUPPORTED)
            if not found:
                raise LoadError(f"{path}: no .txt, .html or .docx files in this directory")
            out.extend(found)
        else:
            out.append(path)
    if not out:
        raise LoadError("no files given; name one or more work plans (txt, html or docx)")
    return out


def parse_all(paths: list[Path], *, strict: bool = False, progress: Progress | None = None) -> list[Parsed]:
    """Parse every file; collect every failure and raise them together."""
    parsed: list[Parsed] = []
    failures: list[str] = []
    for path in paths:
        started = time.perf_counter()
        try:
            document, report = load_file(path)
        except LoadError as exc:
            failures.append(str(exc))
        else:
            parsed.append(Parsed(path, document, report, time.perf_counter() - started))
        if progress:
            progress(path.name)
    if failures:
        head = f"{len(failures)} of {len(paths)} file(s) could not be loaded; nothing was written"
        raise LoadError(head + ":\n  " + "\n  ".join(failures))
    seen: dict[str, Path] = {}
    for p in parsed:
        if p.document.id in seen:
            raise LoadError(
                f"{p.path} and {seen[p.document.id]} are the same plan ({p.document.title}); "
                "load one version at a time; nothing was written"
            )
        seen[p.document.id] = p.path
    if strict:
        problems = [f"{p.path.name}: [{f.code}] {f.message}" for p in parsed for f in p.report.warnings]
        if problems:
            raise StrictModeFailure(
                f"--strict: {len(problems)} warning(s); nothing was written (run with --dry-run to see the full "
                "report):\n  " + "\n  ".join(problems)
            )
    return parsed


def write_all(conn: Connection, parsed: list[Parsed], *, force: bool = False,
              progress: Progress | None = None) -> list[WriteResult]:
    ensure_schema(conn)
    results = []
    for p in parsed:
        results.append(write_document(conn, p.document, force=force))
        if progress:
            progress(p.path.name)
    return results
