// name: policies_by_level
// description: How many cited policies there are of each level, and how often they are cited.
//   各层级(国家、省、市、区)政策文件数量及引用次数。
MATCH (p:Policy)
OPTIONAL MATCH (p)<-[c:CITES]-()
WITH p.level AS level, count(DISTINCT p) AS policies, count(c) AS citations
RETURN level, policies, citations
ORDER BY CASE level WHEN '国家' THEN 1 WHEN '省' THEN 2 WHEN '市' THEN 3 WHEN '区' THEN 4 ELSE 9 END
