"""importProgressSheet over real HTTP: the sheet is a GraphQL multipart upload (operations,
map, file part) to a live server, and a multipart request without a CSRF preflight header is
refused before anything runs."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.datastructures import UploadFile

from server import create_app
from settings import Settings
from store.progress.tables import ProgressReport
from store.readback import stored_rows
from tests.live_server import serve
from tests.schema.conftest import PARK, make_client, make_token, upload_as

SHEET = """mutation($file: Upload!, $key: String) {
  importProgressSheet(input: {file: $file, idempotencyKey: $key}) {
    stored reports { obligationId reportedOn done } errors { row message } } }"""
CSV = ("序号,任务编号,责任单位,填报日期,完成情况,完成值,备注,佐证材料链接\n"
       f"1,{PARK},结对县(市、区)党委、政府,2019-03-01,已完成,,,\n").encode("gb18030")


def post_sheet(base: str, token: str, headers: dict[str, str],
               key: str | None = None) -> httpx.Response:
    operations = {"query": SHEET, "variables": {"file": None, "key": key}}
    return httpx.post(f"{base}/graphql", headers={"Authorization": f"Bearer {token}", **headers},
                      data={"operations": json.dumps(operations),
                            "map": json.dumps({"0": ["variables.file"]})},
                      files={"0": ("进度.csv", CSV, "text/csv")}, timeout=60)


def stored_reports(engine: Engine) -> list[ProgressReport]:
    with Session(engine) as session:
        return stored_rows(session=session, model=ProgressReport)


def test_a_progress_sheet_uploads_as_multipart_and_is_stored(corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    app = create_app(corpus_db, settings=Settings(version_check_seconds=0))
    with serve(app) as base:
        response = post_sheet(base, admin, {"Apollo-Require-Preflight": "true"}, key="sheet-1")
        retried = post_sheet(base, admin, {"X-Requested-With": "XMLHttpRequest"}, key="sheet-1")
    assert response.request.headers["content-type"].startswith("multipart/form-data")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["data"]["importProgressSheet"] == {
        "stored": 1, "errors": [],
        "reports": [{"obligationId": PARK, "reportedOn": "2019-03-01", "done": True}]}
    # the retry with the same key is answered with the first import's reports, stored once
    assert retried.json()["data"]["importProgressSheet"]["stored"] == 1
    assert [r.obligation_id for r in stored_reports(corpus_db)] == [PARK]


def test_a_multipart_request_without_a_preflight_header_is_refused(corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    app = create_app(corpus_db, settings=Settings(version_check_seconds=0))
    with serve(app) as base:
        response = post_sheet(base, admin, {})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert "Apollo-Require-Preflight" in response.json()["errors"][0]["message"]
    assert stored_reports(corpus_db) == []


def test_an_uploads_files_are_closed_once_it_is_answered(corpus_db: Engine,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # A part over Starlette's spooling size is a temporary file on disk: left open, each
    # upload would hold a descriptor until the garbage collector came by.
    received: list[UploadFile] = []
    made = UploadFile.__init__

    def kept(self: UploadFile, *args: Any, **kwargs: Any) -> None:
        made(self, *args, **kwargs)
        received.append(self)

    monkeypatch.setattr(UploadFile, "__init__", kept)
    admin = make_token(corpus_db, "admin")
    with make_client(corpus_db) as client:
        stored = upload_as(client, admin, SHEET, CSV, "进度.csv")
        refused = upload_as(client, None, SHEET, CSV, "进度.csv")  # anonymous: no write
    assert stored["data"]["importProgressSheet"]["stored"] == 1
    assert refused["errors"]
    assert len(received) == 2
    assert all(upload.file.closed for upload in received)
