"""Files -> parsed documents -> graph: the load pipeline behind ``policykg load``.

Every file is read and parsed before anything is written, so a bad file stops
the whole command with nothing written; then each new version is compared with
the loaded one (:func:`diff`), and a version that would lose items, areas or
tables is refused unless ``replace`` is given, again before anything is written.
Then the documents are written, several to a transaction and each whole or not at
all (``graph.writer.write_documents``), and reported as they commit: when the batch
stops half-way, the error names the documents that are in.

``policykg load --stream`` (:func:`load_each`) writes each document as soon as it is
parsed and checked, while the workers parse the files after it: the same checks, one
file at a time, so that a bad file leaves out that file alone and the others load.

Many files are parsed in worker processes (one per core), which also flatten each
model into the writer's rows; the results come back in the files' order and are the
ones a single process makes.

What is parsed waits for the write in a :class:`Spool` (a temporary directory): each
document's rows are pickled and compressed there by the process that parsed it, and
only the few facts the command prints (:class:`DocumentFacts`) and the quality report
come back, so the loader's memory does not grow with the number of files; the writer
reads each document's rows back as its transaction is gathered.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import multiprocessing
import multiprocessing.pool
import os
import pickle
import re
import signal
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.driver import Database
from graph.errors import GraphError
from graph.registry import Label
from graph.schema import ensure_schema
from graph.writer import (
    DocumentShape,
    ItemShape,
    Rows,
    WriteResult,
    loaded_hashes,
    loaded_shape,
    rows_for,
    shape_of_rows,
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


class Spool:
    """Where parsed documents wait for the write: a temporary directory (under ``directory``,
    else the system's, ``TMPDIR``), one file per document holding its rows, pickled and
    compressed (about 75 kB per synthetic plan), and its model when asked for.

    Removed by :meth:`close` (a ``with`` block closes it, on an error or Ctrl-C too), else
    when the last :class:`Parsed` of it is gone."""

    def __init__(self, directory: str | Path | None = None) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="policykg-load-", dir=directory)
        self.path = Path(self._dir.name)

    def close(self) -> None:
        self._dir.cleanup()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(frozen=True)
class DocumentFacts:
    """What a command says of a parsed document before and as it is written."""

    id: str
    title: str
    layout: str | None
    tasks: int
    reforms: int
    measures: int
    model_hash: str

    @property
    def items(self) -> int:
        return self.tasks + self.reforms + self.measures

    @classmethod
    def of(cls, document: Document, rows: Rows) -> DocumentFacts:
        return cls(document.id, document.title, document.layout, len(document.tasks), len(document.reforms),
                   len(document.measures), rows[Label.DOCUMENT][0]["props"]["model_hash"])


@dataclass(frozen=True)
class _Stored:
    """A document's file in the spool: its rows, then (when kept) its model, each compressed."""

    name: str
    rows_bytes: int
    document_bytes: int


@dataclass(frozen=True)
class _Kept:
    """A document held in memory (:func:`parse_each`, :meth:`Parsed.of`)."""

    document: Document
    rows: Rows | None


def _store(directory: str, index: int, rows: Rows, document: Document | None) -> _Stored:
    packed = zlib.compress(pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL), 1)
    model = b"" if document is None else zlib.compress(pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL), 1)
    name = f"{index:07d}.pickle"
    with open(os.path.join(directory, name), "wb") as out:
        out.write(packed)
        out.write(model)
    return _Stored(name, len(packed), len(model))


