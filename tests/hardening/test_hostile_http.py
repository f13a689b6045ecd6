"""Hostile HTTP requests get clear 4xx answers, never a 500: deeply nested JSON, days far
outside the documents, absurd oEmbed sizes; every response carries the security
headers; a unit whose name holds "/" is reachable in widget and calendar routes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from graph.sample import fill_sample
from server import create_app
from settings import Settings
from store import tables as t
from store.db import make_engine
from store.readback import first_row
from store.setup import init_db

SLASHED = "市住房/城乡建设局"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    engine: Engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('http')}/p.db")
    init_db(engine)
    with Session(engine) as session:
        fill_sample(session)
        task = first_row(session=session, model=t.Task)
        assert task is not None and task.id is not None
        unit = t.Unit(name=SLASHED, level="city")
        session.add(unit)
        session.flush()
        session.add(t.TaskUnit(task_id=task.id, unit_id=unit.id or 0, role="co"))
        session.commit()
    settings = Settings(version_check_seconds=0, json_logs=False, rate_limit_ip=0,
                        rate_limit_token=0)
    with TestClient(create_app(engine, settings=settings), raise_server_exceptions=False) as c:
        yield c


def test_a_hundred_thousand_levels_of_json_are_a_400(client: TestClient) -> None:
    body = (b'{"query": "{ units { name } }", "variables": {"x": ' + b"[" * 100_000
            + b"]" * 100_000 + b"}}")
    response = client.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_deep_variables_in_a_get_are_a_400(client: TestClient) -> None:
    response = client.get("/graphql", params={"query": "{ units { name } }",
                                              "variables": "[" * 3000 + "]" * 3000})
    assert response.status_code == 400


def test_ordinary_nesting_still_works(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": "query($x: String!) { search(text: $x) "
                                                      "{ kind } }",
                                             "variables": {"x": "[[[{{{" * 30}})
    assert response.status_code == 200 and response.json()["data"] == {"search": []}


@pytest.mark.parametrize("url", ["/?asOf=9999-12-29", "/calendar/经合办.ics?as_of=9999-12-31",
                                 "/embed/overdue?asOf=9000-01-01",
                                 "/export/obligations.csv?asOf=0001-01-01",
                                 "/oembed?url=http://testserver/embed/overdue&maxwidth=" + "9" * 4301,
                                 "/oembed?url=http://testserver/embed/overdue&maxheight=-1"])
def test_hostile_parameters_are_a_400(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400, response.text[:200]
    assert len(response.text) < 20_000


@pytest.mark.parametrize("url", ["/graphql", "/healthz", "/metrics", "/nope",
                                 "/calendar/市招商局.ics", "/embed/overdue", "/oembed",
                                 "/export/targets.csv"])
def test_every_response_carries_csp_and_nosniff(client: TestClient, url: str) -> None:
    response = client.get(url, headers={"accept": "text/html"})
    assert response.headers["x-content-type-options"] == "nosniff"
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors" in policy and "default-src" in policy


def test_widgets_keep_their_own_framing_policy(client: TestClient) -> None:
    app = client.app
    framed = app.state.settings.model_copy(update={"frame_ancestors": "https://wiki.example.org"})
    app.state.settings, plain = framed, app.state.settings
    try:
        policy = client.get("/embed/overdue").headers["content-security-policy"]
    finally:
        app.state.settings = plain
    assert policy.endswith("frame-ancestors 'self' https://wiki.example.org")
    assert client.get("/healthz").headers["content-security-policy"].endswith(
        "frame-ancestors 'none'")


def test_a_unit_named_with_a_slash_is_reachable(client: TestClient) -> None:
    encoded = quote(SLASHED, safe="")
    card = client.get(f"/embed/unit/{encoded}")
    assert card.status_code == 200 and "城乡建设局" in card.text
    calendar = client.get(f"/calendar/{encoded}.ics")
    assert calendar.status_code == 200 and calendar.text.startswith("BEGIN:VCALENDAR")
    assert client.get("/calendar/place/泰顺县.ics").status_code == 200  # places still first


@pytest.mark.parametrize("url", ["/embed/unit/{}", "/calendar/{}.ics", "/embed/overdue?unit={}",
                                 "/oembed?url=http://evil.example/{}"])
def test_an_unknown_long_name_is_echoed_only_as_a_prefix(client: TestClient, url: str) -> None:
    name = "局" * 3000
    response = client.get(url.format(quote(name)))
    assert response.status_code in (400, 404)
    shown = re.sub(r'href="[^"]*"', "", response.text)  # the page's link to itself aside
    assert name[:200] not in shown and "局" * 40 in shown
