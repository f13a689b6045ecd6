"""``policygraph alerts silence`` stores a silence the alert engine honours."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlmodel import Session
from typer.testing import CliRunner

from cli.main import app
from store.crud.units import find_unit
from store.db import make_engine
from store.ingest import load_bundled
from store.silences import is_silenced


def run(url: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--database-url", url, "alerts", *args], env={"COLUMNS": "200"})
    return result.exit_code, result.output


def test_a_unit_silenced_by_alias_is_muted_through_the_day_and_listed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pg.db'}"
    engine = make_engine(url)
    load_bundled(engine=engine)
    until = dt.date.today() + dt.timedelta(days=10)
    code, output = run(url, "silence", "--unit", "经合办", "--until", until.isoformat(),
                       "--reason", "督查组已当面催办")
    assert code == 0, output
    with Session(engine) as session:
        unit = find_unit(session=session, name="市招商局")
        assert unit is not None
        assert is_silenced(session=session, on=until, obligation_id="x", unit_id=unit.id)
        assert not is_silenced(session=session, on=until + dt.timedelta(days=1),
                               obligation_id="x", unit_id=unit.id)
    code, listing = run(url, "silences")
    assert code == 0 and "市招商局" in listing and "督查组已当面催办" in listing


def test_silence_refuses_an_unknown_unit_and_a_bad_date(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pg.db'}"
    load_bundled(engine=make_engine(url))
    assert run(url, "silence", "--unit", "市不存在局", "--until", "2030-01-01")[0] == 1
    assert run(url, "silence", "--unit", "市招商局", "--until", "2030/01/01")[0] == 2
    assert run(url, "silence", "--until", "2030-01-01")[0] == 2


def test_a_countys_share_is_silenced_by_its_name_and_listed_with_its_full_name(
        tmp_path: Path) -> None:
    from store.crud.places import find_places

    url = f"sqlite:///{tmp_path / 'pg.db'}"
    engine = make_engine(url)
    load_bundled(engine=engine)
    until = dt.date.today() + dt.timedelta(days=10)
    code, output = run(url, "silence", "--county", "苍南县", "--obligation", "x",
                       "--until", until.isoformat(), "--reason", "已申请延期")
    assert code == 0, output
    with Session(engine) as session:
        cangnan = find_places(session=session, name="浙江省温州市苍南县")[0]
        taishun = find_places(session=session, name="浙江省温州市泰顺县")[0]
        assert is_silenced(session=session, on=until, obligation_id="x", place_id=cangnan.id)
        assert not is_silenced(session=session, on=until, obligation_id="x", place_id=taishun.id)
    code, listing = run(url, "silences")
    assert code == 0 and "浙江省温州市苍南县" in listing
    assert run(url, "silence", "--county", "不存在县", "--until", until.isoformat())[0] == 1
