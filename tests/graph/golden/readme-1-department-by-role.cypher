// compiled from readme-1-department-by-role.graphql; rewrite with POLICYKG_UPDATE_GOLDEN=1 make test PYTEST_ARGS=tests/graph/test_golden.py
//
// # README "GraphQL API", question 1: everything 区发改局 is responsible for, by role, under any of its names
// {
//   department(name: "发改局") {
//     name
//     fullName
//     leadCount
//     supportCount
//     tasks: leads(kinds: [TASK], first: 3) {
//       totalCount
//       nodes { ref name }
//     }
//     supports {
//       nodes { __typename ref name lead }
//     }
//   }
// }

// statement 1 of 1
CALL () { MATCH (v:`Department`) WHERE v.name = $p0 RETURN v UNION CALL db.index.fulltext.queryNodes($p2, $p1) YIELD node AS v WITH v WHERE v:`Department` AND $p0 IN v.aliases RETURN v }
WITH v ORDER BY v.jurisdiction, v.key
RETURN v {__labels: labels(v), __key: coalesce(v.key, v.id, v.name), .`full_name`, .`name`, `x_leadCount`: COUNT { (v)-[:RESPONSIBLE_FOR {role: 'lead'}]->() }, `x_supportCount`: COUNT { (v)-[:RESPONSIBLE_FOR {role: 'support'}]->() }, `r_tasks__total`: COUNT { MATCH (v)-[r1:RESPONSIBLE_FOR {role: 'lead'}]->(n2:`Item`) WHERE n2.`kind` IN $p3 RETURN DISTINCT r1 }, `r_tasks`: COLLECT { MATCH (v)-[r1:RESPONSIBLE_FOR {role: 'lead'}]->(n2:`Item`) WHERE n2.`kind` IN $p3 WITH DISTINCT n2, r1 ORDER BY n2.document, n2.line_start, n2.key, n2.document, n2.line_start, n2.number, coalesce(n2.key, n2.id, n2.name) LIMIT $p4 RETURN n2 {__labels: labels(n2), __key: coalesce(n2.key, n2.id, n2.name), .`name`, .`number_text`} }, `r_supports`: COLLECT { MATCH (v)-[r3:RESPONSIBLE_FOR {role: 'support'}]->(n4:`Item`) WHERE true WITH DISTINCT n4, r3 ORDER BY n4.document, n4.line_start, n4.key, n4.document, n4.line_start, n4.number, coalesce(n4.key, n4.id, n4.name) LIMIT $p5 RETURN n4 {__labels: labels(n4), __key: coalesce(n4.key, n4.id, n4.name), .`lead`, .`name`, .`number_text`} }} AS node
// parameters:
// {
//   "p0": "发改局",
//   "p1": "alias_text:\"发改局\"",
//   "p2": "search",
//   "p3": [
//     "task"
//   ],
//   "p4": 4,
//   "p5": 21
// }
