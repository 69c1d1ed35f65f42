"""Writing documents into the real Neo4j: whole or not at all, idempotent, replaceable."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from graph.errors import GraphError
from graph.schema import ensure_schema, statements
from graph.writer import counts, list_documents, unload_document, write_document
from loaders import load_file, parse_bytes

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "fenghua-2022-workpoints.txt"


@pytest.fixture(scope="module")
def sample():
    return load_file(SAMPLE)[0]


@pytest.fixture
def loaded(empty_graph, sample):
    ensure_schema(empty_graph)
    write_document(empty_graph, sample)
    return empty_graph


def label_counts(conn) -> dict[str, int]:
    rows = conn.read("MATCH (n) UNWIND labels(n) AS l RETURN l, count(*) AS c")
    return {r["l"]: r["c"] for r in rows}


def rel_counts(conn) -> dict[str, int]:
    rows = conn.read("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c")
    return {r["t"]: r["c"] for r in rows}


def test_schema_is_idempotent(empty_graph):
    ensure_schema(empty_graph)
    before = empty_graph.read("SHOW INDEXES YIELD name RETURN count(*) AS n").single_value()
    assert ensure_schema(empty_graph) == []  # all in place: nothing created, nothing written
    after = empty_graph.read("SHOW INDEXES YIELD name RETURN count(*) AS n").single_value()
    assert before == after >= len(statements())


def test_schema_creates_only_what_is_missing(empty_graph):
    ensure_schema(empty_graph)
    empty_graph.write("DROP INDEX milestone_end_month IF EXISTS")
    empty_graph.write("DROP CONSTRAINT policy_key_unique IF EXISTS")
    assert sorted(ensure_schema(empty_graph)) == ["milestone_end_month", "policy_key_unique"]
    names = {r["name"] for r in empty_graph.read("SHOW INDEXES YIELD name RETURN name")}
    assert set(statements()) <= names
    fulltext = empty_graph.read(
        "SHOW FULLTEXT INDEXES YIELD name, options RETURN name, options.indexConfig.`fulltext.analyzer` AS analyzer"
    )
    assert {"name": "search", "analyzer": "cjk"} in list(fulltext)


def test_sample_loads_whole(loaded):
    labels = label_counts(loaded)
    assert labels["Task"] == 73
    assert labels["Reform"] == 41
    assert labels["Measure"] == 60
    assert labels["Item"] == 73 + 41 + 60
    assert labels["Document"] == 1 and labels["Jurisdiction"] == 1
    assert labels["Area"] == 7 + 6
    rels = rel_counts(loaded)
    assert rels["IN_AREA"] >= 174  # every item, plus indicators
    leads = loaded.read(
        "MATCH (:Department)-[r:RESPONSIBLE_FOR {role: 'lead'}]->(i:Item) RETURN count(DISTINCT i) AS n"
    ).single_value()
    assert leads == 174  # every task, reform and measure has exactly one lead
    multi = loaded.read(
        "MATCH (d:Department)-[r:RESPONSIBLE_FOR {role: 'lead'}]->(i:Item) WITH i, count(d) AS n WHERE n > 1 "
        "RETURN count(i) AS n"
    ).single_value()
    assert multi == 0


def test_department_by_alias_and_roles(loaded):
    rows = loaded.read(
        """
        MATCH (d:Department) WHERE $name IN d.aliases
        MATCH (d)-[r:RESPONSIBLE_FOR]->(i:Task)
        RETURN r.role AS role, i.number AS number ORDER BY role, number
        """,
        {"name": "区发展和改革局"},
    )
    leads = [r["number"] for r in rows if r["role"] == "lead"]
    supports = [r["number"] for r in rows if r["role"] == "support"]
    # 附件二 rows with (区发改局…) first: 6 10 22 23 24 30 33 34 42 48 55 58 59 60; support in 25
    assert leads == [6, 10, 22, 23, 24, 30, 33, 34, 42, 48, 55, 58, 59, 60]
    assert supports == [25]


def test_provenance_on_nodes_and_relationships(loaded):
    row = loaded.read(
        """
        MATCH (d:Department {name: '区交通局'})-[r:RESPONSIBLE_FOR]->(t:Task {number: 25})
        MATCH (t)-[c:CITES]->(p:Policy)
        RETURN t.line_start AS ls, t.line_end AS le, t.section AS section, r.source_text AS unit_text,
               r.line_start AS unit_line, collect(c.cell) AS cells
        """
    ).first()
    assert (row["ls"], row["le"]) == (499, 513)
    assert row["section"].startswith("附件二")
    assert row["unit_text"] == "大通道建设(区交通局)(区发改局)"
    assert row["unit_line"] == 501
    assert set(row["cells"]) == {"policy", "evaluation", "schedule"}


def test_shared_policy_is_one_node(loaded):
    row = loaded.read(
        """
        MATCH (p:Policy {key: '浙江省电子商务条例'})<-[c:CITES]-(i:Item)
        RETURN p.level AS level, p.kind AS kind, count(c) AS cites, collect(DISTINCT i.number) AS rows
        """
    ).first()
    assert row["level"] == "省" and row["kind"] == "条例"
    assert sorted(row["rows"]) == [8, 66]  # task 8 work cell; task 66 policy cell


def test_reload_is_a_no_op(loaded, sample):
    before = counts(loaded), label_counts(loaded), rel_counts(loaded)
    result = write_document(loaded, sample)
    assert result.skipped
    assert (counts(loaded), label_counts(loaded), rel_counts(loaded)) == before
    forced = write_document(loaded, sample, force=True)
    assert forced.replaced and not forced.skipped
    assert (counts(loaded), label_counts(loaded), rel_counts(loaded)) == before


def test_new_version_replaces_own_items_keeps_shared(loaded, sample):
    text = SAMPLE.read_text(encoding="utf-8").replace("数字经济五年倍增行动(区经信局)", "数字经济五年倍增计划(区经信局)")
    text = text.replace("1.《奉化区数字经济发展五年行动计划(2018—2022年)》。", "1.《奉化区数字经济发展新五年行动计划》。")
    new, _ = parse_bytes(text.encode("utf-8"), SAMPLE.name)
    assert new.id == sample.id
    result = write_document(loaded, new)
    assert result.replaced
    names = [r["n"] for r in loaded.read("MATCH (t:Task {number: 1}) RETURN t.name AS n")]
    assert names == ["数字经济五年倍增计划"]
    assert label_counts(loaded)["Task"] == 73
    gone = loaded.read("MATCH (p:Policy) WHERE p.title CONTAINS '2018—2022' RETURN count(p) AS n").single_value()
    assert gone == 0  # only the old version cited it
    assert loaded.read("MATCH (p:Policy {title: '奉化区数字经济发展新五年行动计划'}) RETURN count(p) AS n").single_value() == 1


def test_failed_write_changes_nothing(loaded, sample):
    before = counts(loaded), label_counts(loaded), rel_counts(loaded)
    # a second plan whose last measure carries a value Neo4j cannot store: the transaction
    # has already written the document and its items when it fails
    other, _ = parse_bytes(SAMPLE.read_bytes().replace("2022年".encode(), "2023年".encode()), "other.txt")
    broken_measure = dataclasses.replace(other.measures[-1], number={"not": "storable"})  # type: ignore[arg-type]
    broken = dataclasses.replace(other, measures=other.measures[:-1] + (broken_measure,))
    with pytest.raises(GraphError, match="primitive types"):
        write_document(loaded, broken)
    assert (counts(loaded), label_counts(loaded), rel_counts(loaded)) == before
    assert [d["id"] for d in list_documents(loaded)] == [sample.id]


def test_unload_removes_one_document(loaded, sample):
    other, _ = parse_bytes(SAMPLE.read_bytes().replace("2022年".encode(), "2023年".encode()), "fenghua-2023.txt")
    write_document(loaded, other)
    assert label_counts(loaded)["Task"] == 146
    assert label_counts(loaded)["Department"] == len(sample.departments)  # same district: shared
    removed = unload_document(loaded, "fenghua-2023.txt")
    assert removed == [other.id]
    assert label_counts(loaded)["Task"] == 73
    assert [d["id"] for d in list_documents(loaded)] == [sample.id]
    # unloading the last document leaves no orphans behind
    unload_document(loaded, sample.id)
    assert counts(loaded) == (0, 0)
    assert unload_document(loaded, "no such document") == []


def test_each_cell_keeps_its_lines(loaded):
    row = loaded.read(
        "MATCH (t:Task {number: 6}) RETURN t.cell_work_lines AS work, t.cell_schedule_lines AS schedule, "
        "t.cell_evaluation_lines AS evaluation, t.cell_name_lines AS name"
    ).first()
    # 附件二 row 6: name on line 184, 工作体系 over lines 188-198, empty 评价体系, 进度安排 on 203
    assert row == {"work": [188, 198], "schedule": [203, 203], "evaluation": None, "name": [184, 184]}


def test_model_hash_is_the_sorted_json_of_the_whole_model(sample):
    """The hash walks the dataclasses instead of copying them, and stays what graphs loaded
    before hold: sha256 of ``json.dumps(to_dict(), sort_keys=True)``, for every layout."""
    import hashlib
    import json

    from graph.writer import model_hash
    from loaders.synth import LAYOUTS

    docs = [sample] + [parse_bytes(text.encode("utf-8"), name)[0]
                       for layout in LAYOUTS.values() for name, text in layout(3, 5)]
    for doc in docs:
        expected = hashlib.sha256(json.dumps(doc.to_dict(), ensure_ascii=False, sort_keys=True).encode()).hexdigest()
        assert model_hash(doc) == expected, doc.id
    assert model_hash(sample) != model_hash(dataclasses.replace(sample, title=sample.title + "!"))
    assert len({model_hash(d) for d in docs}) == len(docs)
