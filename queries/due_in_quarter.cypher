// name: due_in_quarter
// description: What falls due in a quarter: milestones that end in one of its months, by lead
//   department. 某季度到期的进度安排(按牵头单位)。
// param quarter: Int  1 to 4
MATCH (i:Item)-[:HAS_MILESTONE]->(m:Milestone)
WHERE m.end_month >= 3 * $quarter - 2 AND m.end_month <= 3 * $quarter
RETURN i.lead AS lead, count(DISTINCT i) AS items, count(m) AS milestones,
       collect(DISTINCT i.name)[..5] AS examples
ORDER BY milestones DESC, lead
