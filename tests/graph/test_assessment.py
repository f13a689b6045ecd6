"""分类分档考核 of the bundled corpus as of 2019-01-01, worked by hand.

Read from 温政发〔2018〕26号 (data/corpus/000_a92242b81cc0d015.txt, issued 2018-12-07), with
the extractor's readings pinned by tests/extract/test_doc000.py and
tests/graph/test_obligation_semantics.py.  Instances due on or before 2019-01-01, each
due 2018-12-31 except 二(二)1 (2018年7月底前 → 2018-07-31):

=========  ==========================  ===============================  ================
path       phrase                      owners (lead first)              targets carried
=========  ==========================  ===============================  ================
二(一)     每年年底前 / 每年 (@2018)   市招商局, 结对县, 五个经济发达的  1次, 40亿元, 65%
                                       区(市), 加快发展县 (co: the body
                                       charges both "要…")
二(二)1    2018年7月底前               结对县 (lead)                    2亿元
二(二)2    2018年四季度前              市招商局, 市发改委, 市国土资源局,  none (237.7亿元 is
                                       市规划局, 市旅游局, 结对县 (co)    the 2020年 sentence's)
二(二)3    力争2018年                  市招商局, 市发改委, 市财政局,      none
                                       市国土资源局, 市规划局, 结对县
二(三)1    每年 (@2018)                市农业局, 市发改委, 市旅游局,      20个, 1000万元
                                       市招商局, 结对县
二(三)2    每年 (@2018)                市人力社保局, 市招商局, 结对县     6000人次
二(三)3    每年 (@2018)                市教育局, 市财政局, 市人力社保局,  1个
                                       市卫计委, 结对县
=========  ==========================  ===============================  ================

(二(三)4 到2020年 is due 2020; 三(一), 三(二) and 三(四) name no 责任单位, so they count for
nobody; the province's opinion 003 names only provincial units, outside 浙江省温州市.)
泰顺县 is a member of the collective 结对县(市、区)党委、政府 (data/reference/
wenzhou-pairings.yaml) and takes the collective's role in each.

The reports recorded (:data:`REPORTS`):

R1  市招商局 reports 二(二)2 done on 2018-12-20                 → its share on time
R2  市招商局 reports 二(一)@2018 done on 2019-01-01             → its share late
R3  市发改委 reports 二(三)1@2018 25 (个) on 2018-12-15, not done: 25 reaches 20个, the
    goal nearest its scale, so every share is done on 2018-12-15 and 20个 is reached
R4  泰顺县's share of 二(二)2 reported done on 2019-01-01          → its share late

Default weights (data/assessment.yaml): lead 1, co 0.5; on time 100, late 60, overdue 0;
targets_weight 0.2; bands A ≥ 90, B ≥ 75, C ≥ 60.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from graph.assessment import Standing, standings
from graph.assessment_config import AssessmentConfig, ConfigError, load_config
from graph.build import build_graph
from graph.names import resolve_place, resolve_unit
from graph.obligations import expand
from graph.status import StatusReport
from store.db import make_engine
from store.ingest import load_bundled

AS_OF = dt.date(2019, 1, 1)
WENZHOU = "浙江省温州市"
ZSJ, FGW, NYJ, LYJ = "市招商局", "市发展和改革委员会", "市农业局", "市旅游局"

# (path, due, reporter unit or None, county or None, reported on, done, value)
REPORTS = [
    ("二(二)2", "2018-12-31", ZSJ, None, "2018-12-20", True, None),   # R1
    ("二(一)", "2018-12-31", ZSJ, None, "2019-01-01", True, None),    # R2
    ("二(三)1", "2018-12-31", FGW, None, "2018-12-15", False, 25.0),  # R3
    ("二(二)2", "2018-12-31", None, "泰顺县", "2019-01-01", True, None),  # R4
]

# name → (due, on_time, late, overdue, mean_days_overdue, reached, committed, score, rank, band)
EXPECTED_UNITS: dict[str, tuple[Any, ...]] = {
    # 市招商局: 二(一) lead late (R2) 60; 二(二)2 lead on time (R1) 100; 二(二)3 lead overdue 0;
    # 二(三)1 co on time (R3) 100; 二(三)2 co overdue 0.  Overdue 1 day each (12-31 → 01-01).
    # S_o = (1·60 + 1·100 + 1·0 + 0.5·100 + 0.5·0) / (1+1+1+0.5+0.5) = 210 / 4 = 52.5
    # targets 3 + 0 + 0 + 2 + 1 = 6 committed, 1 reached (20个 by R3): S_t = 100/6 = 16.667
    # score = 0.8·52.5 + 0.2·16.667 = 42 + 3.333 = 45.33 → D; rank 3 (市农业局 90, 市旅游局 50)
    ZSJ: (5, 2, 1, 2, 1.0, 1, 6, 45.33, 3, "D"),
    # 市发改委 (co everywhere): 二(二)2 overdue; 二(二)3 overdue; 二(三)1 on time (R3).
    # S_o = (0.5·0 + 0.5·0 + 0.5·100) / 1.5 = 33.333; targets 0+0+2, 1 reached: S_t = 50
    # score = 0.8·33.333 + 0.2·50 = 26.667 + 10 = 36.67 → D; rank 4
    FGW: (3, 1, 0, 2, 1.0, 1, 2, 36.67, 4, "D"),
    # 市农业局: 二(三)1 lead on time (R3 completes every share).  S_o = 100; targets 2,
    # 1 reached: S_t = 50; score = 0.8·100 + 0.2·50 = 90 → A (90 is A's floor); rank 1
    NYJ: (1, 1, 0, 0, None, 1, 2, 90.0, 1, "A"),
    # 市旅游局 (for the ranks): 二(二)2 co overdue, 二(三)1 co on time: S_o = 50/1 = 50;
    # S_t = 50; score = 40 + 10 = 50 → D; rank 2
    LYJ: (2, 1, 0, 1, 1.0, 1, 2, 50.0, 2, "D"),
}
EXPECTED_TAISHUN = (
    # 泰顺县's county shares: 二(一) co overdue 1 day; 二(二)1 lead overdue 154 days
    # (2018-07-31 → 2019-01-01: Aug 31 + Sep 30 + Oct 31 + Nov 30 + Dec 31 = 153, +1);
    # 二(二)2 co late (R4) 60; 二(二)3 co overdue 1; 二(三)1 co on time (R3) 100;
    # 二(三)2 co overdue 1; 二(三)3 co overdue 1.
    # due 7, on time 1, late 1, overdue 5, mean (1 + 154 + 1 + 1 + 1) / 5 = 158 / 5 = 31.6
    # S_o = (0.5·60 + 0.5·100) / (6·0.5 + 1) = 80 / 4 = 20
    # targets 3 + 1 + 0 + 0 + 2 + 1 + 1 = 8, reached 1 (20个, R3 about no county): 12.5
    # score = 0.8·20 + 0.2·12.5 = 16 + 2.5 = 18.5 → D
    7, 1, 1, 5, 31.6, 1, 8, 18.5, "D")


@pytest.fixture(scope="module")
def corpus_graph(tmp_path_factory: pytest.TempPathFactory) -> Any:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('assessment')}/corpus.db")
    load_bundled(engine=engine)
    with Session(engine) as session:
        graph = build_graph(session)
    engine.dispose()
    return graph


def instance_id(graph: Any, path: str, due: str) -> str:
    """The id of the 000 document's instance at ``path`` due on ``due`` (one only)."""
    (found,) = [o.id for o in expand(graph, through_year=2019)
                if ":000_a92242b81cc0d015/" in o.id and o.path == path
                and o.due.isoformat() == due]
    return found


