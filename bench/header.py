"""The parts of a document around its body: issuer, title, number, citations, closing.

An :class:`Issuer` is drawn first (the province, a city or a county-level division);
everything else in the header follows from it, the way a real 发文机关 determines its
document number prefix (温政发, 瑞政办发) and the level of the bureaus it addresses.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from bench.vocabulary import CITIES, COUNTIES, PROVINCE, PROVINCE_ABBREV, TOPICS, full_name

GENRES: tuple[str, ...] = ("实施意见", "行动计划", "工作方案")


@dataclass(frozen=True)
class Issuer:
    """Who issues a document, and the prefixes that follow from that."""

    place: str  # 浙江省, 温州市, 瑞安市
    level: str  # province, city, county
    prefix: str  # level prefix of its bureaus: 省, 市, 县, 区
    abbrev: str  # document-number prefix: 浙, 温, 瑞
    office: bool  # issued by the 办公室 (政办发) rather than the government (政发)

    @property
    def name(self) -> str:
        """The issuing body: 温州市人民政府 or 温州市人民政府办公室."""
        return self.place + "人民政府" + ("办公室" if self.office else "")

    @property
    def full_name(self) -> str:
        """The government's full name, its jurisdiction in the store: 浙江省温州市瑞安市."""
        return full_name(self.place)


def draw_issuer(rng: random.Random) -> Issuer:
    """Draw an issuer: the province rarely, cities and counties in proportion to their number."""
    office = rng.random() < 0.3
    roll = rng.random()
    if roll < 0.05:
        return Issuer(PROVINCE, "province", "省", PROVINCE_ABBREV, office)
    if roll < 0.35:
        city = rng.choice(list(CITIES))
        return Issuer(city, "city", "市", CITIES[city][0], office)
    county = rng.choice(COUNTIES)
    return Issuer(county.name, "county", county.prefix, county.name[0], office)


def document_number(issuer: Issuer, year: int, serial: int) -> str:
    """温政发〔2018〕26号: the number, with the 〔〕 brackets documents use."""
    kind = "政办发" if issuer.office else "政发"
    return f"{issuer.abbrev}{kind}〔{year}〕{serial}号"


def title(rng: random.Random, issuer: Issuer, genre: str, year: int) -> tuple[str, str]:
    """Draw a topic and write the title of ``genre``; returns ``(topic, title)``."""
    topic, phrase = rng.choice(TOPICS)
    if genre == "实施意见":
        return topic, f"{issuer.name}关于{phrase}的实施意见"
    if genre == "行动计划":
        return topic, f"{issuer.place}{phrase}三年行动计划({year}—{year + 2}年)"
    return topic, f"{issuer.place}{phrase}工作方案"


def citation(rng: random.Random, year: int) -> tuple[str, dict[str, Any]]:
    """A cited document: 《…》(浙政发〔2018〕3号), a title alone or a number alone."""
    _, phrase = rng.choice(TOPICS)
    cited_title = rng.choice((f"关于{phrase}的若干意见", f"浙江省{phrase}行动方案",
                              f"关于{phrase}的指导意见"))
    kind = rng.choice(("浙委发", "浙政发", "浙政办发"))
    number = f"{kind}〔{year - rng.randint(0, 2)}〕{rng.randint(1, 60)}号"
    form = rng.random()
    if form < 0.6:
        return f"《{cited_title}》({number})", {"title": cited_title, "number": number}
    if form < 0.85:
        return f"《{cited_title}》", {"title": cited_title, "number": None}
    return f"({number})", {"title": None, "number": number}


def addressees(issuer: Issuer) -> str:
    """The 主送机关 line, by issuer level."""
    if issuer.level == "province":
        return "各市、县(市、区)人民政府,省政府直属各单位:"
    if issuer.level == "city":
        return "各县(市、区)人民政府,市政府直属各单位:"
    return f"各乡镇人民政府、街道办事处,{issuer.prefix}政府直属各单位:"


def web_furniture_head(issuer: Issuer, number: str, issued: dt.date) -> list[str]:
    """The government web page's repeated 索引号/文号/成文日期 block and 浏览次数 line."""
    block = [
        f"索引号: 00{issued.year % 7 + 1}002003/{issued.year}-0{issued.month:02d}{issued.day:02d}"
        " 主题分类: 其他",
        f"文 号: {number} 阅读版本:",
        "发布机构:",
        issuer.name,
        f"成文日期: {issued.isoformat()}",
    ]
    return [*block, *block]


def web_furniture_line(issuer: Issuer, issued: dt.date) -> str:
    """发布日期… 浏览次数… 字体: the line under a web page's title."""
    return (f"发布日期: {issued.year}- {issued.month:02d}- {issued.day:02d} 17: 10 浏览次数: "
            f"来源: {issuer.name} 字体:[ ]")


WEB_FURNITURE_TAIL = ("' style='font-size:10.5pt;margin-left: 30px;'> [附件下载]\n\n"
                      "【返回顶部】 【打印本页】 【关闭窗口】")


def date_line(issued: dt.date) -> str:
    """The closing date line: 2019年3月5日 (no leading zeros)."""
    return f"{issued.year}年{issued.month}月{issued.day}日"
