"""The digest renderers, checked against hand-written text."""

from __future__ import annotations

import dataclasses
import datetime as dt

from alerts.digest import Digest, digest_to_json, render_markdown, render_text

ESCALATED_QUOTE = (
    "2018年7月底前,按照《浙江省山海协作产业园管理办法》(浙山海办〔2018〕23号)的要求,"
    "以及合作双方政府签订的生态旅游文化产业园共建协议的规定,"
    "五个生态旅游文化产业园所在地政府完成“山海协作产业园管委会的组建工作"
)
FEITI_QUOTE = "积极推进位于鹿城区七都街道的鹿城—泰顺“飞地”总部经济园区建设,力争2018年取得实质性进展"
OWNERS_2 = "市招商局、市发改委、市国土资源局、市规划局、市旅游局、结对县(市、区)党委、政府"
OWNERS_3 = "市招商局、市发改委、市财政局、市国土资源局、市规划局、结对县(市、区)党委、政府"


def test_fixture_quotes_are_verbatim_from_the_document(
    investment_digest: Digest, wenzhou_text: str
) -> None:
    for item in investment_digest.items:
        assert item.quote in wenzhou_text, item.path


def test_markdown_groups_escalation_before_due_soon_with_traffic_lights(
    investment_digest: Digest,
) -> None:
    expected = f"""## 【督办提醒】市招商局
截至 2018-12-01

### 🔴 逾期升级督办（1项）

**1. 温政发〔2018〕26号 二(二)1** 建立健全生态旅游文化产业园管理运营机制
- 期限：2018-07-31（已逾期 123 天）
- 责任单位：结对县(市、区)党委、政府
> {ESCALATED_QUOTE}

### 🟡 即将到期（2项）

**1. 温政发〔2018〕26号 二(二)2** 规范编制生态旅游文化产业园发展规划及建设指标
- 期限：2018-12-31（还剩 30 天）
- 责任单位：{OWNERS_2}
> 于2018年四季度前完成规划评审并报省发改委备案

**2. 温政发〔2018〕26号 二(二)3** 高标准建设产业园及“七都”山海协作总部经济园区
- 期限：2018-12-31（还剩 30 天）
- 责任单位：{OWNERS_3}
> {FEITI_QUOTE}
"""
    assert render_markdown(investment_digest) == expected


def test_markdown_marks_overdue_red_and_resolved_green(planning_digest: Digest) -> None:
    markdown = render_markdown(planning_digest)
    assert markdown.index("### 🔴 逾期未完成（1项）") < markdown.index("### 🟢 已办结（1项）")
    assert "- 期限：2018-12-31（已逾期 1 天）" in markdown
    assert "- 期限：2018-12-31（已办结）" in markdown


def test_title_counts_each_kind(investment_digest: Digest, planning_digest: Digest) -> None:
    assert (
        investment_digest.title == "【督办提醒】市招商局 2018-12-01：逾期升级督办1项，即将到期2项"
    )
    assert planning_digest.title == "【督办提醒】市规划局 2019-01-01：逾期未完成1项，已办结1项"


def test_text_rendering_carries_path_due_owners_and_quote(planning_digest: Digest) -> None:
    text = render_text(planning_digest)
    assert text.startswith("【督办提醒】市规划局  截至 2019-01-01\n")
    assert "1. 温政发〔2018〕26号 二(二)2 规范编制生态旅游文化产业园发展规划及建设指标\n" in text
    assert "   期限：2018-12-31（已逾期 1 天）\n" in text
    assert f"   责任单位：{OWNERS_2}\n" in text
    assert "   原文：于2018年四季度前完成规划评审并报省发改委备案\n" in text


def test_empty_digest_says_nothing_is_due() -> None:
    digest = Digest.build(receiver_unit="市商务局", as_of=dt.date(2019, 1, 1), items=())
    assert (
        render_markdown(digest)
        == "## 【督办提醒】市商务局\n截至 2019-01-01\n\n无需要提醒的事项。\n"
    )


def test_quote_spanning_lines_stays_one_blockquote_line(planning_digest: Digest) -> None:
    item = dataclasses.replace(planning_digest.items[1], quote="于2018年四季度前\n完成规划评审")
    digest = Digest.build(receiver_unit="市规划局", as_of=dt.date(2019, 1, 1), items=(item,))
    assert "> 于2018年四季度前 完成规划评审\n" in render_markdown(digest)


def test_digest_id_is_stable_and_changes_with_the_items(investment_digest: Digest) -> None:
    again = Digest.build(
        receiver_unit="市招商局", as_of=dt.date(2018, 12, 1), items=investment_digest.items
    )
    fewer = Digest.build(
        receiver_unit="市招商局", as_of=dt.date(2018, 12, 1), items=investment_digest.items[:2]
    )
    assert again.digest_id == investment_digest.digest_id
    assert fewer.digest_id != investment_digest.digest_id


def test_json_form_has_iso_dates_and_owner_lists(planning_digest: Digest) -> None:
    data = digest_to_json(planning_digest)
    assert data["as_of"] == "2019-01-01"
    assert data["items"][1]["due"] == "2018-12-31"
    assert data["items"][1]["owners"][3] == "市规划局"
    assert data["digest_id"] == planning_digest.digest_id


def test_a_digest_reads_in_english_when_the_setting_says_so(planning_digest: Digest) -> None:
    from i18n import use_locale

    chinese = render_text(planning_digest)
    with use_locale("en"):
        english, title = render_text(planning_digest), planning_digest.title
    assert "期限：" in chinese and "【督办提醒】" in chinese
    assert "Deadline: " in english and "[Reminder] 市规划局" in english
    assert title.startswith("[Reminder] 市规划局 ")
    assert "期限" not in english and "督办" not in english
