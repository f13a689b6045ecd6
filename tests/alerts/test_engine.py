"""The alert engine on the bundled corpus, delivering to real receivers on 127.0.0.1.

Expected digests are read off 温政发〔2018〕26号 by hand.  As of 2019-01-01, the sections
with a deadline (or a yearly target, first instance 2018, the issue year) due by
2018-12-31, and their 责任单位, are:

* 二(一)   每年年底前 / 全市每年…      市招商局, 结对县(市、区)党委、政府
* 二(二)1  2018年7月底前              结对县(市、区)党委、政府 only
* 二(二)2  于2018年四季度前           市招商局, 市发改委, 市国土资源局, 市规划局, 市旅游局, 结对县
* 二(二)3  力争2018年取得实质性进展   市招商局, 市发改委, 市财政局, 市国土资源局, 市规划局, 结对县
* 二(三)1  2020年前全市每年完成…      市农业局, 市发改委, 市旅游局, 市招商局, 结对县
* 二(三)2  全市每年实现培训就业…      市人力社保局, 市招商局, 结对县
* 二(三)3  每年每个领域至少…          市教育局, 市财政局, 市人力社保局, 市卫计委, 结对县

二(三)4 (到2020年, the only task of 市商务局) is not due yet, so 市商务局 gets nothing.
二(二)1 is 31+30+31+30+31+1 = 154 days late on 2019-01-01: past the 30-day escalation,
so the supervisor the rules name for 浙江省温州市 (the issuer's jurisdiction), 市招商局,
gets it as an escalation; the rest are 1 day late.

Receivers are units of a jurisdiction (浙江省温州市/市招商局); abbreviations are stored
under the lexicon's standard names (市发改委 → 市发展和改革委员会, 市人力社保局 →
市人力资源和社会保障局, 市卫计委 → 市卫生和计划生育委员会).  The collective
结对县(市、区)党委、政府 stands for the ten paired counties of 温州市
(data/reference/wenzhou-pairings.yaml): each county's share is chased through its own
government (浙江省温州市泰顺县/泰顺县人民政府), never the collective as a whole.

Sentence subjects given work are units too: 五个经济发达的区(市)要… and 加快发展县要… in 二(一)
share its 每年年底前; 各受援县 (三(三)) has no deadline and 经济强市(区)'s 当年5月底前 (三(四))
is first due 2019-05-31, so neither is owed anything yet.

The provincial opinions (no issue date; 到2012年 bounds them; issued by 浙江省) hold three bare
每年 sections with a subject given the work: 二(四) 省级教育、科技、文化、卫生、人力社保等部门
(力争每年达成…), 三(一) 对口市县 (对口市县每年至少互访一次) and 发达地区各市政府
(…每年都要主动选择结对) and 三(三) 省级有关部门 (办好每年一度的…).  Their one instance, 2012,
is 2192 days late on 2019-01-01, but the rules name no supervisor for 浙江省: they are not
escalated, and the run counts them as unsupervised.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy.engine import Engine
from sqlmodel import Session

from alerts.channel_config import channels_from_mapping
from alerts.outbox_dispatch import dispatch_due
from store.crud.units import find_unit
from store.outbox import list_messages
from store.progress.reports import report_progress
from tests.alerts.conftest import PAIRED, Receiver, Request
from tests.alerts.corpus_copy import corpus_db, corpus_template, corpus_url  # noqa: F401
from tests.alerts.engine_expectations import (
    DIGESTS,
    EXPECTED,
    PLAN_REVIEW_OWNERS,
    PLANNING,
    T0,
    TAISHUN,
    WEBHOOK,
    WZ,
    kinds_and_paths,
    run_engine,
)


@dataclass
class Mailbox:
    """An aiosmtpd handler keeping every message it accepts."""

    received: list[bytes] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(envelope.content)
        return "250 Message accepted for delivery"


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


@dataclass
class Switch:
    """A webhook receiver that can be taken down (503, as a proxy says for a dead backend)."""

    up: bool = True
    fail_after: int | None = None  # go down after accepting this many
    accepted: list[dict[str, Any]] = field(default_factory=list)

    def __call__(self, request: Request) -> tuple[int, Any]:
        if self.fail_after is not None and len(self.accepted) >= self.fail_after:
            self.up = False
            self.fail_after = None
        if not self.up:
            return 503, {"error": "down"}
        self.accepted.append(request.json())
        return 200, {"ok": True}


@pytest.fixture
def webhook(start_receiver: Callable[..., Receiver]) -> tuple[Switch, Receiver]:
    switch = Switch()
    return switch, start_receiver(switch)


def _channels(receiver: Receiver, smtp_port: int) -> dict[str, Any]:
    return channels_from_mapping({
        "webhook": {"url": receiver.url + "/hook", "timeout": 5},
        "email": {"host": "127.0.0.1", "port": smtp_port, "sender": "policygraph@wenzhou.example",
                  "to": ["ghj@wenzhou.example"], "timeout": 5},
    })


def _mail_text(raw: bytes) -> tuple[str, str]:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(message["Subject"]), body.get_content()


def test_run_on_2019_01_01_sends_one_digest_per_unit_with_overdue_work(
    corpus_db: Engine, webhook: tuple[Switch, Receiver], mailbox: tuple[Mailbox, int]  # noqa: F811
) -> None:
    switch, receiver = webhook
    box, port = mailbox
    report = run_engine(corpus_db, _channels(receiver, port))

    by_webhook = {d["receiver_unit"]: d for d in switch.accepted}
    assert len(switch.accepted) == len(by_webhook) == WEBHOOK  # one digest each, 市规划局 by mail
    assert {u: kinds_and_paths(d) for u, d in by_webhook.items()} == {
        u: e for u, e in EXPECTED.items() if u != PLANNING}
    assert WZ + "市商务局" not in by_webhook
    assert "结对县(市、区)党委、政府" not in str(sorted(by_webhook))  # its counties instead
    paired = {i["path"]: i for i in by_webhook[TAISHUN]["items"]}
    assert (paired["二(二)1"]["due"], paired["二(二)1"]["days"]) == ("2018-07-31", 154)
    assert paired["二(二)1"]["quote"].startswith("2018年7月底前,按照《浙江省山海协作产业园管理办法》")
    assert paired["二(二)1"]["owners"] == [PAIRED]
    assert paired["二(二)1"]["county"] == "浙江省温州市泰顺县"
    escalated = [i for i in by_webhook[WZ + "市招商局"]["items"] if i["kind"] == "escalation"]
    assert [(i["path"], i["days"]) for i in escalated] == [("二(二)1", 154)]
    assert by_webhook[WZ + "市招商局"]["items"][0]["kind"] == "escalation"  # most urgent first
    # 三(一)'s two 每年 phrases fall due on the same day (one instance): 二(四), 三(一), 三(三)
    assert report.unsupervised == 3

    assert len(box.received) == 1
    subject, text = _mail_text(box.received[0])
    assert subject == "【督办提醒】浙江省温州市/市规划局 2019-01-01：逾期未完成2项"
    assert "温政发〔2018〕26号 二(二)2 规范编制生态旅游文化产业园发展规划及建设指标" in text
    assert "温政发〔2018〕26号 二(二)3 高标准建设产业园及“七都”山海协作总部经济园区" in text
    assert text.count("期限：2018-12-31（已逾期 1 天）") == 2
    assert "于2018年四季度前完成规划评审并报省发改委备案" in text
    assert report.dispatch is not None and len(report.dispatch.sent) == DIGESTS


def test_running_again_sends_nothing_new(
    corpus_db: Engine, webhook: tuple[Switch, Receiver], mailbox: tuple[Mailbox, int]  # noqa: F811
) -> None:
    switch, receiver = webhook
    box, port = mailbox
    run_engine(corpus_db, _channels(receiver, port))
    again = run_engine(corpus_db, _channels(receiver, port), now=T0 + dt.timedelta(minutes=5))
    assert again.digests == [] and again.enqueued == []
    assert again.repeats >= sum(len(e) for e in EXPECTED.values())  # each item held back
    assert len(switch.accepted) == WEBHOOK and len(box.received) == 1


def test_overdue_work_is_chased_again_after_the_repeat_interval(
    corpus_db: Engine, webhook: tuple[Switch, Receiver], mailbox: tuple[Mailbox, int]  # noqa: F811
) -> None:
    switch, receiver = webhook
    run_engine(corpus_db, _channels(receiver, mailbox[1]))
    week_later = run_engine(corpus_db, _channels(receiver, mailbox[1]), as_of=dt.date(2019, 1, 8),
                      now=T0 + dt.timedelta(days=7))
    planning = next(d for d in week_later.digests if d.receiver_unit == PLANNING)
    assert [(i.path, i.days) for i in planning.items] == [("二(二)2", 8), ("二(二)3", 8)]
    assert len(switch.accepted) == 2 * WEBHOOK


def test_a_receiver_down_mid_run_loses_nothing_and_duplicates_nothing(
    corpus_db: Engine, webhook: tuple[Switch, Receiver], mailbox: tuple[Mailbox, int]  # noqa: F811
) -> None:
    switch, receiver = webhook
    switch.fail_after = 4  # accepts four digests, then goes down for the rest of the run
    channels = _channels(receiver, mailbox[1])
    first = run_engine(corpus_db, channels)
    assert first.dispatch is not None
    assert len(switch.accepted) == 4 and len(first.dispatch.retrying) == WEBHOOK - 4
    with Session(corpus_db) as s:
        assert len(list_messages(session=s, status="pending")) == WEBHOOK - 4

    switch.up = True  # back up; the next dispatch, after the 1-minute backoff, delivers
    too_early = dispatch_due(engine=corpus_db, channels=channels, now=T0 + dt.timedelta(seconds=30))
    assert too_early.sent == []
    later = dispatch_due(engine=corpus_db, channels=channels, now=T0 + dt.timedelta(minutes=2))
    assert len(later.sent) == WEBHOOK - 4
    assert dispatch_due(engine=corpus_db, channels=channels, now=T0 + dt.timedelta(hours=1)).sent == []
    rerun = run_engine(corpus_db, channels, now=T0 + dt.timedelta(hours=1))
    assert rerun.enqueued == []

    ids = [d["digest_id"] for d in switch.accepted]
    assert len(ids) == len(set(ids)) == WEBHOOK
    assert {d["receiver_unit"] for d in switch.accepted} == set(EXPECTED) - {PLANNING}


def test_progress_reported_done_brings_a_resolved_notice_to_those_alerted(
    corpus_db: Engine, webhook: tuple[Switch, Receiver], mailbox: tuple[Mailbox, int]  # noqa: F811
) -> None:
    _, receiver = webhook
    box, port = mailbox
    first = run_engine(corpus_db, _channels(receiver, port))
    planning = next(d for d in first.digests if d.receiver_unit == PLANNING)
    plan_review = next(i.obligation_id for i in planning.items if i.path == "二(二)2")
    def report_done(unit_name: str) -> None:
        with Session(corpus_db) as s:
            unit = find_unit(session=s, name=unit_name)
            assert unit is not None
            report_progress(session=s, obligation_id=plan_review, unit_id=unit.id,
                            reported_on=dt.date(2019, 1, 3), done=True, note="规划评审已完成")
            s.commit()

    # A co-owner's done report closes its own share only: the lead's stays open (the
    # default "lead" rule), so nothing is resolved yet.
    report_done("市规划局")
    co_only = run_engine(corpus_db, _channels(receiver, port), as_of=dt.date(2019, 1, 4),
                   now=T0 + dt.timedelta(days=3))
    assert all(("resolved", "二(二)2") not in kinds_and_paths(d) for d in co_only.digests)
    report_done("市招商局")  # the lead

    # Before the report's date nothing changes; from it on, a resolved notice goes out.
    assert run_engine(corpus_db, _channels(receiver, port), as_of=dt.date(2019, 1, 2),
                now=T0 + dt.timedelta(days=1)).digests == []
    after = run_engine(corpus_db, _channels(receiver, port), as_of=dt.date(2019, 1, 4),
                 now=T0 + dt.timedelta(days=3, hours=1))
    assert {d.receiver_unit for d in after.digests} == PLAN_REVIEW_OWNERS
    assert all(kinds_and_paths(d) == {("resolved", "二(二)2")} for d in after.digests)
    subject, text = _mail_text(box.received[-1])
    assert subject == "【督办提醒】浙江省温州市/市规划局 2019-01-04：已办结1项"
    assert "2018-12-31（已办结）" in text
    again = run_engine(corpus_db, _channels(receiver, port), as_of=dt.date(2019, 1, 5),
                 now=T0 + dt.timedelta(days=4))
    assert again.digests == []
