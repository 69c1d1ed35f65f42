// compiled from neighbourhood.graphql; rewrite with POLICYKG_UPDATE_GOLDEN=1 make test PYTEST_ARGS=tests/graph/test_golden.py
//
// # The tasks one or two hops from 区发改局, at most five, with the relationships among them
// {
//   neighbourhood(id: "Department:宁波市奉化区/区发改局", depth: 2, nodeTypes: [TASK], limit: 5) {
//     truncated
//     reach
//     nodes { id displayName }
//     edges { type start end }
//   }
// }

// statement 1 of 1
MATCH (s:`Department` {`key`: $p1})
OPTIONAL MATCH p = (s) ((x)-[r]-(y) WHERE y:`Task`){1,2} (n) WHERE n <> s
WITH s, n, min(length(p)) AS distance ORDER BY distance, coalesce(n.key, n.id, n.name)
WITH s, collect(n) AS found
WITH s, size(found) AS reach, size(found) > $p0 AS truncated, [s] + found[..$p0] AS ns
CALL (ns) { UNWIND ns AS a MATCH (a)-[r]->(b) WHERE b IN ns WITH DISTINCT r RETURN collect({type: type(r), start_labels: labels(startNode(r)), start_key: coalesce(startNode(r).key, startNode(r).id, startNode(r).name), end_labels: labels(endNode(r)), end_key: coalesce(endNode(r).key, endNode(r).id, endNode(r).name), props: properties(r)}) AS edges }
RETURN reach, truncated, edges, [v IN ns | v {__labels: labels(v), __key: coalesce(v.key, v.id, v.name), .`name`, .`title`}] AS nodes
// parameters:
// {
//   "p0": 5,
//   "p1": "宁波市奉化区/区发改局"
// }