def recorded(graph: Any) -> list[StatusReport]:
    return [StatusReport(instance_id(graph, path, due), dt.date.fromisoformat(on),
                           complete=done, value=value,
                           unit=resolve_unit(graph, unit) if unit else None,
                           place=resolve_place(graph, county) if county else None)
            for path, due, unit, county, on, done, value in REPORTS]


def figures(s: Standing) -> tuple[Any, ...]:
    return (s.due, s.on_time, s.late, s.overdue, s.mean_days_overdue, s.targets_reached,
            s.targets_committed, s.score, s.rank, s.band)


def test_three_units_and_a_county_on_new_years_day_2019_match_the_hand_figures(
        corpus_graph: Any) -> None:
    rows = {s.name: s for s in standings(corpus_graph, recorded(corpus_graph), as_of=AS_OF,
                                         config=load_config(), jurisdiction=WENZHOU)}
    for name, expected in EXPECTED_UNITS.items():
        assert figures(rows[name]) == expected, name
        assert rows[name].jurisdiction == WENZHOU
    places = {s.name: s for s in standings(corpus_graph, recorded(corpus_graph), as_of=AS_OF,
                                           config=load_config(), kind="place",
                                           jurisdiction=WENZHOU)}
    taishun = places["泰顺县"]
    assert (*figures(taishun)[:8], taishun.band) == EXPECTED_TAISHUN
    assert taishun.kind == "place" and taishun.jurisdiction == "浙江省温州市泰顺县"


