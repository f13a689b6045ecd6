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
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from store.crud.units import AmbiguousUnit, find_unit
from store.db import make_engine
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


def _insert(connection: Connection, sql: str, **values: object) -> int:
    return int(connection.execute(text(sql + " RETURNING id"), values).scalar_one())


def _previous_release(connection: Connection) -> dict[str, int]:
    """Rows as revision 0005 stored them; returns the unit ids by name."""
    units = {name: _insert(connection, "INSERT INTO unit (name, level, collective) "
                                       "VALUES (:n, 'city', :c)", n=name, c=False)
             for name in (FAGAI, CAIZHENG, FAGAI_LONG)}
    connection.execute(text("INSERT INTO unitalias (unit_id, alias) VALUES (:u, '发改委')"),
                       {"u": units[FAGAI]})
    for key, issuer, tasks in DOCUMENTS:
        body = f"{issuer}关于山海协作的实施意见\n" + "\n".join(p for p, _ in tasks)
        doc = _insert(connection, "INSERT INTO document (key, issuer, sha256, text, ingested_at) "
                                  "VALUES (:k, :i, :s, :t, :at)",
                      k=key, i=issuer, s=key * 32, t=body, at=SENT)
        for path, links in tasks:
            task = _insert(connection, "INSERT INTO task (document_id, path, text, start, \"end\", "
                                       "source_path, source_start, source_end, source_quote) "
                                       "VALUES (:d, :p, '', 0, 1, :p, 0, 1, '')", d=doc, p=path)
            for position, (unit, role) in enumerate(links):
                connection.execute(text(
                    "INSERT INTO taskunit (task_id, unit_id, role, position, raw) "
                    "VALUES (:t, :u, :r, :p, :raw)"),
                    {"t": task, "u": units[unit], "r": role, "p": position, "raw": unit})
    reports = [("deadline:hz/一/1", FAGAI), ("deadline:nb/二/1@2019", FAGAI_LONG),
               ("target:nb/一/1", CAIZHENG)]
    for obligation, unit in reports:
        connection.execute(text(
            "INSERT INTO progress_report (obligation_id, unit_id, reported_on, done, note, "
            "created_at, created_by, version) VALUES (:o, :u, :d, :done, '', :at, 'tok', 1)"),
            {"o": obligation, "u": units[unit], "d": SENT.date(), "done": True, "at": SENT})
    for token, unit in (("t-fagai", FAGAI), ("t-long", FAGAI_LONG)):
        connection.execute(text(
            "INSERT INTO api_token (id, unit_id, role, token_hash, created_at) "
            "VALUES (:id, :u, 'reporter', :h, :at)"),
            {"id": token, "u": units[unit], "h": token * 4, "at": SENT})
    connection.execute(text(
        "INSERT INTO silence (unit_id, until, reason, created_by, created_at) "
        "VALUES (:u, :d, '', 'cli', :at)"), {"u": units[CAIZHENG], "d": SENT.date(), "at": SENT})
    for obligation, receiver, times in (("deadline:hz/一/1", FAGAI, 1),
                                        ("deadline:nb/二/1@2019", FAGAI_LONG, 2),
                                        ("deadline:nb/二/1@2019", FAGAI, 1)):
        connection.execute(text(
            "INSERT INTO alert_state (obligation_id, receiver, kind, last_sent_at, times_sent) "
            "VALUES (:o, :r, 'overdue', :at, :n)"),
            {"o": obligation, "r": receiver, "at": SENT + dt.timedelta(hours=times), "n": times})
    for digest, obligation in (("d1", "deadline:hz/一/1"), ("d2", "deadline:nb/二/1@2019")):
        payload = json.dumps({"receiver_unit": FAGAI, "items": [{"obligation_id": obligation}]})
        connection.execute(text(
            "INSERT INTO outbox_message (channel, receiver, digest_id, payload, status, attempts, "
            "next_attempt_at, created_at) VALUES ('mail', :r, :d, :p, 'pending', 0, :at, :at)"),
            {"r": FAGAI, "d": digest, "p": payload, "at": SENT})
    places = {name: _insert(connection, "INSERT INTO place (name, kind, parent) "
                                        "VALUES (:n, :k, :p)", n=name, k=kind, p=parent)
              for name, kind, parent in (("鹿城区", "district", "温州市"), ("泰顺", "county", None),
                                         ("泰顺县", "county", "温州市"), ("七都街道", "street", None))}
    connection.execute(text(
        "INSERT INTO pairing (developed_id, accelerated_id, confidence, source) "
        "VALUES (:d, :a, 'stated', 'test')"), {"d": places["鹿城区"], "a": places["泰顺"]})
    hz = connection.execute(text("SELECT id FROM document WHERE key = 'hz'")).scalar_one()
    connection.execute(text(
        "INSERT INTO placemention (place_id, document_id, source_path, source_start, source_end, "
        "source_quote) VALUES (:p, :d, '', 0, 1, '')"), {"p": places["七都街道"], "d": hz})
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


