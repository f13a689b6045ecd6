"""What a benchmark run records of where it ran: the machine and the server's memory.

The machine is nproc, memory, CPU model, Python and the commit measured; the serving
process's memory is its resident set and peak, also per 100,000 tasks so the scales
compare.  :mod:`bench.run` writes both into its record.
"""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path
from typing import Any

from bench.servers import ROOT, Served


def machine() -> dict[str, Any]:
    """nproc, memory, CPU model, Python and the commit measured."""
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    memory = next((line.split(":", 1)[1].strip() for line in
                   Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), "?")
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    return {"nproc": os.cpu_count(), "memory": memory, "cpu": cpu,
            "python": platform.python_version(), "commit": commit}


def server_memory(served: Served, tasks: int) -> dict[str, float]:
    """The serving process's memory now, with each figure also per 100,000 tasks."""
    memory: dict[str, float] = dict(served.memory())
    for key in ("rss_bytes", "peak_rss_bytes"):
        memory[key.replace("_bytes", "_bytes_per_100k_tasks")] = (
            memory[key] / tasks * 100_000 if tasks else 0.0)
    return memory
