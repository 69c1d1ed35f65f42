// compiled from items-where.graphql; rewrite with POLICYKG_UPDATE_GOLDEN=1 make test PYTEST_ARGS=tests/graph/test_golden.py
//
// # Items filtered on their own properties, on related nodes (AND, OR, NOT) and sorted by a count
// {
//   items(
//     kinds: [TASK, REFORM]
//     where: {
//       OR: [{cites: {level: "省"}}, {nameContains: "养老"}]
//       NOT: {ledBy: {alias: "发改局"}}
//       hasMilestones: true
//     }
//     orderBy: [{by: CITATION_COUNT, direction: DESC}]
//     first: 3
//   ) {
//     totalCount
//     pageInfo { hasNextPage endCursor }
//     nodes {
//       __typename
//       ref
//       name
//       citations { cell policy { title level } }
//     }
//   }
// }

// statement 1 of 2
UNWIND $p0 AS n
WITH n, COLLECT { CALL (n) { MATCH (v:`Department`) WHERE v.name = n.name RETURN v UNION CALL db.index.fulltext.queryNodes($p2, n.phrase) YIELD node AS v WITH v WHERE v:`Department` AND n.name IN v.aliases RETURN v } RETURN v {.key, .name, .jurisdiction} AS found ORDER BY found.key } AS found
WITH collect({name: n.name, found: found}) AS rows
RETURN rows, CASE WHEN any(r IN rows WHERE size(r.found) = 0) THEN COLLECT { MATCH (d:`Department`) WHERE $p1 IS NULL OR d.jurisdiction = $p1 UNWIND [d.name] + coalesce(d.aliases, []) AS term RETURN DISTINCT {term: term, name: d.name} AS known } ELSE [] END AS known
// parameters:
// {
//   "p0": [
//     {
//       "name": "发改局",
//       "phrase": "alias_text:\"发改局\""
//     }
//   ],
//   "p1": null,
//   "p2": "search"
// }

// statement 2 of 2
CALL () { MATCH (v:`Item`) WHERE (((EXISTS { MATCH (v)-[r1:CITES]->(n2:`Policy`) WHERE n2.`level` = $p0 }) OR (v.`name` CONTAINS $p1)) AND NOT (EXISTS { MATCH (v)<-[r3:RESPONSIBLE_FOR {role: 'lead'}]-(n4:`Department`) WHERE n4.key IN $p2 }) AND EXISTS { MATCH (v)-[:HAS_MILESTONE]->(n6:`Milestone`) } = $p3) AND (v.`kind` IN $p4) RETURN count(v) AS total }
CALL () { MATCH (v:`Item`) WHERE (((EXISTS { MATCH (v)-[r1:CITES]->(n2:`Policy`) WHERE n2.`level` = $p0 }) OR (v.`name` CONTAINS $p1)) AND NOT (EXISTS { MATCH (v)<-[r3:RESPONSIBLE_FOR {role: 'lead'}]-(n4:`Department`) WHERE n4.key IN $p2 }) AND EXISTS { MATCH (v)-[:HAS_MILESTONE]->(n6:`Milestone`) } = $p3) AND (v.`kind` IN $p4) WITH v ORDER BY COUNT { (v)-[:CITES]->() } DESC, v.document, v.line_start, v.number, coalesce(v.key, v.id, v.name) SKIP $p5 LIMIT $p6 RETURN collect(v {__labels: labels(v), __key: coalesce(v.key, v.id, v.name), .`name`, .`number_text`, `r_citations`: COLLECT { MATCH (v)-[r7:CITES]->(n8:`Policy`) WHERE true WITH DISTINCT n8, r7 ORDER BY r7.line_start, r7.cell, n8.key, coalesce(n8.key, n8.id, n8.name) RETURN n8 {__labels: labels(n8), __key: coalesce(n8.key, n8.id, n8.name), .`level`, .`title`, __rel: r7 {.`cell`}} }}) AS page }
RETURN page, total
// parameters:
// {
//   "p0": "省",
//   "p1": "养老",
//   "p2": [
//     "宁波市奉化区/区发改局"
//   ],
//   "p3": true,
//   "p4": [
//     "task",
//     "reform"
//   ],
//   "p5": 0,
//   "p6": 4
// }
