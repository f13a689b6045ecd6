"""/metrics over several processes: prometheus-client's multiprocess folder, summed by
whichever process answers the scrape (real child processes, each with its own
interpreter, as uvicorn's workers are)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from observability.metrics import Metrics
from tests.conftest import PROJECT_ROOT

WORKER = """
import sys
from observability.metrics import Metrics
m = Metrics(multiprocess_dir=sys.argv[1])
m.gauge_from("policygraph_live_subscriptions", "Served.", lambda: float(sys.argv[3]))
for _ in range(int(sys.argv[2])):
    m.observe(route="/graphql", method="POST", status=200, seconds=0.01)
m.observe(route="/graphql", method="POST", status=429, seconds=0.001)
m.exposition()  # a scrape refreshes this process's gauge
if sys.argv[4] == "stop":
    m.close()
"""

SCRAPE = """
import sys
from observability.metrics import Metrics
sys.stdout.write(Metrics(multiprocess_dir=sys.argv[1]).exposition().decode())
"""


def run(code: str, folder: Path, *args: str) -> str:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(folder),
           "PYTHONPATH": str(PROJECT_ROOT)}
    done = subprocess.run([sys.executable, "-c", code, str(folder), *args], cwd=PROJECT_ROOT,
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_a_scrape_sums_the_counters_of_every_process(tmp_path: Path) -> None:
    run(WORKER, tmp_path, "3", "2", "keep")
    run(WORKER, tmp_path, "4", "5", "stop")  # stopped: its live gauge leaves the sum
    page = run(SCRAPE, tmp_path)
    assert 'policygraph_http_requests_total{method="POST",route="/graphql",status="200"} 7.0' in page
    assert 'policygraph_http_errors_total{kind="client",route="/graphql"} 2.0' in page
    assert 'policygraph_http_request_duration_seconds_count{route="/graphql"} 9.0' in page
    assert "policygraph_live_subscriptions 2.0" in page
    assert page.count("# TYPE policygraph_http_requests_total counter") == 1


def test_a_metrics_folder_without_multiprocess_mode_stops_the_start(tmp_path: Path) -> None:
    # this test process imported prometheus-client without PROMETHEUS_MULTIPROC_DIR
    with pytest.raises(ValueError, match="PROMETHEUS_MULTIPROC_DIR"):
        Metrics(multiprocess_dir=str(tmp_path))
