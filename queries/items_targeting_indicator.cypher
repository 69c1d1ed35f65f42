// name: items_targeting_indicator
// description: The items whose targets include an indicator matching a text. 目标体系中包含某指标的事项。
// param text: String  part of the indicator, e.g. 养老
MATCH (i:Item)-[:TARGETS]->(n:Indicator)
WHERE n.text CONTAINS $text
RETURN i.kind AS kind, i.number AS number, i.name AS item, n.text AS indicator, n.value AS value, n.unit AS unit,
       n.line_start AS line
ORDER BY i.document, i.line_start, n.line_start, size(n.key), n.key
