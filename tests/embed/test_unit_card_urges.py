"""The unit card lists the unit's latest urges (催办): when, by whom, how many, the note."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.readback import one_value
from store.tables import Unit
from store.urges import Named, record_urge
from tests.alerts.corpus_copy import corpus_db, corpus_template, corpus_url  # noqa: F401
from tests.schema.conftest import make_client

PLAN = "deadline:000_a92242b81cc0d015/二(二)2/1"
PARK = "deadline:000_a92242b81cc0d015/二(二)3/1"


def test_the_unit_card_lists_its_urges_newest_first(corpus_db: Engine) -> None:  # noqa: F811
    with Session(corpus_db) as session:
        unit_id = one_value(session=session, column=Unit.id, where=[Unit.name == "市规划局"])
        assert unit_id is not None
        for at, note, named in [
                (dt.datetime(2019, 1, 2, 1, 0, tzinfo=dt.UTC), "请报进展", [Named(PLAN, "overdue")]),
                (dt.datetime(2019, 1, 3, 1, 30, tzinfo=dt.UTC), "",
                 [Named(PLAN, "overdue"), Named(PARK, "overdue")])]:
            record_urge(session=session, unit_id=unit_id, receiver="浙江省温州市/市规划局",
                        as_of=at.date(), note=note, sender="温州市委督查室", obligations=named,
                        channels=["webhook"], actor="cli", actor_role="admin", now=at)
            session.commit()
    with make_client(corpus_db) as client:
        html = client.get("/embed/unit/市规划局").text
        markdown = client.get("/embed/unit/市规划局?format=md").text
    assert "<h2>催办记录</h2>" in html
    # Beijing time: 01:30 UTC is 09:30 the same day; newest first
    first, second = html.index("2019-01-03 09:30"), html.index("2019-01-02 09:00")
    assert first < second
    assert "温州市委督查室催办 2 项" in html and "温州市委督查室催办 1 项" in html
    assert "请报进展" in html
    assert "- 2019-01-02 09:00 温州市委督查室催办 1 项：请报进展" in markdown


def test_a_unit_never_urged_shows_no_urge_section(corpus_db: Engine) -> None:  # noqa: F811
    with make_client(corpus_db) as client:
        assert "催办记录" not in client.get("/embed/unit/市规划局").text
