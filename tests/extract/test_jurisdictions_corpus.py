"""The corpus documents' governments and the jurisdictions of the units they name, as read
from each document (its header, signature and responsibility clauses)."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.gold import load_gold
from evaluation.run import CORPUS_DIR, GOLD_DIR, corpus_documents, strip_metadata
from extract import extract_bytes
from extract.divisions import full_name
from extract.jurisdictions import issuer_division, unit_division
from extract.model import Extraction

DOCUMENTS = {p.stem: p for p in corpus_documents(CORPUS_DIR)} if CORPUS_DIR.is_dir() else {}
needs_corpus = pytest.mark.skipif(not DOCUMENTS, reason=f"shared corpus not found at {CORPUS_DIR}")


def _extract(path: Path, *, without_metadata: bool = False) -> Extraction:
    data = path.read_bytes()
    return extract_bytes(strip_metadata(data) if without_metadata else data, path.name,
                         key=path.stem)


def _jurisdiction(extraction: Extraction) -> str | None:
    header = extraction.document
    found = issuer_division(issuer=header.issuer, title=header.title, number=header.number,
                            text=extraction.text)
    return full_name(found) if found else None


@needs_corpus
@pytest.mark.parametrize("without_metadata", [False, True])
@pytest.mark.parametrize("gold_path", sorted(GOLD_DIR.glob("*.yaml")), ids=lambda p: p.stem[:24])
def test_every_corpus_document_is_placed_in_the_government_that_issued_it(
        gold_path: Path, without_metadata: bool) -> None:
    (expected,) = load_gold(gold_path).facts.jurisdiction
    extraction = _extract(DOCUMENTS[gold_path.stem], without_metadata=without_metadata)
    assert _jurisdiction(extraction) == expected[1]


@needs_corpus
@pytest.mark.parametrize(("stem", "government"), [
    # 市X局, collectives (结对县(市、区)党委、政府) and 五个…区(市) are all the city's.
    ("000_a92242b81cc0d015", "浙江省温州市"),
    # 区X局 and the city bureau's 福田 office (市市场监管局福田局).
    ("15_shenzhen_futian_consumption_measures_2023", "广东省深圳市福田区"),
    # 示范区X局, bare X局 after it, 河南银保监局济源监管组, 人行济源市中心支行.
    ("20_henan_jiyuan_market_confidence_measures_2023", "河南省济源市"),
    # 市X局, 江阴港城经济区 (a zone of 福清, not 江苏's 江阴市), 福州…中心福清管理部.
    ("23_fujian_fuqing_economy_measures_2023", "福建省福州市福清市"),
])
def test_every_unit_of_a_local_document_is_its_governments(stem: str, government: str) -> None:
    extraction = _extract(DOCUMENTS[stem])
    issuer = issuer_division(issuer=extraction.document.issuer, title=extraction.document.title,
                             number=extraction.document.number, text=extraction.text)
    placed = {u.name: unit_division(u.name, issuer) for t in extraction.tasks for u in t.units}
    elsewhere = {n: full_name(d) if d else None for n, d in placed.items()
                 if d is None or full_name(d) != government}
    assert placed and not elsewhere


@needs_corpus
def test_a_provincial_plan_places_its_prefectures_by_their_short_names() -> None:
    extraction = _extract(DOCUMENTS["16_guizhou_resume_production_action_plan_2022"])
    issuer = issuer_division(issuer=extraction.document.issuer, title=extraction.document.title,
                             number=extraction.document.number, text=extraction.text)
    names = {u.name for t in extraction.tasks for u in t.units}
    assert {"黔南州", "黔东南州", "黔西南州"} <= names
    for short, full in (("黔南州", "贵州省黔南布依族苗族自治州"),
                        ("黔东南州", "贵州省黔东南苗族侗族自治州"),
                        ("黔西南州", "贵州省黔西南布依族苗族自治州")):
        found = unit_division(short, issuer)
        assert found is not None and full_name(found) == full
    # 省发展改革委 and the collectives (各市〔州〕) are the province's.
    assert unit_division("省发展改革委", issuer) == issuer
