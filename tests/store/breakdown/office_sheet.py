"""A hand-made 责任分解表 for 温政发〔2018〕26号 in the shape offices use: a title row, a
two-row header (责任单位 over 牵头单位 | 配合单位), section rows, a running 序号, the task
column holding each task's heading, and a 牵头单位 cell merged over two rows.

Its differences from the extraction, decided by reading document 000:

* 二(一): the clause names 市招商局 and the paired governments; 五个经济发达的区(市) and
  加快发展县 are the sentence's subjects, not responsible units → two ``remove_unit``;
* 二(三)2: the training target runs to the end of 2020 → ``add_deadline`` 2020年底前;
* 二(三)3: the task is about 科技、教育、医疗、文化 co-operation; the office adds
  市科技局 as a co-unit → ``add_unit``;
* 三(一): 加强组织领导 names no unit; the 山海协作 office (at 市招商局〈经合办〉) leads it with
  the paired governments → two ``add_unit``.
"""

from __future__ import annotations

import io

from openpyxl import Workbook

PAIRED = "结对县(市、区)党委、政府"
TITLE = "打造山海协作工程升级版行动计划责任分解表"
#: (序号, 重点任务, 牵头单位, 配合单位, 完成时限, 工作目标); a str row is a section row.
ROWS: list[tuple[str, ...] | str] = [
    "一、推进产业项目合作",
    ("1", "推进产业项目合作", "市招商局(经合办)", PAIRED, "每年年底前",
     "全市每年实现山海协作产业项目到位资金不少于40亿元"),
    "二、建好山海协作发展新平台",
    ("2", "建立健全生态旅游文化产业园管理运营机制", PAIRED, "", "2018年7月底前", ""),
    ("3", "规范编制生态旅游文化产业园发展规划及建设指标", "市招商局(经合办)",
     f"市发改委、市国土资源局、市规划局、市旅游局、{PAIRED}", "2018年四季度前", ""),
    ("4", "高标准建设产业园及“七都”山海协作总部经济园区", "",  # 牵头单位 merged from above
     f"市发改委、市财政局、市国土资源局、市规划局、{PAIRED}", "2019年前、2020年前", ""),
    "三、促进群众增收和社会事业合作",
    ("5", "促进低收入群众增收致富", "市农业局",
     f"市发改委、市旅游局、市招商局(经合办)、{PAIRED}", "2020年前", ""),
    ("6", "加强山海协作人力资源合作", "市人力社保局", f"市招商局(经合办)、{PAIRED}",
     "2020年底前", "全市每年实现培训就业(含转移)6000人次"),
    ("7", "开展社会事业合作", "市教育局",
     f"市科技局、市财政局、市人力社保局、市卫计委、{PAIRED}", "每年", ""),
    ("8", "帮助建立营销网络", "市农业局", f"市商务局、市招商局(经合办)、{PAIRED}", "到2020年", ""),
    "四、保障措施",
    ("9", "加强组织领导", "市招商局(经合办)", PAIRED, "每年", ""),
]
#: The differences above, as (task path, kind, unit or deadline).
DIFFERENCES = {
    ("二(一)", "remove_unit", "五个经济发达的区(市)"),
    ("二(一)", "remove_unit", "加快发展县"),
    ("二(三)2", "add_deadline", "2020年底前"),
    ("二(三)3", "add_unit", "市科技局"),
    ("三(一)", "add_unit", "市招商局"),
    ("三(一)", "add_unit", PAIRED),
}


def office_sheet() -> bytes:
    """The workbook's bytes."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([TITLE])
    sheet.merge_cells("A1:F1")
    sheet.append(["序号", "重点任务", "责任单位", "", "完成时限", "工作目标"])
    sheet.append(["", "", "牵头单位", "配合单位", "", ""])
    for group in ("A2:A3", "B2:B3", "C2:D2", "E2:E3", "F2:F3"):
        sheet.merge_cells(group)
    for row in ROWS:
        if isinstance(row, str):
            sheet.append([row])
            sheet.merge_cells(f"A{sheet.max_row}:F{sheet.max_row}")
        else:
            sheet.append(list(row))
            if row[0] == "4":  # 牵头单位 of tasks 3 and 4 is one merged cell
                sheet.merge_cells(f"C{sheet.max_row - 1}:C{sheet.max_row}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
