// name: most_cited_policies
// description: The policies cited by the most items (then by the most citations, one per citing
//   cell), optionally of one level, with the lines citing them. 被引用最多的政策文件。
// param limit: Int = 10  how many policies
// param level: String = null  国家, 省, 市 or 区; null for every level
CALL () {
  // the level's policies from the index; every policy only when none is given
  MATCH (p:Policy {level: $level}) RETURN p
  UNION ALL
  UNWIND CASE WHEN $level IS NULL THEN [true] ELSE [] END AS every
  CALL (every) { MATCH (p:Policy) WHERE every RETURN p }
  RETURN p
}
MATCH (p)<-[c:CITES]-(i:Item)
WITH p, i, c ORDER BY c.line_start
RETURN p.title AS policy, p.level AS level, count(DISTINCT i) AS items, count(c) AS citations,
       collect(c.line_start) AS lines
ORDER BY items DESC, citations DESC, policy
LIMIT $limit