@dataclass(frozen=True)
class Parsed:
    """One parsed file: its facts and quality report in memory, its rows (and model) in the
    spool or, for :func:`parse_each`, in memory; :attr:`rows` and :attr:`document` read them."""

    path: Path
    facts: DocumentFacts
    report: QualityReport
    seconds: float
    _held: _Kept | _Stored = field(repr=False)
    _spool: Spool | None = field(default=None, repr=False, compare=False)

    @classmethod
    def of(cls, path: Path, document: Document, report: QualityReport, seconds: float = 0.0,
           rows: Rows | None = None) -> Parsed:
        """A document parsed elsewhere, held in memory."""
        rows = rows_for(document) if rows is None else rows
        return cls(path, DocumentFacts.of(document, rows), report, seconds, _Kept(document, rows))

    def _read(self, start: int, size: int) -> Any:
        if self._spool is None or not isinstance(self._held, _Stored):
            raise AssertionError("a stored document without its spool")
        try:
            with open(self._spool.path / self._held.name, "rb") as source:
                source.seek(start)
                return pickle.loads(zlib.decompress(source.read(size)))
        except FileNotFoundError:
            raise LoadError(f"{self.path}: its parsed rows are gone from {self._spool.path} (the spool was closed); "
                            "parse the files again") from None

    @property
    def rows(self) -> Rows:
        """``graph.writer.rows_for(document)``, made where it was parsed (read from the spool each time)."""
        if isinstance(self._held, _Kept):
            return self._held.rows if self._held.rows is not None else rows_for(self._held.document)
        rows: Rows = self._read(0, self._held.rows_bytes)
        return rows

    @property
    def document(self) -> Document:
        """The model (read from the spool each time; kept there only when parsed with ``documents=True``)."""
        if isinstance(self._held, _Kept):
            return self._held.document
        if not self._held.document_bytes:
            raise LoadError(f"{self.path}: only its rows were kept; parse it with documents=True for its model")
        document: Document = self._read(self._held.rows_bytes, self._held.document_bytes)
        return document


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


#: (file index, path, allow_partial, jurisdiction, spool directory or None to keep it in memory,
#: keep the model in the spool too)
_Job = tuple[int, Path, bool, "str | None", "str | None", bool]


def _parse_one(job: _Job) -> tuple[Path, DocumentFacts, QualityReport, float, _Kept | _Stored] | str:
    """Parse one file and make its rows (in a worker process), stored in the spool when there is
    one; a LoadError as its message."""
    index, path, allow_partial, jurisdiction, spool, keep_document = job
    started = time.perf_counter()
    try:
        document, report = load_file(path, allow_partial=allow_partial, jurisdiction=jurisdiction)
    except LoadError as exc:
        return str(exc)
    rows = rows_for(document)
    facts = DocumentFacts.of(document, rows)
    held = _Kept(document, rows) if spool is None else _store(spool, index, rows, document if keep_document else None)
    return path, facts, report, time.perf_counter() - started, held


def _default_sigterm() -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _workers(count: int) -> multiprocessing.pool.Pool:
    """A pool of ``count`` forked parse workers, each with SIGTERM's default action, whatever
    handler the command has (``policykg load`` ends on SIGTERM through its ``with`` blocks):
    the pool's ``terminate`` must end a worker wherever it is, even stuck in C code, where a
    Python handler would never run. They are forked with the default in place, and a worker
    the pool starts later resets it first thing."""
    context = multiprocessing.get_context("fork")
    on_main = threading.current_thread() is threading.main_thread()  # where signal.signal works
    previous = signal.signal(signal.SIGTERM, signal.SIG_DFL) if on_main else None
    try:
        return context.Pool(count, initializer=_default_sigterm)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _jobs(paths: list[Path], allow_partial: bool, jurisdiction: str | None, spool: Spool | None,
          keep_document: bool) -> list[_Job]:
    where = None if spool is None else str(spool.path)
    return [(i, path, allow_partial, jurisdiction, where, keep_document) for i, path in enumerate(paths)]


def parse_all(paths: list[Path], *, strict: bool = False, allow_partial: bool = False,
              progress: Progress | None = None, jurisdiction: str | None = None,
              workers: int | None = None, spool: Spool | None = None, documents: bool = False) -> list[Parsed]:
    """Parse every file; collect every failure and raise them together.

    ``workers`` processes parse (default :func:`default_workers`); the results keep the
    files' order. Each document's rows (and with ``documents`` its model) wait in ``spool``
    (default: one of its own, removed when the last of the results is gone)."""
    own = spool is None
    where = Spool() if spool is None else spool
    try:
        return _parse_all(paths, strict, allow_partial, progress, jurisdiction, workers, where, documents)
    except BaseException:
        if own:
            where.close()
        raise


