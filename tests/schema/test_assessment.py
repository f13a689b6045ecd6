"""GraphQL ``assessment`` agrees with the hand-worked figures of tests/graph/test_assessment.py.

The same four progress reports are recorded through ``reportProgress`` (an admin token
naming the unit or the county), then the standings are asked for as of 2019-01-01.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from tests.graph.test_assessment import (
    EXPECTED_TAISHUN,
    EXPECTED_UNITS,
    FGW,
    REPORTS,
    ZSJ,
)
from tests.schema.conftest import as_token, codes, make_client, make_token, post_query

INSTANCES = """{ obligations(asOf: "2019-01-01", unit: "市招商局", first: 100) {
  nodes { id path dueDate } } }"""
REPORT = """mutation($id: ID!, $on: Date!, $done: Boolean!, $value: Float, $unit: String,
                   $county: String) {
  reportProgress(input: {obligationId: $id, reportedOn: $on, done: $done, valueReached: $value,
                 unit: $unit, county: $county}) { report { id } } }"""
ASSESSMENT = """query($kind: AssessmentKind!, $first: Int!) {
  assessment(asOf: "2019-01-01", jurisdiction: "浙江省温州市", kind: $kind, first: $first) {
    kind name jurisdiction due onTime late overdue meanDaysOverdue targetsReached
    targetsCommitted score rank band } }"""


def record_reports(client: TestClient, engine: Engine) -> None:
    """R1-R4 of tests/graph/test_assessment.py, through the API."""
    nodes = post_query(client, INSTANCES)["data"]["obligations"]["nodes"]
    ids = {(n["path"], n["dueDate"]): n["id"] for n in nodes}
    admin = make_token(engine, "admin")
    for path, due, unit, county, on, done, value in REPORTS:
        body = as_token(client, admin, REPORT, id=ids[(path, due)], on=on, done=done,
                        value=value, unit=unit, county=county)
        assert "errors" not in body, body["errors"]


def standings(client: TestClient, kind: str = "UNIT", first: int = 500) -> dict[str, Any]:
    body = post_query(client, ASSESSMENT, kind=kind, first=first)
    assert "errors" not in body, body["errors"]
    return {s["name"]: s for s in body["data"]["assessment"]}


def figures(s: dict[str, Any]) -> tuple[Any, ...]:
    return (s["due"], s["onTime"], s["late"], s["overdue"], s["meanDaysOverdue"],
            s["targetsReached"], s["targetsCommitted"], s["score"], s["rank"], s["band"])


def test_the_api_agrees_with_the_hand_figures_of_new_years_day_2019(
        corpus_client: TestClient, corpus_db: Engine) -> None:
    record_reports(corpus_client, corpus_db)
    units = standings(corpus_client)
    for name, expected in EXPECTED_UNITS.items():
        assert figures(units[name]) == expected, name
    assert units[ZSJ]["kind"] == "UNIT" and units[ZSJ]["jurisdiction"] == "浙江省温州市"
    places = standings(corpus_client, "PLACE")
    taishun = places["泰顺县"]
    assert (*figures(taishun)[:8], taishun["band"]) == EXPECTED_TAISHUN
    ranked = [s["rank"] for s in standings(corpus_client).values()]
    assert ranked == sorted(ranked), "best first"


def test_a_weight_changed_in_the_configured_file_swaps_two_units(
        corpus_client: TestClient, corpus_db: Engine, tmp_path: Path) -> None:
    record_reports(corpus_client, corpus_db)
    heavy = tmp_path / "heavy.yaml"
    heavy.write_text("targets_weight: 0.8\n", encoding="utf-8")
    with make_client(corpus_db, assessment_config=str(heavy)) as configured:
        units = standings(configured)
    # 0.2·52.5 + 0.8·16.667 and 0.2·33.333 + 0.8·50 (tests/graph/test_assessment.py)
    assert (units[ZSJ]["score"], units[FGW]["score"]) == (23.83, 46.67)
    assert units[FGW]["rank"] < units[ZSJ]["rank"]


def test_first_is_bounded(corpus_client: TestClient) -> None:
    assert len(standings(corpus_client, first=2)) == 2
    for first in (0, 501):
        body = as_token(corpus_client, None, ASSESSMENT, kind="UNIT", first=first)
        assert codes(body) == ["BAD_USER_INPUT"], body
        assert "500" in body["errors"][0]["message"]


def test_an_unknown_jurisdiction_is_not_found(corpus_client: TestClient) -> None:
    body = post_query(corpus_client, '{ assessment(asOf: "2019-01-01", jurisdiction: "火星市") '
                                     "{ name } }")
    assert codes(body) == ["NOT_FOUND"], body


def test_a_bad_assessment_file_stops_the_server_at_start_with_the_field_named(
        tmp_path: Path) -> None:
    from server import create_app
    from settings import Settings

    bad = tmp_path / "bad.yaml"
    bad.write_text("bands:\n  A: 90\n  B: 95\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.yaml: bands: .*A > B > C"):
        create_app(settings=Settings(assessment_config=str(bad)))
