// name: department_workload
// description: Each department's number of led and supported tasks, reforms and measures.
//   各部门牵头、配合的重点工作、重大改革和工作举措数量。
// param jurisdiction: String = null  e.g. 宁波市奉化区; null for every jurisdiction
// param limit: Int = 20  how many departments, busiest first
CALL () {
  // one jurisdiction's departments from the index; every department only when none is given
  // (a WHERE of `IS NULL OR` would read every department either way)
  MATCH (d:Department {jurisdiction: $jurisdiction}) RETURN d
  UNION ALL
  UNWIND CASE WHEN $jurisdiction IS NULL THEN [true] ELSE [] END AS every
  CALL (every) { MATCH (d:Department) WHERE every RETURN d }
  RETURN d
}
MATCH (d)-[r:RESPONSIBLE_FOR]->(i:Item)
WITH d, count(CASE WHEN r.role = 'lead' THEN 1 END) AS leads,
     count(CASE WHEN r.role = 'support' THEN 1 END) AS supports,
     count(CASE WHEN r.role = 'lead' AND i.kind = 'task' THEN 1 END) AS lead_tasks,
     count(CASE WHEN r.role = 'lead' AND i.kind = 'reform' THEN 1 END) AS lead_reforms,
     count(CASE WHEN r.role = 'lead' AND i.kind = 'measure' THEN 1 END) AS lead_measures
RETURN d.name AS department, d.jurisdiction AS jurisdiction, leads, supports, lead_tasks, lead_reforms, lead_measures
ORDER BY leads + supports DESC, leads DESC, department
LIMIT $limit
