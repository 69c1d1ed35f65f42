"""The two lookups of a department by name, as compiled: in one jurisdiction (its index, names
and aliases compared there) and in every one (the name's index seek, then the full-text index
on the aliases). ``tests/graph/golden/department.cypher`` pins the first as the API sends it;
these pin both, in both statements that use them, with their parameters."""

from __future__ import annotations

from graph import cypher
from graph.select import Select

IN_JURISDICTION = ("MATCH (v:`Department`) WHERE v.jurisdiction = {j} "
                   "AND (v.name = {name} OR {name} IN v.aliases) RETURN v")
ANYWHERE = ("MATCH (v:`Department`) WHERE v.name = {name} RETURN v "
            "UNION CALL db.index.fulltext.queryNodes({index}, {phrase}) YIELD node AS v "
            "WITH v WHERE v:`Department` AND {name} IN v.aliases RETURN v")


def test_department_in_a_jurisdiction_reads_only_there() -> None:
    c = cypher.Compiler()
    query = cypher.department_statement(c, "发改局", "宁波市奉化区", Select())

    assert query.startswith("CALL () { " + IN_JURISDICTION.format(j="$p1", name="$p0") + " }\n")
    assert c.params == {"p0": "发改局", "p1": "宁波市奉化区"}


def test_department_anywhere_seeks_the_name_and_searches_the_aliases() -> None:
    c = cypher.Compiler()
    query = cypher.department_statement(c, 'a"b', None, Select())

    assert query.startswith("CALL () { " + ANYWHERE.format(name="$p0", phrase="$p1", index="$p2") + " }\n")
    assert c.params == {"p0": 'a"b', "p1": 'alias_text:"a\\"b"', "p2": cypher.FULLTEXT_INDEX}


def test_departments_named_in_a_jurisdiction() -> None:
    c = cypher.Compiler()
    query = cypher.departments_named_statement(c, ["发改局", "财政局"], "宁波市奉化区")

    assert "CALL (n) { " + IN_JURISDICTION.format(j="$p1", name="n.name") + " }" in query
    assert "fulltext" not in query
    assert c.params == {
        "p0": [{"name": "发改局", "phrase": 'alias_text:"发改局"'}, {"name": "财政局", "phrase": 'alias_text:"财政局"'}],
        "p1": "宁波市奉化区",
    }


def test_departments_named_anywhere() -> None:
    c = cypher.Compiler()
    query = cypher.departments_named_statement(c, ["发改局"], None)

    assert "CALL (n) { " + ANYWHERE.format(name="n.name", phrase="n.phrase", index="$p2") + " }" in query
    assert "WHERE $p1 IS NULL OR d.jurisdiction = $p1" in query
    assert c.params == {"p0": [{"name": "发改局", "phrase": 'alias_text:"发改局"'}], "p1": None,
                        "p2": cypher.FULLTEXT_INDEX}
