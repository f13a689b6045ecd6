"""Durability: SIGKILL the server in the middle of a stream of progress reports (SQLite
in WAL mode, then PostgreSQL); after a restart every acknowledged report is there, whole,
with its audit entry.  Several writer processes against two server processes lose nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from store.audit import AuditEntry
from store.db import make_engine
from store.ingest import load_bundled
from store.progress.tables import ProgressReport
from store.readback import integrity_check, journal_mode, stored_rows
from store.tokens import create_token
from tests.conftest import BACKENDS
from tests.hardening.conftest import record_figure
from tests.hardening.server_process import ServerProcess, stream_reports

pytestmark = pytest.mark.slow


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    """A corpus database on a SQLite file (WAL) or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'policygraph.db'}"
    else:
        url = request.getfixturevalue("pg_cluster").create_database()
    engine = make_engine(url)
    load_bundled(engine=engine)
    if request.param == "sqlite":
        with engine.connect() as connection:
            assert journal_mode(connection=connection) == "wal"
    yield url, engine
    engine.dispose()


def admin_token(engine: Engine) -> str:
    with Session(engine) as session:
        _, clear = create_token(session=session, unit_id=None, role="admin")
        session.commit()
    return clear


def obligation_ids(base: str) -> list[str]:
    answer = httpx.post(f"{base}/graphql", json={"query": '{ obligations(asOf: "2019-06-01", '
                                                          'first: 5) { nodes { key } } }'}).json()
    return [n["key"] for n in answer["data"]["obligations"]["nodes"]]


def stored(engine: Engine, prefix: str) -> dict[str, ProgressReport]:
    with Session(engine) as session:
        reports = stored_rows(session=session, model=ProgressReport, where=[
            col(ProgressReport.note).like(f"{prefix}-%")])
    notes = [r.note for r in reports]
    assert len(notes) == len(set(notes)), "a report was stored twice"
    return {r.note: r for r in reports}


def assert_whole(engine: Engine, rows: dict[str, ProgressReport], obligations: list[str]) -> None:
    """Every stored report is complete and has the audit entry written with it."""
    with Session(engine) as session:
        audits = stored_rows(session=session, model=AuditEntry, where=[
            AuditEntry.action == "report_progress"])
    audited = {json.loads(a.new_value or "{}").get("id") for a in audits}
    for note, row in rows.items():
        index = int(note.rsplit("-", 1)[1])
        assert row.obligation_id in obligations and row.done is True
        assert str(row.reported_on) == "2019-06-01"
        assert row.id in audited, f"report {row.id} has no audit entry"
        assert index >= 0


def test_sigkill_mid_stream_loses_no_acknowledged_report(
        database: tuple[str, Engine], tmp_path: Path, request: pytest.FixtureRequest) -> None:
    url, engine = database
    backend = request.node.callspec.params["database"]
    token = admin_token(engine)
    server = ServerProcess(url, tmp_path / "server.log")
    obligations = obligation_ids(server.base)
    prefix = f"kill-{backend}"
    acknowledged: list[tuple[int, str]] = []
    writer = threading.Thread(target=stream_reports, args=(
        [server.base], token, obligations, prefix, 400), kwargs={"into": acknowledged})
    writer.start()
    deadline = time.monotonic() + 30
    while len(acknowledged) < 20 and time.monotonic() < deadline:
        time.sleep(0.005)  # well into the stream, far from its end
    server.kill()
    writer.join(timeout=60)
    restarted = ServerProcess(url, tmp_path / "server.log")
    try:
        assert httpx.get(f"{restarted.base}/healthz").json()["ok"] is True
        rows = stored(engine, prefix)
    finally:
        restarted.kill()
    sent_before_kill = len(acknowledged)
    assert 0 < sent_before_kill < 400, "the kill did not land mid-stream"
    missing = [note for _, note in acknowledged if note not in rows]
    assert not missing, f"acknowledged but lost: {missing[:5]}"
    assert all(rows[note].id == report_id for report_id, note in acknowledged)
    # at most the one report in flight at the kill may be stored without an acknowledgement
    assert len(rows) - sent_before_kill in (0, 1)
    assert_whole(engine, rows, obligations)
    if backend == "sqlite":
        with engine.connect() as connection:
            assert integrity_check(connection=connection) == "ok"
    log = (tmp_path / "server.log").read_text(errors="replace")
    assert token not in log
    record_figure(f"sigkill_{backend}", {"acknowledged": sent_before_kill,
                                         "found_after_restart": len(rows)})


def test_concurrent_writer_processes_lose_nothing(database: tuple[str, Engine], tmp_path: Path,
                                                  request: pytest.FixtureRequest) -> None:
    url, engine = database
    backend = request.node.callspec.params["database"]
    token = admin_token(engine)
    servers = [ServerProcess(url, tmp_path / f"server{i}.log") for i in range(2)]
    try:
        obligations = obligation_ids(servers[0].base)
        bases = ",".join(s.base for s in servers)
        writers = [subprocess.Popen([sys.executable, "-m", "tests.hardening.server_process",
                                     bases, token, f"conc-{backend}-w{w}", "30",
                                     str(tmp_path / f"acks{w}.tsv"), *obligations],
                                    cwd=Path(__file__).resolve().parents[2])
                   for w in range(4)]
        for writer in writers:
            assert writer.wait(timeout=120) == 0
    finally:
        for server in servers:
            server.kill()
    acknowledged = [line.split("\t")[1] for w in range(4)
                    for line in (tmp_path / f"acks{w}.tsv").read_text().splitlines()]
    rows = stored(engine, f"conc-{backend}")
    assert len(acknowledged) == 4 * 30, "a writer was refused (busy database?)"
    assert sorted(rows) == sorted(acknowledged)
    assert_whole(engine, rows, obligations)
    record_figure(f"concurrent_writers_{backend}", {"processes": 4, "servers": 2,
                                                    "acknowledged": len(acknowledged),
                                                    "found": len(rows)})