def _unit_rows(connection: Connection) -> dict[tuple[str, str], int]:
    rows = connection.execute(text(
        "SELECT j.full_name, u.name, u.id FROM unit u JOIN jurisdiction j "
        "ON j.id = u.jurisdiction_id")).all()
    return {(full, name): id_ for full, name, id_ in rows}


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
        links = connection.execute(text(
            "SELECT d.key, t.path, u.name, ju.full_name, tu.role FROM taskunit tu "
            "JOIN task t ON t.id = tu.task_id JOIN document d ON d.id = t.document_id "
            "JOIN unit u ON u.id = tu.unit_id JOIN jurisdiction ju ON ju.id = u.jurisdiction_id "
            "ORDER BY d.key, t.id, tu.position")).all()
        documents = dict(connection.execute(text(
            "SELECT d.key, j.full_name FROM document d JOIN jurisdiction j "
            "ON j.id = d.jurisdiction_id")).all())
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
        reports = dict(connection.execute(text(
            "SELECT obligation_id, unit_id FROM progress_report")).all())
        tokens = dict(connection.execute(text("SELECT id, unit_id FROM api_token")).all())
        silences = connection.execute(text("SELECT unit_id FROM silence")).scalars().all()
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
        states = connection.execute(text(
            "SELECT obligation_id, receiver, times_sent FROM alert_state "
            "ORDER BY obligation_id")).all()
        receivers = connection.execute(text(
            "SELECT digest_id, receiver FROM outbox_message ORDER BY digest_id")).all()
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
        ningbo = session.connection().execute(text(
            "SELECT id FROM jurisdiction WHERE full_name = :f"), {"f": NINGBO}).scalar_one()
        for spelling in (FAGAI, FAGAI_LONG, "发改委", STANDARD_FAGAI):
            found = find_unit(session=session, name=spelling, jurisdiction_id=ningbo)
            assert found is not None and found.id == units[(NINGBO, STANDARD_FAGAI)], spelling
        with pytest.raises(AmbiguousUnit) as raised:
            find_unit(session=session, name=FAGAI)
    assert {c.jurisdiction for c in raised.value.candidates} == {HANGZHOU, NINGBO}


def test_places_get_full_names_and_codes_and_one_division_is_one_place(migrated) -> None:
    engine, _ = migrated
    with engine.connect() as connection:
        places = connection.execute(text(
            "SELECT p.full_name, p.code, j.full_name FROM place p LEFT JOIN jurisdiction j "
            "ON j.id = p.jurisdiction_id ORDER BY p.full_name")).all()
        paired = connection.execute(text(
            "SELECT d.full_name, a.full_name FROM pairing JOIN place d ON d.id = developed_id "
            "JOIN place a ON a.id = accelerated_id")).all()
    # GB/T 2260: 鹿城区 330302, 泰顺县 330329; a street is named under the document's city.
    assert [tuple(p) for p in places] == [
        ("浙江省杭州市七都街道", None, None),
        ("浙江省温州市泰顺县", "330329000000", "浙江省温州市泰顺县"),
        ("浙江省温州市鹿城区", "330302000000", "浙江省温州市鹿城区"),
    ]
    # 泰顺 and 泰顺县 were one county: its pairing now points at the one place.
    assert [tuple(p) for p in paired] == [("浙江省温州市鹿城区", "浙江省温州市泰顺县")]
