"""Parse benchmark: parse time against input size, for plans 1, 2, 4 and 100 times the sample's size.

    .venv/bin/python -m benchmarks.parse                    # 1x 2x 4x 100x, the fastest of 5 runs each
    .venv/bin/python -m benchmarks.parse --times 1 2 4 8    # other sizes
    .venv/bin/python -m benchmarks.parse --json out.json
    .venv/bin/python -m benchmarks.parse --layouts          # CPU ms per KB of each layout, against the sample's
    .venv/bin/python -m benchmarks.parse --layouts --before ../base   # and against another checkout, in turn

A plan N times the sample is the sample with every annex area's rows repeated N times in
place (renumbered 1, 2, 3… through each table, each area header and the body's
``73项重点工作``/``41项重大改革`` scaled to match), so it is a complete plan of the same
shape that the loader accepts without --allow-partial: N times the rows, the same rows per
area header in proportion, the same paragraphs per cell. Parsing runs in-process on the
bytes (no disk I/O in the timing); the fastest of ``--repeat`` runs is reported (the one
least disturbed on a shared machine), in the process's CPU time and on the clock, and the
CPU time per kilobyte divided by the sample's is the "ratio" column: 1.0 is exactly linear.

``--layouts`` times each layout the loader reads: the sample (template), synthetic plans of
each layout of ``loaders.synth.LAYOUTS``, one synthetic table plan of each of ``--sizes`` rows
(100 and 1000: a table's cost must be linear in its rows as well as small for a small plan) and
the real plans of ``tests/data/genre`` by the layout they are read as. Each of ``--repeat``
rounds parses every corpus once, in a process of its own (after one untimed round), so that a
busier minute of a shared machine slows every corpus of its round alike; the figures are the
medians over the rounds, and the ratio is the median of each round's CPU time per kilobyte
divided by the sample's in the same round (the issue asks no layout over 2). ``--before DIR``
parses every corpus in that checkout too, in turn with this one in each round, and adds the
median ratio of the two per corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

from loaders import parse_bytes

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "fenghua-2022-workpoints.txt"


def scaled_sample(times: int) -> bytes:
    """The sample with each annex area's rows repeated ``times`` times, renumbered."""
    text = SAMPLE.read_text(encoding="utf-8")
    if times == 1:
        return text.encode("utf-8")
    doc, _ = parse_bytes(text.encode("utf-8"), SAMPLE.name)
    lines = text.split("\n")
    row_starts = {item.source.line_start: item for item in doc.tasks + doc.reforms}
    headers = {h.source.line_start: h for h in doc.area_headers}
    annexes = [i + 1 for i, line in enumerate(lines) if re.match(r"^附件[二三]$", line)]
    out: list[str] = []
    block: list[str] = []  # the lines of the current area's rows
    number = 0

    def flush() -> None:
        nonlocal number
        rows: list[list[str]] = []
        for line in block:
            if line.startswith("\0"):
                rows.append([])
                line = line[1:]
            rows[-1].append(line)
        for _ in range(times):
            for row in rows:
                number += 1
                out.append(str(number))
                out.extend(row[1:])
        block.clear()

    for n, line in enumerate(lines, start=1):
        if n in annexes:
            flush()
            number = 0
        if n in headers:
            flush()
            h = headers[n]
            out.append(line.replace(f"({h.stated_count}项)", f"({h.stated_count * times}项)"))
        elif n in row_starts:
            block.append("\0" + line)
        elif block:
            block.append(line)
        else:
            out.append(re.sub(r"(\d+)项(重点工作|重大改革)", lambda m: f"{int(m.group(1)) * times}项{m.group(2)}", line))
    flush()
    return "\n".join(out).encode("utf-8")


