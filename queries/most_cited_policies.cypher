// name: most_cited_policies
// description: The policies cited by the most items (then by the most citations, one per citing
//   cell), optionally of one level, with the lines citing them. 被引用最多的政策文件。
// param limit: Int = 10  how many policies
// param level: String = null  国家, 省, 市 or 区; null for every level
MATCH (p:Policy)<-[c:CITES]-(i:Item)
WHERE $level IS NULL OR p.level = $level
WITH p, i, c ORDER BY c.line_start
RETURN p.title AS policy, p.level AS level, count(DISTINCT i) AS items, count(c) AS citations,
       collect(c.line_start) AS lines
ORDER BY items DESC, citations DESC, policy
LIMIT $limit
