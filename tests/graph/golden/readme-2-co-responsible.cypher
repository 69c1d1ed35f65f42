// compiled from readme-2-co-responsible.graphql; rewrite with POLICYKG_UPDATE_GOLDEN=1 make test PYTEST_ARGS=tests/graph/test_golden.py
//
// # README "GraphQL API", question 2: the departments that share items with 区发改局, most shared first
// {
//   department(name: "区发改局") {
//     coResponsible(first: 3) {
//       sharedCount
//       department { name }
//       items { __typename ref name }
//     }
//   }
// }

// statement 1 of 1
CALL () { MATCH (v:`Department`) WHERE v.name = $p0 RETURN v UNION CALL db.index.fulltext.queryNodes($p2, $p1) YIELD node AS v WITH v WHERE v:`Department` AND $p0 IN v.aliases RETURN v }
WITH v ORDER BY v.jurisdiction, v.key
RETURN v {__labels: labels(v), __key: coalesce(v.key, v.id, v.name), `r_coResponsible`: COLLECT { MATCH (v)-[:RESPONSIBLE_FOR]->(:`Item`)<-[:RESPONSIBLE_FOR]-(d2:`Department`) WHERE d2 <> v WITH DISTINCT d2 WITH d2, COLLECT { MATCH (v)-[:RESPONSIBLE_FOR]->(i1:`Item`)<-[:RESPONSIBLE_FOR]-(d2) WITH DISTINCT i1 ORDER BY i1.document, i1.line_start, i1.key RETURN i1 } AS shared ORDER BY size(shared) DESC, d2.name, d2.key LIMIT $p3 RETURN {department: d2 {__labels: labels(d2), __key: coalesce(d2.key, d2.id, d2.name), .`name`}, count: size(shared), items: [i1 IN shared | i1 {__labels: labels(i1), __key: coalesce(i1.key, i1.id, i1.name), .`name`, .`number_text`}]} }} AS node
// parameters:
// {
//   "p0": "区发改局",
//   "p1": "alias_text:\"区发改局\"",
//   "p2": "search",
//   "p3": 3
// }
