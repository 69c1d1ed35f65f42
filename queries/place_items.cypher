// name: place_items
// description: The items that mention a town or street, or that its own unit leads. 提及某镇(街道)或由其牵头的事项。
// param place: String  the place's name, e.g. 溪口镇
MATCH (p:Place {name: $place})
CALL (p) {
  MATCH (p)<-[m:MENTIONS]-(i:Item) RETURN i, 'mentions' AS how, m.line_start AS line
  UNION
  MATCH (p)<-[:GOVERNS]-(:Department)-[r:RESPONSIBLE_FOR {role: 'lead'}]->(i:Item) RETURN i, 'leads' AS how,
        r.line_start AS line
}
WITH p, i, how, line ORDER BY line
WITH p, i, collect(how) AS how, collect(DISTINCT line) AS lines ORDER BY i.document, i.line_start
RETURN p.name AS place, i.kind AS kind, i.number AS number, i.name AS item, how, lines
