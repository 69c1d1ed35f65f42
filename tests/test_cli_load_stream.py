"""`policykg load --stream`: each document written as soon as it is parsed and checked, while the
files after it parse. The checks are the batch load's, one file at a time: a file that cannot be
loaded, a second file of one plan, a --strict warning or a lossy replacement leaves that file out,
the others load, the command ends with status 1 and names them. The graph it writes is the batch
load's, compared by digest (every node's labels and properties, every relationship)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.config import Settings
from graph.driver import connect
from loaders import parse_bytes
from loaders.synth import synthesize
from policykg import pipeline
from tests.helpers import SAMPLE, managed_server, sample_years
from tests.test_cli_load import LINES, digest, write


def synthetic(directory: Path, count: int = 10) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for plan in synthesize(count, seed=7):
        path = directory / plan.filename
        path.write_text(plan.text, encoding="utf-8")
        paths.append(path)
    return paths


def documents(graph) -> list[str]:
    return [r["source_name"] for r in graph.read("MATCH (d:Document) RETURN d.source_name AS source_name "
                                                  "ORDER BY source_name")]


def test_the_stream_writes_the_graph_the_batch_load_writes(cli, empty_graph, tmp_path):
    """Ten synthetic plans (parsed by the worker processes) and the sample, several to a transaction."""
    paths = [str(p) for p in synthetic(tmp_path / "plans")] + [str(SAMPLE)]
    batch = cli("load", *paths)
    assert batch.exit_code == 0, batch.output
    expected = digest(empty_graph)
    empty_graph.write_auto_commit("MATCH (n) DETACH DELETE n")

    streamed = cli("load", "--stream", *paths)
    assert streamed.exit_code == 0, streamed.output
    assert digest(empty_graph) == expected
    lines = [line for line in streamed.stdout.split("\n") if line]
    assert [line.split(":")[0] for line in lines] == [Path(p).name for p in paths]
    assert "in one transaction with" in streamed.stdout  # documents shared transactions

    again = cli("load", "--stream", *paths)
    assert again.exit_code == 0, again.output
    assert again.stdout.count("nothing written") == len(paths)
    assert digest(empty_graph) == expected


def test_a_bad_file_leaves_out_that_file_alone(cli, empty_graph, tmp_path):
    years = sample_years(tmp_path, (2022, 2023))
    head = write(tmp_path, "head.txt", LINES[:38])
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    result = cli("load", "--stream", str(years[0]), str(head), str(binary), str(years[1]))
    assert result.exit_code == 1
    assert "head.txt: left out: " in result.output and "structurally incomplete: no items" in result.output
    assert "binary.txt: left out: " in result.output
    assert result.output.rstrip().endswith("policykg: 2 of 4 file(s) left out (named above); the other 2 loaded")
    assert [line.split(":")[0] for line in result.stdout.split("\n") if line] == ["plan-2022.txt", "plan-2023.txt"]
    assert documents(empty_graph) == ["plan-2022.txt", "plan-2023.txt"]


def test_a_second_file_of_a_plan_is_left_out(cli, empty_graph, tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SAMPLE.read_bytes())
    result = cli("load", "--stream", str(SAMPLE), str(copy))
    assert result.exit_code == 1
    assert (f"copy.txt: left out: {copy} and {SAMPLE} are the same plan (宁波市奉化区2022年推进高质量发展建设共同富裕"
            f"特色区工作要点); {SAMPLE.name} was taken; load one version at a time") in result.output
    assert documents(empty_graph) == [SAMPLE.name]


def test_strict_leaves_out_a_plan_with_warnings(cli, empty_graph, tmp_path):
    """The sample has four warnings; of the synthetic plans, those the loader warns about are left
    out too, the others load."""
    plans = synthetic(tmp_path / "plans", 6)
    warned = {p.name for p in plans if parse_bytes(p.read_bytes(), p.name)[1].warnings}
    assert 0 < len(warned) < len(plans)
    result = cli("load", "--stream", "--strict", str(SAMPLE), *map(str, plans))
    assert result.exit_code == 1
    assert f"{SAMPLE.name}: left out: {SAMPLE.name}: --strict: 4 warning(s): [" in result.output
    assert f"(see `policykg load --dry-run {SAMPLE}`)" in result.output
    for name in warned:
        assert f"{name}: left out: {name}: --strict: " in result.output
    assert documents(empty_graph) == sorted(p.name for p in plans if p.name not in warned)


def test_a_lossy_replacement_is_left_out_and_the_loaded_plan_kept(cli, empty_graph, tmp_path):
    loaded = cli("load", str(SAMPLE))
    assert loaded.exit_code == 0, loaded.output
    before = digest(empty_graph)
    cut = write(tmp_path, "cut.txt", LINES[:1200])
    later = sample_years(tmp_path, (2023,))[0]
    result = cli("load", "--stream", "--allow-partial", str(cut), str(later))
    assert result.exit_code == 1
    assert ("cut.txt: left out: cut.txt would replace 宁波市奉化区-2022-ec22819a (loaded from fenghua-2022-workpoints.txt) "
            "and lose content: 宁波市奉化区-2022-ec22819a: items 0 added, 45 removed, 0 changed;") in result.output
    assert "check that the file is complete, or give --replace to replace it anyway" in result.output
    assert result.stdout.startswith("plan-2023.txt: loaded 宁波市奉化区-2023-")
    assert documents(empty_graph) == [SAMPLE.name, "plan-2023.txt"]
    assert cli("unload", "plan-2023.txt").exit_code == 0
    assert digest(empty_graph) == before  # the sample as it was

    replaced = cli("load", "--stream", "--allow-partial", "--replace", str(cut))
    assert replaced.exit_code == 0, replaced.output
    assert replaced.stdout.startswith("cut.txt: replaced 宁波市奉化区-2022-ec22819a (items 0 added, 45 removed, 0 changed;")


def test_the_json_names_what_is_written_and_what_is_left_out(cli, empty_graph, tmp_path):
    import json

    head = write(tmp_path, "head.txt", LINES[:38])
    result = cli("load", "--stream", "--json", str(SAMPLE), str(head))
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert [r["document"] for r in out["written"]] == ["宁波市奉化区-2022-ec22819a"]
    assert [o["file"] for o in out["left_out"]] == [str(head)]
    assert "structurally incomplete: no items" in out["left_out"][0]["reason"]


@pytest.mark.parametrize(("flag", "says"), [("--bulk", "--bulk imports a whole store at once"),
                                            ("--dry-run", "--dry-run writes nothing")])
def test_stream_does_not_go_with_bulk_or_dry_run(cli, empty_graph, flag, says):
    result = cli("load", "--stream", flag, str(SAMPLE))
    assert result.exit_code == 2
    flat = " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.output).split())  # out of rich's error panel
    assert f"Invalid value for --stream: --stream writes as it parses, {says}; give one of them" in flat
    assert documents(empty_graph) == []


def _cut_short(tmp_path: Path, paths: list[Path], stop_on: str) -> tuple[list[str], str]:
    """Load ``paths`` with --stream's pipeline into a server of its own, stopped once the first
    document commits (``stop_on="written"``) or a file is left out (``"left"``): what was heard
    committing, and the error's message."""
    server = managed_server(tmp_path / "state", auth=False)
    info = server.start()
    try:
        heard: list[str] = []

        def written(p, result, _diff):
            heard.append(f"{p.path.name} ({result.document})")
            if stop_on == "written" and len(heard) == 1:
                server.stop()

        def left(_out):
            if stop_on == "left":
                server.stop()

        settings = Settings(neo4j_uri=info.uri, connect_timeout=3.0, retry_time=1.0)
        with pipeline.parsing(paths) as outcomes, connect(settings) as conn:
            with pytest.raises(pipeline.BatchInterrupted) as caught:
                pipeline.load_each(conn, outcomes, paths, written=written, left=left)
        return heard, str(caught.value)
    finally:
        server.stop()