def _parse_all(paths: list[Path], strict: bool, allow_partial: bool, progress: Progress | None,
               jurisdiction: str | None, workers: int | None, spool: Spool, documents: bool) -> list[Parsed]:
    parsed: list[Parsed] = []
    failures: list[str] = []
    with parsing(paths, allow_partial=allow_partial, jurisdiction=jurisdiction, workers=workers, spool=spool,
                 progress=progress, documents=documents) as outcomes:
        for _, outcome in outcomes:
            if isinstance(outcome, str):
                failures.append(outcome)
            else:
                parsed.append(outcome)
    if failures:
        head = f"{len(failures)} of {len(paths)} file(s) could not be loaded; nothing was written"
        raise LoadError(head + ":\n  " + "\n  ".join(failures))
    seen: dict[str, Path] = {}
    for p in parsed:
        if p.facts.id in seen:
            raise LoadError(
                _same_plan(p, seen[p.facts.id]) + "; load one version at a time; nothing was written"
            )
        seen[p.facts.id] = p.path
    if strict:
        problems = [f"{p.path.name}: [{f.code}] {f.message}" for p in parsed for f in p.report.warnings]
        if problems:
            raise StrictModeFailure(
                f"--strict: {len(problems)} warning(s); nothing was written (run with --dry-run to see the full "
                "report):\n  " + "\n  ".join(problems)
            )
    return parsed


@contextlib.contextmanager
def parsing(paths: list[Path], *, allow_partial: bool = False, jurisdiction: str | None = None,
            workers: int | None = None, spool: Spool | None = None, progress: Progress | None = None,
            documents: bool = False) -> Iterator[Iterator[tuple[Path, Parsed | str]]]:
    """The files parsed as the block takes them, in their order: ``(path, Parsed)``, or
    ``(path, message)`` for one that cannot be loaded. The worker processes (``workers``, default
    :func:`default_workers`) start when the block is entered, before it opens a driver (a
    forked driver thread would be a copy nobody owns), and are stopped when it ends, however it
    ends; they parse ahead while the block writes. Rows (with ``documents`` the models too)
    wait in ``spool`` when given, else in memory."""
    count = default_workers(len(paths)) if workers is None else max(1, workers)
    jobs = _jobs(paths, allow_partial, jurisdiction, spool, documents)
    with contextlib.ExitStack() as stack:
        if count > 1:
            pool = stack.enter_context(_workers(count))
            outcomes: Iterable[Any] = pool.imap(_parse_one, jobs, chunksize=4)
        else:
            outcomes = map(_parse_one, jobs)
        yield ((path, _parsed(outcome, spool)) for path, outcome in zip(paths, _collect(outcomes, paths, progress),
                                                                        strict=True))


def _same_plan(p: Parsed, other: Path) -> str:
    return f"{p.path} and {other} are the same plan ({p.facts.title})"


def _parsed(outcome: tuple[Path, DocumentFacts, QualityReport, float, _Kept | _Stored] | str,
            spool: Spool | None) -> Parsed | str:
    if isinstance(outcome, str):
        return outcome
    path, facts, report, seconds, held = outcome
    return Parsed(path, facts, report, seconds, held, spool)


