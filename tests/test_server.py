"""GraphQL over HTTP and /healthz against the real app (TestClient, no network)."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.testclient import TestClient

from store import tables as t

# The app fixtures live with the schema tests; importing them makes them visible here.
from tests.schema.conftest import client, post_query, sample_engine  # noqa: F401

UNITS = "{ units { name } }"


def test_get_query_is_answered(client: TestClient  # noqa: F811
) -> None:
    response = client.get("/graphql", params={"query": '{ unit(name: "经合办") { name } }'})
    assert response.status_code == 200
    assert response.json() == {"data": {"unit": {"name": "市招商局"}}}


def test_post_json_query_with_variables_is_answered(client: TestClient  # noqa: F811
) -> None:
    body = post_query(client, "query($n: String!) { unit(name: $n) { name } }", n="市商务局")
    assert body == {"data": {"unit": {"name": "市商务局"}}}


def test_mutation_over_get_is_refused_with_405(client: TestClient  # noqa: F811
) -> None:
    response = client.get("/graphql", params={"query": "mutation { refreshGraph }"})
    assert response.status_code == 405


def test_mutation_over_post_rebuilds_the_graph_for_an_admin(
        client: TestClient, sample_engine: Engine  # noqa: F811
) -> None:
    from store.tokens import create_token

    with Session(sample_engine) as session:
        _, clear = create_token(session=session, unit_id=None, role="admin")
        session.commit()
    response = client.post("/graphql", json={"query": "mutation { refreshGraph }"},
                           headers={"Authorization": f"Bearer {clear}"})
    assert response.json() == {"data": {"refreshGraph": 1}}
    refused = post_query(client, "mutation { refreshGraph }")
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_errors_carry_codes_over_http(client: TestClient  # noqa: F811
) -> None:
    response = client.get("/graphql", params={"query": '{ place(name: "泰顺") { name } }'})
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert error["extensions"]["suggestions"] == ["泰顺县"]


def test_browser_get_serves_the_offline_playground(client: TestClient  # noqa: F811
) -> None:
    response = client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "/static/graphiql/graphiql.min.js" in response.text
    assert "unpkg.com" not in response.text


def test_healthz_reports_version_and_counts(client: TestClient  # noqa: F811
) -> None:
    body = client.get("/healthz").json()
    assert body["ok"] is True
    assert body["version"] == 1
    # graph.sample: 4 units, 3 tasks, 2 places, 1 target, 3 obligations (2 deadlines + 1 target)
    assert {k: body["counts"][k] for k in ("Unit", "Task", "Place", "Target", "Obligation")} == {
        "Unit": 4, "Task": 3, "Place": 2, "Target": 1, "Obligation": 3}


def test_graph_is_rebuilt_when_another_writer_bumps_the_version(client: TestClient  # noqa: F811
,
                                                                 sample_engine: Engine,  # noqa: F811
) -> None:
    assert len(post_query(client, UNITS)["data"]["units"]) == 4
    # Another process writes a unit and bumps the version in one transaction.
    with Session(sample_engine) as session:
        session.add(t.Unit(name="市审计局", level="city"))
        row = session.get(t.DataVersion, 1)
        assert row is not None
        row.version += 1
        session.add(row)
        session.commit()
    assert client.get("/healthz").json()["version"] == 2
    body = client.get("/graphql", params={"query": '{ unit(name: "市审计局") { name } }'}).json()
    assert body == {"data": {"unit": {"name": "市审计局"}}}
