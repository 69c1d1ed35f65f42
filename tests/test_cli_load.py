"""`policykg load` never lets a cut-off copy replace a loaded plan unnoticed, says what a replacement
changes, and reports each document as it commits; checked against the graph's digest (every node's
labels and properties, every relationship's type, ends and properties), not only its counts."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.config import Settings, get_settings
from graph.driver import Database, connect
from policykg import pipeline
from policykg.cli import app
from tests.helpers import SAMPLE, managed_server, sample_years

LINES = SAMPLE.read_text(encoding="utf-8").split("\n")
runner = CliRunner()


def digest(conn: Database) -> str:
    nodes = conn.read("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props").records
    rels = conn.read(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, properties(r) AS props, "
        "coalesce(a.key, a.id, a.name) AS start, coalesce(b.key, b.id, b.name) AS end"
    ).records
    rows = sorted(json.dumps(r, ensure_ascii=False, sort_keys=True, default=str) for r in nodes + rels)
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


@pytest.fixture
def loaded(cli, empty_graph):
    result = cli("load", str(SAMPLE))
    assert result.exit_code == 0, result.output
    return digest(empty_graph)


def write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "lines", "says"),
    [
        ("head.txt", LINES[:38], "head.txt: structurally incomplete: no items"),
        ("deleted.txt", LINES[:167] + LINES[181:], "row 6 at line 168 comes where row 5 was due"),
        ("repeated.txt", LINES[:181] + LINES[167:181] + LINES[181:], "row 5 at line 182 repeats the row 5 of line 168"),
        ("cut.txt", LINES[:1200], "附件二 table is cut off: row 70 (line 1198)"),
        ("cut-in-row.txt", LINES[:1894], "附件三: the file ends in row 41"),
    ],
)
def test_a_broken_copy_is_refused_and_changes_nothing(cli, empty_graph, loaded, tmp_path, name, lines, says):
    result = cli("load", str(write(tmp_path, name, lines)))
    assert result.exit_code == 1
    assert says in result.output and "nothing was written" in result.output
    assert len(result.output.strip().split("\n")) == 2  # the count of files, then one line for the file
    assert digest(empty_graph) == loaded


def test_a_partial_copy_does_not_replace_the_plan_without_replace(cli, empty_graph, loaded, tmp_path):
    cut = write(tmp_path, "cut.txt", LINES[:1200])
    result = cli("load", "--allow-partial", str(cut))
    assert result.exit_code == 1
    lines = result.output.strip().split("\n")
    assert lines[0] == ("policykg: 1 document(s) would lose items, areas or tables of the loaded version; nothing was "
                        "written; check that the file is complete, or give --replace to replace it anyway:")
    assert lines[1].startswith("  cut.txt would replace 宁波市奉化区-2022-ec22819a (loaded from fenghua-2022-workpoints.txt) "
                               "and lose content: 宁波市奉化区-2022-ec22819a: items 0 added, 45 removed, 0 changed; "
                               "areas removed: reform_category:公共服务优质共享、")
    assert lines[1].endswith("; tables removed: 附件三 2022年共同富裕“1+5+n”重大改革清单")
    assert lines[2].startswith("    removed: task 70 基层应急体系建设, task 71 “1234”基层矛调新模式, ")
    assert lines[2].endswith("reform 6 天一“甬宁保”推广普及 … and 35 more")
    assert digest(empty_graph) == loaded

    dry = cli("load", "--dry-run", "--allow-partial", str(cut))
    assert dry.exit_code == 0
    assert ("cut.txt: against the loaded version (refused without --replace: it loses content):\n"
            "宁波市奉化区-2022-ec22819a: items 0 added, 45 removed, 0 changed; areas removed:") in dry.output
    as_json = json.loads(cli("load", "--dry-run", "--json", "--allow-partial", str(cut)).stdout)
    assert (len(as_json[0]["diff"]["removed"]), as_json[0]["diff"]["loses"]) == (45, True)
    assert digest(empty_graph) == loaded

    replaced = cli("load", "--allow-partial", "--replace", str(cut))
    assert replaced.exit_code == 0, replaced.output
    assert replaced.output.startswith("cut.txt: replaced 宁波市奉化区-2022-ec22819a (items 0 added, 45 removed, 0 changed;")
    assert "69 tasks, 0 reforms, 60 measures" in replaced.output
    back = cli("load", str(SAMPLE))
    assert back.output.startswith("fenghua-2022-workpoints.txt: replaced 宁波市奉化区-2022-ec22819a "
                                  "(items 45 added, 0 removed, 0 changed): 73 tasks, 41 reforms, 60 measures;")
    assert digest(empty_graph) == loaded


def test_the_dry_run_compares_with_the_loaded_version(cli, loaded):
    same = cli("load", "--dry-run", str(SAMPLE))
    assert same.output.endswith("\nfenghua-2022-workpoints.txt: the same items as the loaded 宁波市奉化区-2022-ec22819a\n")


def test_the_dry_run_without_a_graph_says_so(monkeypatch):
    # no NEO4J_URI and no managed server running in this (empty) state dir
    monkeypatch.setenv("POLICYKG_STATE_DIR", "/nonexistent-policykg-state")
    get_settings.cache_clear()
    result = runner.invoke(app, ["load", "--dry-run", str(SAMPLE)])
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert result.output.endswith("\n(no graph answers: the changes against a loaded version are not shown)\n")


def test_a_last_row_cut_inside_its_schedule_shows_as_a_change(cli, empty_graph, loaded, tmp_path):
    """The one cut no structure tells: after a period paragraph of the last row's 进度安排."""
    cut = write(tmp_path, "fenghua-2022-workpoints.txt", LINES[:1898])
    result = cli("load", str(cut))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("fenghua-2022-workpoints.txt: replaced 宁波市奉化区-2022-ec22819a "
                                    "(items 0 added, 0 removed, 1 changed): 73 tasks, 41 reforms, 60 measures;")
    dry = cli("load", "--dry-run", str(SAMPLE))
    assert "  changed: reform 41 城乡风貌整治提升\n" in dry.output


