// compiled from paths.graphql; rewrite with POLICYKG_UPDATE_GOLDEN=1 make test PYTEST_ARGS=tests/graph/test_golden.py
//
// # The shortest paths between 区发改局 and 大堰镇
// {
//   paths(from: "Department:宁波市奉化区/区发改局", to: "Place:宁波市奉化区/大堰镇", maxLength: 3) {
//     length
//     nodes { id }
//     edges { type }
//   }
// }

// statement 1 of 1
MATCH (a:`Department` {`key`: $p0}), (b:`Place` {`key`: $p1})
USING INDEX a:`Department`(`key`) USING INDEX b:`Place`(`key`)
MATCH p = ALL SHORTEST (a) ((x)-[r]-(y)){1,3} (b)
WITH p LIMIT $p2
RETURN [v IN nodes(p) | v {__labels: labels(v), __key: coalesce(v.key, v.id, v.name)}] AS nodes, [r IN relationships(p) | {type: type(r), start_labels: labels(startNode(r)), start_key: coalesce(startNode(r).key, startNode(r).id, startNode(r).name), end_labels: labels(endNode(r)), end_key: coalesce(endNode(r).key, endNode(r).id, endNode(r).name), props: properties(r)}] AS edges
// parameters:
// {
//   "p0": "宁波市奉化区/区发改局",
//   "p1": "宁波市奉化区/大堰镇",
//   "p2": 10
// }
