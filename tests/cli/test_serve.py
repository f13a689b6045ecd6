"""``policygraph serve`` starts a real HTTP server on loopback."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.pg_cluster import free_port

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_serve_load_bundled_loads_the_corpus_and_answers_healthz_on_loopback(tmp_path: Path) -> None:
    port = free_port()
    db_file = tmp_path / "serve.db"
    command = [
        sys.executable, "-m", "cli.main", "--database-url", f"sqlite:///{db_file}",
        "serve", "--host", "127.0.0.1", "--port", str(port), "--load-bundled",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        deadline = time.monotonic() + 60
        response = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert response is not None, (
            process.communicate(timeout=5)[0] if process.poll() is not None else "no answer"
        )
        assert response.status_code == 200
        # Two bundled documents ingested, one DataVersion bump each.
        assert response.json()["version"] == 2
        assert db_file.exists()
    finally:
        process.terminate()
        process.wait(timeout=10)