def test_each_document_is_reported_as_it_commits(cli, empty_graph, tmp_path):
    later = tmp_path / "fenghua-2023.txt"
    later.write_bytes(SAMPLE.read_bytes().replace("2022年".encode(), "2023年".encode()))
    result = cli("load", str(SAMPLE), str(later))
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.split("\n") if line]
    assert [line.split(":")[0] for line in lines] == ["fenghua-2022-workpoints.txt", "fenghua-2023.txt"]
    assert lines[1].startswith("fenghua-2023.txt: loaded 宁波市奉化区-2023-")


@pytest.mark.neo4j
def test_a_batch_cut_short_names_what_is_in(tmp_path):
    """Neo4j stops after the first of three documents commits: the error names it, and the others."""
    server = managed_server(tmp_path / "state", auth=False)
    info = server.start()
    try:
        paths = sample_years(tmp_path)
        parsed = pipeline.parse_all(paths)
        heard: list[str] = []

        def written(p, result, _diff):
            heard.append(f"{p.path.name} {result.document}")
            if len(heard) == 1:
                server.stop()

        settings = Settings(neo4j_uri=info.uri, connect_timeout=3.0, retry_time=1.0)
        with connect(settings) as conn:
            with pytest.raises(pipeline.BatchInterrupted) as caught:
                pipeline.write_all(conn, parsed, written=written)
        first = parsed[0].facts.id
        assert heard == [f"plan-2022.txt {first}"]
        message = str(caught.value)
        assert message.startswith("writing plan-2023.txt failed: ")
        assert message.endswith(f"1 document(s) were written before it: plan-2022.txt ({first}); not written: "
                                "plan-2023.txt, plan-2024.txt; load those again once the graph answers")
    finally:
        server.stop()


def test_what_is_not_a_file_gets_one_line_each(tmp_path):
    """A FIFO named .txt (which blocked the read forever), /dev/zero behind a symlink (read until
    MemoryError) and a symlink loop (a 57-line traceback): one line each, at once."""
    import os
    import subprocess
    import sys

    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    loop_a, loop_b = tmp_path / "a.txt", tmp_path / "b.txt"
    loop_a.symlink_to(loop_b)
    loop_b.symlink_to(loop_a)
    result = subprocess.run([sys.executable, "-m", "policykg", "load", str(fifo), str(zero), str(loop_a)],
                            capture_output=True, text=True, timeout=60, check=False,
                            env={k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "POLICYKG_"))})
    assert result.returncode == 1
    assert result.stderr.strip().split("\n") == [  # (the parsing progress bar leaves a blank line)
        "policykg: 3 of 3 file(s) could not be loaded; nothing was written:",
        f"  {fifo}: is a FIFO (named pipe), not a regular file; give the plan as a .txt, .html, .docx or .pdf file",
        f"  {zero}: is a character device, not a regular file; give the plan as a .txt, .html, .docx or .pdf file",
        f"  {loop_a}: a loop of symbolic links; point the link at the plan file itself",
    ]
