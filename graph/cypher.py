"""Every Cypher statement that ``graph/`` runs (named queries live in ``queries/``).

Fixed statements are UPPER_SNAKE constants; values always go in as
``$parameters``. Labels are interpolated only from the :class:`Label` enum,
never from input.

The graph, in one picture (see README "Graph schema"):

    (Document)-[:ABOUT]->(Jurisdiction)<-[:PART_OF]-(Department)-[:GOVERNS]->(Place)
    (Document)-[:CONTAINS]->(Task|Reform|Measure|Indicator)
    (Document)-[:LISTS {stated_count,row_count}]->(Area)
    (Department)-[:RESPONSIBLE_FOR {role,order}]->(Task|Reform|Measure)
    (Task|Reform|Measure)-[:CITES {cell}]->(Policy)
    (Task|Reform|Measure)-[:TARGETS]->(Indicator)-[:IN_AREA]->(Area)
    (Task|Reform|Measure)-[:HAS_MILESTONE]->(Milestone)
    (Task|Reform|Measure)-[:IN_AREA]->(Area)
    (Task|Reform|Measure)-[:MENTIONS]->(Place)-[:IN]->(Jurisdiction)
"""

from __future__ import annotations

from enum import Enum


class Label(str, Enum):
    DOCUMENT = "Document"
    JURISDICTION = "Jurisdiction"
    AREA = "Area"
    ITEM = "Item"  # every Task, Reform and Measure also carries :Item
    TASK = "Task"
    REFORM = "Reform"
    MEASURE = "Measure"
    DEPARTMENT = "Department"
    POLICY = "Policy"
    INDICATOR = "Indicator"
    PLACE = "Place"
    MILESTONE = "Milestone"


#: The property that identifies each node, with a uniqueness constraint on it.
KEYS: dict[Label, str] = {
    Label.DOCUMENT: "id",
    Label.JURISDICTION: "name",
    Label.AREA: "key",
    Label.ITEM: "key",
    Label.TASK: "key",
    Label.REFORM: "key",
    Label.MEASURE: "key",
    Label.DEPARTMENT: "key",
    Label.POLICY: "key",
    Label.INDICATOR: "key",
    Label.PLACE: "key",
    Label.MILESTONE: "key",
}

#: Lookup indexes beside the keys: (label, property).
INDEXES: tuple[tuple[Label, str], ...] = (
    (Label.DEPARTMENT, "name"),
    (Label.DEPARTMENT, "jurisdiction"),
    (Label.DEPARTMENT, "aliases"),
    (Label.POLICY, "normalized"),
    (Label.POLICY, "level"),
    (Label.ITEM, "document"),
    (Label.ITEM, "name"),
    (Label.INDICATOR, "document"),
    (Label.MILESTONE, "document"),
    (Label.MILESTONE, "end_month"),
    (Label.PLACE, "name"),
    (Label.AREA, "name"),
    (Label.DOCUMENT, "jurisdiction"),
)

FULLTEXT_INDEX = "search"
FULLTEXT_LABELS = (
    Label.TASK, Label.REFORM, Label.MEASURE, Label.DEPARTMENT, Label.POLICY, Label.INDICATOR, Label.PLACE,
    Label.MILESTONE, Label.AREA, Label.DOCUMENT,
)
FULLTEXT_PROPERTIES = ("name", "title", "text", "alias_text")


def constraint(label: Label, prop: str) -> str:
    name = f"{label.value.lower()}_{prop}_unique"
    return f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:`{label.value}`) REQUIRE n.`{prop}` IS UNIQUE"


def index(label: Label, prop: str) -> str:
    name = f"{label.value.lower()}_{prop}"
    return f"CREATE INDEX {name} IF NOT EXISTS FOR (n:`{label.value}`) ON (n.`{prop}`)"


def fulltext_index() -> str:
    labels = "|".join(f"`{label.value}`" for label in FULLTEXT_LABELS)
    props = ", ".join(f"n.`{p}`" for p in FULLTEXT_PROPERTIES)
    return (
        f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:{labels}) ON EACH [{props}] "
        "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk', `fulltext.eventually_consistent`: true}}"
    )


AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"

DOCUMENT_HASH = "MATCH (d:Document {id: $id}) RETURN d.model_hash AS model_hash"

# Removing a document: its own nodes go, shared nodes stay unless nothing uses them.
DELETE_DOCUMENT_NODES = """
CALL () { MATCH (n:Milestone {document: $id}) DETACH DELETE n }
CALL () { MATCH (n:Indicator {document: $id}) DETACH DELETE n }
CALL () { MATCH (n:Item {document: $id}) DETACH DELETE n }
"""
DELETE_DOCUMENT = "MATCH (d:Document {id: $id}) DETACH DELETE d RETURN count(d) AS deleted"
DELETE_ORPHANS = """
CALL () {
  MATCH (p:Policy) WHERE NOT (p)<-[:CITES]-() DETACH DELETE p RETURN count(*) AS n
  UNION ALL
  MATCH (d:Department) WHERE NOT (d)-[:RESPONSIBLE_FOR]->() DETACH DELETE d RETURN count(*) AS n
  UNION ALL
  MATCH (pl:Place) WHERE NOT (pl)<-[:MENTIONS|GOVERNS]-() DETACH DELETE pl RETURN count(*) AS n
  UNION ALL
  MATCH (a:Area) WHERE NOT (a)<-[:IN_AREA|LISTS]-() DETACH DELETE a RETURN count(*) AS n
  UNION ALL
  MATCH (j:Jurisdiction) WHERE NOT (j)<-[:ABOUT]-() DETACH DELETE j RETURN count(*) AS n
}
RETURN sum(n) AS deleted
"""