def parse_each(paths: list[Path], *, strict: bool = False, allow_partial: bool = False,
               progress: Progress | None = None, jurisdiction: str | None = None,
               workers: int | None = None) -> Iterable[Parsed]:
    """:func:`parse_all` one document at a time, for a consumer that keeps only what it needs
    of each (the bulk import: its rows, folded into CSV as they come). Failures, two files of
    one plan and ``strict`` warnings are gathered as they come and raised together after the
    last document: a consumer that writes nothing until the stream ends still writes nothing."""
    failures: list[str] = []
    warnings: list[str] = []
    seen: dict[str, Path] = {}
    with parsing(paths, allow_partial=allow_partial, jurisdiction=jurisdiction, workers=workers,
                 progress=progress) as outcomes:
        for _, p in outcomes:
            if isinstance(p, str):
                failures.append(p)
                continue
            if p.facts.id in seen:
                failures.append(_same_plan(p, seen[p.facts.id]) + "; load one version at a time")
                continue
            seen[p.facts.id] = p.path
            if strict:
                warnings += [f"{p.path.name}: [{f.code}] {f.message}" for f in p.report.warnings]
            if not failures and not warnings:
                yield p
    if failures:
        head = f"{len(failures)} of {len(paths)} file(s) could not be loaded; nothing was written"
        raise LoadError(head + ":\n  " + "\n  ".join(failures))
    if warnings:
        raise StrictModeFailure(
            f"--strict: {len(warnings)} warning(s); nothing was written (run with --dry-run to see the full "
            "report):\n  " + "\n  ".join(warnings))


@dataclass(frozen=True)
class Diff:
    """A new version against the loaded one: items by key, areas and tables by name; ``old`` and
    ``new`` hold the areas and tables of each version and the shapes of the items named
    (removed from ``old``; added and changed in ``new``)."""

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
    added, removed = new_keys - old_keys, old_keys - new_keys
    return Diff(
        document=document,
        added=_order(new, added),
        removed=_order(old, removed),
        changed=_order(new, changed),
        areas_removed=sorted(old.areas - new.areas),
        tables_removed=sorted(old.tables - new.tables),
        # only the items the diff names: a load of many unchanged plans keeps no shape of theirs
        old=_only(old, removed),
        new=_only(new, added | changed),
    )


def _only(shape: DocumentShape, keys: set[str]) -> DocumentShape:
    return dataclasses.replace(shape, items={k: shape.items[k] for k in keys})


def _collect(outcomes: Iterable[Any], paths: list[Path], progress: Progress | None) -> Iterable[Any]:
    for path, outcome in zip(paths, outcomes, strict=True):
        if progress:
            progress(path.name)
        yield outcome


def diffs(conn: Database, parsed: list[Parsed]) -> list[Diff | None]:
    """Each document against its loaded version (None when none is loaded); the rows of a
    loaded one are read back from the spool for it, one document at a time."""
    out: list[Diff | None] = []
    loaded = loaded_hashes(conn, [p.facts.id for p in parsed])
    for p in parsed:
        old = loaded_shape(conn, p.facts.id) if p.facts.id in loaded else None
        out.append(None if old is None else diff(old, shape_of_rows(p.rows), p.facts.id))
    return out


def check_replacements(parsed: list[Parsed], found: list[Diff | None]) -> None:
    """Refuse, before anything is written, a version that would lose what the loaded one has."""
    losing = [(p, d) for p, d in zip(parsed, found, strict=True) if d is not None and d.loses]
    if not losing:
        return
    parts = [_losing(p, d) for p, d in losing]
    raise ReplacementRefused(
        f"{len(losing)} document(s) would lose items, areas or tables of the loaded version; nothing was "
        "written; check that the file is complete, or give --replace to replace it anyway:\n  "
        + "\n  ".join(part.replace("\n", "\n  ") for part in parts)
    )


def _losing(p: Parsed, d: Diff) -> str:
    was = f" (loaded from {d.old.source_name})" if d.old.source_name else ""
    return f"{p.path.name} would replace {d.document}{was} and lose content: " + d.render()


Written = Callable[[Parsed, WriteResult, "Diff | None"], None]


