"""A SQLite file with the units two cities' documents would leave: 杭州's and 宁波's
市发展和改革委员会 (both written 市发改委), and 温州's 市国土资源局 and 市规划局."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session
from typer.testing import CliRunner

from cli.main import app
from extract.divisions import named
from extract.model import UnitRef
from store.crud.jurisdictions import ensure_jurisdiction
from store.crud.units import upsert_unit
from store.db import make_engine
from store.setup import init_db

UNITS = {"杭州市": ("市发改委",), "宁波市": ("市发改委", "市财政局"),
         "温州市": ("市国土资源局", "市规划局", "市招商局")}


def two_cities(tmp_path: Path) -> str:
    """The URL of a new database holding :data:`UNITS`."""
    url = f"sqlite:///{tmp_path / 'cities.db'}"
    engine = make_engine(url)
    init_db(engine)
    with Session(engine) as session:
        for city, names in UNITS.items():
            jurisdiction = ensure_jurisdiction(session=session, division=named(city)[0])
            assert jurisdiction.id is not None
            for name in names:
                upsert_unit(session=session, jurisdiction_id=jurisdiction.id,
                            ref=UnitRef(name=name, raw=name, level="city"))
        session.commit()
    engine.dispose()
    return url


def run(url: str, *args: str) -> tuple[int, str]:
    """``policygraph --database-url URL ARGS…``: exit code and output (stdout and stderr)."""
    result = CliRunner().invoke(app, ["--database-url", url, *args], env={"COLUMNS": "200"})
    return result.exit_code, result.output
