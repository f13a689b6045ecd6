"""The unit card reads as a list of distinct obligations, each saying what its task is.

Worked from data/corpus/000_a92242b81cc0d015.txt: on 2019-01-01 市招商局 owes, due
2018-12-31, 二(一) (每年年底前 … 研究部署, with 每年实现 … 40亿元 of the same year), 二(二)2
(2018年四季度前), 二(二)3 (力争2018年), 二(三)1 and 二(三)2 (每年, their 2018 instances).
003_e159d8715f3bd95b.txt names 省发改委 in one unit-subject sentence with no deadline.
"""

from __future__ import annotations

from html.parser import HTMLParser

from starlette.testclient import TestClient


class Rows(HTMLParser):
    """(path, heading, due) of each obligation line; task lines' paths."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, str]] = []
        self.tasks: list[str] = []
        self._field: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "li" and found.get("class") == "ob":
            self.rows.append({"path": found["data-path"], "heading": "", "due": ""})
        elif tag == "li" and found.get("class") == "task":
            self.tasks.append(found["data-path"])
        elif tag == "span" and found.get("class") in ("heading", "due") and self.rows:
            self._field = found["class"]

    def handle_data(self, data: str) -> None:
        if self._field:
            self.rows[-1][self._field] += data
            self._field = None


def read(client: TestClient, unit: str) -> Rows:
    parser = Rows()
    parser.feed(client.get(f"/embed/unit/{unit}", params={"asOf": "2019-01-01"}).text)
    return parser


def test_the_zhaoshangju_card_lists_each_obligation_once_with_its_heading(client: TestClient) -> None:
    rows = read(client, "市招商局").rows
    keys = [(r["path"], r["due"]) for r in rows]
    assert len(keys) == len(set(keys))
    due_2018 = {r["path"]: r["heading"] for r in rows if r["due"] == "2018-12-31"}
    assert due_2018 == {"二(一)": "推进产业项目合作",
                        "二(二)2": "规范编制生态旅游文化产业园发展规划及建…",
                        "二(二)3": "高标准建设产业园及“七都”山海协作总部…",
                        "二(三)1": "促进低收入群众增收致富",
                        "二(三)2": "加强山海协作人力资源合作"}


def test_a_units_task_count_matches_the_tasks_it_lists(client: TestClient) -> None:
    for unit in ("省发改委", "市招商局"):
        html = client.get(f"/embed/unit/{unit}").text
        parser = Rows()
        parser.feed(html)
        assert f"{len(parser.tasks)} 项任务" in html
        assert parser.tasks, unit
