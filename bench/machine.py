"""What a benchmark ran on (processor, cores, memory, system, Python, time), for docs/performance.md."""

from __future__ import annotations

import datetime
import os
import platform
from pathlib import Path


def machine() -> dict:
    cpu, cores = platform.processor() or platform.machine(), os.cpu_count()
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
        models = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
        cpu = models[0] if models else cpu
    except OSError:
        pass
    ram = "?"
    try:
        meminfo = Path("/proc/meminfo").read_text()
        kb = int(next(line for line in meminfo.splitlines() if line.startswith("MemTotal")).split()[1])
        ram = f"{kb / 1024 / 1024:.1f} GB"
    except (OSError, StopIteration, ValueError):
        pass
    return {
        "cpu": cpu,
        "cores": cores,
        "ram": ram,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
    }
