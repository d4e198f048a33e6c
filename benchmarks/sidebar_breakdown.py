"""Where the server extension's time goes for one page of traces (sidebar.py's cause rows).

The same first page (the sidebar's query), timed in pieces against the same MLflow
server, each ``runs`` times:

- ``new connection``: the direct POST on a new TCP connection each time, as the server
  extension opens one per request (its own AsyncHTTPClient, see tracking_http.py);
- ``store alone``: ``HttpTrackingStore.search_traces`` in this process, no Jupyter: the
  upstream request, the JSON check of the answer and the merge with the extension's keys
  (``store alone CPU``: this process's CPU time for it);
- ``JSON check``: ``json_bodies.check_chunks`` alone on the answer's bytes (parse, look
  for credentials; inline under 1 MiB);
- ``Jupyter``: what remains of the whole request through the Jupyter server once the
  store's time is taken away (routing, authentication, writing the answer).

``cpu_ms`` reads the CPU time a server's process group used (from /proc), so that
sidebar.py can tell the work each server does per page from the time spent waiting
for a CPU on a loaded machine.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project's tree, as lib's

from jupyterlab_mlflow_traces.filters import TraceQuery  # noqa: E402
from jupyterlab_mlflow_traces.json_bodies import check_chunks  # noqa: E402
from jupyterlab_mlflow_traces.tracking_http import HttpTrackingStore, UpstreamLimits  # noqa: E402


def cpu_ms(group: int) -> float:
    """User + system CPU time of every live process in process group `group`, or whose
    parent is `group` (PostgreSQL's backends each have their own group) (ms)."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # gone meanwhile
        fields = text[text.rindex(")") + 2 :].split()
        # ppid and pgrp at 1 and 2, utime and stime at 11 and 12
        if group in (int(fields[1]), int(fields[2])):
            ticks += int(fields[11]) + int(fields[12])
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


def _new_connection_page(mlflow_uri: str, body: dict) -> tuple[float, bytes]:
    parts = urlsplit(mlflow_uri)
    data = json.dumps(body).encode()
    start = time.perf_counter()
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=300)
    conn.request(
        "POST", "/api/3.0/mlflow/traces/search", data, {"Content-Type": "application/json"}
    )
    payload = conn.getresponse().read()
    elapsed = (time.perf_counter() - start) * 1000
    conn.close()
    return elapsed, payload


def measure(ours, direct, mlflow_uri: str, experiment_id: str, repeats: int) -> dict:
    """Per piece, one time per repeat (ms); the pieces of one repeat run back to back, so
    the machine's load weighs on them alike. `ours` and `direct` are sidebar.py's sides."""
    body = direct.body
    # The configuration's defaults (config.py): 15 s, 5 s, 32 MiB, 4 at a time.
    store = HttpTrackingStore(
        mlflow_uri, 15.0, 5.0, 32 * 1024 * 1024, UpstreamLimits(4), env_credentials=False
    )
    query = (experiment_id, TraceQuery(), body["max_results"], None, body["order_by"][0])
    out: dict[str, list[float]] = {
        key: []
        for key in (
            "jupyter",
            "direct",
            "new connection",
            "store alone",
            "store alone CPU",
            "JSON check",
        )
    }
    loop = asyncio.new_event_loop()
    try:
        for repeat in range(repeats + 1):  # the first is a warm-up
            ours.reconnect()
            direct.reconnect()
            times = {"jupyter": ours.page(None)[0]}
            times["direct"], payload = direct.page(None)
            times["new connection"] = _new_connection_page(mlflow_uri, body)[0]
            start, cpu = time.perf_counter(), time.process_time()
            loop.run_until_complete(store.search_traces(*query))
            times["store alone"] = (time.perf_counter() - start) * 1000
            times["store alone CPU"] = (time.process_time() - cpu) * 1000
            # Cut as tornado hands a body over (64 KiB chunks).
            chunks = [payload[i : i + 65536] for i in range(0, len(payload), 65536)]
            start = time.perf_counter()
            loop.run_until_complete(check_chunks(chunks, ()))
            times["JSON check"] = (time.perf_counter() - start) * 1000
            if repeat:
                for key, value in times.items():
                    out[key].append(value)
    finally:
        loop.close()
    return out
