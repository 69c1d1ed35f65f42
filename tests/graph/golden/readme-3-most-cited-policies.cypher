// compiled from readme-3-most-cited-policies.graphql; rewrite with POLICYKG_UPDATE_GOLDEN=1 make test PYTEST_ARGS=tests/graph/test_golden.py
//
// # README "GraphQL API", question 3: the most cited policies (by citing items, then citations: one per citing cell), where they are cited, and the policies per level
// {
//   policies(orderBy: [{by: MOST_CITED, direction: DESC}], first: 2) {
//     nodes {
//       title
//       itemCount
//       citationCount
//       citedBy(first: 2) {
//         nodes {
//           cell
//           item { __typename ref name }
//           provenance { lineStart lineEnd }
//         }
//       }
//     }
//   }
//   statistics {
//     policiesByLevel { level policies citations }
//   }
// }

// statement 1 of 2
CALL () { MATCH (v:`Policy`) WHERE true WITH v ORDER BY COUNT { MATCH (v)<-[:CITES]-(i) RETURN DISTINCT i } DESC, COUNT { (v)<-[:CITES]-() } DESC, coalesce(v.key, v.id, v.name) SKIP $p0 LIMIT $p1 RETURN collect(v {__labels: labels(v), __key: coalesce(v.key, v.id, v.name), .`title`, `x_itemCount`: COUNT { MATCH (v)<-[:CITES]-(i) RETURN DISTINCT i }, `x_citationCount`: COUNT { (v)<-[:CITES]-() }, `r_citedBy`: COLLECT { MATCH (v)<-[r1:CITES]-(n2:`Item`) WHERE true WITH DISTINCT n2, r1 ORDER BY n2.document, n2.line_start, n2.key, r1.line_start, r1.cell, n2.document, n2.line_start, n2.number, coalesce(n2.key, n2.id, n2.name) LIMIT $p2 RETURN n2 {__labels: labels(n2), __key: coalesce(n2.key, n2.id, n2.name), .`name`, .`number_text`, __rel: r1 {.`cell`, .`document`, .`line_end`, .`line_start`, .`row`, .`section`, .`source_text`}} }}) AS page }
RETURN page
// parameters:
// {
//   "p0": 0,
//   "p1": 3,
//   "p2": 3
// }

// statement 2 of 2
MATCH (p:Policy)
WHERE $jurisdiction IS NULL OR EXISTS { (p)<-[:CITES]-(:Item {jurisdiction: $jurisdiction}) }
WITH coalesce(p.level, '') AS level, count(p) AS count,
     sum(COUNT { (p)<-[c:CITES]-(i:Item) WHERE $jurisdiction IS NULL OR i.jurisdiction = $jurisdiction }) AS citations
RETURN CASE level WHEN '' THEN null ELSE level END AS level, count, citations
ORDER BY CASE level WHEN '国家' THEN 1 WHEN '省' THEN 2 WHEN '市' THEN 3 WHEN '区' THEN 4 WHEN '县' THEN 4 ELSE 9 END,
         level
// parameters:
// {
//   "jurisdiction": null
// }
