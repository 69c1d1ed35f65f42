// name: area_overview
// description: Per area: its tasks, reforms, measures and indicators. 各领域重点工作、重大改革、工作举措和指标数量。
MATCH (a:Area)
RETURN a.kind AS kind, a.name AS area,
       COUNT { (a)<-[:IN_AREA]-(:Task) } AS tasks,
       COUNT { (a)<-[:IN_AREA]-(:Reform) } AS reforms,
       COUNT { (a)<-[:IN_AREA]-(:Measure) } AS measures,
       COUNT { (a)<-[:IN_AREA]-(:Indicator) } AS indicators
ORDER BY a.kind DESC, a.order