def long_row(paragraphs: int):
    """One annex row whose 工作体系 runs to ``paragraphs - 4`` numbered paragraphs (the cost that
    grew as n⁴ before the dynamic programme)."""
    from loaders.blocks import Para

    row = [Para("数字经济核心产业增加值达到4.8%。", 1, 1)]
    row += [Para(f"{i % 99 + 1}.完善工作机制。", i + 1, i + 1) for i in range(paragraphs - 4)]
    row += [Para("1.《工作要点》。", paragraphs - 2, paragraphs - 2), Para("纳入考核。", paragraphs - 1, paragraphs - 1),
            Para("全年:持续推进。", paragraphs, paragraphs)]
    return row


#: Rows up to this many paragraphs are also split by the former exhaustive search (kept in the
#: tests as the reference), which takes minutes beyond it.
EXHAUSTIVE_UP_TO = 40


def _fastest(call, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        runs.append(time.perf_counter() - started)
    return min(runs)


def rows(lengths: list[int], repeat: int) -> list[dict]:
    """split_cells on one row of each length, and the former exhaustive search on the short ones."""
    from loaders.tables import split_cells
    from tests.loaders.test_tables import exhaustive_split

    out = []
    for n in lengths:
        row = long_row(n)
        entry = {"paragraphs": n, "split_ms": round(1000 * _fastest(lambda row=row: split_cells(row), repeat), 2),
                 "exhaustive_ms": None}
        if n <= EXHAUSTIVE_UP_TO:
            entry["exhaustive_ms"] = round(1000 * _fastest(lambda row=row: exhaustive_split(row), 1), 1)
        out.append(entry)
        print(json.dumps(out[-1]), file=sys.stderr)
    return out


def timed_parse(files: list[tuple[str, bytes, dict]], repeat: int) -> tuple[list[float], list[float], list]:
    """Parse every (name, bytes, options) ``repeat`` times: the clock and CPU seconds of each
    run over all of them, and the documents of the last run."""
    runs, cpu = [], []
    docs: list = []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        docs = [parse_bytes(data, name, **options)[0] for name, data, options in files]
        runs.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return runs, cpu, docs


def run(sizes: list[int], repeat: int) -> dict:
    results = []
    base_per_kb = None
    for times in sizes:
        data = scaled_sample(times)
        runs, cpu, (doc,) = timed_parse([(SAMPLE.name, data, {})], repeat)
        # the fastest run is the one least disturbed by other processes on a shared machine, and
        # the process's CPU time counts less of their share than the clock does
        seconds = min(cpu)
        per_kb = seconds / (len(data) / 1024)
        base_per_kb = base_per_kb or per_kb
        row = {
            "times": times, "kilobytes": round(len(data) / 1024), "rows": len(doc.tasks) + len(doc.reforms),
            "cpu_s": round(seconds, 3), "wall_s": round(min(runs), 3), "median_wall_s": round(statistics.median(runs), 3),
            "cpu_ms_per_kb": round(1000 * per_kb, 3), "ratio": round(per_kb / base_per_kb, 2),
        }
        print(json.dumps(row), file=sys.stderr)
        results.append(row)
    return {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                        "load_average": os.getloadavg()[0]},
            "repeat": repeat, "results": results, "rows": rows([10, 20, 30, 40, 80, 160, 320], max(repeat, 10))}


GENRE = ROOT / "tests" / "data" / "genre"


def _genre_files() -> dict[str, list[tuple[str, bytes, dict]]]:
    """The real plans of tests/data/genre that load (excerpts: --allow-partial; a plan naming no
    place is given one), by the layout each is read as."""
    from loaders.errors import LoadError

    by_layout: dict[str, list[tuple[str, bytes, dict]]] = {}
    for path in sorted(GENRE.glob("*.txt")):
        options: dict = {"allow_partial": True}
        try:
            doc, _ = parse_bytes(path.read_bytes(), path.name, **options)
        except LoadError:
            options["jurisdiction"] = "某区"
            try:
                doc, _ = parse_bytes(path.read_bytes(), path.name, **options)
            except LoadError:
                continue
        by_layout.setdefault(doc.layout or "?", []).append((path.name, path.read_bytes(), options))
    return by_layout


