// compiled from readme-5-indicators-and-targets.graphql; rewrite with POLICYKG_UPDATE_GOLDEN=1 make test PYTEST_ARGS=tests/graph/test_golden.py
//
// # README "GraphQL API", question 5: the indicators of an area with their parsed values, and the items whose targets mention 养老
// {
//   indicators(where: {areaName: "社会治理先行示范", hasOwner: false}) {
//     nodes { name comparator value unit }
//   }
//   itemsTargeting(indicator: "养老") {
//     nodes {
//       __typename
//       ref
//       name
//       indicators { text value unit }
//     }
//   }
// }

// statement 1 of 2
CALL () { MATCH (v:`Indicator`) WHERE EXISTS { (v)-[:IN_AREA]->(:`Area` {name: $p0}) } AND EXISTS { MATCH (v)<-[:TARGETS]-(n2:`Item`) } = $p1 WITH v ORDER BY v.document, v.line_start, size(v.key), v.document, v.line_start, size(v.key), coalesce(v.key, v.id, v.name) SKIP $p2 LIMIT $p3 RETURN collect(v {__labels: labels(v), __key: coalesce(v.key, v.id, v.name), .`comparator`, .`name`, .`unit`, .`value`}) AS page }
RETURN page
// parameters:
// {
//   "p0": "社会治理先行示范",
//   "p1": false,
//   "p2": 0,
//   "p3": 21
// }

// statement 2 of 2
CALL () { MATCH (a1:`Indicator`) WHERE a1.`text` CONTAINS $p0 MATCH (a1)<-[:TARGETS]-(v:`Item`) WITH DISTINCT v WHERE true WITH v ORDER BY v.document, v.line_start, v.document, v.line_start, v.number, coalesce(v.key, v.id, v.name) SKIP $p1 LIMIT $p2 RETURN collect(v {__labels: labels(v), __key: coalesce(v.key, v.id, v.name), .`name`, .`number_text`, `r_indicators`: COLLECT { MATCH (v)-[:TARGETS]->(n4:`Indicator`) WHERE true WITH DISTINCT n4 ORDER BY n4.line_start, size(n4.key), n4.key, n4.document, n4.line_start, size(n4.key), coalesce(n4.key, n4.id, n4.name) RETURN n4 {__labels: labels(n4), __key: coalesce(n4.key, n4.id, n4.name), .`text`, .`unit`, .`value`} }}) AS page }
RETURN page
// parameters:
// {
//   "p0": "养老",
//   "p1": 0,
//   "p2": 21
// }