def test_a_unit_with_nothing_due_is_not_ranked(corpus_graph: Any) -> None:
    # 市商务局 owns only 二(三)4 (到2020年): nothing due by 2019-01-01
    names = [s.name for s in standings(corpus_graph, [], as_of=AS_OF, config=load_config(),
                                       jurisdiction=WENZHOU)]
    assert "市商务局" not in names and ZSJ in names


def test_equal_scores_share_a_rank_and_the_next_rank_skips(corpus_graph: Any) -> None:
    rows = standings(corpus_graph, recorded(corpus_graph), as_of=AS_OF, config=load_config(),
                     jurisdiction=WENZHOU)
    # the units that did nothing due all score 0: 市人力社保局 (二(三)2, 二(三)3), 市国土资源局,
    # 市规划局 (二(二)2, 二(二)3), 市财政局 (二(二)3, 二(三)3), 市教育局 and 市卫计委 (二(三)3),
    # and the two the body of 二(一) charges beside its clause ("五个经济发达的区(市)要加大…",
    # "加快发展县要围绕…"), co-owners of 二(一)@2018
    zeros = [s for s in rows if s.score == 0]
    assert len(zeros) == 8
    assert {"五个经济发达的区(市)", "加快发展县", "市规划局"} <= {s.name for s in zeros}
    # ahead of them: 市农业局, 市旅游局, 市招商局, 市发改委 and the collective (12.5)
    assert {s.rank for s in zeros} == {6}
    assert [s.name for s in zeros] == sorted(s.name for s in zeros)


def test_raising_the_targets_weight_swaps_zhaoshangju_and_fagaiwei(
        corpus_graph: Any, tmp_path: Path) -> None:
    heavy = tmp_path / "heavy.yaml"
    heavy.write_text("targets_weight: 0.8\n", encoding="utf-8")
    rows = {s.name: s for s in standings(corpus_graph, recorded(corpus_graph), as_of=AS_OF,
                                         config=load_config(heavy), jurisdiction=WENZHOU)}
    # 市招商局: 0.2·52.5 + 0.8·16.667 = 10.5 + 13.333 = 23.83
    # 市发改委: 0.2·33.333 + 0.8·50 = 6.667 + 40 = 46.67
    assert (rows[ZSJ].score, rows[FGW].score) == (23.83, 46.67)
    assert rows[FGW].rank < rows[ZSJ].rank
    default = {s.name: s for s in standings(corpus_graph, recorded(corpus_graph), as_of=AS_OF,
                                            config=load_config(), jurisdiction=WENZHOU)}
    assert default[ZSJ].rank < default[FGW].rank


@pytest.mark.parametrize(("text", "field"), [
    ("points:\n  late: 120\n", "points.late"),
    ("roles:\n  lead: -1\n", "roles.lead"),
    ("targets_weight: much\n", "targets_weight"),
    ("bands:\n  A: 50\n  B: 75\n", "bands"),
    ("bands:\n  E: 10\n", "bands.E"),
    ("weights: 1\n", "weights"),
])
def test_a_bad_config_file_names_the_field(tmp_path: Path, text: str, field: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(bad)
    assert f": {field}: " in str(caught.value)


def test_an_edited_config_file_is_read_again_and_an_unchanged_one_is_not(
        tmp_path: Path) -> None:
    import os

    chosen = tmp_path / "weights.yaml"
    chosen.write_text("targets_weight: 0.8\n", encoding="utf-8")
    first = load_config(chosen)
    assert first.targets_weight == 0.8 and load_config(chosen) is first
    chosen.write_text("targets_weight: 0.5\n", encoding="utf-8")
    later = os.stat(chosen).st_mtime_ns + 1_000_000_000  # a clock tick apart, whatever the fs
    os.utime(chosen, ns=(later, later))
    assert load_config(chosen).targets_weight == 0.5
    chosen.unlink()
    with pytest.raises(ConfigError):
        load_config(chosen)


def test_the_default_file_holds_the_documented_weights() -> None:
    assert load_config() == AssessmentConfig()


def store_reports(engine: Any) -> None:
    """Store R1-R4 in ``engine``'s database (for the widget, export and CLI tests)."""
    from store.progress.reports import report_progress

    with Session(engine) as session:
        graph = build_graph(session)
        for report in recorded(graph):
            report_progress(session=session, obligation_id=report.obligation_id,
                            unit_id=int(report.unit.split(":")[1]) if report.unit else None,
                            place_id=int(report.place.split(":")[1]) if report.place else None,
                            reported_on=report.reported_on, done=report.complete,
                            value_reached=report.value)
        session.commit()
