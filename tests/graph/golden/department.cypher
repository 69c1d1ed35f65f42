// compiled from department.graphql; rewrite with POLICYKG_UPDATE_GOLDEN=1 make test PYTEST_ARGS=tests/graph/test_golden.py
//
// # The department question of benchmarks/api.py: what 区发改局 leads and supports
// {
//   department(name: "区发改局", jurisdiction: "宁波市奉化区") {
//     key
//     leads(first: 100) { totalCount nodes { key number name } }
//     supports(first: 100) { totalCount nodes { key number name } }
//   }
// }

// statement 1 of 1
CALL () { MATCH (v:`Department`) WHERE v.jurisdiction = $p1 AND (v.name = $p0 OR $p0 IN v.aliases) RETURN v }
WITH v ORDER BY v.jurisdiction, v.key
RETURN v {__labels: labels(v), __key: coalesce(v.key, v.id, v.name), `r_leads__total`: COUNT { MATCH (v)-[r1:RESPONSIBLE_FOR {role: 'lead'}]->(n2:`Item`) WHERE true RETURN DISTINCT r1 }, `r_leads`: COLLECT { MATCH (v)-[r1:RESPONSIBLE_FOR {role: 'lead'}]->(n2:`Item`) WHERE true WITH DISTINCT n2, r1 ORDER BY n2.document, n2.line_start, n2.key, n2.document, n2.line_start, n2.number, coalesce(n2.key, n2.id, n2.name) LIMIT $p2 RETURN n2 {__labels: labels(n2), __key: coalesce(n2.key, n2.id, n2.name), .`name`, .`number`} }, `r_supports__total`: COUNT { MATCH (v)-[r3:RESPONSIBLE_FOR {role: 'support'}]->(n4:`Item`) WHERE true RETURN DISTINCT r3 }, `r_supports`: COLLECT { MATCH (v)-[r3:RESPONSIBLE_FOR {role: 'support'}]->(n4:`Item`) WHERE true WITH DISTINCT n4, r3 ORDER BY n4.document, n4.line_start, n4.key, n4.document, n4.line_start, n4.number, coalesce(n4.key, n4.id, n4.name) LIMIT $p3 RETURN n4 {__labels: labels(n4), __key: coalesce(n4.key, n4.id, n4.name), .`name`, .`number`} }} AS node
// parameters:
// {
//   "p0": "区发改局",
//   "p1": "宁波市奉化区",
//   "p2": 101,
//   "p3": 101
// }
