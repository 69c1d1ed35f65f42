// name: unparsed_indicators
// description: Indicators whose target has no number the loader could read (完成市下达指标,
//   稳步提升...), for review. 未能解析出数值的指标。
// param document: String = null  a document id; null for every document
CALL () {
  // the document's indicators from the index; every indicator only when none is given
  MATCH (n:Indicator {document: $document}) RETURN n
  UNION ALL
  UNWIND CASE WHEN $document IS NULL THEN [true] ELSE [] END AS every
  CALL (every) { MATCH (n:Indicator) WHERE every RETURN n }
  RETURN n
}
WITH n WHERE NOT n.parsed
RETURN n.document AS document, n.area AS area, n.text AS text, n.line_start AS line
ORDER BY document, line, size(n.key), n.key
