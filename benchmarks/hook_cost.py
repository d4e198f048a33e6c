"""Kernel hook cost against MLflow alone (issue "Speed, measured", item 3).

Two real ipykernels, a real MLflow tracking server (sqlite), real mlflow with
``@mlflow.trace``: one kernel with MLflow's own notebook display only, one with the
hook loaded as the frontend loads it (its source through kernel_loader.py). Each
cell makes one trace of N spans; the time is from execute_request to the kernel's
idle status, with every output received (MLflow's display included). MLflow's own
settings are left at their defaults (asynchronous trace logging on).

    .venv/bin/python benchmarks/hook_cost.py [--spans 100 5000] [--runs 7]
        [--hook-source path/to/kernel_hook.py]   # e.g. an older version, for "before"
        [--envelope-only]   # the hook's own work (to_json and envelope) in this process, no kernels
        [--smoke]           # 100 spans, one run
        [--json OUT]        # the "kernel" suite's rows for benchmarks/run.py

Prints a Markdown table (median, min, max in ms; the hook's ratio to MLflow alone
on medians; what the output embedded); with --json, writes the rows instead.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jupyterlab_mlflow_traces.tests.mlflow_server import MlflowServer  # noqa: E402
from jupyterlab_mlflow_traces.tests.test_kernel_hook import (  # noqa: E402
    MIME,
    Kernel,
    load_code,
)

sys.path.insert(0, str(ROOT / "benchmarks"))
from lib import row, versions, write_suite  # noqa: E402
from lib.notebooks import SETUP as AGENT_SETUP  # noqa: E402

# The traced agent every benchmark uses (an AGENT root, N - 1 TOOL children).
SETUP = AGENT_SETUP.replace("{experiment!r}", repr("hook-cost"))


def timed(kernel: Kernel, code: str) -> tuple[float, list]:
    start = time.perf_counter()
    outputs, reply = kernel.run(code)
    elapsed = (time.perf_counter() - start) * 1000
    assert reply["status"] == "ok", (reply, outputs)
    return elapsed, outputs


def embedded(outputs: list) -> str:
    """What the cell's display carried: spans embedded, or MLflow's bundle only."""
    for output in outputs:
        envelope = output.get("data", {}).get(MIME) if output["type"] == "display_data" else None
        if envelope:
            spans = sum(
                len(t["data"].get("spans") or t["data"].get("structure", {}).get("spans", []))
                for t in envelope["traces"]
            )
            size = len(json.dumps(envelope, ensure_ascii=False).encode()) / 1e6
            how = (
                envelope.get("structure")
                and "structure"
                or ("values capped" if envelope.get("truncated") else "whole")
            )
            return f"{spans} spans, {size:.2f} MB, {how}"
    return "nothing (MLflow's bundle only)"


HOOK_PATH = ROOT / "jupyterlab_mlflow_traces" / "kernel_hook"


def hook_load_code(options: dict, source_path: Path | None) -> str:
    """The frontend's install code for the hook in the tree, or for ``source_path``
    (an older single-file hook, e.g. for "before"; or a hook package directory)."""
    if source_path is None:
        return load_code(options)
    if "sources" in inspect.signature(load_code).parameters:  # the hook as a package
        if source_path.is_dir():
            sources = {
                ("" if f.stem == "__init__" else f.stem): f.read_text()
                for f in sorted(source_path.glob("*.py"))
            }
        else:
            sources = {"": source_path.read_text()}
        return load_code(options, sources=sources)
    return load_code(options, source=source_path.read_text())


def envelope_only(spans: list[int], runs: int, source_path: Path | None) -> None:
    """The hook's own work in this process: MLflow's ``Trace.to_json`` and the envelope."""
    import importlib
    import importlib.util

    # Synchronous: the trace is in the store when the cell returns (sqlite, one process).
    os.environ["MLFLOW_ENABLE_ASYNC_TRACE_LOGGING"] = "false"
    import mlflow

    if source_path is None or source_path.is_dir():
        package = importlib.import_module("jupyterlab_mlflow_traces.kernel_hook")
        hook = getattr(package, "envelope", package)  # build_envelope's module
        if not hasattr(hook, "DEFAULT_MAX_BYTES"):
            patcher = importlib.import_module("jupyterlab_mlflow_traces.kernel_hook.patcher")
            hook.DEFAULT_MAX_BYTES = patcher.DEFAULT_MAX_BYTES
    else:
        spec = importlib.util.spec_from_loader("hook_under_test", loader=None)
        hook = importlib.util.module_from_spec(spec)
        exec(compile(source_path.read_text(), "kernel_hook.py", "exec"), hook.__dict__)
    takes_size = "json_size" in hook.build_envelope.__code__.co_varnames
    with tempfile.TemporaryDirectory() as tmp:
        mlflow.set_tracking_uri(f"sqlite:///{tmp}/mlflow.db")
        scope: dict = {}
        exec(SETUP.format(uri=f"sqlite:///{tmp}/mlflow.db"), scope)
        print("| spans | Trace.to_json ms | to_json + envelope ms | envelope |")
        print("|---:|---:|---:|---|")
        for n in spans:
            scope["agent"](n)
            trace = mlflow.get_trace(mlflow.get_last_active_trace_id())

            def build(trace=trace):
                text = trace.to_json()
                if hasattr(hook, "parse_trace_json"):  # what patcher.augment does
                    parsed, bound = hook.parse_trace_json([text])
                    traces, extra = parsed, {"json_size": bound, "parsed": True}
                else:
                    traces = [json.loads(text)]
                    extra = {"json_size": len(text)} if takes_size else {}
                built = hook.build_envelope(
                    traces, "http://127.0.0.1:5000", hook.DEFAULT_MAX_BYTES, **extra
                )
                # The single-file hook returned (envelope, summaries); the package, the envelope.
                return built[0] if isinstance(built, tuple) else built

            def median_ms(fn):
                times = []
                for _ in range(runs):
                    start = time.perf_counter()
                    fn()
                    times.append((time.perf_counter() - start) * 1000)
                return statistics.median(times)

            envelope = build()
            what = (
                embedded([{"type": "display_data", "data": {MIME: envelope}}])
                if envelope
                else "nothing"
            )
            print(f"| {n} | {median_ms(trace.to_json):.1f} | {median_ms(build):.1f} | {what} |")


def kernel_rows(n: int, times: dict, embedded_what: str) -> list[dict]:
    """The suite's rows at ``n`` spans: cell time against mlflow alone, what is embedded."""
    hook, alone = times["with hook"], times["mlflow alone"]
    ratio = statistics.median(hook) / statistics.median(alone)
    size = f"{n:,} spans"
    rows = [
        row(
            "cell time, execute → idle with outputs",
            size,
            "ms",
            hook,
            alone,
            "mlflow alone",
            "≤ 1.25× mlflow alone" if n == 100 else None,
            ratio <= 1.25 if n == 100 else None,
        )
    ]
    if n >= 5000:
        structure = "structure" in embedded_what
        megabytes = (
            float(embedded_what.split(" MB")[0].rsplit(" ", 1)[1]) if " MB" in embedded_what else 0
        )
        rows.append(
            row(
                "embedded in the output",
                size,
                "MB",
                [megabytes],
                target="structure embedded",
                met=structure or "whole" in embedded_what,
                note="" if structure else embedded_what,
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spans", type=int, nargs="+", default=[100, 5000])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--hook-source",
        type=Path,
        help="an older hook (file or package directory); default: the hook in this tree",
    )
    parser.add_argument(
        "--envelope-only", action="store_true", help="the hook's own work, in process"
    )
    parser.add_argument("--smoke", action="store_true", help="100 spans, one run")
    parser.add_argument("--json", type=Path, help="write the rows (benchmarks/README.md)")
    args = parser.parse_args()
    if args.smoke:
        args.spans, args.runs = [100], 1
    if args.envelope_only:
        envelope_only(args.spans, args.runs, args.hook_source)
        return

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        server = MlflowServer(tmp / "mlflow").start()
        env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
        env.pop("PYTHONPATH", None)
        env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
        kernels = {}
        try:
            # Without the tests' contract check of each envelope: it is the client's
            # work, and took longer than the hook itself (0.3 s at 100 spans).
            kernels["mlflow alone"] = Kernel(tmp / "alone", env, check_contract=False)
            kernels["with hook"] = Kernel(tmp / "hook", env, check_contract=False)
            kernels["with hook"].ok(
                hook_load_code({"display_enabled": True}, args.hook_source), silent=True
            )
            for kernel in kernels.values():
                kernel.ok(SETUP.format(uri=server.uri))
            rows, suite_rows = [], []
            for n in args.spans:
                times: dict[str, list[float]] = {name: [] for name in kernels}
                what = {}
                for kernel in kernels.values():
                    timed(kernel, f"agent({n});")  # warm-up
                for _ in range(args.runs):
                    for name, kernel in kernels.items():  # interleaved: same machine load
                        elapsed, outputs = timed(kernel, f"agent({n});")
                        times[name].append(elapsed)
                        what[name] = embedded(outputs)
                alone = statistics.median(times["mlflow alone"])
                suite_rows += kernel_rows(n, times, what["with hook"])
                for name in kernels:
                    median = statistics.median(times[name])
                    rows.append(
                        f"| {n} | {name} | {median:.0f} | {min(times[name]):.0f} |"
                        f" {max(times[name]):.0f} | {median / alone:.2f}x | {what[name]} |"
                    )
        finally:
            for kernel in kernels.values():
                kernel.close()
            server.stop()

    if args.json:
        write_suite(
            args.json,
            "kernel",
            "Kernel hook cost",
            "Two real ipykernels, one with MLflow's own notebook display only, one with the hook"
            " loaded as the frontend loads it (its source through kernel_loader.py); a real MLflow"
            " tracking server (sqlite); one trace of N spans per cell (@mlflow.trace, a root with"
            " N - 1 children); MLflow's defaults (asynchronous trace logging). Time: execute"
            " request to idle with every output received (MLflow's display included); the two"
            f" kernels interleaved; {args.runs} run(s) after a warm-up.",
            suite_rows,
            versions(),
        )
        return

    import mlflow

    print(
        f"Machine: {platform.machine()}, Python {platform.python_version()}, mlflow"
        f" {mlflow.__version__}, hook {args.hook_source or 'of this tree'}, {args.runs} runs after a warm-up\n"
    )
    print("| spans | kernel | median ms | min | max | vs mlflow alone | embedded |")
    print("|---:|---|---:|---:|---:|---:|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
