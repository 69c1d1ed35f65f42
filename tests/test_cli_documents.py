"""`policykg load | unload | documents | export | synth` as a user types them, against the real Neo4j."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from graph.writer import counts

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "fenghua-2022-workpoints.txt"


def test_dry_run_prints_report_and_writes_nothing(cli, empty_graph):
    result = cli("load", "--dry-run", str(SAMPLE))
    assert result.exit_code == 0, result.output
    assert "tasks: 73" in result.output and "reforms: 41" in result.output
    assert "收入分配制度改革先行示范(8项): 9 rows (header states 8)" in result.output
    assert "[warning] header-count-mismatch (line 305)" in result.output
    assert counts(empty_graph) == (0, 0)
    as_json = cli("load", "--dry-run", "--json", str(SAMPLE))
    (report,) = json.loads(as_json.stdout)
    assert report["stats"]["tasks"] == 73


def test_load_then_reload(cli, empty_graph):
    first = cli("load", str(SAMPLE))
    assert first.exit_code == 0, first.output
    assert "loaded 宁波市奉化区-2022-" in first.output and "73 tasks, 41 reforms, 60 measures" in first.output
    after = counts(empty_graph)
    again = cli("load", str(SAMPLE))
    assert again.exit_code == 0
    assert "unchanged" in again.output
    assert counts(empty_graph) == after
    listed = cli("documents")
    assert "174 items" in listed.output and SAMPLE.name in listed.output


def test_strict_fails_on_warnings_and_writes_nothing(cli, empty_graph):
    result = cli("load", "--strict", str(SAMPLE))
    assert result.exit_code == 1
    assert "--strict: 4 warning(s); nothing was written" in result.output
    assert "header-count-mismatch" in result.output
    assert counts(empty_graph) == (0, 0)


def test_one_bad_file_stops_all(cli, empty_graph, tmp_path):
    cli("load", str(SAMPLE))
    before = counts(empty_graph)
    good = tmp_path / "good-2023.txt"
    good.write_bytes(SAMPLE.read_bytes().replace("2022年".encode(), "2023年".encode()))
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = cli("load", str(good), str(bad), str(empty))
    assert result.exit_code == 1
    assert "2 of 3 file(s) could not be loaded; nothing was written" in result.output
    assert "bad.txt: binary data" in result.output and "empty.txt: the file is empty" in result.output
    assert counts(empty_graph) == before


def test_same_plan_twice_in_one_command(cli, empty_graph, tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SAMPLE.read_bytes())
    result = cli("load", str(SAMPLE), str(copy))
    assert result.exit_code == 1 and "are the same plan" in result.output
    assert counts(empty_graph) == (0, 0)


def test_directory_and_missing_paths(cli, tmp_path):
    result = cli("load", str(tmp_path))
    assert result.exit_code == 1 and "no .txt, .html, .docx or .pdf files in this directory" in result.output
    result = cli("load", str(tmp_path / "missing.txt"))
    assert result.exit_code == 1 and "missing.txt: no such file" in result.output


def test_unload(cli, empty_graph):
    cli("load", str(SAMPLE))
    result = cli("unload", SAMPLE.name)
    assert result.exit_code == 0 and "removed 宁波市奉化区-2022-" in result.output
    assert counts(empty_graph) == (0, 0)
    missing = cli("unload", "no-such-plan")
    assert missing.exit_code == 1 and "no document 'no-such-plan'" in missing.output


def test_export_json(cli, tmp_path):
    out = tmp_path / "model.json"
    result = cli("export", "--json", str(SAMPLE), "--out", str(out))
    assert result.exit_code == 0
    model = json.loads(out.read_text(encoding="utf-8"))
    assert len(model["tasks"]) == 73 and model["tasks"][0]["name"] == "数字经济五年倍增行动"
    assert model["tasks"][0]["units"][0]["role"] == "lead"


def test_synth_then_load(cli, empty_graph, tmp_path):
    result = cli("synth", "--documents", "3", "--seed", "2", "--out", str(tmp_path / "plans"))
    assert result.exit_code == 0 and "wrote 3 plan(s)" in result.output
    loaded = cli("load", str(tmp_path / "plans"))
    assert loaded.exit_code == 0, loaded.output
    assert loaded.output.count(": loaded ") == 3
    assert empty_graph.read("MATCH (d:Document) RETURN count(d) AS n").single_value() == 3


@pytest.mark.parametrize("args, message", [
    (["synth", "--documents", "0"], "Invalid value for '--documents' / '-n': Input should be greater than or equal to 1"),
    (["load"], "Missing argument 'paths'"),
    (["load", "--bogus", "x"], "No such option: --bogus"),
    (["serve", "--workers", "0"], "Invalid value for '--workers': Input should be greater than or equal to 1"),
    (["serve", "--workers", "65"], "Invalid value for '--workers': Input should be less than or equal to 64"),
    (["load", "--workers", "0", "data"], "Invalid value for '--workers': Input should be greater than or equal to 1"),
])
def test_bad_flags(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 2
    flat = " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.output).split())
    assert message in flat


def _cut(text: str, lines: int) -> str:
    return "\n".join(text.split("\n")[:lines])


@pytest.mark.parametrize("name, data, message", [
    ("undecodable.txt", "工作要点".encode() + b"\xff\xfe\xff", "neither UTF-8 nor GB18030; re-save the file as UTF-8"),
    ("minutes.txt", "会议纪要\n\n讨论了食堂菜单。\n".encode(), "no plan title naming a district and year"),
    ("cut.txt", _cut(SAMPLE.read_text(encoding="utf-8"), 1890).encode(), "附件三 table is cut off: row 41"),
    ("plan.pdf", b"%PDF-1.7", "not a readable PDF"),
    ("plan.rtf", b"{\\rtf1 x}", "unsupported file type '.rtf'"),
    ("plan.docx", b"PK\x03\x04 not really a zip", "not a readable DOCX"),
    ("plan.html", b"<html><body></body></html>", "plan.html"),
])
def test_each_bad_file_changes_nothing(cli, empty_graph, tmp_path, name, data, message):
    cli("load", str(SAMPLE))
    before = counts(empty_graph)
    path = tmp_path / name
    path.write_bytes(data)
    result = cli("load", str(path))
    assert result.exit_code == 1
    assert message in result.output
    assert "nothing was written" in result.output
    assert counts(empty_graph) == before
