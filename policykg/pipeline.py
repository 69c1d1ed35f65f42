"""Files -> parsed documents -> graph: the load pipeline behind ``policykg load``.

Every file is read and parsed before anything is written, so a bad file stops
the whole command with nothing written; then each new version is compared with
the loaded one (:func:`diff`), and a version that would lose items, areas or
tables is refused unless ``replace`` is given, again before anything is written.
Then the documents are written, several to a transaction and each whole or not at
all (``graph.writer.write_documents``), and reported as they commit: when the batch
stops half-way, the error names the documents that are in.

Many files are parsed in worker processes (one per core), which also flatten each
model into the writer's rows; the results come back in the files' order and are the
ones a single process makes.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.driver import Database
from graph.errors import GraphError
from graph.schema import ensure_schema
from graph.writer import (
    DocumentShape,
    ItemShape,
    Rows,
    WriteResult,
    loaded_hashes,
    loaded_shape,
    rows_for,
    shape_of,
    write_documents,
)
from loaders import LoadError, load_file
from loaders.errors import StrictModeFailure
from loaders.model import Document
from loaders.read import SUPPORTED
from loaders.report import QualityReport

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


class ReplacementRefused(LoadError):
    """A new version would lose items, areas or tables of the loaded one; ``--replace`` allows it."""


class BatchInterrupted(LoadError):
    """Writing stopped part-way through a batch; the message names what was written."""


@dataclass(frozen=True)
class Parsed:
    path: Path
    document: Document
    report: QualityReport
    seconds: float
    #: ``graph.writer.rows_for(document)``, made where it was parsed
    rows: Rows | None = None


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; a directory stands for the plans directly inside it."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in SUPPORTED)
            if not found:
                raise LoadError(f"{path}: no .txt, .html, .docx or .pdf files in this directory")
            out.extend(found)
        else:
            out.append(path)
    if not out:
        raise LoadError("no files given; name one or more work plans (txt, html, docx or pdf)")
    return out


#: Fewer files than this are parsed in this process: starting workers costs more.
POOL_MIN_FILES = 8


def default_workers(files: int) -> int:
    """Worker processes for parsing ``files`` files: one per core, none for a few files."""
    return 1 if files < POOL_MIN_FILES else max(1, min(os.cpu_count() or 1, files))


def _parse_one(job: tuple[Path, bool, str | None]) -> tuple[Path, Document, QualityReport, float, Rows] | str:
    """Parse one file and make its rows (in a worker process); a LoadError as its message."""
    path, allow_partial, jurisdiction = job
    started = time.perf_counter()
    try:
        document, report = load_file(path, allow_partial=allow_partial, jurisdiction=jurisdiction)
    except LoadError as exc:
        return str(exc)
    rows = rows_for(document)
    return path, document, report, time.perf_counter() - started, rows


def parse_all(paths: list[Path], *, strict: bool = False, allow_partial: bool = False,
              progress: Progress | None = None, jurisdiction: str | None = None,
              workers: int | None = None) -> list[Parsed]:
    """Parse every file; collect every failure and raise them together.

    ``workers`` processes parse (default :func:`default_workers`); the results keep the
    files' order."""
    parsed: list[Parsed] = []
    failures: list[str] = []
    count = default_workers(len(paths)) if workers is None else max(1, workers)
    jobs = [(path, allow_partial, jurisdiction) for path in paths]
    if count > 1:
        # forked: the workers start with the loaders imported; `policykg load` parses before
        # it opens a driver, so no driver thread is forked
        with multiprocessing.get_context("fork").Pool(count) as pool:
            outcomes = list(_collect(pool.imap(_parse_one, jobs, chunksize=4), paths, progress))
    else:
        outcomes = list(_collect(map(_parse_one, jobs), paths, progress))
    for outcome in outcomes:
        if isinstance(outcome, str):
            failures.append(outcome)
        else:
            path, document, report, seconds, rows = outcome
            parsed.append(Parsed(path, document, report, seconds, rows))
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


@dataclass(frozen=True)
class Diff:
    """A new version against the loaded one: items by key, areas and tables by name."""

    document: str
    added: list[str]
    removed: list[str]
    changed: list[str]
    areas_removed: list[str]
    tables_removed: list[str]
    old: DocumentShape
    new: DocumentShape

    @property
    def loses(self) -> bool:
        """The new version is a structural subset: it drops items, areas or tables."""
        return bool(self.removed or self.areas_removed or self.tables_removed)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.areas_removed or self.tables_removed)

    def summary(self) -> str:
        return (f"items {len(self.added)} added, {len(self.removed)} removed, {len(self.changed)} changed"
                + (f"; areas removed: {'、'.join(self.areas_removed)}" if self.areas_removed else "")
                + (f"; tables removed: {'、'.join(self.tables_removed)}" if self.tables_removed else ""))

    def render(self, limit: int = 10) -> str:
        """The summary, then the items added, removed and changed (the first ``limit`` of each)."""
        lines = [f"{self.document}: {self.summary()}"]
        for what, keys, shape in (("added", self.added, self.new), ("removed", self.removed, self.old),
                                  ("changed", self.changed, self.new)):
            if keys:
                names = [_describe(shape.items[k]) for k in keys[:limit]]
                more = f" … and {len(keys) - limit} more" if len(keys) > limit else ""
                lines.append(f"  {what}: {', '.join(names)}{more}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {"document": self.document, "added": self.added, "removed": self.removed, "changed": self.changed,
                "areas_removed": self.areas_removed, "tables_removed": self.tables_removed, "loses": self.loses}


