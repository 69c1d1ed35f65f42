"""Deterministic generator of synthetic district common-prosperity work plans.

The documents imitate the scraped web-page text of the sample corpus
(``data/fenghua-2022-workpoints.txt``): four header lines, the notice, the body
(主要目标 / seven 重点任务 areas with 指标目标 and 工作举措 / 保障措施), the 附件
list, then the two annex tables flattened into paragraphs — one paragraph per
line, one blank line between paragraphs, an empty table cell shown as one extra
blank line, and a cell allowed to span several paragraphs.

Everything is drawn from ``random.Random`` seeded by the caller's seed, so the
same ``(n_documents, seed)`` always gives byte-identical text, and the first k
documents of a larger run equal a run of k documents. Each document comes with
a :class:`SynthTruth` recording exactly what was put in, so a parser's output
can be compared field by field.

Districts are made up (two syllables plus 区 under a real prefecture city); one
district may appear in several years 2021–2025, never twice in the same year.
Milestone months follow the label: ``2—4月`` -> (2, 4), ``6月`` and ``6月底``
-> (6, 6), ``6月底前`` and ``6月前`` -> (None, 6), ``全年`` -> (1, 12),
``年底`` -> (12, 12).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

__all__ = [
    "CELL_NAMES", "TABLE_HEADERS", "UNIT_ALIASES", "YEARS", "AnnexTable", "BodyArea", "Indicator", "Measure", "Milestone",
    "SynthDocument", "SynthTruth", "TableRow", "TableSection", "synthesize", "write_corpus",
    "LAYOUTS", "NUMBERED_STYLES", "NumberedDocument", "NumberedItem", "NumberedTruth", "synthesize_numbered",
]

CELL_NAMES: tuple[str, ...] = ("目标体系", "工作体系", "政策体系", "评价体系", "进度安排")
TABLE_HEADERS: tuple[str, ...] = ("序号", "重点工作(责任单位)", *CELL_NAMES)
YEARS: tuple[int, ...] = (2021, 2022, 2023, 2024, 2025)


# ---------------------------------------------------------------- truth records


@dataclass(frozen=True)
class Indicator:
    raw: str  # 城镇登记失业率低于3.5%
    name: str  # 城镇登记失业率
    comparator: str  # 达 / 不低于 / 低于 / 控制在 / 增长 / 降至, "" when the value follows the name
    value: float | None  # None for text-only targets (完成市下达指标)
    unit: str  # "" when unitless or text-only
    qualifier: str | None = None  # 以上 / 以内


@dataclass(frozen=True)
class Measure:
    text: str  # everything before the units group (inner sentences keep their 。)
    units: list[str]  # as written, first = lead


@dataclass(frozen=True)
class BodyArea:
    ordinal: str  # 一
    name: str  # 经济高质量发展先行示范
    heading: str  # (一)推动经济高质量发展先行示范。
    indicators: list[Indicator]
    measures: list[Measure]


@dataclass(frozen=True)
class Milestone:
    label: str  # as written, without the colon: 2—4月 / 6月底前 / 全年
    start_month: int | None
    end_month: int | None
    text: str  # the clause after the colon, ending with 。


@dataclass(frozen=True)
class TableRow:
    number: int
    name: str
    units: list[str]  # as written, first = lead
    cells: dict[str, list[str]]  # CELL_NAMES -> paragraphs; [] = empty cell
    policies: dict[str, list[str]]  # CELL_NAMES -> every 《…》 title cited, in order
    milestones: list[Milestone]

    @property
    def lead_unit(self) -> str:
        return self.units[0]


@dataclass(frozen=True)
class TableSection:
    header: str  # 经济高质量发展先行示范(12项)
    name: str  # 经济高质量发展先行示范
    stated_count: int  # the count in the header, may differ from len(rows)
    rows: list[TableRow]


@dataclass(frozen=True)
class AnnexTable:
    kind: str  # "tasks" (附件二) or "reforms" (附件三)
    label: str  # 附件二
    title: str
    sections: list[TableSection]

    @property
    def rows(self) -> list[TableRow]:
        return [row for section in self.sections for row in section.rows]


@dataclass(frozen=True)
class SynthTruth:
    district_id: int
    jurisdiction: str  # 宁波市临江区
    short_name: str  # 临江区
    city: str  # 宁波市
    year: int
    title: str
    index_number: str
    publisher: str
    publish_date: date
    issue_date: date
    issuer: str  # the leading-group office signing the notice
    areas: list[BodyArea]
    tasks: AnnexTable
    reforms: AnnexTable
    towns: list[str] = field(default_factory=list)  # the district's 镇 and 街道


@dataclass(frozen=True)
class SynthDocument:
    filename: str
    text: str
    truth: SynthTruth


# ---------------------------------------------------------------- vocabulary

_DEPT_SPEC = """发改 区发改局 区发展和改革局|经信 区经信局|科技 区科技局|财政 区财政局
|人社 区人力社保局 区人力资源和社会保障局|民政 区民政局 民政局|卫健 区卫健局 区卫生健康局|教育 区教育局
|住建 区住建局|农业 区农业农村局|市场 区市场监管局 区市场监督管理局|商务 区商务局
|文旅 区文广旅体局 区文化和广电旅游体育局|司法 区司法局|宣传 区委宣传部|工会 区总工会 总工会|团委 团区委
|妇联 区妇联|医保 区医保局|统计 区统计局|生态 区生态环境分局|资规 区资规分局|交通 区交通局|应急 区应急管理局
|执法 区综合执法局|政法 区委政法委|组织 区委组织部|社建 区委社建委|人才 区委人才办|残联 区残联
|大数据 区大数据中心|税务 区税务局|法院 区法院|统战 区委统战部|水利 区水利局"""
_DEPTS: dict[str, tuple[str, ...]] = {
    parts[0]: tuple(parts[1:]) for parts in (s.split() for s in _DEPT_SPEC.replace("\n", "").split("|"))
}
_DEPT_KEYS = tuple(_DEPTS)
UNIT_ALIASES: dict[str, str] = {alias: names[0] for names in _DEPTS.values() for alias in names[1:]}

_CITIES = (("宁波市", "甬"), ("杭州市", "杭"), ("温州市", "温"), ("绍兴市", "绍"), ("台州市", "台"), ("嘉兴市", "嘉"),
           ("湖州市", "湖"), ("金华市", "金"), ("衢州市", "衢"), ("丽水市", "丽"), ("舟山市", "舟"))
_SYL1 = "临云澄栖明望兴泰和瑞嘉丰怀崇溪双桐凤梅松鹤青东西南北湖江石兰芝岚枫蓉翠霞泓澜锦檀"
_SYL2 = "江川溪湖泉阳浦源林塘岩屿门桥岭坪洲港湾渚汀滨岙潭"
_REAL_NAMES = set(
    "江北 南山 青山 白云 东湖 西湖 南湖 金川 江源 新城 长安 双桥 海港 平山 松江 金山 宝山 东城 西城 龙岗 南岸 江岸 "
    "安源 湖滨 平湖 临江 鹿城 龙湾 瓯海 椒江 黄岩 路桥 秀洲 吴兴 南浔 柯桥 滨江 西岗 东港 江海 青浦 梅江 云溪 "
    "临泉 青阳 和平 东洲 南浦 明溪 泰和 凤阳 梅林 东坪 石门 崇阳 兴山 江门 北湖 湖口 石林 松溪 西林 双湖 石岩".split()
)
_ORD = "一二三四五六七八九十"
_SUFFIX_TASK = ("行动", "提升行动", "攻坚行动", "培育工程", "建设", "提质扩面", "专项行动", "三年行动", "示范创建", "提升工程")
_ROW_UNITS = (1,) * 11 + (2,) * 4 + (3, 3, 4, 4, 5)
_MEASURE_UNITS = (1,) * 12 + (2,) * 5 + (3, 3, 4)
_SUFFIX_REFORM = ("改革", "集成改革", "机制", "机制创新", "模式", "体系改革")


@dataclass(frozen=True)
class _Spec:
    name: str
    unit: str
    lo: float
    hi: float
    dec: int
    kind: str  # up / grow / down / text


@dataclass(frozen=True)
class _Area:
    name: str
    specs: tuple[_Spec, ...]
    topics: tuple[tuple[str, tuple[str, ...]], ...]
    depts: tuple[str, ...]
    measures: tuple[tuple[str, tuple[str, ...]], ...]  # sentence template, lead department keys
    provincial: tuple[tuple[str, str], ...]
    city: tuple[str, ...]


def _topics(spec: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((t.split(":")[0], tuple(t.split(":")[1].split(","))) for t in spec.split("|"))


def _area(name: str, specs: str, topics: str, depts: str, measures: str, leads: str, prov: str, city: str) -> _Area:
    parsed = []
    for line in specs.split(";"):
        n, u, lo, hi, dec, kind = line.split("|")
        parsed.append(_Spec(n, u, float(lo or 0), float(hi or 0), int(dec or 0), kind))
    provincial = tuple((p.split("#")[0], p.split("#")[1] if "#" in p else "") for p in prov.split("|"))
    pairs = tuple(zip(measures.split("|"), (tuple(k.split(",")) for k in leads.split("|")), strict=True))
    return _Area(name, tuple(parsed), _topics(topics), tuple(depts.split(",")), pairs, provincial, tuple(city.split("|")))


_AREAS: tuple[_Area, ...] = (
    _area("经济高质量发展",
          "人均生产总值|万元|12|20|1|up;全员劳动生产率|万元/人|18|30|1|up;单位GDP能耗|||||text;"
          "单位GDP建设用地使用面积|平方米/万元|15|25|2|down;规上工业亩均税收|万元|120|220|0|up;"
          "高技术制造业增加值占规上工业比重|%|4|12|1|up;R&D经费支出占GDP比重|%|2|3.5|2|up;"
          "数字经济核心产业增加值占GDP比重|%|5|12|0|up;社会消费品零售总额|%|5|12|0|grow;新增国家高新技术企业|家|40|120|0|up;"
          "人才总量|万人|10|30|0|up",
          "数字经济:经信|科创走廊:科技|先进制造业集群:经信|企业“四上”培育:经信|小微企业成长:市场,经信|直播电商:商务|"
          "平台经济规范发展:市场|知识产权保护:市场|服务业双倍增:发改|“专精特新”企业培育:经信|科技企业“双倍增”:科技|"
          "人才招引:人才,人社|开放型经济:商务|生命健康产业:经信,发改",
          "经信,科技,发改,市场,商务,人才,人社",
          "深入实施制造业“腾笼换鸟、凤凰涅槃”攻坚行动,加快打造{s}特色产业集群|实施数字经济五年倍增工程,聚焦软件信息服务、"
          "智能制造等重点领域,推动数字经济增量提质|推动科技企业“双倍增”,加快建设科创综合体和孵化平台,提升产业科技竞争力|"
          "加快实施企业“四上”培育工程和小微企业三年成长计划,培育一批“专精特新”企业|推进服务业提质扩量,加大科技服务、金融保险、"
          "创意设计等生产性服务业招引力度|规范平台经济发展,坚持公平竞争原则,完善平台企业主体责任清单|培育“夜间经济”“首店经济”"
          "等消费新热点,新增{n}个特色商业街区|强化人才服务保障,新增高端创新创业团队{n}个|加强知识产权全链条保护,创新知识产权保护方式",
          "经信|经信|科技|经信,市场|发改|市场|商务|人才,人社|市场",
          "浙江省电子商务条例|浙江省科技型中小企业认定管理办法|浙江省数字经济促进条例|浙江省小微企业三年成长计划#(浙政办发〔2021〕12号)",
          "{c}服务业发展专项资金使用管理办法|{c}推进制造业高质量发展的若干意见|{c}数字经济发展“十四五”规划"),
    _area("收入分配制度改革",
          "劳动报酬占GDP比重|%|40|50|0|up;居民人均可支配收入|元|45000|72000|0|up;居民人均可支配收入与人均GDP之比||0.35|0.45|3|up;"
          "城镇登记失业率|%|3|4|1|down;城镇新增就业|万人|1|3|1|up;最低生活保障标准|万元|1.1|1.6|1|up;新增技能人才|人|3000|9000|0|up;"
          "居民人均消费支出|元|28000|42000|0|up",
          "“扩中”“提低”:社建|大社保体系:人社|高质量就业:人社|普惠性人力资本提升:教育,人社|慈善事业发展:民政|财政转移支付:财政|"
          "来料加工增收:农业,妇联|产业工人队伍建设:工会|低收入农户帮扶:农业,民政|重点群体激励:社建,人社|多层次医疗保障:医保",
          "统计,社建,人社,医保,财政,税务,民政,工会,妇联,农业,教育",
          "探索建立共富型统计监测体系,加快推进各类群体“精准画像”|推进“扩中”“提低”行动,探索“扩中”“提低”有效路径|实施重点群体激励计划,"
          "推动高校毕业生、技术工人、新就业形态劳动者等进入中等收入群体行列|健全多层次、多支柱养老保险体系,推动基本社会保障统筹提标|"
          "完善医疗保障体系,强化重特大疾病保障,健全因病致贫防范机制|打造“乐业{s}”品牌,实施更加积极的就业创业扶持政策,动态消除零就业家庭|"
          "完善财政转移支付体系,延续落实小微企业、个体工商户税收优惠政策|加快慈善组织培育,探索设立“共富”基金,发展慈善信托",
          "统计,大数据|社建|社建,人社,教育|人社|医保,财政|人社,农业,妇联|财政,税务|民政",
          "浙江省“扩中”“提低”行动方案|浙江省慈善事业促进条例|浙江省企业职工基本养老保险考核办法#(浙人社发〔2022〕21号)",
          "{c}就业创业补贴实施细则|{c}困难群众基本生活保障实施办法|{c}推进“扩中”“提低”行动方案"),
    _area("城乡区域协调发展",
          "城乡居民收入倍差||1.5|1.9|2|down;常住人口城镇化率|%|60|75|0|up;城乡公交一体化率|%|95|100|0|up;"
          "农村居民人均可支配收入|元|32000|45000|0|up;低收入农户人均可支配收入|%|10|15|0|grow;城镇老旧小区改造|个|8|30|0|up;"
          "新增未来乡村|个|2|8|0|up",
          "山海协作:发改|对口工作:发改|交通大通道:交通,发改|党建联盟:组织|美丽乡村:农业|农业“双强”:农业|科技惠农:科技|"
          "国土空间综合整治:资规|城乡风貌整治:住建|强村富民:农业|小城市培育:发改|精品线打造:宣传,农业",
          "发改,交通,组织,农业,资规,住建,宣传",
          "高质量完成东西部协作、对口合作帮扶工作,打造山海协作升级版|建强党建联盟,因地制宜组建强村带动型、项目牵引型等各类党建联盟|"
          "激活农村要素资源,推进集体经营性建设用地入市,推动农村要素资源盘活流转|开展农业“双强”、科技惠农富民行动,促进农业提质增效|"
          "加快推进全域国土空间整治,推进老旧小区改造和城中村动态清零|持续推进城乡风貌整治提升,新建{n}个城乡风貌样板区|"
          "加快一批未来社区(乡村)试点项目建设,打造共同富裕现代化基本单元|完善城乡交通路网,提升城乡公交一体化水平",
          "发改|组织|农业|农业,科技|资规,住建|住建|住建,农业|交通",
          "浙江省深化“千万工程”建设新时代美丽乡村行动计划(2021-2025年)#(浙委办发〔2021〕57号)|浙江省山海协作“飞地”建设导则|"
          "浙江省乡村振兴促进条例",
          "{c}全域国土空间综合整治规划纲要|{c}城乡风貌整治提升行动实施方案|{c}大湾区建设工作要点"),
    _area("公共服务优质共享",
          "每千人口拥有婴幼儿照护设施托位数|个|3|4.5|1|up;普惠性幼儿园在园幼儿占比|%|90|98|0|up;儿童平均预期受教育年限|年|14.5|15.5|1|up;"
          "每千人口拥有执业医师数|人|3.2|4.2|2|up;每万老年人口拥有持证养老护理员数|人|20|35|0|up;城镇住房保障受益覆盖率|%|12|20|2|up;"
          "县域就诊率|%|85|92|0|up;高等教育毛入学率|%|65|75|0|up",
          "基本公共服务均等化:发改|“15分钟公共服务圈”:发改|普惠托育扩容:卫健|县级医院能力提升:卫健|学校特色发展:教育|"
          "居家养老服务:民政|保障性租赁住房:住建|社会救助体系:民政|残疾人家庭无障碍改造:残联|长期护理保障:医保|教共体建设:教育|"
          "乡村青少年服务:团委",
          "发改,卫健,教育,民政,医保,住建,残联,财政",
          "启动新一轮民生实事项目,推进“15分钟公共服务圈”建设|加快建设生育友好型社会,推进普惠性幼儿园扩容和婴幼儿“家门口入托”工程|"
          "深化区域医共体建设,大力培育特色专科,进一步提升区内就诊率|完善养老服务网络,新增标准化老年食堂{n}家|优化教育资源布局,"
          "推动教共体城乡全覆盖,深化普职融通改革|构建以公租房、保障性租赁住房、共有产权住房为主的住房保障体系|全面建立新时代社会救助体系,"
          "推进社会救助“一件事”联办|深化残疾人家庭无障碍改造,新增改造{n}户",
          "发改|卫健,教育|卫健|民政|教育|住建|民政|残联",
          "浙江省普惠型托育服务标准|浙江省养老机构等级评定管理办法|浙江省未来社区试点建设管理办法(试行)|浙江省参保城乡居民健康体检管理办法",
          "{c}基本公共服务标准|{c}城乡社区服务体系建设“十四五”规划|{c}托育机构星级评价标准"),
    _area("社会主义先进文化发展",
          "每万人拥有公共文化设施面积|平方米|4000|6000|0|up;居民综合阅读率|%|90|95|1|up;文明好习惯养成实现率|%|80|90|0|up;"
          "社会诚信度|%|93|97|1|up;人均体育场地面积|平方米|3|4.5|2|up;国民体质合格率|%|92|95|1|up;注册志愿者占常住人口比例|%|15|22|0|up",
          "共同富裕理论宣传:宣传|新时代文明实践:宣传|法治素养提升:司法|文化惠民:文旅,宣传|文化基因解码:文旅|全民健身:文旅|"
          "志愿服务:宣传,团委|非遗保护传承:文旅|家庭家教家风:妇联|民族团结进步:统战",
          "宣传,司法,文旅,统战,团委",
          "深入学习宣传共同富裕理论,开设“{s}·共富进行时”专栏|深入开展文明创建行动,拓展新时代文明实践中心建设|实施公民法治素养提升行动,"
          "推进法治文化阵地建设|深化“一人一艺”全民艺术普及,构建城乡“15分钟品质文化生活圈”|加快重点文化元素基因解码,积极培育具有{s}"
          "特色的文化标识|推进全民健身设施建设,新建社区运动场地{n}处|加强志愿服务阵地建设,推进志愿服务项目化运作",
          "宣传|宣传|司法|宣传,文旅|文旅,发改|文旅|宣传,团委",
          "浙江省公共文化服务保障条例|浙江省文明行为促进条例|浙江省全民阅读促进办法",
          "{c}文明行为促进条例|{c}全民阅读促进办法|{c}公共文化服务高质量发展实施意见"),
    _area("生态文明建设",
          "生活垃圾分类覆盖面|%|100|100|0|up;PM2.5平均浓度|||||text;地表水达到或优于Ⅲ类水体比例|%|95|100|0|up;"
          "城市公园绿地服务半径覆盖率|%|80|92|0|up;森林覆盖率|%|55|68|1|up;单位GDP碳排放|||||text;城镇污水处理率|%|95|99|1|up",
          "碳达峰:发改,生态|生活垃圾分类:执法|“污水零直排区”:生态,住建|美丽河湖:水利|生态旅游度假区:文旅,发改|国土绿化:资规|"
          "废旧物资循环利用:发改,商务|生态环境教育:生态|绿色低碳工厂:经信",
          "发改,生态,执法,经信,文旅,水利",
          "制定实施碳达峰实施方案,推进能源、工业、建筑、交通等领域绿色低碳变革|坚决遏制“两高”项目盲目发展,推进节能降碳技术改造|"
          "打造城市废旧物资循环利用体系,推进生活垃圾分类迭代提升|深化“五水共治”,持续推进“污水零直排区”建设|立足生态优势,加快发展"
          "生态旅游、林下经济等特色生态产业|开展国土绿化行动,完成新增造林{n}千亩|推进生态环境教育,培育一批生态文明教育基地",
          "发改,生态|发改|发改,执法|生态,水利|发改,文旅|资规|生态",
          "浙江省生活垃圾管理条例|浙江省生态环境保护条例|浙江省碳达峰碳中和科技创新行动方案",
          "{c}碳达峰实施方案|{c}生活垃圾分类管理条例|{c}美丽河湖建设实施细则"),
    _area("社会治理",
          "全面从严治党成效度|%|97|99|1|up;亿元生产总值生产安全事故死亡率||0.005|0.012|3|down;万人成讼率|件/万人|70|95|1|down;"
          "律师万人比|人/万人|1.5|3|1|up;矛盾纠纷化解率|%|95|99|0|up;群众安全感满意度|%|96|99|1|up",
          "县乡一体条抓块统:政法|基层治理四平台:政法|现代公共法律服务:司法|矛盾纠纷调解:政法,司法|智慧法院:法院|基层应急体系:应急|"
          "综合行政执法:执法|社会信用体系:发改|网络餐饮监管:市场|社区矫正:司法|劳动争议多元化解:工会",
          "政法,司法,法院,发改,执法,应急,市场",
          "推进“县乡一体、条抓块统”改革,加快形成党建统领基层整体智治体系|发挥“共享法庭”作用,健全村社、镇街、区三级联动调解防线|"
          "健全现代公共法律服务体系,推进“法助共富”专项行动|探索“信用+”应用模式,健全信用激励惩戒机制|深化“雪亮工程”“智安小区”建设,"
          "切实提升平安{s}建设质效|深化大综合一体化行政执法改革,构建全方位监管执法协同体系|加强基层应急体系建设,全面排查整治重点领域"
          "安全风险隐患|推进网络餐饮“阳光厨房”建设,守牢食品安全底线",
          "政法|政法|司法,法院|发改,市场|政法|执法|应急|市场",
          "浙江省综合行政执法条例|浙江省平安建设条例|浙江省矛盾纠纷多元预防化解条例",
          "{c}大综合一体化执法监管实施方案|{c}社会信用体系建设规划|{c}矛盾纠纷多元化解工作办法"),
)

# reform category -> (topics, area index for targets and shared policies)
_REFORMS: tuple[tuple[str, str, int], ...] = (
    ("扩中提低改革", "创业创新活力:市场|知识价值导向分配:科技|社会保险扩面提质:人社|长期护理保险:医保|慈善信托:民政|"
     "共富型统计监测:统计|人才科创体制:人才,科技|低收入农户综合保险:农业|技能人才薪酬激励:人社,工会|新就业形态劳动者权益保障:工会,人社", 1),
    ("缩小地区差距", "产业链山海协作:发改|开放平台共建:发改,商务|关键核心技术揭榜挂帅:科技|飞地经济:发改|对口合作帮扶:发改|区域协同创新:科技", 2),
    ("缩小城乡差距", "闲置农房激活:农业|农业转移人口市民化:发改|地理标志富农:市场|强村富民:农业|碳普惠山区共富:发改,生态|"
     "集体经营性建设用地入市:资规,农业|“景区+村庄”共富:文旅", 2),
    ("公共服务优质共享", "基本公共服务标准:发改|社会力量参与职业教育:教育|中高职一体化人才培养:教育|医疗卫生服务体系:卫健|"
     "城乡居民免费体检:卫健|养老机构改造提升:民政|托育机构星级评价:卫健|社区综合服务应用:大数据", 3),
    ("精神生活共同富裕", "民情通达:宣传|志愿服务激励:宣传,团委|文艺院团:文旅|全民信用阅读:文旅|文化传承生态保护:文旅|家庭家教家风:妇联", 4),
    ("共同富裕基本单元", "未来社区:住建|未来乡村:农业|未来社区运营:住建|城乡风貌整治:住建,资规|共富联合体:组织,农业", 2),
    ("社会治理现代化", "基层智治:政法|“大综合一体化”执法:执法|矛调中心规范化:政法|数字法院:法院|信用监管:发改,市场", 6),
)

_GOALS = ("推动{T}提质增效,形成一批具有{s}辨识度的标志性成果|建立健全{T}工作机制,整体水平走在全市前列|"
          "完成{T}年度目标任务,新增示范点{n}个|到{y}年底,{T}覆盖面进一步扩大,群众满意度明显提升|"
          "打造{T}省级示范样板,形成可复制可推广的经验做法|全面完成上级下达的{T}年度任务").split("|")
_WORK = ("建立{T}工作专班,明确职责分工,实行清单化管理|制定{T}年度工作计划,分解落实目标任务|加强部门协同,形成{T}工作合力|"
         "开展{T}专项督查,定期通报工作进展|推广{T}数字化应用场景,提升数字赋能水平|完善{T}监测分析机制,加强运行情况跟踪|"
         "梳理{T}重点项目清单,实行挂图作战|加强对各镇(街道)的业务指导和服务|组织开展{T}政策宣传和业务培训|"
         "加强与上级部门对接,积极争取政策和资金支持|建立{T}问题清单和整改销号机制|培育一批{T}示范点,总结推广典型经验").split("|")
_EVAL = ("将{T}推进情况纳入年度综合绩效考评的重要内容|对{T}项目建设进度、目标完成情况定期进行统计监测|按照省市评价体系进行分析评价|"
         "依托共同富裕数字化平台开展动态监测评价|开展阶段性评估,形成评估报告|根据年度任务完成情况进行考核评价|"
         "工业经济发展竞赛考核办法|对{T}实施成效开展第三方评估").split("|")
_EARLY = ("制定{T}年度工作方案,分解落实目标任务|开展{T}调研摸底|成立工作专班,明确职责分工|启动{T}项目申报工作|"
          "梳理建立{T}重点项目清单").split("|")
_MID = ("加快推进{T}重点项目建设|开展{T}中期评估|召开{T}工作推进会|完成年度目标任务的{p}%|开展{T}专项督查|"
        "组织开展{T}宣传培训").split("|")
_LATE = "全面完成年度目标任务|总结提炼经验做法,完成年度总结评价|开展{T}年度考核|谋划{y1}年{T}工作思路".split("|")
_ALL_YEAR = "常态化推进{T}各项工作|持续做好{T}跟踪服务|每月通报{T}工作进展".split("|")
_LOCAL_FORMS = ("{full}{T}实施方案|{short}{T}三年行动计划({y}—{y2}年)|{short}关于加快推进{T}的若干意见|{y}年{short}{T}工作要点|"
                "{full}{T}管理办法|{short}{T}实施细则|{short}{T}发展“十四五”规划").split("|")


# ---------------------------------------------------------------- districts


@dataclass
class _District:
    index: int
    city: str
    city_abbr: str
    short: str  # 临江区
    towns: list[str]
    org_code: str
    years: set[int] = field(default_factory=set)

    @property
    def full(self) -> str:
        return self.city + self.short

    @property
    def bare(self) -> str:  # 临江
        return self.short[:-1]


def _place_name(rng: random.Random, taken: set[str]) -> str:
    for _ in range(60):
        name = rng.choice(_SYL1) + rng.choice(_SYL2)
        if name[0] != name[1] and name not in taken and name not in _REAL_NAMES:
            return name
    while True:  # pool exhausted: three syllables
        name = rng.choice(_SYL1) + rng.choice(_SYL1) + rng.choice(_SYL2)
        if name not in taken:
            return name


def _new_district(rng: random.Random, index: int, taken: set[str]) -> _District:
    bare = _place_name(rng, taken)
    taken.add(bare)
    city, abbr = rng.choice(_CITIES)
    local: set[str] = {bare}
    towns = []
    for suffix, count in (("镇", rng.randint(3, 6)), ("街道", rng.randint(2, 5))):
        for _ in range(count):
            name = _place_name(rng, local)
            local.add(name)
            towns.append(name + suffix)
    code = "1133" + "".join(rng.choice("0123456789") for _ in range(13)) + rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY")
    return _District(index, city, abbr, bare + "区", towns, code)


# ---------------------------------------------------------------- one document


def _num(value: float, dec: int) -> str:
    text = f"{value:.{dec}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class _Builder:
    def __init__(self, rng: random.Random, district: _District, year: int) -> None:
        self.rng = rng
        self.d = district
        self.year = year
        self.aliased = {k for k, names in _DEPTS.items() if len(names) > 1 and rng.random() < (0.6 if k == "卫健" else 0.25)}
        self.dash = "-" if rng.random() < 0.65 else "—"
        self.lines: list[str] = []

    # -- small helpers
    def fill(self, template: str, topic: str = "") -> str:
        r = self.rng
        if "{" not in template:
            return template
        n = r.randint(2, 30) if "{n}" in template else 0
        p = r.choice((30, 50, 60, 80)) if "{p}" in template else 0
        return template.format(T=topic, s=self.d.bare, n=n, p=p, y=self.year, y1=self.year + 1, c=self.d.city)

    def unit(self, key: str) -> str:
        names = _DEPTS[key]
        if key in self.aliased and self.rng.random() < 0.4:
            return self.rng.choice(names[1:])
        return names[0]

    def units(self, keys: tuple[str, ...], pool: tuple[str, ...], count: int) -> list[str]:
        """``count`` distinct units: the given keys first (lead), then area departments, towns or any department."""
        out: list[str] = []
        seen: set[str] = set()

        def add(name: str) -> None:
            canonical = UNIT_ALIASES.get(name, name)
            if canonical not in seen:
                seen.add(canonical)
                out.append(name)

        for key in keys[:count]:
            add(self.unit(key))
        while len(out) < count:
            r = self.rng.random()
            if r < 0.25:
                add(self.rng.choice(self.d.towns))
            elif r < 0.8:
                add(self.unit(self.rng.choice(pool)))
            else:
                add(self.unit(self.rng.choice(_DEPT_KEYS)))
        return out

    def para(self, text: str) -> None:
        self.lines.extend((text, ""))

    def docno(self, level: str) -> str:
        r = self.rng
        prefix = {"district": self.d.bare[0], "city": self.d.city_abbr}[level]
        kind = r.choice(("政办发", "政发", "委办发", "发改"))
        return f"({prefix}{kind}〔{self.year - r.randint(0, 2)}〕{r.randint(1, 180)}号)"

    def local_title(self, topic: str) -> str:
        form = self.rng.choice(_LOCAL_FORMS)
        return form.format(full=self.d.full, short=self.d.short, T=topic, y=self.year, y2=self.year + 2)

    def policy(self, area: _Area, topic: str, local: str) -> tuple[str, str]:
        r = self.rng.random()
        if r < 0.3:
            return self.rng.choice(area.provincial)
        if r < 0.5:
            return self.fill(self.rng.choice(area.city)), (self.docno("city") if self.rng.random() < 0.3 else "")
        if r < 0.75:
            return local, (self.docno("district") if self.rng.random() < 0.2 else "")
        return self.local_title(topic), (self.docno("district") if self.rng.random() < 0.2 else "")

    def layout(self, items: list[str], numbered: bool, split: float) -> list[str]:
        """Items (each ending with 。) -> paragraphs; only numbered lists may span paragraphs."""
        if numbered:
            items = [f"{i}.{t}" for i, t in enumerate(items, 1)]
        joiner = " " * self.rng.randint(3, 24) if self.rng.random() < 0.08 else ""
        if numbered and len(items) > 1 and self.rng.random() < split:
            cuts = sorted(self.rng.sample(range(1, len(items)), self.rng.randint(1, len(items) - 1)))
            bounds = [0, *cuts, len(items)]
            return [joiner.join(items[a:b]) for a, b in pairwise(bounds)]
        return [joiner.join(items)]

    # -- indicators
    def indicator(self, spec: _Spec) -> Indicator:
        r = self.rng
        if spec.kind == "text":
            target = r.choice(("完成市下达指标", "完成市下达目标", "完成市下达任务"))
            return Indicator(spec.name + target, spec.name, "", None, "")
        value = _num(r.uniform(spec.lo, spec.hi), spec.dec)
        qualifier = None
        if spec.kind == "grow":
            comparator = "增长"
        elif spec.kind == "down":
            comparator = r.choice(("低于", "控制在", "降至"))
            qualifier = "以内" if comparator == "控制在" and r.random() < 0.4 else None
        else:
            comparator = r.choice(("", "达", "达", "不低于"))
            qualifier = "以上" if comparator == "达" and r.random() < 0.2 else None
        raw = f"{spec.name}{comparator}{value}{spec.unit}{qualifier or ''}"
        return Indicator(raw, spec.name, comparator, float(value), spec.unit, qualifier)

    # -- table rows
    def row(self, number: int, name: str, keys: tuple[str, ...], area: _Area, topic: str) -> TableRow:
        r = self.rng
        count = r.choice(_ROW_UNITS)
        units = self.units(keys, area.depts, count)
        local = self.local_title(topic)
        cited: dict[str, list[str]] = {c: [] for c in CELL_NAMES}

        def cite(cell: str, title: str, docno: str = "") -> str:
            cited[cell].append(title)
            return f"《{title}》{docno}"

        # 目标体系
        quantitative = [s for s in area.specs if s.kind in ("up", "grow")]
        quantitative = r.sample(quantitative, len(quantitative))  # each indicator at most once per cell
        goals: list[str] = []
        qualitative = r.sample(_GOALS, 3)
        for i in range(r.choice((1, 1, 2, 3))):
            if quantitative and r.random() < 0.55:
                picked, quantitative = quantitative[: r.randint(1, 3)], quantitative[3:]
                goals.append(",".join(self.indicator(s).raw for s in picked) + "。")
            else:
                goals.append(self.fill(qualitative[i], topic) + "。")
        target = self.layout(goals, len(goals) > 1, 0.1) if len(goals) > 1 else goals
        # 工作体系
        work = [self.fill(t, topic) + "。" for t in r.sample(_WORK, r.choice((1, 2, 2, 3, 3, 4, 5)))]
        if r.random() < 0.35:
            work.insert(r.randint(0, len(work)), r.choice(("出台", "制定", "修订出台")) + cite("工作体系", local) + "。")
        work_paras = self.layout(work, len(work) > 1, 0.18)
        # 政策体系
        items, titles = [], set()
        for i in range(r.choice((1, 1, 1, 1, 2, 2, 2, 3, 3, 4))):
            if r.random() < 0.08 and i == 0:
                items.append(f"省、市关于{topic}的相关政策文件。")
                continue
            title, docno = self.policy(area, topic, local)
            if title not in titles:
                titles.add(title)
                items.append(cite("政策体系", title, docno) + "。")
        if len(items) == 1 and items[0].startswith("《") and r.random() < 0.4:
            items[0] = r.choice(("落实", "贯彻落实", "制定出台")) + items[0]
        policy_paras = self.layout(items, len(items) > 1, 0.2)
        # 评价体系
        evals = []
        for template in r.sample(_EVAL, r.choice((1, 1, 1, 2))):
            evals.append(self.fill(template, topic) + "。")
        if r.random() < 0.2:
            evals[0] = "根据" + cite("评价体系", self.local_title(topic) if r.random() < 0.5 else local) + "进行综合考评。"
        eval_paras = self.layout(evals, len(evals) > 1, 0.3)
        # 进度安排
        milestones = self.schedule(topic, local, cite)
        entries = [f"{m.label}:{m.text}" for m in milestones]
        if r.random() < 0.3:
            cuts = sorted(r.sample(range(1, len(entries)), r.randint(1, len(entries) - 1)))
            bounds = [0, *cuts, len(entries)]
            plan = ["".join(entries[a:b]) for a, b in pairwise(bounds)]
        else:
            plan = ["".join(entries)]

        cells = {"目标体系": target, "工作体系": work_paras, "政策体系": policy_paras, "评价体系": eval_paras, "进度安排": plan}
        for cell, p in (("工作体系", 0.03), ("政策体系", 0.06), ("评价体系", 0.1)):
            if r.random() < p:
                cells[cell], cited[cell] = [], []
        return TableRow(number, name, units, cells, cited, milestones)

    def schedule(self, topic: str, local: str, cite: Callable[[str, str], str]) -> list[Milestone]:
        r = self.rng
        k = r.randint(2, 5)
        start = r.choice((1, 1, 2, 2, 3, 4))
        tail = None
        if k > 2 and r.random() < 0.25:
            k -= 1
            tail = r.choice(("全年", "全年", "年底"))
        ends = sorted(r.sample(range(start, 12), min(k - 1, 12 - start))) + [12]
        style = r.choice(("range", "range", "range", "deadline", "mixed"))
        dash = self.dash if r.random() < 0.9 else ("—" if self.dash == "-" else "-")
        before = r.choice(("月底前", "月底前", "月前"))
        out: list[Milestone] = []
        used: set[str] = set()
        prev = start - 1
        for i, end in enumerate(ends):
            begin = prev + 1
            prev = end
            pool = _EARLY if i == 0 else (_LATE if i == len(ends) - 1 and tail != "年底" else _MID)
            fresh = [t for t in pool if t not in used] or [t for t in _MID if t not in used]
            picked = r.sample(fresh, min(len(fresh), r.choice((1, 1, 2))))
            used.update(picked)
            acts = [self.fill(t, topic) for t in picked]
            if i == 0 and r.random() < 0.3:
                acts[0] = "印发" + cite("进度安排", local)
            text = ";".join(acts) + "。"
            if style == "deadline" or (style == "mixed" and r.random() < 0.5):
                if r.random() < 0.15:
                    out.append(Milestone(f"{end}月", end, end, text))
                else:
                    out.append(Milestone(f"{end}{before}", None, end, text))
            elif begin == end:
                out.append(Milestone(f"{end}月", end, end, text))
            else:
                out.append(Milestone(f"{begin}{dash}{end}月", begin, end, text))
        if tail == "全年":
            out.append(Milestone("全年", 1, 12, self.fill(r.choice(_ALL_YEAR), topic) + "。"))
        elif tail == "年底":
            out.append(Milestone("年底", 12, 12, self.fill(r.choice(_LATE[:2]), topic) + "。"))
        return out

    def section(self, name: str, topics: tuple[tuple[str, tuple[str, ...]], ...], area: _Area,
                suffixes: tuple[str, ...], count: int, first: int) -> TableSection:
        r = self.rng
        rows: list[TableRow] = []
        names: set[str] = set()
        queue: list[tuple[str, tuple[str, ...]]] = []
        while len(rows) < count:
            if not queue:
                queue = r.sample(topics, len(topics))
            topic, keys = queue.pop()
            row_name = topic + (r.choice(suffixes) if r.random() < 0.9 else "")
            if row_name in names:
                continue
            names.add(row_name)
            rows.append(self.row(first + len(rows), row_name, keys, area, topic))
        stated = count
        if r.random() < 0.07:
            stated = max(1, count + r.choice((-2, -1, 1, 2)))
            stated = stated if stated != count else count + 1
        return TableSection(f"{name}({stated}项)", name, stated, rows)

    def table(self, kind: str, sections: list[TableSection], title: str) -> AnnexTable:
        label = "附件二" if kind == "tasks" else "附件三"
        self.para(label)
        self.para(title)
        for header in TABLE_HEADERS:
            self.para(header)
        for section in sections:
            self.para(section.header)
            for row in section.rows:
                self.para(str(row.number))
                self.para(f"{row.name}({'、'.join(row.units)})")
                for cell in CELL_NAMES:
                    if row.cells[cell]:
                        for text in row.cells[cell]:
                            self.para(text)
                    else:
                        self.lines.append("")
        return AnnexTable(kind, label, title, sections)


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    counts = [3] * parts
    for _ in range(total - 3 * parts):
        counts[rng.choice([i for i, c in enumerate(counts) if c < 15])] += 1
    return counts


def _build(rng: random.Random, district: _District, year: int) -> SynthDocument:
    b = _Builder(rng, district, year)
    d = district
    zone = rng.choice(("特色区", "先行区", "示范区", "样板区"))
    head, tail = f"{d.full}{year}年推进高质量发展", f"建设共同富裕{zone}工作要点"
    title = head + tail
    issuer = f"{d.full}推进高质量发展建设共同富裕{zone}领导小组办公室"
    issue = date(year, rng.randint(2, 7), rng.randint(1, 28))
    publish = issue + timedelta(days=rng.randint(1, 12))
    publisher = rng.choice(("区发改局", "区发改局", "区委社建委", "区政府办"))
    index_number = f"{d.org_code}/{year}-{rng.randint(100000, 999999)}"

    # tables first (the body quotes their counts and names), rendered afterwards
    task_counts = _split(rng, rng.randint(21, 80), len(_AREAS))
    tasks, first = [], 1
    for area, count in zip(_AREAS, task_counts, strict=True):
        tasks.append(b.section(area.name + "先行示范", area.topics, area, _SUFFIX_TASK, count, first))
        first += count
    k = rng.randint(3, 6)
    categories = sorted(rng.sample(range(len(_REFORMS)), k))
    reform_counts = _split(rng, rng.randint(max(10, 3 * k), min(45, 15 * k)), k)
    reforms, first = [], 1
    for index, count in zip(categories, reform_counts, strict=True):
        name, topics, area_index = _REFORMS[index]
        reforms.append(b.section(name, _topics(topics), _AREAS[area_index], _SUFFIX_REFORM, count, first))
        first += count
    n_tasks, n_reforms = sum(task_counts), sum(reform_counts)
    task_rows = [row for s in tasks for row in s.rows]
    reform_rows = [row for s in reforms for row in s.rows]
    n_results = rng.randint(8, 20)

    b.lines.extend(["进入老年版", f"索引号 {index_number} 组配分类 共同富裕示范区建设 主题分类 政务公开",
                    "公开方式 主动公开 公开范围 面向全社会", f"发布机构 {publisher} 发文日期 {publish.isoformat()}", ""])
    b.para(f"关于印发《{title}》的通知")
    b.para("字体:【大】 【小】")
    b.para("各镇(街道)党委(党工委)、政府(办事处)、区直有关单位:")
    b.para(f"现将《{title}》印发给你们,请结合实际,认真抓好落实。")
    b.para(issuer)
    b.para(f"(中共{d.full}委社会建设委员会)")
    b.para(f"{issue.year}年{issue.month}月{issue.day}日")
    b.para(head)
    b.para(tail)
    phase = rng.choice(("起步", "关键", "攻坚", "深化"))
    b.para(f"{year}年是推进高质量发展建设共同富裕{zone}的{phase}之年,要坚持“全面全民、共建共享”理念,全面落实中央、省市工作部署,"
           "聚焦经济高质量发展、收入分配制度改革、城乡区域协调发展、公共服务优质共享、社会主义先进文化发展、生态文明建设和社会治理等方面,"
           f"以缩小三大差距为主攻方向,以数字化改革为牵引,加快形成一批具有{d.bare}辨识度的标志性成果,为全省全市促进共同富裕提供{d.bare}经验。")
    b.para("一、主要目标")
    picks = rng.sample(task_rows, 3)
    b.para(f"(一)主动打造一批标志性成果。坚持{d.city[:-1]}所需、{d.bare}所能、群众所盼、未来所向,高标准打造{picks[0].name}、"
           f"{picks[1].name}和{picks[2].name}等{n_results}项标志性成果。")
    picks = rng.sample(task_rows, 2)
    b.para(f"(二)抓细抓实一批重点工作。聚焦经济高质量发展等7大先行示范领域,谋划推进{picks[0].name}、{picks[1].name}等{n_tasks}项重点工作。")
    picks = rng.sample(reform_rows, 2)
    b.para(f"(三)落实谋划一批重大改革。聚焦缩小“三大差距”、公共服务优质共享等{k}方面内容,落实谋划好{picks[0].name}、"
           f"{picks[1].name}等{n_reforms}项重大改革。")
    b.para("二、重点任务")
    areas = []
    for i, area in enumerate(_AREAS):
        heading = f"({_ORD[i]})推动{area.name}先行示范。"
        specs = rng.sample(area.specs, rng.randint(3, min(8, len(area.specs))))
        indicators = [b.indicator(s) for s in specs]
        measures = []
        pool = rng.sample(area.measures, len(area.measures) - rng.randint(0, 2))
        while pool:
            size = rng.choice((1, 1, 1, 1, 1, 1, 1, 2, 2, 3))
            group, pool = pool[:size], pool[size:]
            keys = tuple(dict.fromkeys(k for _, ks in group for k in ks))[:5]
            count = max(len(keys), rng.choice(_MEASURE_UNITS))
            measures.append(Measure("。".join(b.fill(t) for t, _ in group), b.units(keys, area.depts, count)))
        b.para(heading)
        b.para("指标目标:" + ",".join(ind.raw for ind in indicators) + "。")
        b.para("工作举措:" + "".join(f"{m.text}({'、'.join(m.units)})。" for m in measures))
        areas.append(BodyArea(_ORD[i], area.name + "先行示范", heading, indicators, measures))
    b.para("三、保障措施")
    b.para(f"(一)加强组织保障。各区级部门、相关镇(街道)要围绕{n_results}项标志性成果、{n_tasks}项重点工作和{n_reforms}项重大改革,"
           "坚持高标准谋划、高质量推进,实行清单化、项目化管理,压紧压实工作责任。")
    b.para("(二)健全督查考核。充分发挥目标绩效考核导向、激励和约束作用,建立问题清单和挂号销账制度,确保“件件有回音、事事有着落”。")
    b.para("(三)营造良好氛围。及时总结推广共同富裕建设的好经验、好做法,加大工作宣传和政策激励,及时倾听民情民意。")
    task_title = f"{year}年共同富裕“1+7+N”重点工作清单" if rng.random() < 0.8 else f"{year}年共同富裕重点工作清单"
    reform_title = f"{year}年共同富裕“1+5+n”重大改革清单" if rng.random() < 0.8 else f"{year}年共同富裕重大改革清单"
    b.para(f"附件:1.{d.full}推进高质量发展建设共同富裕{zone}系统架构图(1.0版)")
    b.para(f"   2.{task_title}")
    b.para(f"   3.{reform_title}")
    task_table = b.table("tasks", tasks, task_title)
    reform_table = b.table("reforms", reforms, reform_title)

    text = "\n".join(b.lines).rstrip("\n")
    truth = SynthTruth(d.index, d.full, d.short, d.city, year, title, index_number, publisher, publish, issue, issuer,
                       areas, task_table, reform_table, list(d.towns))
    return SynthDocument(f"d{d.index:04d}-{year}-workpoints.txt", text, truth)


# ---------------------------------------------------------------- public API


def synthesize(n_documents: int, seed: int) -> list[SynthDocument]:
    """``n_documents`` synthetic work plans; the same arguments give identical documents."""
    plan = random.Random(f"policykg-synth:{seed}:plan")
    districts: list[_District] = []
    taken: set[str] = set()
    open_districts: list[_District] = []
    docs = []
    for i in range(n_documents):
        if open_districts and plan.random() < 0.55:
            district = plan.choice(open_districts)
        else:
            district = _new_district(plan, len(districts), taken)
            districts.append(district)
            open_districts.append(district)
        year = plan.choice([y for y in YEARS if y not in district.years])
        district.years.add(year)
        if len(district.years) == len(YEARS):
            open_districts.remove(district)
        docs.append(_build(random.Random(f"policykg-synth:{seed}:doc:{i}"), district, year))
    return docs


def write_corpus(out_dir: Path, n_documents: int, seed: int, layout: str = "template") -> list[Path]:
    """Write the synthesized documents of ``layout`` (a key of :data:`LAYOUTS`) as UTF-8 files
    under ``out_dir``; returns their paths."""
    if layout not in LAYOUTS:
        raise ValueError(f"no layout {layout!r}: one of {', '.join(LAYOUTS)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for filename, text in LAYOUTS[layout](n_documents, seed):
        path = out_dir / filename
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


# ---------------------------------------------------------------- plans laid out as a table


@dataclass(frozen=True)
class SynthTableRow:
    section: str  # the heading row above it, as written (without a leaders bracket)
    number: str  # 序号 as written
    cells: dict[str, str]  # column name -> cell text ("" for an empty cell)
    lead: list[str]
    support: list[str]
    leaders: list[str]  # the section's (牵头领导:…), then the row's 责任领导 cell
    deadline: tuple[str, int | None] | None  # (label, end month) of the 完成时限 cell


@dataclass(frozen=True)
class SynthTablePlan:
    filename: str
    text: str
    jurisdiction: str  # as written: 临江区
    year: int
    title: str
    doc_number: str  # 和泉政办发〔2024〕3号, under the masthead
    columns: tuple[str, ...]
    rows: tuple[SynthTableRow, ...]


_TABLE_COLUMNS = (
    ("序号", "重点任务", "牵头单位", "责任单位", "责任领导", "完成时限"),
    ("序号", "工作任务", "牵头单位", "配合单位", "完成时限"),
    ("序号", "目标任务", "主要责任单位", "协同配合单位", "时间节点"),
)
_TABLE_UNITS = ("区发改局", "区财政局", "区经信局", "区科技局", "区教育局", "区民政局", "区住建局", "区交通局", "区农业农村局",
                "区商务局", "区文旅局", "区卫健局", "区市场监管局", "区生态环境分局", "区自然资源局", "区人力社保局")
_TABLE_COLLECTIVES = ("各镇(街道)", "区级相关部门", "各镇人民政府、街道办事处")
_TABLE_SECTIONS = ("稳定经济增长", "推动创新发展", "深化改革开放", "推进乡村振兴", "增进民生福祉", "加强生态保护")
_TABLE_TASKS = ("推进{T}重点项目建设", "完善{T}工作机制", "提升{T}服务水平", "深化{T}领域改革", "加快{T}体系建设",
                "开展{T}专项行动")
_TABLE_TOPICS = ("数字经济", "先进制造", "现代物流", "农村电商", "养老托育", "城市更新", "营商环境", "文化旅游", "水利设施",
                 "公共卫生", "职业教育", "绿色低碳")
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_GIVEN = "明华强军平刚伟芳敏静丽涛斌超勇杰磊洋艳"
_CN_ORDINALS = "一二三四五六七八九十"


def _table_deadline(rng: random.Random, year: int) -> tuple[str, tuple[str, int | None]]:
    kind = rng.randrange(4)
    month = rng.randint(3, 11)
    if kind == 0:
        return f"{month}月底前", (f"{month}月底前", month)
    if kind == 1:
        return f"{year}年{month}月底", (f"{year}年{month}月底", month)
    if kind == 2:
        return "年底前", ("年底前", 12)
    return "长期坚持", ("长期坚持", None)


def _table_plan(rng: random.Random, district: _District, year: int, size: int | None = None) -> SynthTablePlan:
    """A plan of 2-4 sections of 1-5 rows each; with ``size``, of ``size`` rows over its sections, each
    task naming two topics (a large table names many more distinct tasks than a small one)."""
    columns = rng.choice(_TABLE_COLUMNS)
    has_leaders = "责任领导" in columns
    short = district.short
    title = f"{year}年重点工作任务分解表"
    issued = date(year, rng.randint(1, 3), rng.randint(1, 28))
    doc_number = f"{district.bare}政办发〔{year}〕{rng.randint(1, 40)}号"
    lines = [f"{short}人民政府办公室文件", "", doc_number, "", f"{short}人民政府办公室关于印发{title}的通知", "",
             "各镇人民政府、街道办事处,区政府各部门:", "",
             f"现将《{title}》印发给你们,请结合实际,认真抓好落实。", "",
             f"{short}人民政府办公室", "", f"{issued.year}年{issued.month}月{issued.day}日", "", "附件", "", title, ""]
    for name in columns:
        lines += [name, ""]
    rows: list[SynthTableRow] = []
    number = 0
    chosen = rng.sample(_TABLE_SECTIONS, rng.randint(2, 4))
    for s, section in enumerate(chosen):
        heading = f"{_CN_ORDINALS[s]}、{section}"
        section_leaders: list[str] = []
        if rng.random() < 0.4:
            section_leaders = [rng.choice(_SURNAMES) + rng.choice(_GIVEN) for _ in range(rng.randint(1, 3))]
            lines += [f"{heading}(牵头领导:{'、'.join(section_leaders)})", ""]
        else:
            lines += [heading, ""]
        count = rng.randint(1, 5) if size is None else size // len(chosen) + (s < size % len(chosen))
        for _ in range(count):
            number += 1
            task = rng.choice(_TABLE_TASKS).replace("{T}", rng.choice(_TABLE_TOPICS))
            if size is not None:
                task += "," + rng.choice(_TABLE_TASKS).replace("{T}", rng.choice(_TABLE_TOPICS))
            task += "。"
            units = rng.sample(_TABLE_UNITS, rng.randint(1, 4))
            lead = units[:1] if rng.random() < 0.8 else units[:2]
            support = units[len(lead):]
            if rng.random() < 0.3:
                support.append(rng.choice(_TABLE_COLLECTIVES))
            leaders = [rng.choice(_SURNAMES) + rng.choice(_GIVEN)] if has_leaders and rng.random() < 0.7 else []
            label, deadline = _table_deadline(rng, year)
            cells = {columns[0]: str(number), columns[1]: task, columns[2]: "、".join(lead),
                     columns[3]: "、".join(support)}
            if has_leaders:
                cells["责任领导"] = "、".join(leaders)
            cells[columns[-1]] = label
            lines += [str(number), "", task, ""]
            blank = 0  # an empty cell is one more blank line before the next cell
            for name in columns[2:]:
                if not cells[name]:
                    blank += 1
                    continue
                lines[-1:] = [""] * (1 + blank)
                lines += [cells[name], ""]
                blank = 0
            rows.append(SynthTableRow(heading, str(number), cells, lead, support, section_leaders + leaders,
                                      deadline))
    text = "\n".join(lines).rstrip("\n") + "\n"
    return SynthTablePlan(f"{district.full}-{year}-table.txt", text, short, year, title, doc_number, columns,
                          tuple(rows))


def synthesize_table_plans(n_documents: int, seed: int, size: int | None = None) -> list[SynthTablePlan]:
    """``n_documents`` synthetic plans laid out as a task table flattened one cell per paragraph
    (序号 · 重点任务 · 牵头单位 · 责任单位 · 责任领导 · 完成时限 and two other headers), each with the rows
    it holds; the same arguments give identical documents. ``size``: the rows of each plan (a few
    to 20 when not given)."""
    plan = random.Random(f"policykg-synth-table:{seed}:plan")
    taken: set[str] = set()
    out = []
    for i in range(n_documents):
        district = _new_district(plan, i, taken)
        year = plan.choice(YEARS)
        out.append(_table_plan(random.Random(f"policykg-synth-table:{seed}:doc:{i}"), district, year, size))
    return out


# ---------------------------------------------------------------- numbered-items layout
#
# The genre's other common layout (loaders/genre.py): a notice with its 文号 and signature, then
# numbered sections (一、 / (一)) whose numbered leaves (1. / 1、) are the items, each followed by
# its responsibility in one of the ways real plans write it. One style per plan, as in real ones.

#: How a numbered-items plan writes who is responsible.
NUMBERED_STYLES: tuple[str, ...] = (
    "lead-lines",  # 牵头单位:A / 责任单位:B、C (or 配合单位:, 协同责任单位:) on lines of their own
    "single-line",  # 责任单位:A、B等,C: the first listed leads
    "bracket-lead",  # (A牵头,B、C配合) or (A、B牵头,C及D按职责分工负责) closing the item
    "bracket-labels",  # (牵头单位:A;配合单位:B) closing the item
)

# the plan's word for its items, in its title (loaders/genre.py reads it back as kind_text)
_NUMBERED_TITLES = (("{d}{y}年重点工作任务分解方案", "重点工作"), ("{d}{y}年政府工作报告重点任务责任分工方案", "重点任务"),
                    ("{d}{y}年优化营商环境政策措施责任分工", "政策措施"), ("{d}{y}年民生实事工作任务清单", "工作任务"))
# units whose names say what they are (no 联: 区妇联 and 区残联 are left to the template's plans)
_NUMBERED_UNITS = tuple(names[0] for names in _DEPTS.values() if not names[0].endswith("联"))
_COLLECTIVES = ("各街道", "各镇(街道)", "区级相关部门", "区直各部门", "各有关单位")
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁沈任姚卢傅钟"
_GIVEN = "明华军平志伟强敏静丽杰涛斌超鹏辉刚勇磊峰新建文国海洪波宁晓红英春玲"
_NUMBERED_SECTIONS = ("推动经济高质量发展", "扩大有效投资", "持续优化营商环境", "推进城乡融合发展", "加强生态环境保护",
                      "办好民生实事", "提升社会治理水平", "深化重点领域改革")
_NUMBERED_SUBSECTIONS = ("强化要素保障", "抓好项目建设", "完善工作机制", "提升服务水平", "加大政策支持")
_NUMBERED_ITEMS = ("加快{T}项目建设", "实施{T}提升行动", "完善{T}服务体系", "推进{T}扩面提质", "开展{T}专项整治",
                   "健全{T}长效机制", "深化{T}改革试点", "培育{T}示范单位")
_NUMBERED_DETAILS = ("新增{T}示范点{n}个", "建立{T}工作台账,实行清单化管理", "完成{T}年度任务", "推动{T}覆盖面进一步扩大",
                     "形成一批可复制可推广的{T}经验")


@dataclass(frozen=True)
class NumberedItem:
    number_text: str  # 3. as written
    section_path: tuple[str, ...]  # the headings above it, as written, outermost first
    name: str  # the item's first sentence, without its 。
    lead: list[str]  # as written, in order
    support: list[str]
    leaders: list[tuple[str, str]]  # (label as written, name)
    deadlines: list[tuple[str, int]]  # (label as written, end month): 6月底前 -> 6, 年底前 -> 12
    collective: list[str]  # the units among lead and support that name several (各街道)


@dataclass(frozen=True)
class NumberedTruth:
    jurisdiction: str  # 临江区: as the masthead writes it
    city: str  # 宁波市
    year: int
    title: str
    kind_text: str  # the plan's word for its items: 重点工作
    doc_number: str  # 临政发〔2023〕12号
    issuer: str  # 临江区人民政府
    issue_date: date
    style: str  # one of NUMBERED_STYLES
    items: list[NumberedItem]


@dataclass(frozen=True)
class NumberedDocument:
    filename: str
    text: str
    truth: NumberedTruth


class _NumberedBuilder:
    def __init__(self, rng: random.Random, district: _District, year: int) -> None:
        self.rng = rng
        self.d = district
        self.year = year
        self.lines: list[str] = []
        self.fullwidth = rng.random() < 0.5  # （） and ：, as many pages write them, or () and :
        self.colon = "\uff1a" if self.fullwidth else ":"

    def para(self, text: str) -> None:
        self.lines.extend((text, ""))

    def bracket(self, inner: str) -> str:
        return f"\uff08{inner}\uff09" if self.fullwidth else f"({inner})"

    def person(self) -> str:
        r = self.rng
        return r.choice(_SURNAMES) + "".join(r.choice(_GIVEN) for _ in range(r.choice((1, 2, 2))))

    def units(self) -> tuple[list[str], list[str], list[str]]:
        """(lead, support, collective): one lead (sometimes two), up to four supporting units,
        sometimes ending with a collective, which real plans list last."""
        r = self.rng
        picked = r.sample(_NUMBERED_UNITS, r.choice((1, 2, 2, 3, 3, 4, 5)))
        towns = [t for t in self.d.towns if t not in picked]
        if towns and r.random() < 0.15:
            picked.insert(r.randint(1, len(picked)), r.choice(towns))
        collective = [r.choice(_COLLECTIVES)] if r.random() < 0.3 else []
        leads = 2 if len(picked) > 2 and r.random() < 0.15 else 1
        return picked[:leads], picked[leads:] + collective, collective

    def deadline(self) -> tuple[str, str, int] | None:
        """(words in the item, label as read, end month), or None for an item without one."""
        r = self.rng
        kind = r.random()
        if kind < 0.45:
            return None
        month = r.randint(3, 11)
        if kind < 0.7:
            label = f"{month}月底前"
        elif kind < 0.82:
            label = f"{self.year}年{month}月底前"
        elif kind < 0.92:
            return "年底前", "年底前", 12
        else:
            label = f"明年{month}月份"
        return label, label, month

    def responsibility(self, style: str, lead: list[str], support: list[str]) -> tuple[str, list[str]]:
        """(what closes the item's paragraph, the lines after it)."""
        r, c = self.rng, self.colon
        if style == "lead-lines":
            label = r.choice(("责任单位", "配合单位", "协同责任单位"))
            lines = [f"{r.choice(('牵头单位', '牵头单位', '牵头责任单位'))}{c}{'、'.join(lead)}"]
            if support:
                lines.append(f"{label}{c}{self.listing(support)}")
            return "", lines
        if style == "single-line":
            return "", [f"责任单位{c}{self.listing(lead + support)}"]
        if style == "bracket-lead":
            inner = f"{'、'.join(lead)}牵头"
            if support:
                if len(support) >= 2 and r.random() < 0.3:
                    inner += f",{'、'.join(support[:-1])}及{support[-1]}按职责分工负责"
                else:
                    inner += f",{'、'.join(support)}配合"
            return self.bracket(inner), []
        inner = f"牵头单位{c}{'、'.join(lead)}"
        if support:
            inner += f";{r.choice(('配合单位', '责任单位'))}{c}{'、'.join(support)}"
        return self.bracket(inner), []

    def listing(self, units: list[str]) -> str:
        """A、B、C, or A、B等,C before a collective (the 等 is not part of a name)."""
        if len(units) >= 3 and units[-1] in _COLLECTIVES and self.rng.random() < 0.5:
            return "、".join(units[:-1]) + "等," + units[-1]
        return "、".join(units)

    def item(self, number_text: str, path: tuple[str, ...], style: str, leader_label: str | None,
             used: set[str]) -> NumberedItem:
        r = self.rng
        while True:
            topic = r.choice(_TOPIC_WORDS)
            name = r.choice(_NUMBERED_ITEMS).format(T=topic)
            if name not in used:
                used.add(name)
                break
        detail = r.choice(_NUMBERED_DETAILS).format(T=topic, n=r.randint(2, 30))
        deadline = self.deadline()
        if deadline is not None:
            detail += f",{deadline[0]}完成"
        lead, support, collective = self.units()
        if style == "single-line":  # one list: its first unit leads
            lead, support = (lead + support)[:1], (lead + support)[1:]
        closing, after = self.responsibility(style, lead, support)
        leaders: list[tuple[str, str]] = []
        if leader_label is not None:
            leaders = [(leader_label, self.person())]
            if r.random() < 0.2:
                leaders.append((leader_label, self.person()))
            after.insert(0, f"{leader_label}{self.colon}{'、'.join(n for _, n in leaders)}")
        self.para(f"{number_text}{name}。{detail}{closing}。")
        for line in after:
            self.para(line)
        return NumberedItem(number_text, path, name, lead, support, leaders,
                            [(deadline[1], deadline[2])] if deadline else [], collective)


_TOPIC_WORDS = tuple(dict.fromkeys(topic for area in _AREAS for topic, _ in area.topics))


def _build_numbered(rng: random.Random, district: _District, year: int) -> NumberedDocument:
    b = _NumberedBuilder(rng, district, year)
    d = district
    form, kind_text = rng.choice(_NUMBERED_TITLES)
    title = form.format(d=d.short, y=year)
    style = rng.choice(NUMBERED_STYLES)
    leader_label = rng.choice((None, None, "牵头负责领导", "责任领导"))
    doc_number = f"{d.bare[0]}政{rng.choice(('发', '办发'))}〔{year}〕{rng.randint(1, 60)}号"
    issuer = f"{d.short}人民政府"
    issue = date(year, rng.randint(1, 4), rng.randint(1, 28))
    b.para(f"{d.full}人民政府文件")
    b.para(doc_number)
    b.para(f"{issuer}关于印发《{title}》的通知")
    b.para(f"各镇人民政府、街道办事处,区政府各部门{b.colon}")
    b.para(f"现将《{title}》印发给你们,请结合实际,认真抓好落实。")
    b.para(issuer)
    b.para(f"{issue.year}年{issue.month}月{issue.day}日")
    three_levels = rng.random() < 0.4
    restart = rng.random() < 0.5  # items numbered within each section, else through the plan
    item_sep = rng.choice((".", "、"))
    items: list[NumberedItem] = []
    used: set[str] = set()
    for i, section in enumerate(rng.sample(_NUMBERED_SECTIONS, rng.randint(2, 5))):
        heading = f"{_ORD[i]}、{section}"
        b.para(heading)
        subs = rng.sample(_NUMBERED_SUBSECTIONS, rng.randint(1, 3)) if three_levels else [None]
        counter = 0 if restart else len(items)
        for j, sub in enumerate(subs):
            path: tuple[str, ...] = (heading,)
            if sub is not None:
                sub_heading = b.bracket(_ORD[j]) + sub
                b.para(sub_heading)
                path = (heading, sub_heading)
            for _ in range(rng.randint(1, 5)):
                counter += 1
                items.append(b.item(f"{counter}{item_sep}", path, style, leader_label, used))
    text = "\n".join(b.lines).rstrip("\n")
    truth = NumberedTruth(d.short, d.city, year, title, kind_text, doc_number, issuer, issue, style, items)
    return NumberedDocument(f"n{d.index:04d}-{year}-tasks.txt", text, truth)


def synthesize_numbered(n_documents: int, seed: int) -> list[NumberedDocument]:
    """``n_documents`` synthetic plans of the numbered-items layout; the same arguments give
    identical documents, and their districts are not those of :func:`synthesize`."""
    plan = random.Random(f"policykg-synth:{seed}:numbered-items:plan")
    districts: list[_District] = []
    taken: set[str] = set()
    docs = []
    for i in range(n_documents):
        open_districts = [x for x in districts if len(x.years) < len(YEARS)]
        if open_districts and plan.random() < 0.4:
            district = plan.choice(open_districts)
        else:
            district = _new_district(plan, len(districts), taken)
            while len(district.bare) != 2:  # the masthead's place is two characters and 区
                district = _new_district(plan, len(districts), taken)
            districts.append(district)
        year = plan.choice([y for y in YEARS if y not in district.years])
        district.years.add(year)
        docs.append(_build_numbered(random.Random(f"policykg-synth:{seed}:numbered-items:doc:{i}"), district, year))
    return docs


#: The layouts ``policykg synth --layout`` writes: a generator of (filename, text) pairs each.
LAYOUTS: dict[str, Callable[[int, int], list[tuple[str, str]]]] = {
    "template": lambda n, seed: [(d.filename, d.text) for d in synthesize(n, seed)],
    "numbered-items": lambda n, seed: [(d.filename, d.text) for d in synthesize_numbered(n, seed)],
    "table": lambda n, seed: [(d.filename, d.text) for d in synthesize_table_plans(n, seed)],
}
