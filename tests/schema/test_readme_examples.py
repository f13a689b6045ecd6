"""The README's examples of jurisdictions, successions and lineage run, in order, on a copy of
the bundled corpus, and answer what the README says they answer."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from store.ingest import ingest_file
from tests.schema.conftest import as_token, make_token

ROOT = Path(__file__).resolve().parents[2]
SECTION = "## Many governments: jurisdictions, successions, lineage"
BLOCK = re.compile(r"```graphql\n(.*?)```", re.S)
PROVINCE = "浙委发〔2018〕3号"


def examples() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.index("\n## ", start + len(SECTION))
    return BLOCK.findall(text[start:end])


def test_the_readme_examples_answer_as_documented(corpus_client: TestClient,
                                                  corpus_db: Engine) -> None:
    admin = make_token(corpus_db, "admin")
    answers: list[dict[str, Any]] = []
    for query in examples():
        if f'document(number: "{PROVINCE}")' in query:  # the README loads it first
            assert ingest_file(engine=corpus_db,
                               path=ROOT / "tests/schema/fixtures/zhewei_2018_3.txt").ok
        body = as_token(corpus_client, admin, query)
        assert "errors" not in body, (query, body["errors"])
        answers.append(body["data"])
    unit, government, cites, recorded, old_name, overdue, lineage = answers
    assert unit["unit"] == {"name": "市发展和改革委员会", "jurisdiction": {
        "fullName": "浙江省温州市", "code": "330300000000", "parent": {"name": "浙江省"}}}
    assert government["jurisdiction"]["documents"] == [{"number": "温政发〔2018〕26号"}]
    assert len(government["jurisdiction"]["children"]) == 10
    assert [(c["number"], c["kind"], c["document"]) for c in cites["document"]["cites"]] == [
        (PROVINCE, "IMPLEMENTS", None), (None, "CITES", None),
        ("浙山海办〔2018〕23号", "IMPLEMENTS", None)]
    assert recorded["recordSuccession"]["succession"] == {"predecessor": {"name": "市国土资源局"},
                                            "successor": {"name": "市自然资源和规划局"},
                                            "effectiveOn": "2019-03-01"}
    assert old_name["unit"] == {"name": "市自然资源和规划局", "answeredFor": [
        {"predecessor": {"name": "市国土资源局"}, "kind": "MERGE", "effectiveOn": "2019-03-01"}]}
    assert [(r["path"], r["dueDate"]) for r in overdue["overdue"]] == [("二(二)3", "2019-12-31")]
    assert {"name": "市自然资源和规划局", "answersFor": "市国土资源局"} in overdue["overdue"][0]["owners"]
    document = lineage["document"]
    assert document["implementedBy"] == [{"number": "温政发〔2018〕26号"}]
    assert document["unimplementedTargets"] == [{"path": "二(四)", "metric": "海洋经济合作示范区"}]
    assert [[i["task"]["path"] for i in r["implementedBy"]]
            for r in document["targetsImplementation"]] == [["二(一)"], ["二(二)2"], ["二(三)2"], []]


def test_every_graphql_example_of_the_readme_validates_against_the_schema() -> None:
    from graphql import parse, validate

    from schema.query import schema

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = BLOCK.findall(text)
    assert len(blocks) >= 10
    for block in blocks:
        assert validate(schema._schema, parse(block)) == [], block
