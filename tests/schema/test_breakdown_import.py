"""previewBreakdownImport / importBreakdown: a 责任分解表 sent as a real multipart HTTP upload."""

from __future__ import annotations

import json
from typing import Any

import httpx
from sqlalchemy.engine import Engine
from sqlmodel import Session

from server import create_app
from settings import Settings
from store.audit import AuditEntry
from store.curation_tables import Correction
from store.readback import count_rows, stored_rows
from tests.live_server import serve
from tests.schema.conftest import make_token
from tests.schema.test_corrections import editor_token
from tests.store.breakdown.office_sheet import DIFFERENCES, office_sheet

NUMBER = "温政发〔2018〕26号"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW = """mutation($d: String!, $f: Upload!) { previewBreakdownImport(input: {document: $d, file: $f}) {
  filename rows matched applied changes { row taskPath kind payload } errors { row column } } }"""
IMPORT = """mutation($d: String!, $f: Upload!) { importBreakdown(input: {document: $d, file: $f}) {
  applied changes { taskPath kind } errors { row column message }
  corrections { id kind source taskPath } } }"""


def upload(base: str, token: str, query: str, data: bytes, name: str) -> dict[str, Any]:
    """POST the operation as the GraphQL multipart request spec says: operations, map, file."""
    operations = {"query": query, "variables": {"d": NUMBER, "f": None}}
    response = httpx.post(f"{base}/graphql", headers={"Authorization": f"Bearer {token}",
                                                      "Apollo-Require-Preflight": "true"},
                          data={"operations": json.dumps(operations),
                                "map": json.dumps({"0": ["variables.f"]})},
                          files={"0": (name, data, XLSX)}, timeout=60)
    assert response.status_code == 200, response.text
    assert response.request.headers["content-type"].startswith("multipart/form-data")
    body: dict[str, Any] = response.json()
    return body


def test_an_editor_previews_then_imports_an_uploaded_table_and_a_reporter_may_not(
        corpus_db: Engine) -> None:
    editor = editor_token(corpus_db, "浙江省温州市")
    reporter = make_token(corpus_db, "reporter", "市农业局")
    app = create_app(corpus_db, settings=Settings(version_check_seconds=0))
    with serve(app) as base:
        preview = upload(base, editor, PREVIEW, office_sheet(), "分解表.xlsx")
        answer = preview["data"]["previewBreakdownImport"]
        assert answer["errors"] == [] and answer["applied"] is False
        assert (answer["filename"], answer["rows"], answer["matched"]) == ("分解表.xlsx", 9, 9)
        found = {(c["taskPath"], c["kind"].lower(), json.loads(c["payload"]).get("unit")
                  or json.loads(c["payload"]).get("raw")) for c in answer["changes"]}
        assert found == DIFFERENCES
        with Session(corpus_db) as session:
            assert stored_rows(session=session, model=Correction) == []

        refused = upload(base, reporter, IMPORT, office_sheet(), "分解表.xlsx")
        assert refused["data"] is None and refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"

        imported = upload(base, editor, IMPORT, office_sheet(), "分解表.xlsx")["data"]["importBreakdown"]
        assert imported["applied"] is True and len(imported["corrections"]) == len(DIFFERENCES)
        assert {c["source"] for c in imported["corrections"]} == {"import:分解表.xlsx"}

        again = upload(base, editor, IMPORT, office_sheet(), "分解表.xlsx")["data"]["importBreakdown"]
        assert again["changes"] == [] and again["corrections"] == []
    with Session(corpus_db) as session:
        assert count_rows(session=session, model=Correction) == len(DIFFERENCES)
        actions = {a.action for a in stored_rows(session=session, model=AuditEntry)}
        assert "correct_breakdown" in actions


def test_a_table_with_an_unmatched_row_imports_nothing_and_lists_the_row(corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    table = "序号,工作任务,牵头单位\n1,开展社会事业合作,市教育局\n2,建设海洋经济合作示范区,市发改委\n"
    app = create_app(corpus_db, settings=Settings(version_check_seconds=0))
    with serve(app) as base:
        body = upload(base, admin, IMPORT, table.encode("gb18030"), "分解表.csv")
    answer = body["data"]["importBreakdown"]
    assert answer["applied"] is False and answer["corrections"] == []
    assert [(e["row"], e["column"]) for e in answer["errors"]] == [(3, "task")]
    with Session(corpus_db) as session:
        assert stored_rows(session=session, model=Correction) == []


def test_a_malformed_multipart_request_is_a_client_error(corpus_db: Engine) -> None:
    app = create_app(corpus_db, settings=Settings(version_check_seconds=0))
    operations = json.dumps({"query": PREVIEW, "variables": {"d": NUMBER, "f": None}})
    preflight = {"Apollo-Require-Preflight": "true"}
    with serve(app) as base:
        no_map = httpx.post(f"{base}/graphql", data={"operations": operations},
                            files={"0": ("分解表.xlsx", office_sheet(), XLSX)}, timeout=60,
                            headers=preflight)
        bad_map = httpx.post(f"{base}/graphql", data={"operations": operations, "map": "{"},
                             files={"0": ("分解表.xlsx", office_sheet(), XLSX)}, timeout=60,
                             headers=preflight)
        anonymous = httpx.post(f"{base}/graphql", data={
            "operations": operations, "map": json.dumps({"0": ["variables.f"]})},
            files={"0": ("分解表.xlsx", office_sheet(), XLSX)}, timeout=60, headers=preflight)
    # without a map the upload is null: a request error (200 under application/json)
    assert no_map.status_code < 500 and "Upload!" in no_map.json()["errors"][0]["message"]
    assert bad_map.status_code == 400
    assert anonymous.json()["errors"][0]["extensions"]["code"] in ("UNAUTHENTICATED", "FORBIDDEN")
