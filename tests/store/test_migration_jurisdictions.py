"""Revision 0006 moves a database written by the previous release (0005) to units per
jurisdiction without losing a task link, progress report, token, silence or alert state.

The database holds what the previous release wrote for two cities' documents: 杭州's and
宁波's both name 市发改委 and 市财政局 (one unit row each, shared by both cities), and
宁波's also writes 市发展改革委 (another row, the same bureau).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from store.crud.units import AmbiguousUnit, find_unit
from store.db import make_engine
from store.readback import insert_row, table_rows
from store.setup import alembic_config, migration_connection

SENT = dt.datetime(2019, 1, 2, 9, 0, tzinfo=dt.UTC)
FAGAI, CAIZHENG, FAGAI_LONG = "市发改委", "市财政局", "市发展改革委"
STANDARD_FAGAI = "市发展和改革委员会"  # extract/data/bureau_names.tsv: 发改委, 发展改革委
HANGZHOU, NINGBO = "浙江省杭州市", "浙江省宁波市"
# (document key, issuer, [(task path, [(unit, role)])])
DOCUMENTS = [
    ("hz", "杭州市人民政府", [("一", [(FAGAI, "lead"), (CAIZHENG, "co")])]),
    ("nb", "宁波市人民政府", [("一", [(FAGAI, "lead"), (CAIZHENG, "co")]),
                          ("二", [(FAGAI_LONG, "lead"), (CAIZHENG, "co")]),
                          ("三", [(FAGAI, "lead"), (FAGAI_LONG, "co")])]),
]


def _insert(connection: Connection, table: str, **values: object) -> int:
    """Insert one row as the tables are at this revision; its id."""
    return int(insert_row(connection=connection, table=table, values=values))


def _previous_release(connection: Connection) -> dict[str, int]:
    """Rows as revision 0005 stored them; returns the unit ids by name."""
    units = {name: _insert(connection, "unit", name=name, level="city", collective=False)
             for name in (FAGAI, CAIZHENG, FAGAI_LONG)}
    _insert(connection, "unitalias", unit_id=units[FAGAI], alias="发改委")
    for key, issuer, tasks in DOCUMENTS:
        body = f"{issuer}关于山海协作的实施意见\n" + "\n".join(p for p, _ in tasks)
        doc = _insert(connection, "document", key=key, issuer=issuer, sha256=key * 32, text=body,
                      ingested_at=SENT)
        for path, links in tasks:
            task = _insert(connection, "task", document_id=doc, path=path, text="", start=0,
                           end=1, source_path=path, source_start=0, source_end=1,
                           source_quote="")
            for position, (unit, role) in enumerate(links):
                _insert(connection, "taskunit", task_id=task, unit_id=units[unit], role=role,
                        position=position, raw=unit)
    reports = [("deadline:hz/一/1", FAGAI), ("deadline:nb/二/1@2019", FAGAI_LONG),
               ("target:nb/一/1", CAIZHENG)]
    for obligation, unit in reports:
        _insert(connection, "progress_report", obligation_id=obligation, unit_id=units[unit],
                reported_on=SENT.date(), done=True, note="", created_at=SENT, created_by="tok",
                version=1)
    for token, unit in (("t-fagai", FAGAI), ("t-long", FAGAI_LONG)):
        insert_row(connection=connection, table="api_token",
                   values={"id": token, "unit_id": units[unit], "role": "reporter",
                           "token_hash": token * 4, "created_at": SENT})
    _insert(connection, "silence", unit_id=units[CAIZHENG], until=SENT.date(), reason="",
            created_by="cli", created_at=SENT)
    for obligation, receiver, times in (("deadline:hz/一/1", FAGAI, 1),
                                        ("deadline:nb/二/1@2019", FAGAI_LONG, 2),
                                        ("deadline:nb/二/1@2019", FAGAI, 1)):
        _insert(connection, "alert_state", obligation_id=obligation, receiver=receiver,
                kind="overdue", last_sent_at=SENT + dt.timedelta(hours=times), times_sent=times)
    for digest, obligation in (("d1", "deadline:hz/一/1"), ("d2", "deadline:nb/二/1@2019")):
        payload = json.dumps({"receiver_unit": FAGAI, "items": [{"obligation_id": obligation}]})
        _insert(connection, "outbox_message", channel="mail", receiver=FAGAI, digest_id=digest,
                payload=payload, status="pending", attempts=0, next_attempt_at=SENT,
                created_at=SENT)
    places = {name: _insert(connection, "place", name=name, kind=kind, parent=parent)
              for name, kind, parent in (("鹿城区", "district", "温州市"), ("泰顺", "county", None),
                                         ("泰顺县", "county", "温州市"), ("七都街道", "street", None))}
    _insert(connection, "pairing", developed_id=places["鹿城区"], accelerated_id=places["泰顺"],
            confidence="stated", source="test")
    [(hz,)] = table_rows(connection=connection, table="document", columns=["id"],
                         where={"key": "hz"})
    _insert(connection, "placemention", place_id=places["七都街道"], document_id=hz,
            source_path="", source_start=0, source_end=1, source_quote="")
    return units


@pytest.fixture
def migrated(db_url: str, caplog: pytest.LogCaptureFixture) -> Iterator[tuple[Engine, dict]]:
    """A database at 0005 with the previous release's rows, upgraded to head."""
    engine = make_engine(db_url)
    config = alembic_config()
    with migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0005")
        old = _previous_release(connection)
    with caplog.at_level(logging.WARNING), migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    yield engine, old
    engine.dispose()


