"""Extractions built by hand from the text of document 000, for storage tests that must
not depend on the extractor.  Spans are located with ``str.index`` on the real text, so
``text[start:end] == quote`` holds as in the extractor's contract."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from extract.model import (
    Citation,
    Deadline,
    DocumentHeader,
    Extraction,
    Place,
    Provenance,
    Section,
    Target,
    Task,
    UnitRef,
)

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"
TEXT_000 = (CORPUS / "000_a92242b81cc0d015.txt").read_text(encoding="utf-8")

ZHAOSHANG = UnitRef(
    name="市招商局", raw="市招商局〈经合办〉", aliases=("经合办",), role="lead", level="city"
)
PAIRED = UnitRef(
    name="结对县(市、区)党委、政府", raw="结对县〈市、区〉党委、政府", role="co", collective=True
)
PAIRED_LEAD = UnitRef(
    name="结对县(市、区)党委、政府", raw="结对县〈市、区〉党委、政府", role="lead", collective=True
)
FAGAI = UnitRef(name="市发改委", raw="市发改委", role="co", level="city")


def prov(text: str, key: str, path: str, quote: str, after: str | None = None) -> Provenance:
    """Provenance of the first ``quote`` in ``text`` (after the marker ``after``, if given)."""
    base = text.index(after) if after else 0
    start = text.index(quote, base)
    return Provenance(key, path, start, start + len(quote), quote)


def span(text: str, begin: str, end_marker: str) -> tuple[int, int]:
    """[start of ``begin``, start of ``end_marker``) in ``text``."""
    start = text.index(begin)
    return start, text.index(end_marker, start)


def extraction_000(key: str = "000_a92242b81cc0d015") -> Extraction:
    """Part of document 000: two tasks (二(一), 二(二)1), two targets, one deadline, a place."""
    t = TEXT_000
    s_two = span(t, "二、主要任务", "三、保障措施")
    s_one = span(t, "(一)推进产业项目合作", "(二)建好山海协作发展新平台")
    s_plat = span(t, "(二)建好山海协作发展新平台", "(三)促进群众增收")
    s_plat1 = span(t, "1.建立健全生态旅游文化产业园", "2.规范编制")
    clause_one = "(责任单位:市招商局〈经合办〉,结对县〈市、区〉党委、政府)"
    clause_plat1 = "(责任单位:结对县〈市、区〉党委、政府)"
    q40 = "全市每年实现山海协作产业项目到位资金不少于40亿元"
    q2 = "首期到位注册资金不少2亿元"
    cite = "(浙委发〔2018〕3号)"
    return Extraction(
        document_key=key,
        text=t,
        document=DocumentHeader(
            title="温州市人民政府关于打造山海协作工程升级版的实施意见",
            number="温政发〔2018〕26号",
            issuer="温州市人民政府",
            issued_on=dt.date(2018, 12, 7),
            cites=(
                Citation(
                    "浙委发〔2018〕3号",
                    "关于深入实施山海协作工程促进区域协调发展的若干意见",
                    prov(t, key, "", cite),
                ),
            ),
        ),
        sections=(
            Section("二", "二", 1, "主要任务", *s_two),
            Section("二(一)", "(一)", 2, "推进产业项目合作。", *s_one),
            Section("二(二)", "(二)", 2, "建好山海协作发展新平台。", *s_plat),
            Section("二(二)1", "1", 3, "建立健全生态旅游文化产业园管理运营机制。", *s_plat1),
        ),
        tasks=(
            Task(
                "二(一)",
                t[s_one[0] : s_one[1]],
                (ZHAOSHANG, PAIRED),
                *s_one,
                prov(t, key, "二(一)", clause_one),
            ),
            Task(
                "二(二)1",
                t[s_plat1[0] : s_plat1[1]],
                (PAIRED_LEAD,),
                *s_plat1,
                prov(t, key, "二(二)1", clause_plat1),
            ),
        ),
        targets=(
            Target(
                "二(一)",
                q40,
                "山海协作产业项目到位资金",
                ">=",
                40.0,
                "亿元",
                4e9,
                "元",
                "全市",
                "yearly",
                None,
                prov(t, key, "二(一)", q40),
            ),
            Target(
                "二(二)1",
                q2,
                "注册资金",
                ">=",
                2.0,
                "亿元",
                2e8,
                "元",
                None,
                "once",
                None,
                prov(t, key, "二(二)1", q2),
            ),
        ),
        deadlines=(
            Deadline(
                "二(二)1",
                "2018年7月底前",
                dt.date(2018, 7, 31),
                "month",
                "once",
                (dt.date(2018, 7, 31),),
                prov(t, key, "二(二)1", "2018年7月底前"),
            ),
        ),
        places=(Place("鹿城区", "district", prov(t, key, "二(二)3", "鹿城区七都街道")),),
    )


def extraction_other(key: str = "other", issuer: str | None = None) -> Extraction:
    """A second, made-up document naming 市招商局 by a new alias and 经合办 by itself,
    issued by ``issuer`` (``None``: a document that names no government)."""
    text = "一、合作\n市招商局(市经合办)、经合办、市发改委负责。\n"
    clause = "市招商局(市经合办)、经合办、市发改委负责。"
    other_alias = UnitRef(
        name="市招商局", raw="市招商局(市经合办)", aliases=("市经合办",), role="lead"
    )
    bare_alias = UnitRef(name="经合办", raw="经合办", role="co")
    return Extraction(
        document_key=key,
        text=text,
        document=DocumentHeader(title=None, number=None, issuer=issuer, issued_on=None),
        sections=(Section("一", "一", 1, "合作", 0, len(text)),),
        tasks=(
            Task(
                "一",
                text,
                (other_alias, bare_alias, FAGAI),
                0,
                len(text),
                prov(text, key, "一", clause),
            ),
        ),
        targets=(),
        deadlines=(),
        places=(),
    )