def _corpora(documents: int, sizes: list[int]) -> list[tuple[str, str, list[tuple[str, bytes, dict]]]]:
    """(layout, what, files) of every layout: the sample first, then synthetic plans of each layout,
    synthetic table plans of ``sizes`` rows each, and the real plans of tests/data/genre."""
    from loaders.synth import LAYOUTS, synthesize_table_plans

    corpora: list[tuple[str, str, list[tuple[str, bytes, dict]]]] = [
        ("template", "the sample", [(SAMPLE.name, SAMPLE.read_bytes(), {})])]
    for layout, generate in LAYOUTS.items():
        corpora.append((layout, f"synthetic ({documents} plans, seed 2026)",
                        [(name, text.encode("utf-8"), {}) for name, text in generate(documents, 2026)]))
    for size in sizes:
        corpora.append(("table", f"synthetic (1 plan of {size} rows, seed 2026)",
                        [(p.filename, p.text.encode("utf-8"), {}) for p in synthesize_table_plans(1, 2026, size=size)]))
    for layout, files in _genre_files().items():
        corpora.append((layout, f"tests/data/genre ({len(files)} real plans' beginnings)", files))
    return corpora


#: parses corpora on request in a checkout of its own (the working directory): reads a corpus's
#: index a line, answers the CPU seconds of parsing all its files once
_WORKER = """
import pickle, sys, time
from loaders import parse_bytes
corpora = pickle.load(open(sys.argv[1], "rb"))
for line in sys.stdin:
    started = time.process_time()
    for name, data, options in corpora[int(line)]:
        parse_bytes(data, name, **options)
    print(time.process_time() - started, flush=True)
"""