@pytest.mark.neo4j
def test_a_stream_cut_short_in_a_write_names_what_is_in(tmp_path):
    """Neo4j stops once plan-2022 is in and head.txt left out, before plan-2023's transaction."""
    years = sample_years(tmp_path, (2022, 2023))
    head = write(tmp_path, "head.txt", LINES[:38])
    heard, message = _cut_short(tmp_path, [years[0], years[1], head], "left")
    assert len(heard) == 1 and heard[0].startswith("plan-2022.txt (宁波市奉化区-2022-")
    assert message.startswith("writing plan-2023.txt failed: ")
    assert message.endswith(f"1 document(s) were written before it: {heard[0]}; left out: head.txt; "
                            "not written: plan-2023.txt; load those again once the graph answers")


@pytest.mark.neo4j
def test_a_stream_cut_short_in_a_check_names_what_is_in(tmp_path):
    """Neo4j stops once plan-2022 is in: reading plan-2023's loaded version fails, plan-2024 is not
    reached."""
    years = sample_years(tmp_path, (2022, 2023, 2024))
    head = write(tmp_path, "head.txt", LINES[:38])
    heard, message = _cut_short(tmp_path, [years[0], head, years[1], years[2]], "written")
    assert len(heard) == 1 and heard[0].startswith("plan-2022.txt (宁波市奉化区-2022-")
    assert message.startswith("checking plan-2023.txt against the loaded version failed: ")
    assert message.endswith(f"1 document(s) were written before it: {heard[0]}; left out: head.txt; "
                            "not written: plan-2023.txt, plan-2024.txt; load those again once the graph answers")


