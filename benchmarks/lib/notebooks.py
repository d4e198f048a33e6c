"""Notebooks whose outputs a real kernel displayed (real mlflow SDK, real tracking server)."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat

from .servers import Kernel, load_code

# One trace of N spans per call: an AGENT root with N - 1 TOOL children (as hook_cost.py).
SETUP = """
import mlflow
mlflow.set_tracking_uri({uri!r})
mlflow.set_experiment({experiment!r})

@mlflow.trace(span_type="TOOL")
def step(i):
    return {{"step": i, "text": "result of step %d" % i}}

@mlflow.trace(name="agent", span_type="AGENT")
def agent(n):
    return [step(i) for i in range(n - 1)]
"""

MIME = "application/vnd.mlflow.trace+json"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def kernel_env(**extra: str) -> dict:
    """This environment without MLflow's variables or PYTHONPATH (the kernel sets its own)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
    env.pop("PYTHONPATH", None)
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    env.update(extra)
    return env


# Without the hook, MLflow 3.17's post-cell display runs before its background batch span
# processor has exported the cell's trace, so the trace is shown by the next cell (two in
# one output). Flushing the span queue first (what the hook does) gives each cell its own
# trace, unchanged otherwise. Registered before MLflow's own post_run_cell callback.
FLUSH_BEFORE_DISPLAY = """
import sys as _sys
def _flush_span_queues(result):
    module = _sys.modules.get("mlflow.tracing.processor.base_mlflow")
    for processor in list(getattr(module, "_batch_processor_registry", ())):
        processor.force_flush(5000)
get_ipython().events.register("post_run_cell", _flush_span_queues)
"""


def run_kernel(workdir: Path, uri: str, hook: dict | None, experiment: str = "bench") -> Kernel:
    """A real ipykernel with the SETUP agent; ``hook``: the kernel hook's options, as the
    frontend loads it (None: MLflow's own notebook display only). MLflow's defaults
    (asynchronous trace logging)."""
    kernel = Kernel(workdir, kernel_env())
    if hook is not None:
        kernel.ok(load_code(hook), silent=True)
    else:
        kernel.ok(FLUSH_BEFORE_DISPLAY, silent=True)
    kernel.ok(SETUP.format(uri=uri, experiment=experiment))
    return kernel


def traced_notebook(
    kernel: Kernel, path: Path, cells: list[str], retries: int = 3, flush: bool | None = None
) -> list[list]:
    """Run each cell in ``kernel`` and save the cells with the display outputs it sent.

    MLflow's post-cell display now and then misses a cell under load; such a cell is
    run again (up to ``retries`` times), never faked. Returns each cell's outputs.
    """
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = KERNELSPEC
    shown_all = []
    for i, code in enumerate(cells):
        for _attempt in range(retries):
            outputs = kernel.ok(code)
            embeds = any(MIME in o["data"] for o in outputs if o["type"] == "display_data")
            if flush or (flush is None and not embeds):
                kernel.ok("mlflow.flush_trace_async_logging()", silent=True)
            shown = [
                nbformat.v4.new_output("display_data", data=o["data"], metadata=o["metadata"])
                for o in outputs
                if o["type"] == "display_data"
            ]
            if shown:
                break
        assert shown, f"cell {i}: MLflow displayed nothing: {outputs}"
        nb.cells.append(nbformat.v4.new_code_cell(code, execution_count=i + 1, outputs=shown))
        shown_all.append(shown)
    nbformat.write(nb, path)
    return shown_all
