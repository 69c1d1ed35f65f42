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
CALL () { CALL db.index.fulltext.queryNodes($p1, $p2, {limit: $p4}) YIELD node AS v, score WITH v, score ORDER BY score DESC, coalesce(v.key, v.id, v.name) RETURN count(v) AS returned, min(score) AS lowest, collect(CASE WHEN any(l IN labels(v) WHERE l IN $p0) THEN {v: v, score: score} END) AS ranked }
CALL (returned) { WITH returned WHERE returned >= $p4 CALL db.index.fulltext.queryNodes($p1, $p2) YIELD node AS v, score WHERE any(l IN labels(v) WHERE l IN $p0) RETURN count(v) AS counted }
WITH *, CASE WHEN returned < $p4 THEN size(ranked) ELSE counted END AS found
WITH found, returned, lowest, ranked, $p3 AS needed
WITH found, returned, size(ranked) AS kept, ranked[$p5..$p3] AS page, coalesce(returned < $p4 OR (size(ranked) >= needed AND lowest < ranked[needed - 1].score), false) AS exact
CALL (page, exact) { UNWIND CASE WHEN exact THEN range(0, size(page) - 1) ELSE [] END AS i WITH i, page[i].v AS v, page[i].score AS score ORDER BY i RETURN collect({score: score, text: coalesce(v.source_text, v.text, v.title, v.name, v.alias_text), node: CASE WHEN v:`Task` THEN v {__labels: labels(v), __key: coalesce(v.key, v.id, v.name), .`name`, .`number_text`} WHEN v:`Measure` THEN v {__labels: labels(v), __key: coalesce(v.key, v.id, v.name), .`name`, .`number_text`} ELSE v {__labels: labels(v), __key: coalesce(v.key, v.id, v.name)} END}) AS hits }
RETURN hits, exact, returned, kept, found AS total
// parameters:
// {
//   "p0": [
//     "Task",
//     "Measure"
//   ],
//   "p1": "search",
//   "p2": "养老",
//   "p3": 4,
//   "p4": 24,
//   "p5": 0
// }
