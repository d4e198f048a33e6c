"""Result rows (the format every benchmarks/ script writes; see benchmarks/README.md)."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
from pathlib import Path


def median(values: list[float] | None) -> float | None:
    return statistics.median(values) if values else None


def met_ratio(ours: list[float], baseline: list[float] | None, max_ratio: float) -> bool | None:
    """Whether median(ours) / median(baseline) is within ``max_ratio``."""
    if not ours or not baseline or not median(baseline):
        return None
    return median(ours) / median(baseline) <= max_ratio


def row(
    metric: str,
    size: str,
    unit: str,
    ours: list[float],
    baseline: list[float] | None = None,
    baseline_label: str | None = None,
    target: str | None = None,
    met: bool | None = None,
    note: str = "",
) -> dict:
    return {
        "metric": metric,
        "size": size,
        "unit": unit,
        "ours": [round(v, 3) for v in ours],
        "baseline": None if baseline is None else [round(v, 3) for v in baseline],
        "baseline_label": baseline_label,
        "target": target,
        "met": met,
        "note": note,
    }


def chromium_version() -> str:
    try:
        out = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True)
        return out.stdout.strip().replace("Chromium ", "") or "unknown"
    except OSError:
        return "not installed"


def versions(*extra: str) -> dict:
    """mlflow, jupyterlab, python, and what ``extra`` names ("chromium", "node")."""
    import jupyterlab
    import mlflow

    out = {
        "mlflow": mlflow.__version__,
        "jupyterlab": jupyterlab.__version__,
        "python": platform.python_version(),
    }
    if "chromium" in extra:
        out["chromium"] = chromium_version()
    if "node" in extra:
        out["node"] = subprocess.run(
            ["node", "--version"], capture_output=True, text=True
        ).stdout.strip()
    return out


def machine() -> dict:
    """CPU model, cores, RAM and the load average now (the figures depend on it)."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": ram,
        "os": platform.platform(terse=True),
        "load": [round(x, 2) for x in os.getloadavg()],
    }


def write_suite(
    path: str | Path, suite: str, title: str, method: str, rows: list[dict], versions: dict
) -> None:
    Path(path).write_text(
        json.dumps(
            {"suite": suite, "title": title, "versions": versions, "method": method, "rows": rows},
            indent=1,
            ensure_ascii=False,
        )
    )
