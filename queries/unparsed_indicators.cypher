// name: unparsed_indicators
// description: Indicators whose target has no number the loader could read (完成市下达指标,
//   稳步提升...), for review. 未能解析出数值的指标。
// param document: String = null  a document id; null for every document
MATCH (n:Indicator)
WHERE NOT n.parsed AND ($document IS NULL OR n.document = $document)
RETURN n.document AS document, n.area AS area, n.text AS text, n.line_start AS line
ORDER BY document, line, size(n.key), n.key
