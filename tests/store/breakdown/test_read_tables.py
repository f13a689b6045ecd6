"""Reading 责任分解表 files: CSV encodings, .docx merges, headers, sections, limits."""

from __future__ import annotations

import io
import os
import zipfile

import docx
import pytest

from store.breakdown.read import BreakdownFormatError, read_grids
from store.breakdown.rows import parse_table
from store.progress.sheet import SheetFormatError

CSV_TABLE = ("打造山海协作工程升级版行动计划责任分解表,,,,\n"
             "序号,工作任务,责任单位,时间节点,目标\n"
             "一、主要任务,,,,\n"
             "1,推进产业项目合作,\"市招商局(经合办)、结对县(市、区)党委、政府\",每年年底前,\n"
             ",,,,\n"
             "2,帮助建立营销网络,市农业局、市商务局,到2020年,销售窗口和平台不少于30个\n")


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_csv_in_the_encodings_excel_writes_reads_the_same_rows(encoding: str) -> None:
    rows = parse_table(read_grids(CSV_TABLE.encode(encoding), "表.csv"))
    assert [(r.row, r.section, r.seq, r.task) for r in rows] == [
        (4, "一", "1", "推进产业项目合作"), (6, "一", "2", "帮助建立营销网络")]
    # one 责任单位 column: the first unit named leads, as in the documents' clauses
    assert rows[0].lead == ("市招商局(经合办)",)
    assert rows[0].co == ("结对县(市、区)党委、政府",)
    assert rows[1].deadlines == "到2020年" and rows[1].targets == "销售窗口和平台不少于30个"


def test_an_undecodable_csv_is_a_clear_error_not_a_guess() -> None:
    with pytest.raises(BreakdownFormatError, match="GB18030"):
        read_grids(b"\xff\xfe\x00\x81\x20,\x80\x80", "表.csv")


def test_a_file_without_a_task_header_is_refused() -> None:
    with pytest.raises(BreakdownFormatError, match="task column"):
        parse_table(read_grids("名称,数量\n甲,1\n".encode(), "表.csv"))


def test_an_unknown_suffix_is_refused() -> None:
    with pytest.raises(BreakdownFormatError, match="xlsx"):
        read_grids(b"x", "表.pdf")


def _docx_table() -> bytes:
    document = docx.Document()
    document.add_paragraph("责任分解表")
    layout = document.add_table(rows=1, cols=2)  # a heading laid out as a table comes first
    layout.cell(0, 0).text, layout.cell(0, 1).text = "附件2", "打造山海协作工程升级版行动计划责任分解表"
    table = document.add_table(rows=5, cols=4)
    table.cell(0, 0).text, table.cell(0, 1).text, table.cell(0, 2).text = "序号", "重点任务", "责任单位"
    table.cell(0, 0).merge(table.cell(1, 0))  # 序号 spans both header rows
    table.cell(0, 1).merge(table.cell(1, 1))
    table.cell(0, 2).merge(table.cell(0, 3))  # 责任单位 over 牵头单位 | 配合单位
    table.cell(1, 2).text, table.cell(1, 3).text = "牵头单位", "配合单位"
    table.cell(2, 0).text, table.cell(2, 1).text = "1", "促进低收入群众增收致富"
    table.cell(2, 2).text, table.cell(2, 3).text = "市农业局", "市发改委、市旅游局"
    table.cell(3, 0).text, table.cell(3, 1).text = "2", "帮助建立营销网络"
    table.cell(2, 2).merge(table.cell(3, 2))  # one 牵头单位 for both rows
    table.cell(3, 3).text = "市商务局"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_docx_table_with_a_two_row_header_and_a_merged_lead_cell_after_a_layout_table() -> None:
    rows = parse_table(read_grids(_docx_table(), "分解表.docx"))
    assert [(r.row, r.task, r.lead, r.co) for r in rows] == [
        (3, "促进低收入群众增收致富", ("市农业局",), ("市发改委", "市旅游局")),
        (4, "帮助建立营销网络", ("市农业局",), ("市商务局",))]


def test_an_xlsx_that_inflates_past_the_limit_is_refused_before_unpacking() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (21 * 2**20))
    with pytest.raises(SheetFormatError, match=r"unpacks to|zip bomb"):
        read_grids(out.getvalue(), "分解表.xlsx")


def test_the_csv_reader_undoes_exactly_the_escapes_the_export_makes() -> None:
    from exports.formats import FORMULA_STARTS as ESCAPED
    from store.breakdown.read import FORMULA_STARTS as UNDONE

    assert UNDONE == ESCAPED
    table = "序号,工作任务,牵头单位,目标\n1,'=修路,'@市交通局,'市农业局\n".encode()
    [row] = parse_table(read_grids(table, "表.csv"))
    assert (row.task, row.lead, row.targets) == ("=修路", ("@市交通局",), "'市农业局")


def test_an_xlsx_larger_than_a_breakdown_table_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        # random hex: compresses about twice, so no ratio check stops it, only the size
        archive.writestr("xl/worksheets/sheet1.xml", os.urandom(5 * 2**20).hex())
    with pytest.raises(BreakdownFormatError, match="责任分解表"):
        read_grids(out.getvalue(), "分解表.xlsx")


def test_the_first_worksheet_with_a_header_is_read() -> None:
    from openpyxl import Workbook

    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "填表说明"
    notes.append(["请按任务逐行填写牵头单位和配合单位"])
    table = book.create_sheet("分解表")
    table.append(["序号", "任务内容", "牵头单位", "配合单位"])
    table.append([1, "帮助建立营销网络", "市农业局", "市商务局"])
    out = io.BytesIO()
    book.save(out)
    [row] = parse_table(read_grids(out.getvalue(), "分解表.xlsx"))
    assert (row.row, row.seq, row.lead, row.co) == (2, "1", ("市农业局",), ("市商务局",))
