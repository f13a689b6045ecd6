"""An assessment file made invalid while the server runs: the assessment routes answer 500,
tell the reader to ask an administrator, and log which field is wrong under
``embed.routes`` (:mod:`embed.assessment_routes`).

A bad file at start stops the server (tests/schema/test_assessment.py); the file is read
again on every request once its size or modification time changes, so one edited in place
afterwards reaches the routes.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from graph.assessment_config import DEFAULT_PATH
from i18n import translate
from server import create_app
from settings import Settings

QUERY = "asOf=2019-01-01&jurisdiction=浙江省温州市"
# Bands out of order: the field the log must name.
BAD_BANDS = "bands:\n  A: 90\n  B: 95\n"


@pytest.fixture
def edited(tmp_path: Path, corpus_sqlite: Engine) -> Iterator[tuple[TestClient, Path]]:
    """A client whose assessment file was valid at start, and that file."""
    config = tmp_path / "assessment.yaml"
    shutil.copyfile(DEFAULT_PATH, config)
    app = create_app(corpus_sqlite, settings=Settings(version_check_seconds=0,
                                                      assessment_config=str(config)))
    with TestClient(app) as client:
        config.write_text(BAD_BANDS, encoding="utf-8")
        yield client, config


@pytest.mark.parametrize("route", [f"/embed/assessment?{QUERY}",
                                   f"/export/assessment.csv?{QUERY}"])
def test_an_invalid_assessment_file_is_answered_500_and_logged_with_its_field(
        edited: tuple[TestClient, Path], route: str, caplog: pytest.LogCaptureFixture) -> None:
    client, config = edited
    with caplog.at_level(logging.ERROR, logger="embed.routes"):
        answer = client.get(route)
    assert answer.status_code == 500, answer.text
    assert translate("zh", "assessment.config_error") in answer.text
    assert "bands" not in answer.text, "the field is for the log, not the reader"
    logged = [r for r in caplog.records if r.name == "embed.routes"]
    assert len(logged) == 1 and logged[0].levelno == logging.ERROR
    message = logged[0].getMessage()
    assert message.startswith("assessment config: ") and config.name in message
    assert "bands" in message
