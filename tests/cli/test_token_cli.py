"""``policygraph token create / list / revoke`` against a real SQLite file."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session
from typer.testing import CliRunner

from cli.token import app
from store.db import make_engine
from store.setup import init_db
from store.tables import Unit, UnitAlias
from store.tokens import authenticate


def test_create_by_alias_list_and_revoke(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = make_engine(url)
    init_db(engine)
    with Session(engine) as s:
        unit = Unit(name="市招商局", level="city")
        s.add(unit)
        s.flush()
        assert unit.id is not None
        s.add(UnitAlias(unit_id=unit.id, alias="经合办"))
        s.commit()
    runner = CliRunner()
    env = {"DATABASE_URL": url, "COLUMNS": "200"}
    created = runner.invoke(app, ["create", "--unit", "经合办", "--role", "reporter", "--expires", "2027-01-01"], env=env)
    assert created.exit_code == 0, created.output
    clear = created.output.strip().splitlines()[-1]
    with Session(engine) as s:
        token = authenticate(session=s, bearer=clear)
        assert token is not None and token.role == "reporter"
        token_id = token.id
    listed = runner.invoke(app, ["list"], env=env)
    assert token_id in listed.output and "市招商局" in listed.output and clear not in listed.output
    assert runner.invoke(app, ["revoke", token_id], env=env).exit_code == 0
    with Session(engine) as s:
        assert authenticate(session=s, bearer=clear) is None
    engine.dispose()


def test_unknown_unit_and_reporter_without_unit_are_refused(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    runner = CliRunner()
    assert runner.invoke(app, ["create", "--unit", "市外星局", "--role", "reporter"], env=env).exit_code == 2
    assert runner.invoke(app, ["create", "--role", "reporter"], env=env).exit_code == 2
    assert runner.invoke(app, ["revoke", "nope"], env=env).exit_code == 1


def test_a_token_expiring_today_works_today_and_a_past_date_is_refused(tmp_path: Path) -> None:
    import datetime as dt

    from cli.token import CHINA

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    env = {"DATABASE_URL": url}
    runner = CliRunner()
    today = dt.datetime.now(CHINA).date()
    created = runner.invoke(app, ["create", "--role", "viewer", "--expires", today.isoformat()],
                            env=env)
    assert created.exit_code == 0, created.output
    clear = created.output.strip().splitlines()[-1]
    engine = make_engine(url)
    with Session(engine) as s:
        token = authenticate(session=s, bearer=clear)
        assert token is not None  # valid through the day it names
        end_of_day = dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min, tzinfo=CHINA)
        assert authenticate(session=s, bearer=clear, now=end_of_day) is None
    engine.dispose()
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    refused = runner.invoke(app, ["create", "--role", "viewer", "--expires", yesterday], env=env)
    assert refused.exit_code == 2 and "in the past" in refused.output


def test_a_county_government_gets_a_reporter_token_on_the_bundled_database(tmp_path: Path) -> None:
    from cli.main import app as main_app
    from store.crud.successions import list_successions
    from store.ingest import load_bundled
    from store.tables import Jurisdiction

    url = f"sqlite:///{tmp_path / 'bundled.db'}"
    engine = make_engine(url)
    assert load_bundled(engine=engine)
    created = CliRunner().invoke(main_app, ["--database-url", url, "token", "create", "--unit",
                                            "泰顺县人民政府", "--role", "reporter"])
    assert created.exit_code == 0, created.output
    with Session(engine) as s:
        token = authenticate(session=s, bearer=created.output.strip().splitlines()[-1])
        assert token is not None and token.unit_id is not None
        unit = s.get_one(Unit, token.unit_id)
        assert unit.name == "泰顺县人民政府"
        assert s.get_one(Jurisdiction, unit.jurisdiction_id).full_name == "浙江省温州市泰顺县"
        assert list_successions(session=s) == []  # reference successions are not loaded
    engine.dispose()
