// name: department_responsibilities
// description: Every task, reform and measure a department leads or supports, found by any of
//   its names (区发改局, 发改局, 宁波市奉化区发展和改革局). 部门牵头或配合的全部重点工作、重大改革和工作举措。
// param department: Department  any name of the department, e.g. 区发改局 or 发改局
// param role: String = null  lead or support; null for both
// param jurisdiction: String = null  e.g. 宁波市奉化区; null for every jurisdiction
MATCH (d:Department)-[r:RESPONSIBLE_FOR]->(i:Item)
WHERE d.key IN $department
  AND ($role IS NULL OR r.role = $role)
  AND ($jurisdiction IS NULL OR d.jurisdiction = $jurisdiction)
RETURN d.name AS department, r.role AS role, i.kind AS kind, i.number AS number, i.name AS name,
       i.document AS document, r.line_start AS line, r.line_end AS line_end
ORDER BY department, role, i.document, i.line_start
