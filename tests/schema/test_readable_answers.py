"""Answers a person can read, on the bundled corpus: tasks say what they are, search
reaches every section's text, hits name their document, /healthz counts what is loaded.

From 温政发〔2018〕26号: 二(三)4 is headed "帮助建立营销网络" (市商务局 among its
owners); 三(五) 强化督查考核 names no unit and no deadline, yet its text says
"强化对市级相关部门和县(市、区)的刚性考核".  The other bundled document has no number
and no title; its first line begins "本省自2002年全面实施山海协作工程以来,", and its
三(一) says "把合作成效作为当年考核的依据".
"""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.schema.conftest import as_token

FIRST_LINE = "本省自2002年全面实施山海协作工程以来…"


def test_a_task_has_its_heading(corpus_client: TestClient) -> None:
    body = as_token(corpus_client, None, '{ unit(name: "市商务局") { tasks { path heading } } }')
    tasks = {t["path"]: t["heading"] for t in body["data"]["unit"]["tasks"]}
    assert tasks["二(三)4"] == "帮助建立营销网络"


def test_search_finds_section_text_that_no_task_holds(corpus_client: TestClient) -> None:
    body = as_token(corpus_client, None,
                    '{ search(text: "刚性考核") { kind path snippet documentLabel } }')
    assert body["data"]["search"] == [{
        "kind": "SECTION", "path": "三(五)", "documentLabel": "温政发〔2018〕26号",
        "snippet": "…相关部门和县(市、区)的刚性考核,促进各项工作有序推进、…"}]


def test_a_hit_in_a_document_without_a_number_names_it_by_its_first_line(
        corpus_client: TestClient) -> None:
    body = as_token(corpus_client, None, '{ search(text: "当年考核") { documentLabel } }')
    labels = {h["documentLabel"] for h in body["data"]["search"]}
    assert labels == {FIRST_LINE}
    assert not any("003_" in (label or "") for label in labels)


def test_healthz_counts_the_two_loaded_documents_apart_from_cited_ones(
        corpus_client: TestClient) -> None:
    body = corpus_client.get("/healthz").json()
    counts = body["counts"]
    assert counts["Document"] == 2
    assert counts["CitedDocument"] >= 1  # 温政发〔2018〕26号 cites provincial documents
    assert set(body["countsMean"]) == set(counts)
    assert "已导入" in body["countsMean"]["Document"]
