// name: items_without_schedule
// description: Tasks and reforms whose 进度安排 gave no month the loader could read, for review.
//   进度安排中没有可识别月份的重点工作和重大改革。
// param kind: String = null  task or reform; null for both
MATCH (i:Item)
WHERE i.kind IN ['task', 'reform'] AND ($kind IS NULL OR i.kind = $kind)
  AND NOT EXISTS { (i)-[:HAS_MILESTONE]->(:Milestone) }
RETURN i.kind AS kind, i.number AS number, i.name AS name, i.lead AS lead, i.cell_schedule AS schedule,
       coalesce(i.cell_schedule_lines, [i.line_start, i.line_end]) AS lines
ORDER BY i.document, i.line_start
