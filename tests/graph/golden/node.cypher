// compiled from node.graphql; rewrite with POLICYKG_UPDATE_GOLDEN=1 make test PYTEST_ARGS=tests/graph/test_golden.py
//
// # One node by its global id, with the departments responsible for it and where it was written
// {
//   node(id: "Task:宁波市奉化区-2022-ec22819a/task/25") {
//     id
//     ... on Task {
//       ref
//       name
//       responsible { role department { name } provenance { lineStart } }
//     }
//   }
// }

// statement 1 of 1
CALL () { UNWIND $p0 AS k MATCH (v:`Task` {`key`: k}) RETURN v }
RETURN CASE WHEN v:`Task` THEN v {__labels: labels(v), __key: coalesce(v.key, v.id, v.name), .`name`, .`number_text`, `r_responsible`: COLLECT { MATCH (v)<-[r1:RESPONSIBLE_FOR]-(n2:`Department`) WHERE true WITH DISTINCT n2, r1 ORDER BY r1.order, n2.key, coalesce(n2.key, n2.id, n2.name) RETURN n2 {__labels: labels(n2), __key: coalesce(n2.key, n2.id, n2.name), .`name`, __rel: r1 {.`cell`, .`document`, .`line_end`, .`line_start`, .`role`, .`row`, .`section`, .`source_text`}} }} ELSE v {__labels: labels(v), __key: coalesce(v.key, v.id, v.name)} END AS node
// parameters:
// {
//   "p0": [
//     "宁波市奉化区-2022-ec22819a/task/25"
//   ]
// }
