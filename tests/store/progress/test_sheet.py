"""Progress-sheet import: CSV (UTF-8 BOM, GB18030) and XLSX as units fill them in.

Owners come from 温政发〔2018〕26号: 二(二)2 (规划评审, 四季度前) is owned by 市招商局〈经合办〉、
市发改委、市国土资源局、市规划局、市旅游局 and the paired counties; 二(三)4 (营销网络, 到2020年
30个以上) by 市农业局、市商务局、市招商局〈经合办〉 and the paired counties.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook
from sqlmodel import Session

from store.audit import AuditEntry
from store.progress.sheet import SheetFormatError, read_sheet
from store.progress.sheet_import import import_sheet
from store.progress.tables import ProgressReport
from store.readback import stored_rows

PLAN = "deadline:二(二)2@2018"
MARKET = "target:二(三)4@2020"
OWNERS = {
    PLAN: {"市招商局", "市发改委", "市国土资源局", "市规划局", "市旅游局"},
    MARKET: {"市农业局", "市商务局", "市招商局"},
}
HEADER = "序号,任务编号,责任单位,填报日期,完成情况,完成值,备注,佐证材料链接"
GOOD_ROWS = [
    "1,deadline:二(二)2@2018,市规划局,2019-01-15,已完成,,规划评审已通过,https://example.gov.cn/a.pdf",
    "2,target:二(三)4@2020,市商务局,2019/6/30,推进中,12,已建销售窗口12个,",
    "3,target:二(三)4@2020,经合办,2019年12月31日,未完成,\"1,8\",,",
]


def known(oid: str) -> bool:
    return oid in OWNERS


def owns(unit: str, oid: str) -> bool:
    return unit in OWNERS[oid]


def csv_bytes(rows: list[str], encoding: str) -> bytes:
    return "\r\n".join([HEADER, *rows]).encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_an_excel_csv_in_either_encoding_is_stored_row_by_row(session: Session, encoding: str) -> None:
    result = import_sheet(session=session, data=csv_bytes(GOOD_ROWS, encoding), filename="进度.csv",
                          known_obligation=known, owns=owns, actor="tok-admin")  # fmt: skip
    session.commit()
    assert result.ok and result.errors == []
    stored = stored_rows(session=session, model=ProgressReport, order_by=[ProgressReport.id])
    assert [(r.obligation_id, r.reported_on, r.done, r.value_reached, r.evidence_url) for r in stored] == [
        (PLAN, dt.date(2019, 1, 15), True, None, "https://example.gov.cn/a.pdf"),
        (MARKET, dt.date(2019, 6, 30), False, 12.0, None),
        (MARKET, dt.date(2019, 12, 31), False, 18.0, None),
    ]
    assert stored[1].note == "已建销售窗口12个" and {r.created_by for r in stored} == {"tok-admin"}


def test_every_bad_row_is_reported_with_its_row_number_and_nothing_is_stored(session: Session) -> None:
    rows = [
        GOOD_ROWS[0],
        "2,deadline:不存在@2018,市规划局,2019-02-30,已完成,,,",  # unknown id, no such date
        "3,target:二(三)4@2020,市规划局,2019-03-01,差不多,,,",  # not an owner, bad status
        "4,target:二(三)4@2020,市外星局,2019-03-01,未完成,十二,,",  # unknown unit, bad number
        ",,,,,,,",  # blank row: skipped, not an error
        "6,,市商务局,,已完成,,,",  # required cells empty
    ]
    result = import_sheet(session=session, data=csv_bytes(rows, "utf-8-sig"), filename="p.csv",
                          known_obligation=known, owns=owns)  # fmt: skip
    session.commit()
    assert not result.ok and result.stored == []
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "obligation_id"), (3, "reported_on"),
        (4, "done"), (4, "unit"),
        (5, "unit"), (5, "value_reached"),
        (7, "obligation_id"), (7, "reported_on"),
    ]  # fmt: skip
    assert stored_rows(session=session, model=ProgressReport) == []
    [audit] = stored_rows(session=session, model=AuditEntry)
    assert audit.action == "import_sheet"


def test_the_owner_and_unit_checks_run_once_the_cells_parse(session: Session) -> None:
    rows = [
        "1,target:二(三)4@2020,市规划局,2019-03-01,推进中,,,",  # 市规划局 does not own 二(三)4
        "2,target:二(三)4@2020,市外星局,2019-03-01,推进中,,,",
    ]
    result = import_sheet(session=session, data=csv_bytes(rows, "utf-8-sig"), filename="p.csv",
                          known_obligation=known, owns=owns)  # fmt: skip
    assert [(e.row, e.column) for e in result.errors] == [(2, "unit"), (3, "unit")]
    assert "not an owner" in result.errors[0].message and "unknown unit" in result.errors[1].message
    assert str(result.errors[0]).startswith("第2行 unit:")


def test_an_xlsx_with_a_title_row_and_excel_dates_is_read(session: Session) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["温州市山海协作工程进度填报表"])
    sheet.append(["序号", "任务编号", "责任单位", "填报日期（年-月-日）", "完成情况", "完成值", "备注", "佐证材料链接"])
    sheet.append([1, PLAN, "市规划局", dt.datetime(2019, 1, 15), "已完成", None, "评审通过", None])
    sheet.append([2, MARKET, "市商务局", dt.datetime(2019, 6, 30), "推进中", 12, None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    result = import_sheet(session=session, data=buffer.getvalue(), filename="进度.xlsx",
                          known_obligation=known, owns=owns)  # fmt: skip
    assert result.ok
    assert [(r.obligation_id, r.reported_on, r.value_reached) for r in result.stored] == [
        (PLAN, dt.date(2019, 1, 15), None),
        (MARKET, dt.date(2019, 6, 30), 12.0),
    ]


def test_a_bad_xlsx_row_is_numbered_as_the_spreadsheet_shows_it() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["进度填报表"])
    sheet.append(["任务编号", "责任单位", "填报日期", "完成情况"])
    sheet.append([PLAN, "市规划局", "明天", "已完成"])
    buffer = io.BytesIO()
    book.save(buffer)
    sheet = read_sheet(buffer.getvalue(), "p.xlsx")
    assert sheet.rows == [] and [(e.row, e.column) for e in sheet.errors] == [(3, "reported_on")]
    assert [(k.row, k.obligation_id, k.unit) for k in sheet.keys] == [(3, PLAN, "市规划局")]


def test_english_headers_are_accepted() -> None:
    data = "obligation_id,unit,reported_on,done,value_reached\nx,市规划局,2019-01-02,yes,3.5\n".encode()
    sheet = read_sheet(data, "p.csv")
    assert sheet.errors == []
    assert [(r.obligation_id, r.unit, r.reported_on, r.done, r.value_reached) for r in sheet.rows] == [
        ("x", "市规划局", dt.date(2019, 1, 2), True, 3.5)
    ]


def test_a_sheet_without_the_required_columns_or_of_another_type_is_refused() -> None:
    with pytest.raises(SheetFormatError, match=r"lacks column.*reported_on"):
        read_sheet("任务编号,责任单位,完成情况\nx,y,已完成\n".encode(), "p.csv")
    with pytest.raises(SheetFormatError, match="任务编号"):
        read_sheet(b"a,b\n1,2\n", "p.csv")
    with pytest.raises(SheetFormatError, match="csv"):
        read_sheet(b"", "p.ods")
