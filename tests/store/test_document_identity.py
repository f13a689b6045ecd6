"""A document is one document whatever its file name; repeals supersede the stored one."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from graph.build import build_graph
from store.crud.documents import get_document_by_key
from store.ingest import ingest_file
from store.readback import count_rows, one_row, stored_rows
from store.tables import Deadline, Document, Task
from tests.store.conftest import row_counts

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"
DOC_000 = CORPUS / "000_a92242b81cc0d015.txt"
DOC_003 = CORPUS / "003_e159d8715f3bd95b.txt"
KEY_000 = DOC_000.stem


def _obligation_ids(engine: Engine) -> list[str]:
    with Session(engine) as session:
        graph = build_graph(session)
    return sorted(n for n, d in graph.nodes(data=True) if d["kind"] == "Obligation")


def test_the_same_document_under_another_name_updates_it_and_keeps_its_first_key(
    engine: Engine, tmp_path: Path
) -> None:
    first = ingest_file(engine=engine, path=DOC_000)
    counts, ids = row_counts(engine), _obligation_ids(engine)
    renamed = tmp_path / "温政发2018-26号.txt"
    renamed.write_bytes(DOC_000.read_bytes() + b"\n")  # other bytes, same 文号
    second = ingest_file(engine=engine, path=renamed)
    assert (second.status, second.document_id, second.key) == ("updated", first.document_id,
                                                               KEY_000)
    assert row_counts(engine) == counts  # no second copy of any task or deadline
    assert _obligation_ids(engine) == ids  # obligation ids embed the first key
    with Session(engine) as session:
        assert [d.key for d in stored_rows(session=session, model=Document)] == [KEY_000]
        assert one_row(session=session, model=Document).source_file == str(renamed)


def test_the_same_bytes_under_another_name_are_unchanged(engine: Engine, tmp_path: Path) -> None:
    first = ingest_file(engine=engine, path=DOC_000)
    renamed = tmp_path / "copy.txt"
    shutil.copy(DOC_000, renamed)
    second = ingest_file(engine=engine, path=renamed)
    assert (second.status, second.document_id, second.key) == ("unchanged", first.document_id,
                                                               KEY_000)


def test_a_document_without_a_number_is_recognised_by_its_text(
    engine: Engine, tmp_path: Path
) -> None:
    first = ingest_file(engine=engine, path=DOC_003)
    counts = row_counts(engine)
    rewrapped = tmp_path / "山海协作意见.txt"  # indentation and line ends changed only
    text = DOC_003.read_text(encoding="utf-8")
    rewrapped.write_text(text.replace("\n", "\r\n  "), encoding="utf-8")
    second = ingest_file(engine=engine, path=rewrapped)
    assert (second.status, second.document_id, second.key) == ("updated", first.document_id,
                                                               DOC_003.stem)
    assert row_counts(engine) == counts


def test_a_different_document_under_the_first_ones_name_is_not_merged(
    engine: Engine, tmp_path: Path
) -> None:
    ingest_file(engine=engine, path=DOC_000)
    other = tmp_path / "other.txt"
    other.write_text("某市人民政府关于甲乙的通知\n某政发〔2020〕1号\n一、由市财政局负责落实。\n",
                     encoding="utf-8")
    result = ingest_file(engine=engine, path=other)
    assert result.status == "created"
    with Session(engine) as session:
        assert count_rows(session=session, model=Document) == 2


def _repealing(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_text(
        "某市人民政府关于山海协作的新意见\n某政发〔2020〕5号\n"
        "一、由市招商局负责推进山海协作。\n"
        "本意见自2020年7月1日起施行，原《温州市人民政府关于打造山海协作工程升级版的实施意见》"
        "（温政发〔2018〕26号）同时废止。\n", encoding="utf-8")
    return path


def test_a_document_that_repeals_a_stored_one_supersedes_it_from_its_commencement(
    engine: Engine, tmp_path: Path
) -> None:
    ingest_file(engine=engine, path=DOC_000)
    ingest_file(engine=engine, path=_repealing(tmp_path, "new.txt"))
    with Session(engine) as session:
        old = get_document_by_key(session=session, key=KEY_000)
        assert old is not None
        assert (old.superseded_on, old.superseded_by) == (dt.date(2020, 7, 1), "new")
        graph = build_graph(session)
    node = graph.nodes[f"document:{old.id}"]
    assert node["superseded_on"] == dt.date(2020, 7, 1)
    assert node["withdrawn_on"] is None


def test_a_repealed_document_ingested_after_its_successor_is_superseded_too(
    engine: Engine, tmp_path: Path
) -> None:
    ingest_file(engine=engine, path=_repealing(tmp_path, "new.txt"))
    ingest_file(engine=engine, path=DOC_000)
    with Session(engine) as session:
        old = get_document_by_key(session=session, key=KEY_000)
        assert old is not None and old.superseded_on == dt.date(2020, 7, 1)
        assert stored_rows(session=session, model=Task)
        assert stored_rows(session=session, model=Deadline)


def test_another_numbered_document_under_a_stored_file_stem_is_stored_beside_it(
    engine: Engine, tmp_path: Path
) -> None:
    first = ingest_file(engine=engine, path=DOC_000)
    other = tmp_path / DOC_000.name  # same stem, another 文号
    other.write_text("某市人民政府关于甲乙的通知\n某政发〔2020〕1号\n一、由市财政局负责落实。\n",
                     encoding="utf-8")
    second = ingest_file(engine=engine, path=other)
    assert second.status == "created" and second.document_id != first.document_id
    assert second.key.startswith(KEY_000 + "_")
    with Session(engine) as session:
        kept = get_document_by_key(session=session, key=KEY_000)
        assert kept is not None and kept.number == "温政发〔2018〕26号"
