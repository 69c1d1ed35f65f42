// compiled from readme-4-schedule.graphql; rewrite with POLICYKG_UPDATE_GOLDEN=1 make test PYTEST_ARGS=tests/graph/test_golden.py
//
// # README "GraphQL API", question 4: what 区民政局's items have on in June
// {
//   schedule(month: 6, department: "区民政局") {
//     totalCount
//     nodes {
//       label
//       text
//       item { __typename ref name }
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
//       "name": "区民政局",
//       "phrase": "alias_text:\"区民政局\""
//     }
//   ],
//   "p1": null,
//   "p2": "search"
// }

// statement 2 of 2
CALL () { MATCH (v:`Milestone`) WHERE (v.end_month >= $p0 AND coalesce(v.start_month, v.end_month) <= $p0) AND EXISTS { MATCH (v)<-[:HAS_MILESTONE]-(n2:`Item`) WHERE EXISTS { MATCH (n2)<-[r3:RESPONSIBLE_FOR {role: 'lead'}]-(n4:`Department`) WHERE n4.key IN $p1 } } RETURN count(v) AS total }
CALL () { MATCH (v:`Milestone`) WHERE (v.end_month >= $p0 AND coalesce(v.start_month, v.end_month) <= $p0) AND EXISTS { MATCH (v)<-[:HAS_MILESTONE]-(n2:`Item`) WHERE EXISTS { MATCH (n2)<-[r3:RESPONSIBLE_FOR {role: 'lead'}]-(n4:`Department`) WHERE n4.key IN $p1 } } WITH v ORDER BY v.end_month, coalesce(v.start_month, v.end_month), v.document, v.line_start, v.order, v.document, v.line_start, v.order, coalesce(v.key, v.id, v.name) SKIP $p2 LIMIT $p3 RETURN collect(v {__labels: labels(v), __key: coalesce(v.key, v.id, v.name), .`label`, .`text`, `r_item`: head(COLLECT { MATCH (v)<-[:HAS_MILESTONE]-(n6:`Item`) WHERE true WITH DISTINCT n6 ORDER BY n6.key, n6.document, n6.line_start, n6.number, coalesce(n6.key, n6.id, n6.name) RETURN n6 {__labels: labels(n6), __key: coalesce(n6.key, n6.id, n6.name), .`name`, .`number_text`} })}) AS page }
RETURN page, total
// parameters:
// {
//   "p0": 6,
//   "p1": [
//     "宁波市奉化区/区民政局"
//   ],
//   "p2": 0,
//   "p3": 21
// }
