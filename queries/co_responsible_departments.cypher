// name: co_responsible_departments
// description: Who works with whom: the departments that share items with a department, with
//   the number of shared items and their names. 与某部门共同承担事项的部门及共同事项。
// param department: Department  any name of the department, e.g. 区发改局 or 发改局
// param limit: Int = 10  how many departments, most shared items first
MATCH (d:Department)-[:RESPONSIBLE_FOR]->(i:Item)<-[:RESPONSIBLE_FOR]-(other:Department)
WHERE d.key IN $department AND other <> d
WITH d, other, i ORDER BY i.document, i.line_start
WITH d, other, collect(DISTINCT i.name) AS items, collect(DISTINCT i.line_start) AS lines
RETURN d.name AS department, other.name AS partner, size(items) AS shared, items, lines
ORDER BY shared DESC, partner
LIMIT $limit
