"""/calendar/{unit}.ics and /calendar/place/{place}.ics against the bundled corpus.

市规划局 is named in two sections of 温政发〔2018〕26号 with five dated phrases:
二(二)2 "于2018年四季度前" and 二(二)3 "2019年前", "2020年前", "力争2018年", "2020 年前".
"""

from __future__ import annotations

import re
import urllib.parse

from icalendar import Calendar
from starlette.testclient import TestClient

from feeds.ical import fold

PLAN_QUOTE = "于2018年四季度前完成规划评审并报省发改委备案"


def _get(client: TestClient, path: str) -> str:
    response = client.get(urllib.parse.quote(path), params={"as_of": "2019-01-01"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    return response.text


def _unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def _events(lines: list[str]) -> list[dict[str, str]]:
    events, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current[name] = value
    return events


def test_unit_feed_is_well_formed_rfc5545(feed_client: TestClient) -> None:
    text = _get(feed_client, "/calendar/市规划局.ics")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    lines = _unfold(text)
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"] and lines[-1] == "END:VCALENDAR"
    assert "X-WR-CALNAME:市规划局 督办事项" in lines
    # 二(二)2: 2018年四季度前, 2020年(…总投资237.7亿元); 二(二)3: 力争2018年, 2019年前, and
    # 2020年前 with 2020 年前 (one due date, one event)
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 5
    for event in _events(lines):
        assert re.fullmatch(r"\d{8}", event["DTSTART;VALUE=DATE"])
        assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])
        assert "市规划局" in event["DESCRIPTION"]


def test_unit_feed_events_carry_path_task_and_source_quote(feed_client: TestClient) -> None:
    events = _events(_unfold(_get(feed_client, "/calendar/市规划局.ics")))
    review = next(e for e in events if PLAN_QUOTE in e["DESCRIPTION"])
    assert review["DTSTART;VALUE=DATE"] == "20181231" and review["DTEND;VALUE=DATE"] == "20190101"
    assert review["SUMMARY"] == "[🔴逾期] 温政发〔2018〕26号 二(二)2 规范编制生态旅游文化产业园发展规划及建设指标"
    assert "期限：2018年四季度前（2018-12-31）" in review["DESCRIPTION"]
    assert "\\,坚持生态旅游文化产业为主攻方向" in review["DESCRIPTION"]  # commas escaped
    assert sorted(e["DTSTART;VALUE=DATE"][:4] for e in events) == [
        "2018", "2018", "2019", "2020", "2020"]


def test_uids_are_unique_and_stable_between_requests(feed_client: TestClient) -> None:
    first = [e["UID"] for e in _events(_unfold(_get(feed_client, "/calendar/经合办.ics")))]
    second = [e["UID"] for e in _events(_unfold(_get(feed_client, "/calendar/市招商局.ics")))]
    assert first == second and len(set(first)) == len(first)
    assert all(uid.endswith("@policygraph") for uid in first)


def test_place_feed_lists_what_a_paired_county_owes(feed_client: TestClient) -> None:
    lines = _unfold(_get(feed_client, "/calendar/place/泰顺县.ics"))
    assert "X-WR-CALNAME:泰顺县 督办事项" in lines
    events = _events(lines)
    parks = [e for e in events if " 二(二)1 " in e["SUMMARY"]]
    assert [e["DTSTART;VALUE=DATE"] for e in parks] == ["20180731"]
    assert "结对县(市、区)党委、政府" in parks[0]["DESCRIPTION"]


def test_unknown_unit_is_404(feed_client: TestClient) -> None:
    assert feed_client.get(urllib.parse.quote("/calendar/市外星局.ics")).status_code == 404
    assert feed_client.get("/calendar/x.ics", params={"as_of": "soon"}).status_code == 400


def test_folding_never_splits_a_character() -> None:
    folded = fold("DESCRIPTION:" + "温州" * 40)
    pieces = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == "DESCRIPTION:" + "温州" * 40


def test_status_words_are_chinese_and_english_on_request(feed_client: TestClient) -> None:
    chinese = _events(_unfold(_get(feed_client, "/calendar/市规划局.ics")))
    assert chinese and all("OVERDUE" not in e["DESCRIPTION"] for e in chinese)
    assert {e["CATEGORIES"] for e in chinese} <= {"逾期", "临近", "未到期", "已完成", "逾期完成"}
    assert any("状态：逾期" in e["DESCRIPTION"] for e in chinese)
    response = feed_client.get(urllib.parse.quote("/calendar/市规划局.ics"),
                               params={"as_of": "2019-01-01"}, headers={"Accept-Language": "en"})
    english = _events(_unfold(response.text))
    assert any("Status: overdue" in e["DESCRIPTION"] for e in english)


def test_a_feed_reads_back_with_the_texts_it_was_built_from(feed_client: TestClient) -> None:
    text = _get(feed_client, "/calendar/市规划局.ics")
    parsed = Calendar.from_ical(text)
    assert str(parsed["X-WR-CALNAME"]) == "市规划局 督办事项"
    descriptions = [str(e["DESCRIPTION"]) for e in parsed.walk("VEVENT")]
    assert len(descriptions) == 5
    # unescaped again: the commas and line breaks of the source quote come back as they were
    review = next(d for d in descriptions if PLAN_QUOTE in d)
    assert ",坚持生态旅游文化产业为主攻方向" in review and "\\," not in review