def _column(connection: Connection, table: str, key: str, value: str) -> dict[object, object]:
    """``value`` of every row of ``table`` by its ``key`` column."""
    return dict(table_rows(connection=connection, table=table, columns=[key, value]))


def _unit_rows(connection: Connection) -> dict[tuple[str, str], int]:
    """Unit ids by their jurisdiction's full name and their name (units with one)."""
    cities = _column(connection, "jurisdiction", "id", "full_name")
    units = table_rows(connection=connection, table="unit",
                       columns=["jurisdiction_id", "name", "id"])
    return {(str(cities[city]), name): id_ for city, name, id_ in units if city in cities}


def test_units_shared_by_two_cities_are_split_and_one_citys_spellings_merged(migrated) -> None:
    engine, old = migrated
    with engine.connect() as connection:
        units = _unit_rows(connection)
    # and the governments of the paired counties, which report for their shares
    assert set(units) == {(HANGZHOU, STANDARD_FAGAI), (NINGBO, STANDARD_FAGAI),
                          (HANGZHOU, CAIZHENG), (NINGBO, CAIZHENG),
                          ("浙江省温州市鹿城区", "鹿城区人民政府"),
                          ("浙江省温州市泰顺县", "泰顺县人民政府")}
    # The old rows stay with the city that gave them most tasks (宁波); 市发展改革委's is merged.
    assert units[(NINGBO, STANDARD_FAGAI)] == old[FAGAI]
    assert units[(NINGBO, CAIZHENG)] == old[CAIZHENG]
    assert old[FAGAI_LONG] not in units.values()


def test_every_task_link_points_at_its_documents_city(migrated) -> None:
    engine, _ = migrated
    with engine.connect() as connection:
        cities = _column(connection, "jurisdiction", "id", "full_name")
        keys = _column(connection, "document", "id", "key")
        tasks = {id_: (document, path) for id_, document, path in table_rows(
            connection=connection, table="task", columns=["id", "document_id", "path"])}
        units = {id_: (name, city) for id_, name, city in table_rows(
            connection=connection, table="unit", columns=["id", "name", "jurisdiction_id"])}
        # in document key, task id and position order
        ordered = sorted((keys[tasks[task][0]], task, position, unit, role)
                         for task, unit, role, position in table_rows(
                             connection=connection, table="taskunit",
                             columns=["task_id", "unit_id", "role", "position"]))
        links = [(key, tasks[task][1], units[unit][0], cities[units[unit][1]], role)
                 for key, task, _, unit, role in ordered if units[unit][1] in cities]
        documents = {keys[id_]: cities[city] for id_, city in table_rows(
            connection=connection, table="document", columns=["id", "jurisdiction_id"])
            if city in cities}
    assert documents == {"hz": HANGZHOU, "nb": NINGBO}
    assert all(city == documents[key] for key, _, _, city, _ in links)
    # Seven links were written; nb 三 named one bureau twice (市发改委 and 市发展改革委): the
    # lead link is kept.
    assert [(key, path, name, role) for key, path, name, _, role in links] == [
        ("hz", "一", STANDARD_FAGAI, "lead"), ("hz", "一", CAIZHENG, "co"),
        ("nb", "一", STANDARD_FAGAI, "lead"), ("nb", "一", CAIZHENG, "co"),
        ("nb", "二", STANDARD_FAGAI, "lead"), ("nb", "二", CAIZHENG, "co"),
        ("nb", "三", STANDARD_FAGAI, "lead"),
    ]


