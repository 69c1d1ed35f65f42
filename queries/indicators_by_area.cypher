// name: indicators_by_area
// description: The indicators of one area (or all), with their parsed comparator, value and unit.
//   各领域指标及其目标值、单位。
// param area: String = null  the area's name, e.g. 公共服务优质共享先行示范; null for every area
MATCH (n:Indicator)-[:IN_AREA]->(a:Area)
WHERE $area IS NULL OR a.name = $area
RETURN a.name AS area, n.name AS indicator, n.comparator AS comparator, n.value AS value, n.unit AS unit,
       n.qualifier AS qualifier, n.text AS text, n.owner IS NULL AS body, n.line_start AS line
ORDER BY a.kind DESC, a.order, n.document, n.line_start, size(n.key), n.key