@dataclass(frozen=True)
class _Pending:
    """A parsed document as ``write_documents`` takes it: its rows read when its transaction is gathered."""

    parsed: Parsed

    @property
    def document_id(self) -> str:
        return self.parsed.facts.id

    @property
    def model_hash(self) -> str:
        return self.parsed.facts.model_hash

    def load(self) -> Rows:
        return self.parsed.rows


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

    try:
        write_documents(conn, (), rows=[_Pending(p) for p in parsed], force=force, committed=committed)
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


@dataclass(frozen=True)
class LeftOut:
    """A file ``load --stream`` did not write, and why (the message the batch load would stop on)."""

    path: Path
    reason: str


@dataclass(frozen=True)
class Streamed:
    """What :func:`load_each` did: the documents written (or found unchanged), in order, and the files left out."""

    results: list[WriteResult]
    left_out: list[LeftOut]


Left = Callable[[LeftOut], None]


def load_each(conn: Database, outcomes: Iterable[tuple[Path, Parsed | str]], paths: list[Path], *,
              strict: bool = False, force: bool = False, replace: bool = False,
              written: Written | None = None, left: Left | None = None) -> Streamed:
    """Write each document as soon as it is parsed and passes its checks, while the files after
    it are still being parsed (``outcomes``: :func:`parsing`'s), each whole or not at all, several
    to a transaction as they come (``graph.writer.write_documents``).

    The checks are the batch load's, one file at a time: a file that cannot be loaded, a second
    file of a plan this load took already, a warning under ``strict``, a version that would lose
    what the loaded one has (unless ``replace``) leave that file out, and the others go on;
    ``left`` hears of each as it is found. When writing fails, :class:`BatchInterrupted` names
    the documents committed and the files not written."""
    ensure_schema(conn)
    accepted: list[Parsed] = []
    found: list[Diff | None] = []
    out: list[LeftOut] = []
    seen: dict[str, Path] = {}
    results: list[WriteResult] = []
    checking: list[Path] = []  # the file whose loaded version is being read

    def leave(path: Path, reason: str) -> None:
        out.append(LeftOut(path, reason))
        if left:
            left(out[-1])

    def checked() -> Iterator[_Pending]:
        for path, p in outcomes:
            if isinstance(p, str):
                leave(path, p)
                continue
            doc = p.facts
            if doc.id in seen:
                leave(path, _same_plan(p, seen[doc.id]) + f"; {seen[doc.id].name} was taken; load one version at a time")
                continue
            seen[doc.id] = path
            if strict and p.report.warnings:
                problems = "; ".join(f"[{f.code}] {f.message}" for f in p.report.warnings)
                leave(path, f"{path.name}: --strict: {len(p.report.warnings)} warning(s): {problems} "
                            f"(see `policykg load --dry-run {path}`)")
                continue
            checking[:] = [path]
            old = loaded_shape(conn, doc.id)
            checking.clear()
            d = None if old is None else diff(old, shape_of_rows(p.rows), doc.id)
            if d is not None and d.loses and not replace:
                leave(path, _losing(p, d) + "; check that the file is complete, or give --replace to replace it anyway")
                continue
            accepted.append(p)
            found.append(d)
            yield _Pending(p)

    def committed(index: int, result: WriteResult) -> None:
        results.append(result)
        if written:
            written(accepted[index], result, found[index])

    try:
        write_documents(conn, (), rows=checked(), force=force, committed=committed)
    except GraphError as exc:
        what = (f"checking {checking[0].name} against the loaded version" if checking
                else f"writing {accepted[len(results)].path.name}")
        done = [f"{q.path.name} ({r.document})" for q, r in zip(accepted, results, strict=False)]
        taken = {q.path for q in accepted[: len(results)]} | {o.path for o in out}
        rest = [path.name for path in paths if path not in taken]
        raise BatchInterrupted(
            f"{what} failed: {exc}; "
            + (f"{len(done)} document(s) were written before it: {', '.join(done)}; " if done
               else "no document was written; ")
            + (f"left out: {', '.join(o.path.name for o in out)}; " if out else "")
            + f"not written: {', '.join(rest)}; load those again once the graph answers"
        ) from exc
    return Streamed(results, out)
