"""Notebooks with many traces (issue 10, item 2): open time and scroll frames.

A real ipykernel with the kernel hook (loaded as the frontend loads it) and the
real mlflow SDK, logging to a real MLflow tracking server (sqlite) this script
starts, runs N cells that each make one traced agent (an AGENT root and TOOL
steps); their display outputs (the embedded traces MLflow's display carries
through the hook) are saved in ``traced.ipynb``. The same cells without
outputs are ``plain.ipynb``; ``tables.ipynb`` has as many cells that each
display a 20-row HTML table through IPython (the same kernel). A real
JupyterLab (this venv, with this extension installed) serves them, and
``notebook_outputs.mjs`` drives Debian's Chromium through Playwright.

"before" is the same build with every trace output mounted at once, as before
the viewport wait: the page's IntersectionObserver reports the outputs' hosts
as in view the moment they are observed (nothing else is changed).

    .venv/bin/python benchmarks/notebook_outputs.py [--smoke] [--runs N] --json OUT.json

Writes the shared row format (benchmarks/RESULTS.md is rendered by run.py).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jupyterlab_mlflow_traces.tests.mlflow_server import MlflowServer, free_port  # noqa: E402
from jupyterlab_mlflow_traces.tests.test_kernel_hook import Kernel, load_code  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
# The same traced agent as the hook's benchmark (its spans are TOOL steps under an AGENT).
from hook_cost import SETUP  # noqa: E402


def make_notebooks(folder: Path, uri: str, cells: int, spans: int) -> None:
    """traced.ipynb with the outputs a real kernel displayed; plain.ipynb without."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
    env.pop("PYTHONPATH", None)
    kernel = Kernel(folder / "kernel", env)
    try:
        kernel.ok(load_code({"display_enabled": True}), silent=True)
        kernel.ok(SETUP.format(uri=uri))
        code = f"agent({spans});"
        traced, plain, tables = (nbformat.v4.new_notebook() for _ in range(3))
        for nb in (traced, plain, tables):
            nb.metadata["kernelspec"] = {
                "name": "python3",
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
            }
        for i in range(cells):
            # MLflow's post-cell display now and then misses a cell (seen once in
            # 50 on this machine); such a cell is run again, not faked.
            for _attempt in range(3):
                outputs = kernel.ok(code)
                shown = [
                    nbformat.v4.new_output("display_data", data=o["data"], metadata=o["metadata"])
                    for o in outputs
                    if o["type"] == "display_data"
                ]
                if shown:
                    break
            assert shown, f"cell {i}: MLflow displayed nothing: {outputs}"
            traced.cells.append(
                nbformat.v4.new_code_cell(code, execution_count=i + 1, outputs=shown)
            )
            plain.cells.append(nbformat.v4.new_code_cell(code))
            table = (
                "from IPython.display import HTML, display\n"
                "display(HTML('<table>' + ''.join("
                "'<tr><td>%d</td><td>step %d</td><td>%.3f ms</td></tr>' % (r, r, r * 1.5)"
                " for r in range(20)) + '</table>'))"
            )
            shown = [
                nbformat.v4.new_output("display_data", data=o["data"], metadata=o["metadata"])
                for o in kernel.ok(table)
                if o["type"] == "display_data"
            ]
            tables.cells.append(
                nbformat.v4.new_code_cell(table, execution_count=i + 1, outputs=shown)
            )
    finally:
        kernel.close()
    nbformat.write(traced, folder / "traced.ipynb")
    nbformat.write(plain, folder / "plain.ipynb")
    nbformat.write(tables, folder / "tables.ipynb")


def start_lab(folder: Path, uri: str) -> tuple[subprocess.Popen, str, str]:
    port, token = free_port(), "bench-notebook-outputs"
    env = {**os.environ, "MLFLOW_TRACKING_URI": uri}
    log = open(folder / "lab.log", "ab")
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "jupyter"),
            "lab",
            "--no-browser",
            "--allow-root",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={folder}",
            "--LabApp.news_url=",
            "--LabServerApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ],
        cwd=folder,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
            return proc, url, token
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    tail = (folder / "lab.log").read_text(errors="replace")[-2000:]
    raise RuntimeError(f"JupyterLab did not start:\n{tail}")


