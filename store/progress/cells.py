"""One cell of a progress sheet (进度填报表) read as what it means: a header's field, a
day, a done flag, a value reached.

Pure, like :mod:`store.progress.sheet`, which reads whole sheets with these.  Units fill
the cells in by hand, in Chinese or English: headers carry hints in brackets, days come
in half a dozen spellings, 完成情况 in several words; a cell that cannot be read raises
``ValueError`` with a message that names what was expected (the sheet's row error).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

#: Header spellings, normalised (no spaces or brackets, lower case), to field names.
HEADERS: dict[str, str] = {
    "序号": "seq",
    "no": "seq",
    "任务编号": "obligation_id",
    "事项编号": "obligation_id",
    "obligationid": "obligation_id",
    "obligation_id": "obligation_id",
    "obligation": "obligation_id",
    "责任单位": "unit",
    "填报单位": "unit",
    "unit": "unit",
    "填报日期": "reported_on",
    "报告日期": "reported_on",
    "reportedon": "reported_on",
    "reported_on": "reported_on",
    "date": "reported_on",
    "完成情况": "done",
    "status": "done",
    "done": "done",
    "完成值": "value_reached",
    "完成数": "value_reached",
    "valuereached": "value_reached",
    "value_reached": "value_reached",
    "value": "value_reached",
    "备注": "note",
    "note": "note",
    "notes": "note",
    "佐证材料链接": "evidence_url",
    "佐证材料": "evidence_url",
    "evidenceurl": "evidence_url",
    "evidence_url": "evidence_url",
    "evidence": "evidence_url",
}
DONE_WORDS = {"已完成", "完成", "已办结", "是", "done", "yes", "true", "1", "y"}
NOT_DONE_WORDS = {"未完成", "推进中", "进行中", "正在推进", "否", "no", "false", "0", "n", "in progress"}
#: The largest 完成值 accepted; beyond it a value is a typo (or an overflow).
MAX_VALUE = 1e15


def normalise_header(text: str) -> str:
    """Strip BOM, spaces and any bracketed hint, lower-case.

    >>> normalise_header("\\ufeff填报日期（YYYY-MM-DD）")
    '填报日期'
    >>> normalise_header(" Reported On ")
    'reportedon'
    """
    text = re.sub(r"[（(【\[].*?[）)】\]]", "", text.replace("\ufeff", ""))
    return re.sub(r"\s+", "", text).lower()


def parse_date(value: Any) -> dt.date:
    """A cell as a date: Excel dates, ``2019-03-01``, ``2019/3/1``, ``2019.3.1``, ``2019年3月1日``.

    >>> parse_date("2019年3月1日"), parse_date("2019/3/1"), parse_date("20190301")
    (datetime.date(2019, 3, 1), datetime.date(2019, 3, 1), datetime.date(2019, 3, 1))
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?", text)
    if match is None:
        match = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if match is None:
        raise ValueError(f"日期无法识别 (unrecognised date) {text!r}; use 2019-03-01")
    year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"日期不存在 (no such date) {text!r}") from exc


def parse_done(value: Any) -> bool:
    """完成情况 as a flag: 已完成 → True; 未完成 / 推进中 → False.

    >>> parse_done("已完成"), parse_done("推进中"), parse_done("Done")
    (True, False, True)
    """
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in DONE_WORDS:
        return True
    if text in NOT_DONE_WORDS:
        return False
    raise ValueError(f"完成情况应为 已完成/未完成/推进中 (expected done or not), got {value!r}")


def parse_value(value: Any) -> float | None:
    """完成值 as a number in the target's own unit; blank is ``None``.

    >>> parse_value("6,500"), parse_value(" 85% "), parse_value(""), parse_value(12)
    (6500.0, 85.0, None, 12.0)
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return check_value(float(value))
    text = str(value).strip().replace(",", "").replace("，", "")
    if not text:
        return None
    match = re.fullmatch(r"(\d{1,20}(?:\.\d{1,20})?)%?", text)
    if match is None:
        raise ValueError(f"完成值应为数字 (expected a plain number in the target's unit), "
                         f"got {text[:40]!r}")
    return check_value(float(match.group(1)))


def check_value(value: float) -> float:
    """``value`` when it is a finite number from 0 to :data:`MAX_VALUE`, else ValueError.

    >>> check_value(6500.0)
    6500.0
    >>> check_value(float("inf"))
    Traceback (most recent call last):
    ...
    ValueError: 完成值应为 0 到 1e+15 之间的有限数 (expected a finite number from 0 to 1e+15), got inf
    """
    if not (math.isfinite(value) and 0 <= value <= MAX_VALUE):
        raise ValueError(f"完成值应为 0 到 {MAX_VALUE:g} 之间的有限数 (expected a finite number "
                         f"from 0 to {MAX_VALUE:g}), got {value:g}")
    return value
