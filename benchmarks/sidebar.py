"""Sidebar at 100,000 traces (issue "Speed, measured", item 6, "Sidebar").

One experiment holds 100,000 traces on a real MLflow tracking server backed by
PostgreSQL (Debian's package, started here on 127.0.0.1; see sidebar_servers.py) or by
sqlite. It is seeded by seed_traces.py: real traces through MLflow's own API, then
bulk SQL copies of their rows (what is copied is said there). A real JupyterLab with
this extension is configured with that server (MLFLOW_TRACKING_URI).

Measured, the two sides alternating, over HTTP keep-alive connections from this
process, with the sidebar's own query (newest first, pages of 100, the default
``pageSize`` setting):

- ours: ``GET <lab>/jupyterlab-mlflow-traces/experiments/<id>/traces`` (what the
  sidebar calls; the server extension asks MLflow's ``traces/search`` v3);
- baseline: ``POST <mlflow>/api/3.0/mlflow/traces/search`` with the same body the
  server extension sends (direct REST to the same MLflow server).

Rows: the first page; paging through 10,000 rows (100 pages, each asked with the
previous page's token); the first page's size. Both sides must list the same ids
in the same order, or the script fails. "cause" rows: the first page timed in pieces
(sidebar_breakdown.py) and the CPU time each server process (Jupyter, MLflow,
PostgreSQL) used per page while paging, which the machine's load does not inflate.
Then (unless ``--no-browser``) sidebar.mjs scrolls the sidebar's list through 10,000
loaded rows in Debian's Chromium.

    .venv/bin/python benchmarks/sidebar.py [--smoke] [--runs N] --json OUT.json
        [--backend postgresql|sqlite|both] [--traces 100000] [--rows 10000] [--no-browser]

--smoke: sqlite, 1,000 traces, one run. Nothing is left behind: servers are
stopped and their directories removed. No timing is asserted.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

# The order ruff gives `lib` depends on whether the build's lib/ exists: fixed here.
# isort: off
import sidebar_breakdown  # noqa: E402
from lib import ROOT, Lab, machine, met_ratio, row, versions, write_suite  # noqa: E402
from sidebar_breakdown import cpu_ms  # noqa: E402
from sidebar_servers import MlflowOn, Postgres, driver_path  # noqa: E402
# isort: on

PAGE = 100  # the sidebar's default pageSize setting
ORDER = "timestamp_ms DESC"  # the sidebar's default order
TARGET = "≤ 1.2× baseline"
BASELINE = "direct REST (MLflow traces/search v3)"
BACKEND_NAMES = {"postgresql": "PostgreSQL", "sqlite": "sqlite"}


class Side:
    """One side of the comparison: one keep-alive connection, one way to ask for a page."""

    def __init__(self, base: str, headers: dict):
        parts = urlsplit(base)
        self.prefix = parts.path.rstrip("/")
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=300)
        self.headers = headers

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[float, bytes]:
        data = json.dumps(body).encode() if body is not None else None
        headers = {**self.headers, **({"Content-Type": "application/json"} if data else {})}
        start = time.perf_counter()
        self.conn.request(method, self.prefix + path, body=data, headers=headers)
        response = self.conn.getresponse()
        payload = response.read()
        elapsed = (time.perf_counter() - start) * 1000
        if response.status != 200:
            raise RuntimeError(f"{method} {path}: {response.status} {payload[:300]!r}")
        return elapsed, payload

    def reconnect(self) -> None:
        """A new connection, opened before timing: servers drop idle ones (uvicorn after 5 s)."""
        self.conn.close()
        self.conn.connect()

    def close(self) -> None:
        self.conn.close()


class Ours(Side):
    def __init__(self, lab: Lab, experiment_id: str):
        super().__init__(lab.url, {"Authorization": f"token {lab.token}"})
        self.path = f"/jupyterlab-mlflow-traces/experiments/{quote(experiment_id)}/traces"

    def page(self, token: str | None) -> tuple[float, bytes]:
        query = f"?order_by={quote(ORDER)}&max_results={PAGE}"
        if token:
            query += f"&page_token={quote(token, safe='')}"
        return self.request("GET", self.path + query)


class Direct(Side):
    def __init__(self, mlflow_uri: str, experiment_id: str):
        super().__init__(mlflow_uri, {})
        # The body HttpTrackingStore.search_traces sends.
        self.body = {
            "locations": [
                {"type": "MLFLOW_EXPERIMENT", "mlflow_experiment": {"experiment_id": experiment_id}}
            ],
            "max_results": PAGE,
            "order_by": [ORDER],
        }

    def page(self, token: str | None) -> tuple[float, bytes]:
        body = {**self.body, **({"page_token": token} if token else {})}
        return self.request("POST", "/api/3.0/mlflow/traces/search", body)


def ids_and_token(payload: bytes) -> tuple[list[str], str | None]:
    body = json.loads(payload)
    return [t["trace_id"] for t in body.get("traces", [])], body.get("next_page_token")


def page_through(side: Side, rows: int) -> tuple[float, list[str]]:
    """Pages of PAGE until `rows` are listed (or the list ends): total ms and the ids."""
    total, ids, token = 0.0, [], None
    while len(ids) < rows:
        elapsed, payload = side.page(token)
        total += elapsed
        page_ids, token = ids_and_token(payload)
        ids += page_ids
        if not token or not page_ids:
            break
    return total, ids


def measure(ours: Ours, direct: Direct, runs: int, rows: int, groups: dict) -> dict:
    """Both sides, alternating which goes first; fails unless they list the same traces.

    `groups`: the servers' process groups, whose CPU time is read around each paging."""
    out: dict = {"first": ([], []), "paging": ([], []), "bytes": ([], [])}
    out["cpu"] = {(name, index): [] for name in groups for index in (0, 1)}
    listed: list = [None, None]
    for side in (ours, direct):  # warm-up: the database's caches, the processes' first calls
        side.reconnect()
        page_through(side, rows)
    for run in range(runs):
        sides = [(0, ours), (1, direct)]
        for index, side in sides if run % 2 == 0 else sides[::-1]:
            side.reconnect()
            elapsed, payload = side.page(None)
            out["first"][index].append(elapsed)
            out["bytes"][index].append(len(payload) / 1000)
            before = {name: cpu_ms(group) for name, group in groups.items()}
            elapsed, ids = page_through(side, rows)
            pages = -(-len(ids) // PAGE)
            for name, group in groups.items():
                out["cpu"][name, index].append((cpu_ms(group) - before[name]) / pages)
            out["paging"][index].append(elapsed)
            listed[index] = (ids_and_token(payload)[0], ids)
    if listed[0] != listed[1]:
        raise RuntimeError("the server extension and MLflow listed different traces")
    out["listed"] = len(listed[0][1])
    return out


def ratio_note(ours: list[float], baseline: list[float]) -> str:
    a, b = statistics.median(ours), statistics.median(baseline)
    return f"{a / b:.2f}× on medians ({a:.1f} against {b:.1f} ms, {a - b:+.1f} ms)"


def cause_note(pieces: dict) -> str:
    """The first page's extra time, split into sidebar_breakdown's pieces (medians)."""
    m = {key: statistics.median(values) for key, values in pieces.items()}
    ours, direct = m["jupyter"], m["direct"]
    connect = m["new connection"] - direct
    client = m["store alone"] - m["new connection"] - m["JSON check"]
    jupyter = ours - m["store alone"]
    return (
        f"measured cause, first page, median of {len(pieces['direct'])} back-to-back repeats: "
        f"{ours:.1f} against {direct:.1f} ms, {ours - direct:+.1f} ms in all = a new "
        f"connection to MLflow per request {connect:+.1f} ms + JSON check of the answer "
        f"{m['JSON check']:.1f} ms + the rest of the store call (tornado client, merge) "
        f"{client:+.1f} ms + Jupyter (routing, auth, sending) {jupyter:+.1f} ms"
    )


def cpu_note(cpu: dict) -> str:
    """What the CPU times say once waiting for a CPU is taken out."""
    jupyter = statistics.median(cpu["jupyter", 0])
    mlflow = sum(
        statistics.median(cpu[name, 1]) for name in ("mlflow", "postgresql") if (name, 1) in cpu
    )
    return (
        f"the server extension's own work is {jupyter:.1f} ms of CPU a page against "
        f"{mlflow:.1f} ms for MLflow and its database to answer it: on an idle machine the "
        f"ratio would be about {(jupyter + mlflow) / mlflow:.2f}×; the rest of the gap in wall time is no CPU "
        f"work of either server but waiting (load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores)"
    )


def comparison_rows(found: dict, pieces: dict, size: str) -> list[dict]:
    pages = -(-found["listed"] // PAGE)
    rows = []
    for key, metric in (
        ("first", f"first page ({PAGE} traces)"),
        ("paging", f"page through {found['listed']:,} rows ({pages} pages of {PAGE})"),
    ):
        mine, theirs = found[key]
        met = met_ratio(mine, theirs, 1.2)
        note = "" if met else f"{ratio_note(mine, theirs)}; {cause_note(pieces)}"
        rows.append(row(metric, size, "ms", mine, theirs, BASELINE, TARGET, met, note))
    mine, theirs = found["bytes"]
    rows.append(row(f"first page size ({PAGE} traces)", size, "kB", mine, theirs, BASELINE))
    cpu = found["cpu"]
    for name, what in (("mlflow", "the MLflow server"), ("postgresql", "PostgreSQL")):
        if (name, 0) in cpu:
            rows.append(
                row(f"cause: CPU time of {what} per page, while paging", size, "ms",
                    cpu[name, 0], cpu[name, 1], BASELINE)
            )  # fmt: skip
    rows.append(
        row("cause: CPU time of the Jupyter server per page, while paging", size, "ms",
            cpu["jupyter", 0], note=cpu_note(cpu))
    )  # fmt: skip
    for key, metric in (
        ("new connection", "cause: direct REST on a new connection each time (first page)"),
        ("store alone", "cause: the extension's store call alone, no Jupyter (first page)"),
        ("store alone CPU", "cause: CPU time of that store call, in process (first page)"),
        ("JSON check", "cause: JSON check of the first page's answer (json_bodies)"),
    ):
        rows.append(row(metric, size, "ms", pieces[key]))
    return rows


def sample_size(traces: int) -> int:
    """Real traces logged through MLflow's API: 200 for 100,000, 50 for the smoke's 1,000."""
    return min(200, max(20, traces // 20))


def seed(mlflow: MlflowOn, db_uri: str, traces: int, pythonpath: str) -> tuple[str, str]:
    """seed_traces.py in its own process (mlflow's SDK threads stay out of this one)."""
    env = {k: v for k, v in mlflow.env.items() if k != "MLFLOW_SERVER_ENABLE_JOB_EXECUTION"}
    env["PYTHONPATH"] = pythonpath
    sample = sample_size(traces)
    done = subprocess.run(
        [sys.executable, str(HERE / "seed_traces.py"), "--tracking-uri", mlflow.uri,
         "--db-uri", db_uri, "--total", str(traces), "--sample", str(sample)],
        cwd=mlflow.root, env=env, capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"seeding failed:\n{done.stderr[-3000:]}")
    summary = [line for line in done.stderr.splitlines() if line.startswith("seeded")]
    return done.stdout.split()[-1], summary[-1] if summary else ""


def run_backend(backend: str, args: argparse.Namespace) -> tuple[list[dict], dict]:
    """Start everything on `backend`, seed, measure, stop: (rows, what the method says)."""
    root = Path(tempfile.mkdtemp(prefix=f"bench-sidebar-{backend}-"))
    pg = mlflow = lab = None
    info: dict = {}
    try:
        pythonpath = ""
        if backend == "postgresql":
            pythonpath = driver_path()
            pg = Postgres().start()
            db_uri = pg.uri
            info["postgresql"] = pg.version
        else:
            db_uri = f"sqlite:///{root / 'mlflow.db'}"
        mlflow = MlflowOn(db_uri, root, pythonpath).start()
        started = time.perf_counter()
        experiment_id, info["seeded"] = seed(mlflow, db_uri, args.traces, pythonpath)
        info["seed_s"] = time.perf_counter() - started
        (root / "lab-root").mkdir()
        lab = Lab(root / "lab-root", mlflow.uri, root / "lab").start()
        ours, direct = Ours(lab, experiment_id), Direct(mlflow.uri, experiment_id)
        try:
            groups = {"jupyter": lab.proc.pid, "mlflow": mlflow.proc.pid}
            if pg is not None:
                groups["postgresql"] = pg.pid
            found = measure(ours, direct, args.runs, args.rows, groups)
            pieces = sidebar_breakdown.measure(
                ours, direct, mlflow.uri, experiment_id, 5 if args.smoke else 30
            )
        finally:
            ours.close()
            direct.close()
        size = f"{args.traces:,} traces, {BACKEND_NAMES[backend]}"
        rows = comparison_rows(found, pieces, size)
        print(json.dumps(rows, ensure_ascii=False), file=sys.stderr, flush=True)
        if args.browser:
            rows += browse(lab, experiment_id, args, size)
        return rows, info
    finally:
        for server in (lab, mlflow, pg):
            if server is not None:
                server.stop()
        shutil.rmtree(root, ignore_errors=True)


def browse(lab: Lab, experiment_id: str, args: argparse.Namespace, size: str) -> list[dict]:
    """sidebar.mjs: the sidebar in Debian's Chromium, scrolled through `args.rows` rows."""
    done = subprocess.run(
        ["node", str(HERE / "sidebar.mjs")],
        env={**os.environ, "LAB_URL": lab.url, "LAB_TOKEN": lab.token,
             "EXPERIMENT_ID": experiment_id, "ROWS": str(args.rows), "RUNS": str(min(args.runs, 3))},
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"sidebar.mjs failed:\n{done.stderr[-3000:]}")
    runs = json.loads(done.stdout)
    loaded = min(r["rows"] for r in runs)
    what = f"{size}, {loaded:,} rows loaded"
    return [
        row(f"sidebar: load {loaded:,} rows, list kept at its end", what, "ms",
            [r["load_ms"] for r in runs]),
        row("sidebar, cause: time in the trace-page requests (sent to answered), summed", what,
            "ms", [r["request_ms"] for r in runs],
            note=f"{runs[0]['page_requests']} requests in the first run"),
        row("sidebar, cause: time between a page's answer and the next request, summed", what,
            "ms", [r["gap_ms"] for r in runs],
            note="the page's own work: rendering the rows, the list reaching its end again"),
        row("sidebar: p95 frame while scrolling the trace list", what, "ms",
            [r["p95_frame_ms"] for r in runs]),
        row("sidebar: DOM nodes in the trace list while scrolling (max)", what, "nodes",
            [r["list_nodes_max"] for r in runs]),
        row("sidebar: JS heap after scrolling", what, "MB", [r["heap_mb"] for r in runs]),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="sqlite, 1,000 traces, one run")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", required=True, help="where to write the result rows")
    parser.add_argument("--backend", choices=("postgresql", "sqlite", "both"))
    parser.add_argument("--traces", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=10_000, help="rows to page through")
    parser.add_argument(
        "--no-browser", dest="browser", action="store_false", help="skip the Chromium rows"
    )
    args = parser.parse_args()
    if args.smoke:
        args.runs, args.traces, args.backend = 1, 1_000, args.backend or "sqlite"
    backends = {"both": ["postgresql", "sqlite"], None: ["postgresql"]}.get(
        args.backend, [args.backend]
    )
    rows, notes, info = [], [], {}
    load_at_start = os.getloadavg()[0]
    for backend in backends:
        started = time.perf_counter()
        found, info_b = run_backend(backend, args)
        rows += found
        info.update(info_b)
        notes.append(
            f"{BACKEND_NAMES[backend]}: {info_b['seeded']}; seeding {info_b['seed_s']:.0f} s, "
            f"whole pass {time.perf_counter() - started:.0f} s"
        )
    extra = ("chromium", "node") if args.browser else ()
    found_versions = versions(*extra)
    if "postgresql" in info:
        found_versions["postgresql"] = info["postgresql"]
    method = (
        f"One MLflow experiment with {args.traces:,} traces on a real MLflow tracking server "
        "(one worker) backed by "
        + " and, in a second pass, ".join(
            "PostgreSQL (Debian's package, default settings, started on 127.0.0.1)"
            if b == "postgresql"
            else "sqlite"
            for b in backends
        )
        + f". Seeded by benchmarks/seed_traces.py: {sample_size(args.traces)} real traces "
        "(an agent with retriever, "
        "chat model with token usage and tool spans; every 10th fails) through MLflow's own "
        "API, then bulk SQL copies of their trace_info, trace_tags and trace_request_metadata "
        "rows (unique ids, times spread over 30 days; spans not copied). A real JupyterLab "
        "with this extension points at that server. From one process over keep-alive "
        f"HTTP, alternating which side goes first: the sidebar's query (newest first, pages "
        f"of {PAGE}) through the server extension (GET experiments/<id>/traces) against the "
        "same body POSTed to MLflow's /api/3.0/mlflow/traces/search; paging follows "
        "next_page_token. Both sides must list the same ids in the same order. One warm-up "
        f"pass per side, then {args.runs} run(s). The 'cause' rows time the first page's "
        "pieces back to back (benchmarks/sidebar_breakdown.py)."
        + (
            " Browser rows: Debian's Chromium (Playwright, 1280×900), per run a fresh page: "
            "open the MLflow sidebar, select the experiment, keep the trace list at its end "
            f"until {args.rows:,} rows are loaded, then wheel-scroll from the top through "
            "them (440 px a step, one frame apart); p95 of the frame intervals, the most "
            "nodes in the list, JS heap after a GC; "
            f"{min(args.runs, 3)} run(s)."
            if args.browser
            else ""
        )
        + " "
        + "; ".join(notes)
        + f". Load average (1 min) at start {load_at_start:.1f}, at the end "
        f"{os.getloadavg()[0]:.1f}, on {os.cpu_count()} cores."
    )
    machine_info = machine()
    write_suite(args.json, "sidebar", "Sidebar at 100,000 traces", method, rows, found_versions)
    for r in rows:
        mine = statistics.median(r["ours"])
        theirs = statistics.median(r["baseline"]) if r["baseline"] else None
        print(
            f"{r['metric']} [{r['size']}]: {mine:.1f} {r['unit']}"
            + (f" vs {theirs:.1f} ({r['baseline_label']})" if theirs is not None else "")
            + (f" met={r['met']}" if r["target"] else "")
        )
    print(f"machine: {machine_info}")


if __name__ == "__main__":
    main()
