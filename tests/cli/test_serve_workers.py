"""Several server processes on one PostgreSQL, as real ``policygraph serve`` processes:
``--workers N`` refused on SQLite, ``/metrics`` summing every worker, a write through one
process read through another within 5 s, and one rate limit across processes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest

from cli.serve import metrics_folder
from store.db import make_engine
from store.ingest import load_bundled
from tests.conftest import PROJECT_ROOT
from tests.pg_cluster import PgCluster, free_port
from tests.schema.conftest import PLAN_REVIEW, make_token

REPORT = """mutation($id: ID!) { reportProgress(input: {obligationId: $id,
  reportedOn: "2019-03-01", done: true, note: "规划评审已完成"}) { report { id } } }"""
DONE_LATE = """{ obligations(asOf: "2019-06-01", status: DONE_LATE)
  { nodes { key reports { note } } } }"""


def serve_command(url: str, port: int, *extra: str) -> list[str]:
    return [sys.executable, "-m", "cli.main", "--database-url", url, "serve",
            "--host", "127.0.0.1", "--port", str(port), *extra]


@contextmanager
def served(url: str, *extra: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """``policygraph serve`` on a free loopback port until ``/healthz`` answers; yields
    its base URL and stops it (SIGTERM, uvicorn stops its workers) afterwards."""
    port = free_port()
    process = subprocess.Popen(serve_command(url, port, *extra), cwd=PROJECT_ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, **(env or {})})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise AssertionError(process.communicate(timeout=5)[1][-3000:])
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, f"{base} did not start"
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def corpus_database(cluster: PgCluster, prefix: str) -> tuple[str, str]:
    """A new database with the bundled corpus and an admin token."""
    url = cluster.create_database(prefix)
    engine = make_engine(url)
    try:
        assert load_bundled(engine=engine)
        return url, make_token(engine, "admin")
    finally:
        engine.dispose()


def metric(page: str, name: str, **labels: str) -> float:
    """The value of one sample of a text exposition (0 when absent)."""
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    found = re.search(rf"^{re.escape(name)}\{{{re.escape(wanted)}\}} (\S+)$", page, re.M)
    return float(found.group(1)) if found else 0.0


def test_workers_are_refused_on_sqlite_saying_why(tmp_path: Path) -> None:
    db_file = tmp_path / "one.db"
    done = subprocess.run(serve_command(f"sqlite:///{db_file}", free_port(), "--workers", "2"),
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "POLICYGRAPH_LANG": "en"})
    assert done.returncode == 2
    assert "--workers 2 needs a PostgreSQL database" in done.stderr
    assert "SQLite allows one writer" in done.stderr
    assert not db_file.exists(), "nothing was migrated before the refusal"


@pytest.mark.parametrize(("workers", "bound"), [("0", "greater than or equal to 1"),
                                               ("65", "less than or equal to 64")])
def test_workers_outside_one_to_sixty_four_are_refused(tmp_path: Path, workers: str,
                                                       bound: str) -> None:
    done = subprocess.run(serve_command(f"sqlite:///{tmp_path / 'x.db'}", free_port(),
                                        "--workers", workers),
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "COLUMNS": "200"})
    assert done.returncode == 2
    assert "--workers" in done.stderr and bound in done.stderr


@pytest.mark.postgres
def test_metrics_of_two_workers_count_the_requests_every_worker_answered(
        pg_cluster: PgCluster, tmp_path: Path) -> None:
    url = pg_cluster.create_database("workers")
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    (metrics_dir / "counter_1.db").write_bytes(b"left by an earlier run")
    with served(url, "--workers", "2", env={"POLICYGRAPH_METRICS_DIR": str(metrics_dir),
                                           "POLICYGRAPH_RATE_LIMIT_IP": "0"}) as base:
        pids: list[int] = []
        deadline = time.monotonic() + 30
        while len(set(pids)) < 2 or len(pids) < 20:  # new connections, spread by the kernel
            assert time.monotonic() < deadline, f"one worker answered everything: {set(pids)}"
            pids.append(httpx.get(base + "/healthz", timeout=5).json()["pid"])
        for _ in range(20):
            assert httpx.post(base + "/graphql", json={"query": "{ __typename }"},
                              timeout=5).status_code == 200
        page = httpx.get(base + "/metrics", timeout=5).text
        assert not (metrics_dir / "counter_1.db").exists(), "the folder was emptied at start"
        assert len(list(metrics_dir.glob("counter_*.db"))) >= 2, "one file per worker"
    # the sum over both workers, whichever answered the scrape; /healthz counted from
    # the first answer on (the polls before it found no worker listening)
    graphql = metric(page, "policygraph_http_requests_total",
                     method="POST", route="/graphql", status="200")
    health = metric(page, "policygraph_http_requests_total",
                    method="GET", route="/healthz", status="200")
    assert graphql == 20
    assert health >= len(pids) + 1
    assert metric(page, "policygraph_http_request_duration_seconds_count", route="/graphql") == 20
    assert 'policygraph_auth_failures_total{reason="missing_token"}' in page
    assert "policygraph_live_subscriptions" in page
    assert page.count("# TYPE policygraph_http_requests_total counter") == 1


@pytest.mark.postgres
def test_a_report_through_one_process_is_read_through_another_within_five_seconds(
        pg_cluster: PgCluster) -> None:
    url, admin = corpus_database(pg_cluster, "visible")
    # no version checks by requests: only the change note reaches the other process
    env = {"POLICYGRAPH_VERSION_CHECK_SECONDS": "3600"}
    with ExitStack() as stack:
        writing = stack.enter_context(served(url, env=env))
        reading = stack.enter_context(served(url, env=env))
        assert httpx.get(writing + "/healthz").json()["pid"] != httpx.get(
            reading + "/healthz").json()["pid"]
        before = httpx.post(reading + "/graphql", json={"query": DONE_LATE}, timeout=30).json()
        assert PLAN_REVIEW not in [n["key"] for n in before["data"]["obligations"]["nodes"]]
        written = httpx.post(writing + "/graphql", headers={"Authorization": f"Bearer {admin}"},
                             json={"query": REPORT, "variables": {"id": PLAN_REVIEW}}, timeout=30)
        assert not written.json().get("errors"), written.json()
        started, seen = time.monotonic(), None
        while time.monotonic() - started < 5:
            nodes = httpx.post(reading + "/graphql", json={"query": DONE_LATE},
                               timeout=5).json()["data"]["obligations"]["nodes"]
            seen = next((n for n in nodes if n["key"] == PLAN_REVIEW), None)
            if seen is not None:
                break
            time.sleep(0.05)
        print(f"\nPostgreSQL, report through one serve process read through another "
              f"{time.monotonic() - started:.2f} s after the writer's answer")
        assert seen == {"key": PLAN_REVIEW, "reports": [{"note": "规划评审已完成"}]}


@pytest.mark.postgres
def test_a_rate_limit_shared_by_two_processes_refuses_the_request_past_it_overall(
        pg_cluster: PgCluster) -> None:
    url = pg_cluster.create_database("limits")
    env = {"POLICYGRAPH_RATE_LIMIT_IP": "5"}
    with ExitStack() as stack:
        first = stack.enter_context(served(url, env=env))
        second = stack.enter_context(served(url, env=env))
        while time.time() % 60 > 45:  # all six within one minute: none weighs a past one
            time.sleep(0.5)
        answers = [httpx.post((first, second)[i % 2] + "/graphql",
                              json={"query": "{ __typename }"}, timeout=10) for i in range(6)]
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 200, 429]
    refused = answers[-1]
    assert 1 <= int(refused.headers["retry-after"]) <= 120
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


def test_a_temporary_metrics_folder_is_made_for_several_workers_and_removed_after(
        monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PROMETHEUS_MULTIPROC_DIR", "POLICYGRAPH_METRICS_DIR"):
        monkeypatch.setenv(name, "")  # restored after the test: the folder is exported
    with metrics_folder(None, 2) as folder:
        assert folder is not None and folder.is_dir()
        assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == str(folder)
    assert not folder.exists()
    with metrics_folder(None, 1) as none:
        assert none is None  # one process counts in its own memory


def test_a_configured_metrics_folder_is_emptied_of_metric_files_and_kept(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("PROMETHEUS_MULTIPROC_DIR", "POLICYGRAPH_METRICS_DIR"):
        monkeypatch.setenv(name, "")
    (tmp_path / "gauge_livesum_7.db").write_bytes(b"old")
    (tmp_path / "notes.txt").write_text("mine")
    with metrics_folder(str(tmp_path), 1) as folder:
        assert folder == tmp_path
        assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    assert tmp_path.is_dir()
