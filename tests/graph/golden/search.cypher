// compiled from search.graphql; rewrite with POLICYKG_UPDATE_GOLDEN=1 make test PYTEST_ARGS=tests/graph/test_golden.py
//
// # Full-text search over tasks and measures, with an excerpt of the matching text
// {
//   search(text: "养老", types: [TASK, MEASURE], first: 3) {
//     totalCount
//     nodes {
//       score
//       excerpt(length: 40)
//       node {
//         __typename
//         id
//         ... on Task { ref name }
//         ... on Measure { ref name }
//       }
//     }
//   }
// }

// statement 1 of 1
CALL () { CALL db.index.fulltext.queryNodes($p1, $p2) YIELD node AS v, score WHERE any(l IN labels(v) WHERE l IN $p0) RETURN count(v) AS total }
CALL () { CALL db.index.fulltext.queryNodes($p1, $p2) YIELD node AS v, score WHERE any(l IN labels(v) WHERE l IN $p0) WITH v, score ORDER BY score DESC, coalesce(v.key, v.id, v.name) SKIP $p3 LIMIT $p4 RETURN collect({score: score, text: coalesce(v.source_text, v.text, v.title, v.name, v.alias_text), node: CASE WHEN v:`Task` THEN v {__labels: labels(v), __key: coalesce(v.key, v.id, v.name), .`name`, .`number_text`} WHEN v:`Measure` THEN v {__labels: labels(v), __key: coalesce(v.key, v.id, v.name), .`name`, .`number_text`} ELSE v {__labels: labels(v), __key: coalesce(v.key, v.id, v.name)} END}) AS hits }
RETURN hits, total
// parameters:
// {
//   "p0": [
//     "Task",
//     "Measure"
//   ],
//   "p1": "search",
//   "p2": "养老",
//   "p3": 0,
//   "p4": 4
// }