def rows(results: dict, cells: int, spans: int) -> list[dict]:
    """The shared row format: one value per run for each kind of notebook."""
    size = f"{cells} traced cells ({spans}-span traces)"
    median = statistics.median
    plain, tables = results["plain"], results["tables"]
    after, before = results["after"], results["before"]
    open_ratio = median(after["open"]) / median(plain["open"])
    p95 = median(after["p95"])
    return [
        {
            "metric": "open → cells and visible viewers drawn",
            "size": size,
            "unit": "ms",
            "ours": after["open"],
            "baseline": plain["open"],
            "baseline_label": "same notebook, no outputs",
            "target": "≤ 1.2× baseline",
            "met": open_ratio <= 1.2,
            # The ratio and the baseline's spread: under load the baseline itself varies.
            "note": f"{open_ratio:.2f}× (medians); baseline runs"
            f" {min(plain['open']):.0f}–{max(plain['open']):.0f} ms",
        },
        {
            "metric": "open, every viewer mounted at once (before)",
            "size": size,
            "unit": "ms",
            "ours": before["open"],
            "baseline": plain["open"],
            "baseline_label": "same notebook, no outputs",
            "target": None,
            "met": None,
            "note": "",
        },
        {
            "metric": "p95 frame, wheel-scrolling to the end",
            "size": size,
            "unit": "ms",
            "ours": after["p95"],
            "baseline": tables["p95"],
            "baseline_label": f"{cells} cells of 20-row HTML tables",
            "target": "≤ 20 ms",
            "met": p95 <= 20,
            "note": ""
            if p95 <= 20
            else (
                f"{median(after['mountedWhileScrolling']):.0f} viewers mount while scrolling;"
                f" long tasks while scrolling: {median(after['longTasks']):.0f},"
                f" longest {median(after['longestTask']):.0f} ms"
            ),
        },
        {
            "metric": "p95 frame, wheel-scrolling, every viewer mounted at once (before)",
            "size": size,
            "unit": "ms",
            "ours": before["p95"],
            "baseline": tables["p95"],
            "baseline_label": f"{cells} cells of 20-row HTML tables",
            "target": None,
            "met": None,
            "note": "",
        },
        {
            "metric": "DOM nodes in the page after open",
            "size": size,
            "unit": "nodes",
            "ours": after["nodes"],
            "baseline": before["nodes"],
            "baseline_label": "every viewer mounted at once (before)",
            "target": None,
            "met": None,
            "note": f"viewers mounted after open: {median(after['mounted']):.0f}"
            f" of {cells} (before: {median(before['mounted']):.0f})",
        },
        {
            "metric": "DOM nodes per mounted viewer",
            "size": size,
            "unit": "nodes",
            "ours": after["viewerNodes"],
            "baseline": None,
            "baseline_label": "",
            "target": None,
            "met": None,
            "note": f"span tree {median(after['treeNodes']):.0f},"
            f" detail pane {median(after['detailNodes']):.0f}",
        },
        {
            "metric": "longest task while scrolling",
            "size": size,
            "unit": "ms",
            "ours": after["longestTask"],
            "baseline": before["longestTask"],
            "baseline_label": "every viewer mounted at once (before)",
            "target": None,
            "met": None,
            "note": "",
        },
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="5 cells of 5 spans, one run")
    parser.add_argument("--cells", type=int, default=50)
    parser.add_argument("--spans", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, required=True, help="where to write the rows")
    args = parser.parse_args()
    if args.smoke:
        args.cells, args.spans, args.runs = 5, 5, 1

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        server = MlflowServer(tmp / "mlflow").start()
        lab = None
        try:
            notebooks = tmp / "notebooks"
            notebooks.mkdir()
            make_notebooks(notebooks, server.uri, args.cells, args.spans)
            lab, url, token = start_lab(notebooks, server.uri)
            out = subprocess.run(
                ["node", str(ROOT / "benchmarks" / "notebook_outputs.mjs")],
                env={
                    **os.environ,
                    "LAB_URL": url,
                    "LAB_TOKEN": token,
                    "RUNS": str(args.runs),
                    "CELLS": str(args.cells),
                },
                check=True,
                stdout=subprocess.PIPE,
                text=True,
            )
            results = json.loads(out.stdout)
        finally:
            if lab is not None:
                lab.terminate()
                lab.wait(timeout=30)
            server.stop()

    import jupyterlab
    import mlflow

    chromium = subprocess.run(
        ["/usr/bin/chromium", "--version"], capture_output=True, text=True
    ).stdout.strip()
    report = {
        "suite": "notebooks",
        "title": "Notebooks with many traces",
        "versions": {
            "mlflow": mlflow.__version__,
            "jupyterlab": jupyterlab.__version__,
            "chromium": chromium,
        },
        "method": (
            f"{args.cells} cells, each run by a real ipykernel with the kernel hook and the mlflow"
            f" SDK against a real MLflow server (sqlite): one {args.spans}-span traced agent per"
            " cell, outputs saved as the kernel displayed them; the same cells without outputs,"
            " and as many cells of 20-row HTML tables, as baselines. Real JupyterLab, Debian"
            " Chromium (Playwright, 1280×800). 'Open' is the double click in the file browser to"
            " the frame after every cell is in the page and every output in view shows its span"
            " tree. Scrolling: mouse wheel, 250 px every 16 ms to the end, intervals between"
            " animation frames. 'Before' is the same build with the page's IntersectionObserver"
            " reporting every trace output in view at once (all viewers mount at open)."
            f" {args.runs} run(s), kinds interleaved."
        ),
        "rows": rows(results, args.cells, args.spans),
    }
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    for row in report["rows"]:
        ours = statistics.median(row["ours"])
        base = statistics.median(row["baseline"]) if row["baseline"] else None
        print(
            f"{row['metric']} [{row['size']}]: {ours:.1f} {row['unit']}"
            + (f" vs {base:.1f} ({row['baseline_label']})" if base is not None else "")
            + (
                f"; target {row['target']}: {'met' if row['met'] else 'missed'}"
                if row["target"]
                else ""
            )
        )


if __name__ == "__main__":
    main()
