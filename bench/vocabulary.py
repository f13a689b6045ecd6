"""Real names the synthetic corpus is written with: Zhejiang places and government bureaus.

The places are the 11 prefecture-level cities of Zhejiang and their 90 county-level
divisions (districts, county-level cities, counties) after the 2021 adjustments
(临平区 and 钱塘区 in Hangzhou, 龙港市 in Wenzhou).  The bureaus are the departments that
appear as responsible units in implementation documents, spelled the way the documents
abbreviate them (市发改委, not 温州市发展和改革委员会), because that is what the extractor
has to read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PlaceKind = Literal["district", "county-city", "county"]
UnitLevel = Literal["province", "city", "county"]

PROVINCE = "浙江省"
PROVINCE_ABBREV = "浙"

# city → (abbreviation used in document numbers, county-level divisions)
CITIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "杭州市": ("杭", ("上城区", "拱墅区", "西湖区", "滨江区", "萧山区", "余杭区", "临平区",
                     "钱塘区", "富阳区", "临安区", "桐庐县", "淳安县", "建德市")),
    "宁波市": ("甬", ("海曙区", "江北区", "北仑区", "镇海区", "鄞州区", "奉化区", "余姚市",
                     "慈溪市", "宁海县", "象山县")),
    "温州市": ("温", ("鹿城区", "龙湾区", "瓯海区", "洞头区", "瑞安市", "乐清市", "龙港市",
                     "永嘉县", "平阳县", "苍南县", "文成县", "泰顺县")),
    "嘉兴市": ("嘉", ("南湖区", "秀洲区", "海宁市", "平湖市", "桐乡市", "嘉善县", "海盐县")),
    "湖州市": ("湖", ("吴兴区", "南浔区", "德清县", "长兴县", "安吉县")),
    "绍兴市": ("绍", ("越城区", "柯桥区", "上虞区", "诸暨市", "嵊州市", "新昌县")),
    "金华市": ("金", ("婺城区", "金东区", "兰溪市", "义乌市", "东阳市", "永康市", "武义县",
                     "浦江县", "磐安县")),
    "衢州市": ("衢", ("柯城区", "衢江区", "江山市", "常山县", "开化县", "龙游县")),
    "舟山市": ("舟", ("定海区", "普陀区", "岱山县", "嵊泗县")),
    "台州市": ("台", ("椒江区", "黄岩区", "路桥区", "临海市", "温岭市", "玉环市", "三门县",
                     "天台县", "仙居县")),
    "丽水市": ("丽", ("莲都区", "龙泉市", "青田县", "缙云县", "遂昌县", "松阳县", "云和县",
                     "庆元县", "景宁畲族自治县")),
}


@dataclass(frozen=True)
class Place:
    """A county-level division: its name, its city and what kind of division it is."""

    name: str
    city: str
    kind: PlaceKind

    @property
    def prefix(self) -> str:
        """The one-character prefix its own bureaus carry: 区, 市 or 县."""
        return {"district": "区", "county-city": "市", "county": "县"}[self.kind]

    @property
    def full_name(self) -> str:
        """Its name with its parents, as the store identifies a place: 浙江省温州市泰顺县."""
        return PROVINCE + self.city + self.name


def full_name(place: str) -> str:
    """The full name of the province, a city or a county-level division of the vocabulary.

    >>> full_name("温州市"), full_name("泰顺县"), full_name(PROVINCE)
    ('浙江省温州市', '浙江省温州市泰顺县', '浙江省')
    """
    if place == PROVINCE:
        return PROVINCE
    if place in CITIES:
        return PROVINCE + place
    return next(c.full_name for c in COUNTIES if c.name == place)


def place_kind(name: str) -> PlaceKind:
    """Classify a county-level division by its suffix (景宁畲族自治县 is a county)."""
    if name.endswith("区"):
        return "district"
    if name.endswith("市"):
        return "county-city"
    return "county"


COUNTIES: tuple[Place, ...] = tuple(
    Place(name=name, city=city, kind=place_kind(name))
    for city, (_, names) in CITIES.items()
    for name in names
)


@dataclass(frozen=True)
class Bureau:
    """A department as a responsible unit: its short stem and an optional alias.

    ``stem`` is written after the level prefix (省/市/县/区): 发改委 → 市发改委.
    ``alias`` is the bracketed short name some documents append: 市招商局〈经合办〉.
    """

    stem: str
    alias: str | None = None


# Provincial departments are 厅/委 where the city and county ones are 局.
PROVINCE_BUREAUS: tuple[Bureau, ...] = tuple(Bureau(s) for s in (
    "发改委", "经信厅", "教育厅", "科技厅", "财政厅", "人力社保厅", "自然资源厅", "生态环境厅",
    "建设厅", "交通运输厅", "水利厅", "农业农村厅", "商务厅", "文化和旅游厅", "卫生健康委",
    "市场监管局", "统计局", "民政厅", "应急管理厅", "大数据局",
))

CITY_BUREAUS: tuple[Bureau, ...] = (
    Bureau("发改委"), Bureau("经信局"), Bureau("教育局"), Bureau("科技局"), Bureau("财政局"),
    Bureau("人力社保局"), Bureau("自然资源和规划局"), Bureau("生态环境局"), Bureau("住建局"),
    Bureau("交通运输局"), Bureau("水利局"), Bureau("农业农村局"), Bureau("商务局"),
    Bureau("文化和旅游局"), Bureau("卫生健康委"), Bureau("市场监管局"), Bureau("统计局"),
    Bureau("民政局"), Bureau("应急管理局"), Bureau("招商局", "经合办"),
    Bureau("大数据发展管理局", "数据局"), Bureau("投资促进中心", "投促中心"),
)

COUNTY_BUREAUS: tuple[Bureau, ...] = (
    Bureau("发改局"), Bureau("经信局"), Bureau("教育局"), Bureau("科技局"), Bureau("财政局"),
    Bureau("人力社保局"), Bureau("自然资源和规划局"), Bureau("住建局"), Bureau("交通运输局"),
    Bureau("农业农村局"), Bureau("商务局"), Bureau("文化和旅游局"), Bureau("卫生健康局"),
    Bureau("市场监管局"), Bureau("民政局"), Bureau("招商局", "经合办"),
)

# Units that stand for many: never split, never given a level prefix.  Written with 〈〉
# as in the real documents; their canonical name uses ASCII parentheses (extract.model).
COLLECTIVE_UNITS: tuple[str, ...] = (
    "结对县〈市、区〉党委、政府",
    "各县〈市、区〉人民政府",
    "各乡镇〈街道〉",
)

# Topics of the genre: (short topic, the 关于…的 phrase of a title).
TOPICS: tuple[tuple[str, str], ...] = (
    ("山海协作", "打造山海协作工程升级版"),
    ("数字经济", "加快发展数字经济"),
    ("乡村振兴", "全面推进乡村振兴"),
    ("营商环境", "进一步优化营商环境"),
    ("制造业发展", "推动制造业高质量发展"),
    ("文旅融合", "促进文化和旅游深度融合发展"),
    ("就业创业", "进一步做好稳就业工作"),
    ("教育现代化", "推进教育现代化"),
    ("健康城市", "推进健康城市建设"),
    ("生态文明", "深化生态文明示范创建"),
    ("开放型经济", "推动开放型经济高质量发展"),
    ("人才引育", "加快引进培育高层次人才"),
    ("科技创新", "加快科技创新平台建设"),
    ("农村电商", "加快发展农村电子商务"),
)