def _describe(item: ItemShape) -> str:
    return f"{item.kind} {item.number} {item.name}"


_KINDS = {"task": 0, "reform": 1, "measure": 2}


def _order(shape: DocumentShape, keys: set[str]) -> list[str]:
    """Tasks, reforms, measures, each in the plan's numbering (task 2 before task 10, measure 1.2 before 1.10)."""
    return sorted(keys, key=lambda k: (_KINDS.get(shape.items[k].kind, 3),
                                       [int(n) for n in re.findall(r"\d+", k.rsplit("/", 1)[-1])], k))


def diff(old: DocumentShape, new: DocumentShape, document: str) -> Diff:
    old_keys, new_keys = set(old.items), set(new.items)
    changed = {k for k in old_keys & new_keys if old.items[k].fingerprint != new.items[k].fingerprint}
    return Diff(
        document=document,
        added=_order(new, new_keys - old_keys),
        removed=_order(old, old_keys - new_keys),
        changed=_order(new, changed),
        areas_removed=sorted(old.areas - new.areas),
        tables_removed=sorted(old.tables - new.tables),
        old=old,
        new=new,
    )


def _collect(outcomes: Iterable[Any], paths: list[Path], progress: Progress | None) -> Iterable[Any]:
    for path, outcome in zip(paths, outcomes, strict=True):
        if progress:
            progress(path.name)
        yield outcome


def diffs(conn: Database, parsed: list[Parsed]) -> list[Diff | None]:
    """Each document against its loaded version (None when none is loaded)."""
    out: list[Diff | None] = []
    loaded = loaded_hashes(conn, [p.document.id for p in parsed])
    for p in parsed:
        old = loaded_shape(conn, p.document.id) if p.document.id in loaded else None
        out.append(None if old is None else diff(old, shape_of(p.document), p.document.id))
    return out


def check_replacements(parsed: list[Parsed], found: list[Diff | None]) -> None:
    """Refuse, before anything is written, a version that would lose what the loaded one has."""
    losing = [(p, d) for p, d in zip(parsed, found, strict=True) if d is not None and d.loses]
    if not losing:
        return
    parts = []
    for p, d in losing:
        was = f" (loaded from {d.old.source_name})" if d.old.source_name else ""
        parts.append(f"{p.path.name} would replace {d.document}{was} and lose content: " + d.render())
    raise ReplacementRefused(
        f"{len(losing)} document(s) would lose items, areas or tables of the loaded version; nothing was "
        "written; check that the file is complete, or give --replace to replace it anyway:\n  "
        + "\n  ".join(part.replace("\n", "\n  ") for part in parts)
    )


Written = Callable[[Parsed, WriteResult, "Diff | None"], None]


def write_all(conn: Database, parsed: list[Parsed], *, force: bool = False, replace: bool = False,
              progress: Progress | None = None, written: Written | None = None) -> list[WriteResult]:
    """Write the documents, each whole or not at all; ``written`` hears of each one as it commits.

    A version that loses items, areas or tables of the loaded one stops the batch before
    anything is written unless ``replace``. When writing fails part-way, :class:`BatchInterrupted`
    names the documents already committed and those not written.
    """
    ensure_schema(conn)
    found = diffs(conn, parsed)
    if not replace:
        check_replacements(parsed, found)
    results: list[WriteResult] = []

    def committed(index: int, result: WriteResult) -> None:
        results.append(result)
        if written:
            written(parsed[index], result, found[index])
        if progress:
            progress(parsed[index].path.name)

    rows = [p.rows if p.rows is not None else rows_for(p.document) for p in parsed]
    try:
        write_documents(conn, [p.document for p in parsed], rows=rows, force=force, committed=committed)
    except GraphError as exc:
        p = parsed[len(results)]
        done = [f"{q.path.name} ({r.document})" for q, r in zip(parsed, results, strict=False)]
        rest = [q.path.name for q in parsed[len(results):]]
        raise BatchInterrupted(
            f"writing {p.path.name} failed: {exc}; "
            + (f"{len(done)} document(s) were written before it: {', '.join(done)}; " if done
               else "no document was written; ")
            + f"not written: {', '.join(rest)}; load those again once the graph answers"
        ) from exc
    return results