def test_reports_follow_their_obligations_city_tokens_and_silences_the_busiest_row(
        migrated, caplog: pytest.LogCaptureFixture) -> None:
    engine, _ = migrated
    with engine.connect() as connection:
        units = _unit_rows(connection)
        reports = _column(connection, "progress_report", "obligation_id", "unit_id")
        tokens = _column(connection, "api_token", "id", "unit_id")
        silences = [unit for (unit,) in table_rows(connection=connection, table="silence",
                                                   columns=["unit_id"])]
    assert reports == {"deadline:hz/一/1": units[(HANGZHOU, STANDARD_FAGAI)],
                       "deadline:nb/二/1@2019": units[(NINGBO, STANDARD_FAGAI)],
                       "target:nb/一/1": units[(NINGBO, CAIZHENG)]}
    assert tokens == {"t-fagai": units[(NINGBO, STANDARD_FAGAI)],
                      "t-long": units[(NINGBO, STANDARD_FAGAI)]}
    assert silences == [units[(NINGBO, CAIZHENG)]]
    said = [r.getMessage() for r in caplog.get_records("setup") if "was split" in r.getMessage()]
    assert any(m.startswith("api_token t-fagai") and HANGZHOU in m for m in said)
    assert any(m.startswith("silence ") and HANGZHOU in m for m in said)
    assert not any("t-long" in m for m in said)  # 市发展改革委 was only ever 宁波's


def test_alert_state_and_outbox_keyed_by_old_names_follow_the_unit_of_their_obligation(
        migrated) -> None:
    engine, _ = migrated
    with engine.connect() as connection:
        states = table_rows(connection=connection, table="alert_state",
                            columns=["obligation_id", "receiver", "times_sent"],
                            order_by=["obligation_id"])
        receivers = table_rows(connection=connection, table="outbox_message",
                               columns=["digest_id", "receiver"], order_by=["digest_id"])
    # A receiver is a unit: its government's full name and its standard name
    # (alerts/receivers.py).  宁波's two spellings alerted about one obligation are one
    # receiver, their sendings added up.
    hangzhou, ningbo = f"{HANGZHOU}/{STANDARD_FAGAI}", f"{NINGBO}/{STANDARD_FAGAI}"
    assert [tuple(s) for s in states] == [("deadline:hz/一/1", hangzhou, 1),
                                          ("deadline:nb/二/1@2019", ningbo, 3)]
    assert [tuple(r) for r in receivers] == [("d1", hangzhou), ("d2", ningbo)]


def test_old_names_still_find_the_units_and_a_shared_one_is_ambiguous(migrated) -> None:
    engine, _ = migrated
    with Session(engine) as session:
        units = _unit_rows(session.connection())
        [(ningbo,)] = table_rows(connection=session.connection(), table="jurisdiction",
                                 columns=["id"], where={"full_name": NINGBO})
        for spelling in (FAGAI, FAGAI_LONG, "发改委", STANDARD_FAGAI):
            found = find_unit(session=session, name=spelling, jurisdiction_id=ningbo)
            assert found is not None and found.id == units[(NINGBO, STANDARD_FAGAI)], spelling
        with pytest.raises(AmbiguousUnit) as raised:
            find_unit(session=session, name=FAGAI)
    assert {c.jurisdiction for c in raised.value.candidates} == {HANGZHOU, NINGBO}


def test_places_get_full_names_and_codes_and_one_division_is_one_place(migrated) -> None:
    engine, _ = migrated
    with engine.connect() as connection:
        cities = _column(connection, "jurisdiction", "id", "full_name")
        places = [(name, code, cities.get(city)) for name, code, city in table_rows(
            connection=connection, table="place", columns=["full_name", "code", "jurisdiction_id"],
            order_by=["full_name"])]
        names = _column(connection, "place", "id", "full_name")
        paired = [(names[developed], names[accelerated]) for developed, accelerated in table_rows(
            connection=connection, table="pairing", columns=["developed_id", "accelerated_id"])]
    # GB/T 2260: 鹿城区 330302, 泰顺县 330329; a street is named under the document's city.
    assert [tuple(p) for p in places] == [
        ("浙江省杭州市七都街道", None, None),
        ("浙江省温州市泰顺县", "330329000000", "浙江省温州市泰顺县"),
        ("浙江省温州市鹿城区", "330302000000", "浙江省温州市鹿城区"),
    ]
    # 泰顺 and 泰顺县 were one county: its pairing now points at the one place.
    assert [tuple(p) for p in paired] == [("浙江省温州市鹿城区", "浙江省温州市泰顺县")]