def test_a_terminated_stream_leaves_whole_documents_and_no_spool(empty_graph, neo4j_server, tmp_path):
    """`kill` (SIGTERM) once the first documents are in: exit 143, the spool gone, every document
    in the graph whole (its items those its file holds), and a second run loads the rest."""
    import os
    import signal
    import subprocess
    import sys

    folder = tmp_path / "plans"
    paths = synthetic(folder, 30)
    spool_root = tmp_path / "tmp"
    spool_root.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "POLICYKG_"))}
    env |= {"TMPDIR": str(spool_root), "NEO4J_URI": neo4j_server.uri,
            "POLICYKG_STATE_DIR": str(tmp_path / "state")}
    if neo4j_server.settings.neo4j_password:
        env["NEO4J_PASSWORD"] = neo4j_server.settings.neo4j_password
    proc = subprocess.Popen([sys.executable, "-m", "policykg", "load", "--stream", str(folder)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            cwd=Path(__file__).resolve().parents[1])
    assert proc.stdout is not None
    first = proc.stdout.readline()  # click flushes each line
    assert ": loaded " in first, first
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 143, first + out
    assert list(spool_root.glob("policykg-load-*")) == []

    items = {p.name: parse_bytes(p.read_bytes(), p.name)[0].items for p in paths}
    loaded = empty_graph.read("MATCH (d:Document) RETURN d.source_name AS name, "
                              "COUNT { (d)-[:CONTAINS]->(:Item) } AS items").records
    assert 1 <= len(loaded) < len(paths)
    assert all(row["items"] == len(items[row["name"]]) for row in loaded)

    again = subprocess.run([sys.executable, "-m", "policykg", "load", "--stream", str(folder)], env=env,
                           capture_output=True, text=True, timeout=300, cwd=Path(__file__).resolve().parents[1])
    assert again.returncode == 0, again.stderr
    assert again.stdout.count(": unchanged ") == len(loaded)
    assert again.stdout.count(": loaded ") == len(paths) - len(loaded)