FIND_DOCUMENTS = """
MATCH (d:Document)
WHERE d.id = $ref OR d.title = $ref OR d.source_name = $ref
RETURN d.id AS id, d.title AS title, d.source_name AS source_name
"""
LIST_DOCUMENTS = """
MATCH (d:Document)
RETURN d.id AS id, d.title AS title, d.jurisdiction AS jurisdiction, d.year AS year,
       d.source_name AS source_name, COUNT { (d)-[:CONTAINS]->(:Item) } AS items
ORDER BY d.jurisdiction, d.year, d.id
"""
COUNTS = """
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships
"""

MERGE_JURISDICTION = """
MERGE (j:Jurisdiction {name: $j.name})
SET j.short_name = $j.short_name, j.level = $j.level, j.parent = $j.parent,
    j.alias_text = $j.short_name
"""

MERGE_DOCUMENT = """
MERGE (d:Document {id: $d.id})
SET d += $d
WITH d
MATCH (j:Jurisdiction {name: $d.jurisdiction})
MERGE (d)-[:ABOUT]->(j)
"""

MERGE_AREAS = """
UNWIND $rows AS row
MERGE (a:Area {key: row.key})
ON CREATE SET a.name = row.name, a.kind = row.kind, a.order = row.order
"""

LINK_AREA_HEADERS = """
MATCH (d:Document {id: $id})
UNWIND $rows AS row
MATCH (a:Area {key: row.area})
CREATE (d)-[r:LISTS]->(a)
SET r += row.props
"""

# Aliases accumulate across documents of one jurisdiction (no APOC: a list comprehension).
MERGE_DEPARTMENTS = """
UNWIND $rows AS row
MERGE (dep:Department {key: row.key})
SET dep.name = row.name, dep.full_name = coalesce(row.full_name, dep.full_name), dep.kind = row.kind,
    dep.jurisdiction = row.jurisdiction,
    dep.aliases = coalesce(dep.aliases, []) + [a IN row.aliases WHERE NOT a IN coalesce(dep.aliases, [])]
SET dep.alias_text = reduce(s = '', a IN dep.aliases | s + ' ' + a)
WITH dep, row
MATCH (j:Jurisdiction {name: row.jurisdiction})
MERGE (dep)-[:PART_OF]->(j)
"""

MERGE_PLACES = """
UNWIND $rows AS row
MERGE (p:Place {key: row.key})
ON CREATE SET p.name = row.name, p.kind = row.kind, p.jurisdiction = row.jurisdiction
WITH p, row
MATCH (j:Jurisdiction {name: row.jurisdiction})
MERGE (p)-[:IN]->(j)
"""

LINK_GOVERNS = """
UNWIND $rows AS row
MATCH (dep:Department {key: row.department})
MATCH (p:Place {key: row.place})
MERGE (dep)-[:GOVERNS]->(p)
"""

MERGE_POLICIES = """
UNWIND $rows AS row
MERGE (p:Policy {key: row.key})
ON CREATE SET p.title = row.title, p.normalized = row.normalized, p.titles = []
SET p.level = coalesce(p.level, row.level), p.kind = coalesce(p.kind, row.kind),
    p.issuer = coalesce(p.issuer, row.issuer), p.doc_number = coalesce(p.doc_number, row.doc_number),
    p.jurisdiction = row.jurisdiction,
    p.titles = p.titles + [t IN row.titles WHERE NOT t IN p.titles]
SET p.name = p.title
"""


def create_items(label: Label) -> str:
    return f"""
UNWIND $rows AS row
CREATE (i:`{Label.ITEM.value}`:`{label.value}`)
SET i = row.props
WITH i, row
MATCH (d:Document {{id: row.props.document}})
CREATE (d)-[:CONTAINS]->(i)
WITH i, row
OPTIONAL MATCH (a:Area {{key: row.area}})
FOREACH (_ IN CASE WHEN a IS NULL THEN [] ELSE [1] END | CREATE (i)-[:IN_AREA]->(a))
"""


CREATE_INDICATORS = """
UNWIND $rows AS row
CREATE (n:Indicator)
SET n = row.props
WITH n, row
OPTIONAL MATCH (a:Area {key: row.area})
FOREACH (_ IN CASE WHEN a IS NULL THEN [] ELSE [1] END | CREATE (n)-[:IN_AREA]->(a))
WITH n, row
OPTIONAL MATCH (owner:Item {key: row.owner})
FOREACH (_ IN CASE WHEN owner IS NULL THEN [] ELSE [1] END | CREATE (owner)-[:TARGETS]->(n))
WITH n, row
MATCH (d:Document {id: row.props.document})
CREATE (d)-[:CONTAINS]->(n)
"""

CREATE_MILESTONES = """
UNWIND $rows AS row
MATCH (i:Item {key: row.owner})
CREATE (m:Milestone)
SET m = row.props
CREATE (i)-[:HAS_MILESTONE]->(m)
"""

CREATE_RESPONSIBILITIES = """
UNWIND $rows AS row
MATCH (dep:Department {key: row.department})
MATCH (i:Item {key: row.item})
CREATE (dep)-[r:RESPONSIBLE_FOR]->(i)
SET r = row.props
"""

CREATE_CITATIONS = """
UNWIND $rows AS row
MATCH (i:Item {key: row.item})
MATCH (p:Policy {key: row.policy})
CREATE (i)-[r:CITES]->(p)
SET r = row.props
"""

CREATE_MENTIONS = """
UNWIND $rows AS row
MATCH (i:Item {key: row.item})
MATCH (p:Place {key: row.place})
CREATE (i)-[r:MENTIONS]->(p)
SET r = row.props
"""
