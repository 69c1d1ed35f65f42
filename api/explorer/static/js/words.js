/* Words the page shows for property names and table cells. */

/** Property names shown in the side panel. */
export const PROP_LABELS = {
  name: '名称', title: '标题', fullName: '全称', kind: '类型', jurisdiction: '行政区', aliases: '别名',
  number: '序号', ref: '编号', text: '全文', lead: '牵头单位', units: '责任单位', year: '年度',
  titles: '标题写法', level: '层级', issuer: '发文机关', docNumber: '文号', normalized: '规范标题',
  comparator: '比较', value: '数值', unit: '单位', qualifier: '限定', parsed: '已解析',
  itemKind: '事项类型', label: '时间', startMonth: '起始月', endMonth: '截止月', order: '顺序', shortName: '简称', parent: '上级',
  indexNo: '索引号', publisher: '发布机构', publishDate: '发文日期', issueDate: '成文日期', sourceName: '来源文件',
  sourceFormat: '格式', notice: '印发通知', areaKey: '领域', ownerKey: '所属事项', key: '主键',
  written: '原文写法', stated_count: '标明数量', row_count: '实际行数', labels: '标签',
  numberText: '编号原文', sectionPath: '所在章节', kindText: '事项类型原文', layout: '版式', code: '区划代码',
  province: '省份',
};

/** Where in a plan a fact was read: the annex table's columns, or the body's measures. */
export const CELLS = {
  name: '名称栏', target: '目标体系', work: '工作体系', policy: '政策体系', evaluation: '评价体系',
  schedule: '进度安排', measure: '工作举措',
};