class _Worker:
    """A process parsing in the checkout ``tree`` (its own ``loaders``), timed in its own CPU time."""

    def __init__(self, tree: Path, corpora_file: Path) -> None:
        import subprocess

        self.process = subprocess.Popen([sys.executable, "-c", _WORKER, str(corpora_file)], cwd=tree, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def parse(self, index: int) -> float:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(f"{index}\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise SystemExit(f"the parser in {self.process.args} stopped (exit status {self.process.wait()})")
        return float(answer)

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def layouts(repeat: int, documents: int = 20, sizes: list[int] | None = None, before: Path | None = None) -> dict:
    """CPU ms per KB of each layout, the sample's first, over ``repeat`` rounds that each parse every
    corpus once (so that a slower minute of a shared machine slows every corpus of its round); with
    ``before``, every corpus is parsed in turn by this checkout and by that one in each round."""
    import pickle
    import tempfile

    corpora = _corpora(documents, [100, 1000] if sizes is None else sizes)
    with tempfile.TemporaryDirectory() as tmp:
        corpora_file = Path(tmp) / "corpora.pickle"
        corpora_file.write_bytes(pickle.dumps([files for _, _, files in corpora]))
        trees = {"after": ROOT} | ({"before": before.resolve()} if before else {})
        workers = {label: _Worker(tree, corpora_file) for label, tree in trees.items()}
        cpu: dict[str, list[list[float]]] = {label: [[] for _ in corpora] for label in workers}
        try:
            for worker in workers.values():  # a first, untimed round: imports, caches, data sets
                for k in range(len(corpora)):
                    worker.parse(k)
            for r in range(repeat):
                for k in range(len(corpora)):
                    for label in (list(workers) if r % 2 == 0 else list(reversed(workers))):
                        cpu[label][k].append(workers[label].parse(k))
        finally:
            for worker in workers.values():
                worker.close()
    results = []
    for k, (layout, source, files) in enumerate(corpora):
        kilobytes = sum(len(data) for _, data, _ in files) / 1024
        base_kb = sum(len(data) for _, data, _ in corpora[0][2]) / 1024
        runs = cpu["after"][k]
        # the ratio of each round (this corpus against the sample in the same round), then their median
        ratios = [(c / kilobytes) / (s / base_kb) for c, s in zip(runs, cpu["after"][0], strict=True)]
        docs = [parse_bytes(data, name, **options)[0] for name, data, options in files]
        row = {"layout": layout, "source": source, "documents": len(files), "kilobytes": round(kilobytes, 1),
               "items": sum(len(d.items) for d in docs), "cpu_s": round(statistics.median(runs), 4),
               "cpu_s_fastest": round(min(runs), 4),
               "cpu_ms_per_kb": round(1000 * statistics.median(runs) / kilobytes, 3),
               "ratio": round(statistics.median(ratios), 2),
               "ratio_range": [round(min(ratios), 2), round(max(ratios), 2)]}
        if "before" in cpu:
            pairs = [a / b for a, b in zip(runs, cpu["before"][k], strict=True)]
            row["before_cpu_s"] = round(statistics.median(cpu["before"][k]), 4)
            row["before_ratio"] = round(statistics.median(
                [(c / kilobytes) / (s / base_kb) for c, s in zip(cpu["before"][k], cpu["before"][0], strict=True)]), 2)
            row["after_over_before"] = round(statistics.median(pairs), 2)
        print(json.dumps(row, ensure_ascii=False), file=sys.stderr)
        results.append(row)
    return {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                        "load_average": os.getloadavg()[0]}, "repeat": repeat,
            "before": str(before) if before else None, "layouts": results}


def layouts_markdown(report: dict) -> str:
    before = report.get("before") is not None
    lines = ["| layout | plans | documents | KB | items | CPU s (median) | CPU ms per KB | ratio to the sample (median, range) |"
             + (" before: CPU s | before: ratio to the sample | after / before |" if before else ""),
             "|---|---|---|---|---|---|---|---|" + ("---|---|---|" if before else "")]
    for r in report["layouts"]:
        line = (f"| {r['layout']} | {r['source']} | {r['documents']} | {r['kilobytes']} | {r['items']} | {r['cpu_s']} | "
                f"{r['cpu_ms_per_kb']} | {r['ratio']} ({r['ratio_range'][0]}–{r['ratio_range'][1]}) |")
        if before:
            line += f" {r['before_cpu_s']} | {r['before_ratio']} | {r['after_over_before']} |"
        lines.append(line)
    return "\n".join(lines)


def markdown(report: dict) -> str:
    lines = ["| size | KB | annex rows | CPU s (fastest) | wall s (fastest) | wall s (median) | CPU ms per KB | "
             "ratio to 1x |", "|---|---|---|---|---|---|---|---|"]
    for r in report["results"]:
        lines.append(f"| {r['times']}x | {r['kilobytes']} | {r['rows']} | {r['cpu_s']} | {r['wall_s']} | "
                     f"{r['median_wall_s']} | {r['cpu_ms_per_kb']} | {r['ratio']} |")
    lines += ["", "| paragraphs in one row | dynamic programme ms (fastest) | former exhaustive search ms |", "|---|---|---|"]
    lines += [f"| {r['paragraphs']} | {r['split_ms']} | {r['exhaustive_ms'] if r['exhaustive_ms'] is not None else '-'} |"
              for r in report["rows"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--times", nargs="+", type=int, default=[1, 2, 4, 100])
    parser.add_argument("--repeat", type=int, default=5, help="parse runs per size (the fastest reported)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--layouts", action="store_true", help="time each layout per kilobyte instead")
    parser.add_argument("--sizes", nargs="*", type=int, default=[100, 1000],
                        help="with --layouts: also a synthetic table plan of each of these many rows")
    parser.add_argument("--before", type=Path, help="with --layouts: also parse in this checkout, in turn (e.g. a "
                        "git worktree of an earlier commit), and give the ratio of the two")
    args = parser.parse_args(argv)
    if args.layouts:
        report = layouts(args.repeat, sizes=args.sizes, before=args.before)
        print(layouts_markdown(report))
    else:
        report = run(args.times, args.repeat)
        print(markdown(report))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
