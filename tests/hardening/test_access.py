"""Access over real HTTP: every mutation and the audit trail refuse a missing, wrong,
expired or other-unit token, refusals store nothing, and no log line holds a token."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from server import create_app
from settings import Settings
from store.crud.units import find_unit
from store.db import make_engine
from store.ingest import load_bundled
from store.progress.tables import ProgressReport
from store.readback import count_rows
from store.tokens import create_token
from tests.hardening.conftest import post
from tests.live_server import serve


@dataclass
class Site:
    base: str
    engine: Engine
    tokens: dict[str, str]
    obligation: str  # an obligation owned by 市招商局 (the "owner" token's unit)


def _obligation_of(base: str, unit: str) -> str:
    found = post(base, 'query($u: String) { obligations(asOf: "2019-06-01", unit: $u, first: 1)'
                       ' { nodes { id owners { name } } } }', {"u": unit}).json()
    node = found["data"]["obligations"]["nodes"][0]
    assert unit in [o["name"] for o in node["owners"]]
    return str(node["id"])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    path: Path = tmp_path_factory.mktemp("access") / "policygraph.db"
    engine = make_engine(f"sqlite:///{path}")
    load_bundled(engine=engine)
    with Session(engine) as session:
        owner = find_unit(session=session, name="市招商局")
        other = find_unit(session=session, name="市财政局")
        assert owner is not None and other is not None
        past = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
        tokens = {role: create_token(session=session, unit_id=unit_id, role=kind,
                                     expires_at=expires)[1]
                  for role, unit_id, kind, expires in [
                      ("admin", None, "admin", None), ("owner", owner.id, "reporter", None),
                      ("other_unit", other.id, "reporter", None),
                      ("expired", owner.id, "reporter", past),
                      ("viewer", None, "viewer", None)]}
        session.commit()
    app = create_app(engine=engine, settings=Settings(rate_limit_ip=0, rate_limit_token=0))
    with serve(app) as base:
        yield Site(base, engine, tokens, _obligation_of(base, "市招商局"))
    engine.dispose()


def reports(engine: Engine) -> int:
    with Session(engine) as session:
        return count_rows(session=session, model=ProgressReport)


CREDENTIALS = {
    "missing": None,
    "wrong": "Bearer pg_0badc0ffee00_notARealSecretAtAll",
    "expired": "expired",
    "other_unit": "other_unit",
}


def header(site: Site, credential: str) -> dict[str, str]:
    value = CREDENTIALS[credential]
    if value is None:
        return {}
    if value.startswith("Bearer "):
        return {"authorization": value}
    return {"authorization": f"Bearer {site.tokens[value]}"}


def forbidden(response_json: dict) -> bool:
    errors = response_json.get("errors") or []
    return bool(errors) and all(e["extensions"]["code"] == "FORBIDDEN" for e in errors)


REPORT = ('mutation($o: ID!) { reportProgress(input: {obligationId: $o, reportedOn: "2019-06-01",'
          ' done: true}) { report { id } } }')


@pytest.mark.parametrize("credential", sorted(CREDENTIALS))
def test_report_progress_is_refused_and_stores_nothing(site: Site, credential: str) -> None:
    before = reports(site.engine)
    answer = post(site.base, REPORT, {"o": site.obligation}, headers=header(site, credential))
    assert forbidden(answer.json()), answer.text
    assert reports(site.engine) == before


@pytest.mark.parametrize("credential", sorted(CREDENTIALS))
def test_retract_report_is_refused(site: Site, credential: str) -> None:
    made = post(site.base, REPORT, {"o": site.obligation},
                headers={"authorization": f"Bearer {site.tokens['owner']}"}).json()
    report_id = made["data"]["reportProgress"]["report"]["id"]
    answer = post(site.base, "mutation($r: Int!) { retractReport(input: {reportId: $r}) "
                             "{ report { retracted } } }", {"r": report_id},
                  headers=header(site, credential))
    assert forbidden(answer.json()), answer.text


@pytest.mark.parametrize("credential", ["missing", "wrong", "expired"])
def test_import_progress_sheet_is_refused(site: Site, credential: str) -> None:
    before = reports(site.engine)
    sheet = (f"obligation_id,unit,reported_on,done\n{site.obligation},"
             f"市招商局,2019-06-01,true\n").encode()
    operations = {"query": "mutation($f: Upload!) { importProgressSheet(input: {file: $f}) "
                           "{ __typename } }", "variables": {"f": None}}
    answer = httpx.post(f"{site.base}/graphql", timeout=30,
                        headers={**header(site, credential), "Apollo-Require-Preflight": "1"},
                        data={"operations": json.dumps(operations),
                              "map": json.dumps({"0": ["variables.f"]})},
                        files={"0": ("a.csv", sheet, "text/csv")})
    assert forbidden(answer.json()), answer.text
    assert reports(site.engine) == before


@pytest.mark.parametrize("credential", ["missing", "wrong", "expired", "other_unit"])
def test_the_audit_trail_is_refused(site: Site, credential: str) -> None:
    # other_unit is a reporter: the audit trail is for viewers and admins only
    answer = post(site.base, "{ auditTrail(first: 5) { totalCount } }",
                  headers=header(site, credential))
    assert forbidden(answer.json()), answer.text


def test_the_right_tokens_are_accepted(site: Site) -> None:
    viewer = {"authorization": f"Bearer {site.tokens['viewer']}"}
    assert post(site.base, "{ auditTrail(first: 1) { totalCount } }",
                headers=viewer).json()["data"]["auditTrail"]["totalCount"] > 0
    before = reports(site.engine)
    owner = {"authorization": f"Bearer {site.tokens['owner']}"}
    assert "errors" not in post(site.base, REPORT, {"o": site.obligation}, headers=owner).json()
    assert reports(site.engine) == before + 1


@pytest.mark.parametrize("credential", ["missing"])
def test_refresh_graph_is_refused(site: Site, credential: str) -> None:
    answer = post(site.base, "mutation { refreshGraph }", headers=header(site, credential))
    assert forbidden(answer.json())


def test_no_log_line_holds_a_token(site: Site, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for name, token in site.tokens.items():
        post(site.base, REPORT, {"o": site.obligation}, headers={"authorization": f"Bearer {token}"})
        post(site.base, "{ auditTrail(first: 1) { totalCount } }",
             headers={"authorization": f"Bearer {token}"})
        post(site.base, "{ __typename }", headers={"authorization": f"Bearer {token}x"})
        assert name
    # The access line is written after the last byte is sent, so the client can read its answer
    # a moment before the server thread logs it: wait for the lines rather than race them.
    expected = 3 * len(site.tokens)
    deadline = time.monotonic() + 5
    while (len([r for r in caplog.records if r.name == "policygraph.access"]) < expected
           and time.monotonic() < deadline):
        time.sleep(0.02)
    text = "\n".join(r.getMessage() for r in caplog.records)
    access = [r for r in caplog.records if r.name == "policygraph.access"]
    assert len(access) >= expected, "the access log did not capture the requests"
    for token in site.tokens.values():
        assert token not in text
        assert token.split("_", 2)[2] not in text  # not even the secret part (pg_<id>_<secret>)
    # No header value either (a refusal's advice may name the header, never its value).
    leaked = [line for line in text.splitlines() if "bearer pg_" in line.lower()]
    assert not leaked, leaked[:3]
