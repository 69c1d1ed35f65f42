// name: due_in_month
// description: The schedule of one month: milestones whose span covers it (2—4月 covers March)
//   and deadlines that fall in it (6月底前 falls in June), optionally of one lead department.
//   某月进度安排(可按牵头单位筛选)。
// param month: Int  1 to 12
// param department: Department = null  any name of the lead department; null for all
MATCH (i:Item)-[:HAS_MILESTONE]->(m:Milestone)
WHERE m.end_month >= $month AND coalesce(m.start_month, m.end_month) <= $month
  AND ($department IS NULL OR EXISTS {
        (d:Department)-[:RESPONSIBLE_FOR {role: 'lead'}]->(i) WHERE d.key IN $department })
RETURN i.lead AS lead, i.kind AS kind, i.number AS number, i.name AS item, m.label AS period,
       m.end_month = $month AS due, m.text AS work, m.line_start AS line, m.line_end AS line_end
ORDER BY lead, i.document, i.line_start, m.order
