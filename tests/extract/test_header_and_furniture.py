"""Header fields from page metadata, bracket variants of numbers, and furniture masking."""

from __future__ import annotations

import datetime as dt

from extract import extract_document
from extract.furniture import furniture_spans, mask

PAGE = """索引号: 11330000/2019-00012
文 号: 浙政办发[2019]7号
发布机构:
浙江省人民政府办公厅
成文日期: 2019-03-05
关于加快发展的若干意见
发布日期: 2019- 03- 06 浏览次数: 来源: 省政府办公厅 字体:[ 大 中 小 ]
一、总体要求
到2020年完成。请参照《某某办法》（国办发(2018)12号）执行。
【返回顶部】 【打印本页】 【关闭窗口】
0
"""


def test_metadata_block_gives_number_issuer_and_date_when_there_is_no_signature() -> None:
    header = extract_document(PAGE, "p").document
    assert header.number == "浙政办发[2019]7号"
    assert header.issuer == "浙江省人民政府办公厅"
    assert header.issued_on == dt.date(2019, 3, 5)
    assert header.title == "关于加快发展的若干意见"
    assert [(c.title, c.number) for c in header.cites] == [("某某办法", "国办发(2018)12号")]


def test_furniture_is_blanked_without_moving_offsets() -> None:
    masked = mask(PAGE, furniture_spans(PAGE))
    assert len(masked) == len(PAGE)
    assert masked.count("\n") == PAGE.count("\n")
    for gone in ("索引号", "浙江省人民政府办公厅", "浏览次数", "返回顶部", "\n0\n"):
        assert gone not in masked
    for kept in ("关于加快发展的若干意见", "一、总体要求", "到2020年完成。"):
        assert masked.index(kept) == PAGE.index(kept)


def test_numbers_in_the_metadata_block_are_not_citations() -> None:
    cites = extract_document(PAGE, "p").document.cites
    assert all(c.number != "浙政办发[2019]7号" for c in cites)
