// name: items_citing_policy
// description: The items that cite a policy whose title contains the given text (any way the
//   title was written), with the cell that cites it. 引用某政策文件的事项。
// param title: String  part of the policy title, e.g. 共同富裕
MATCH (i:Item)-[c:CITES]->(p:Policy)
WHERE p.normalized CONTAINS $title OR any(t IN p.titles WHERE t CONTAINS $title)
RETURN p.title AS policy, p.level AS level, i.kind AS kind, i.number AS number, i.name AS item,
       c.cell AS cell, c.line_start AS line, c.line_end AS line_end
ORDER BY policy, i.document, i.line_start, cell
