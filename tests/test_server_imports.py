"""A server on SQLite with no alert channel configured does not load the libraries only a
PostgreSQL listener (psycopg), an HTTP alert channel (httpx) or a workbook download
(openpyxl) needs: each would stay in every serving process's memory for nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# A fresh interpreter: this test process has imported everything already.
# Its lifespan is run directly: Starlette's test client is itself built on httpx.
_STARTED = """
import asyncio, json, sys
from server import create_app
from settings import Settings

app = create_app(settings=Settings(database_url="sqlite:///{db}"))

async def start():
    async with app.router.lifespan_context(app):
        return app.state.holder.current().version

version = asyncio.run(start())
print(json.dumps({{"version": version,
                  "loaded": sorted(m for m in ("httpx", "openpyxl", "psycopg") if m in sys.modules)}}))
"""


def test_a_started_sqlite_server_loads_neither_psycopg_nor_httpx_nor_openpyxl(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", _STARTED.format(db=tmp_path / "pg.db")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report == {"version": 0, "loaded": []}


def test_a_channel_class_is_still_importable_from_the_package() -> None:
    from alerts.channels import DingTalkChannel, build_channel

    channel = build_channel({"type": "dingtalk", "url": "http://127.0.0.1:9/send"})
    assert type(channel) is DingTalkChannel
