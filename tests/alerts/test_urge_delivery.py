"""An urge's digest: how it reads (sender and note on top, written out by hand here), and
that it is rendered from the stored urge and delivered once even by two dispatchers at once."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

from sqlalchemy.engine import Engine
from sqlmodel import Session

from alerts.channels.webhook import WebhookChannel
from alerts.digest import AlertItem, Digest, Urging, render_markdown, render_text
from alerts.dispatcher import OutboxDispatcher
from alerts.outbox_dispatch import DispatchReport, dispatch_due
from graph.build import build_graph
from store.outbox import list_messages
from store.readback import one_row
from store.tables import Unit
from store.urges import Named, record_urge
from tests.alerts.conftest import WENZHOU, Receiver, Request
from tests.alerts.corpus_copy import corpus_db, corpus_template, corpus_url  # noqa: F401

T0 = dt.datetime(2019, 1, 1, 2, 0, tzinfo=dt.UTC)
PLAN = "deadline:000_a92242b81cc0d015/二(二)2/1"
QUOTE = "于2018年四季度前完成规划评审并报省发改委备案"

URGED = Digest(
    receiver_unit="浙江省温州市/市规划局", as_of=dt.date(2019, 1, 1), digest_id="urge:1",
    items=(AlertItem(obligation_id=PLAN, kind="overdue", path="二(二)2", document_number=WENZHOU,
                     summary="规范编制生态旅游文化产业园发展规划及建设指标", due=dt.date(2018, 12, 31),
                     days=1, owners=("市招商局", "市规划局"), quote=QUOTE),),
    urge=Urging(urge_id=1, sender="浙江省温州市督查督办", sent_at=T0, note="请于本周五前报送规划评审进展"))


def test_an_urge_digest_reads_with_its_sender_and_note_before_the_items() -> None:
    assert render_markdown(URGED) == (
        "## 【催办】浙江省温州市/市规划局\n"
        "截至 2019-01-01\n"
        "\n"
        "**催办人：浙江省温州市督查督办**\n"
        "\n"
        "> 请于本周五前报送规划评审进展\n"
        "\n"
        "### 🔴 逾期未完成（1项）\n"
        "\n"
        f"**1. {WENZHOU} 二(二)2** 规范编制生态旅游文化产业园发展规划及建设指标\n"
        "- 期限：2018-12-31（已逾期 1 天）\n"
        "- 责任单位：市招商局、市规划局\n"
        f"> {QUOTE}\n")
    assert render_text(URGED).startswith(
        "【催办】浙江省温州市/市规划局  截至 2019-01-01\n\n催办人：浙江省温州市督查督办\n"
        "请于本周五前报送规划评审进展\n\n")
    assert URGED.title == "【催办】浙江省温州市/市规划局 2019-01-01：逾期未完成1项"


def _ok(request: Request) -> tuple[int, object]:
    return 200, {"ok": True}


def _record(engine: Engine) -> int:
    with Session(engine, expire_on_commit=False) as session:
        unit = one_row(session=session, model=Unit, where=[Unit.name == "市规划局"])
        assert unit.id is not None
        urge, _ = record_urge(session=session, unit_id=unit.id, receiver="浙江省温州市/市规划局",
                              as_of=dt.date(2019, 1, 1), note="请报进展", sender="督查室",
                              obligations=[Named(PLAN, "overdue")], channels=["hook"],
                              actor="cli", actor_role="admin", now=T0)
        session.commit()
        assert urge.id is not None
        return urge.id


def test_two_dispatchers_at_once_deliver_the_stored_urge_once(
        corpus_db: Engine, start_receiver: Callable[..., Receiver]) -> None:  # noqa: F811
    receiver = start_receiver(_ok)
    urge_id = _record(corpus_db)
    with Session(corpus_db) as session:
        graph = build_graph(session)
    channels = {"hook": WebhookChannel(receiver.url + "/hook")}
    reports: list[DispatchReport] = []
    barrier = threading.Barrier(2)

    def run() -> None:
        barrier.wait()
        reports.append(dispatch_due(engine=corpus_db, channels=channels, now=T0, graph=graph))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(len(r.sent) for r in reports) == [0, 1]
    (request,) = receiver.requests
    body = request.json()
    assert body["urge"] == {"id": urge_id, "sender": "督查室", "note": "请报进展",
                            "sent_at": "2019-01-01T02:00:00+00:00"}
    assert [(i["obligation_id"], i["kind"], i["days"], i["due"]) for i in body["items"]] == [
        (PLAN, "overdue", 1, "2018-12-31")]
    with Session(corpus_db) as session:
        assert [m.status for m in list_messages(session=session)] == ["sent"]


def test_the_servers_dispatcher_builds_no_graph_until_an_urge_needs_one(
        corpus_db: Engine, start_receiver: Callable[..., Receiver]) -> None:  # noqa: F811
    receiver = start_receiver(_ok)
    asked: list[int] = []

    def graph() -> object:
        asked.append(1)
        with Session(corpus_db) as session:
            return build_graph(session)

    dispatcher = OutboxDispatcher(engine=corpus_db, channels={"hook": WebhookChannel(receiver.url)},
                                  graph=graph, clock=lambda: T0)  # type: ignore[arg-type]
    assert dispatcher.dispatch_once().sent == [] and asked == []
    _record(corpus_db)
    assert len(dispatcher.dispatch_once().sent) == 1 and asked == [1]
    assert len(receiver.requests) == 1
