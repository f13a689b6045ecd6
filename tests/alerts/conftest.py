"""Shared fixtures: hand-made digests from the Wenzhou document, and real receivers.

Every receiver is a real HTTP server on 127.0.0.1 (``http.server`` in a thread) that
records what it got and answers the way the real service does; the tests give it the
service's checks (signature, size limit) as a small function.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from alerts.digest import AlertItem, Digest

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus" / "000_a92242b81cc0d015.txt"
WENZHOU = "温政发〔2018〕26号"
PAIRED = "结对县(市、区)党委、政府"


@dataclass
class Request:
    """One request as the receiver saw it."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


Answer = tuple[int, Any]  # (HTTP status, JSON-able reply or None)
Handler = Callable[[Request], Answer]


@dataclass
class Receiver:
    """A running receiver: its base URL and what it has recorded."""

    url: str
    requests: list[Request] = field(default_factory=list)


def _serve(handler: Handler) -> tuple[ThreadingHTTPServer, Receiver]:
    receiver = Receiver(url="")

    class Recorder(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # the real robots accept POST only
            length = int(self.headers.get("Content-Length", "0"))
            split = urllib.parse.urlsplit(self.path)
            request = Request(
                method="POST",
                path=split.path,
                query=dict(urllib.parse.parse_qsl(split.query)),
                headers={k.lower(): v for k, v in self.headers.items()},
                body=self.rfile.read(length),
            )
            receiver.requests.append(request)
            status, reply = handler(request)
            payload = b"" if reply is None else json.dumps(reply).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep pytest output clean

    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}"
    # A short poll interval keeps shutdown (and so each test) fast.
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    return server, receiver


@pytest.fixture
def start_receiver() -> Iterator[Callable[[Handler], Receiver]]:
    """Start receivers on loopback; all are shut down after the test."""
    servers: list[ThreadingHTTPServer] = []

    def start(handler: Handler) -> Receiver:
        server, receiver = _serve(handler)
        servers.append(server)
        return receiver

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def refused_url() -> str:
    """A loopback URL where nothing listens: connecting is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def corpus_text() -> str:
    return CORPUS.read_text(encoding="utf-8")


@pytest.fixture
def wenzhou_text() -> str:
    """The text of 温政发〔2018〕26号 as bundled."""
    return corpus_text()


@pytest.fixture
def investment_digest() -> Digest:
    """What 市招商局〈经合办〉 is told on 2018-12-01, worked out from 温政发〔2018〕26号.

    - 二(二)1 "2018年7月底前 … 完成管委会的组建工作" (owner: the paired counties only) is
      due 2018-07-31; on 2018-12-01 it is 31+30+31+30+1 = 123 days late, and 市招商局 is
      the leading group office it is escalated to.
    - 二(二)2 "于2018年四季度前完成规划评审" and 二(二)3 "力争2018年取得实质性进展" are
      due 2018-12-31: 30 days left.
    """
    items = (
        AlertItem(
            obligation_id="wz2018-26/二(二)2",
            kind="due_soon",
            path="二(二)2",
            document_number=WENZHOU,
            summary="规范编制生态旅游文化产业园发展规划及建设指标",
            due=dt.date(2018, 12, 31),
            days=30,
            owners=("市招商局", "市发改委", "市国土资源局", "市规划局", "市旅游局", PAIRED),
            quote="于2018年四季度前完成规划评审并报省发改委备案",
        ),
        AlertItem(
            obligation_id="wz2018-26/二(二)1",
            kind="escalation",
            path="二(二)1",
            document_number=WENZHOU,
            summary="建立健全生态旅游文化产业园管理运营机制",
            due=dt.date(2018, 7, 31),
            days=123,
            owners=(PAIRED,),
            quote="2018年7月底前,按照《浙江省山海协作产业园管理办法》(浙山海办〔2018〕23号)的要求,"
            "以及合作双方政府签订的生态旅游文化产业园共建协议的规定,"
            "五个生态旅游文化产业园所在地政府完成“山海协作产业园管委会的组建工作",
        ),
        AlertItem(
            obligation_id="wz2018-26/二(二)3",
            kind="due_soon",
            path="二(二)3",
            document_number=WENZHOU,
            summary="高标准建设产业园及“七都”山海协作总部经济园区",
            due=dt.date(2018, 12, 31),
            days=30,
            owners=("市招商局", "市发改委", "市财政局", "市国土资源局", "市规划局", PAIRED),
            quote="积极推进位于鹿城区七都街道的鹿城—泰顺“飞地”总部经济园区建设,力争2018年取得实质性进展",
        ),
    )
    return Digest.build(receiver_unit="市招商局", as_of=dt.date(2018, 12, 1), items=items)


@pytest.fixture
def planning_digest() -> Digest:
    """What 市规划局 is told on 2019-01-01: 二(二)2 (due 2018-12-31) is 1 day late,
    and 二(二)3's 2018 milestone has been reported done."""
    items = (
        AlertItem(
            obligation_id="wz2018-26/二(二)3",
            kind="resolved",
            path="二(二)3",
            document_number=WENZHOU,
            summary="高标准建设产业园及“七都”山海协作总部经济园区",
            due=dt.date(2018, 12, 31),
            days=0,
            owners=("市招商局", "市发改委", "市财政局", "市国土资源局", "市规划局", PAIRED),
            quote="积极推进位于鹿城区七都街道的鹿城—泰顺“飞地”总部经济园区建设,力争2018年取得实质性进展",
        ),
        AlertItem(
            obligation_id="wz2018-26/二(二)2",
            kind="overdue",
            path="二(二)2",
            document_number=WENZHOU,
            summary="规范编制生态旅游文化产业园发展规划及建设指标",
            due=dt.date(2018, 12, 31),
            days=1,
            owners=("市招商局", "市发改委", "市国土资源局", "市规划局", "市旅游局", PAIRED),
            quote="于2018年四季度前完成规划评审并报省发改委备案",
        ),
    )
    return Digest.build(receiver_unit="市规划局", as_of=dt.date(2019, 1, 1), items=items)


@pytest.fixture
def long_digest() -> Digest:
    """市招商局's digest on 2019-01-01 quoting the whole responsibility paragraphs it
    shares (二(一), 二(二)2, 二(二)3, 二(三)1, 二(三)2, 二(三)4): over 4096 bytes."""
    lines = corpus_text().splitlines()
    # Line numbers (1-based) of the paragraphs, read off the document.
    paragraphs = {
        "二(一)": 33,
        "二(二)2": 39,
        "二(二)3": 41,
        "二(三)1": 45,
        "二(三)2": 47,
        "二(三)4": 51,
    }
    items = tuple(
        AlertItem(
            obligation_id=f"wz2018-26/{path}",
            kind="overdue",
            path=path,
            document_number=WENZHOU,
            summary=lines[number - 1].split("。")[0][:40],
            due=dt.date(2018, 12, 31),
            days=1,
            owners=("市招商局", PAIRED),
            quote=lines[number - 1],
        )
        for path, number in paragraphs.items()
    )
    return Digest.build(receiver_unit="市招商局", as_of=dt.date(2019, 1, 1), items=items)
