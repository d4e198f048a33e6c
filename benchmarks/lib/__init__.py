"""Shared pieces of the benchmark scripts (benchmarks/*.py).

    sys.path.insert(0, str(Path(__file__).resolve().parent))   # benchmarks/
    from lib import MlflowServer, Lab, Kernel, traced_notebook, write_suite, ...

servers.py: a real MLflow tracking server (sqlite) and a real JupyterLab on free ports,
with their own settings and data directories. notebooks.py: notebooks whose outputs a
real kernel displayed. rows.py: the result rows of /tmp/brief/json-rows.md
(benchmarks/README.md). browser.mjs: Debian's Chromium through Playwright for the
.mjs drivers.
"""

from .notebooks import kernel_env, run_kernel, traced_notebook
from .rows import machine, median, met_ratio, row, versions, write_suite
from .servers import ROOT, Kernel, Lab, MlflowServer, free_port, load_code

__all__ = [
    "ROOT",
    "Kernel",
    "Lab",
    "MlflowServer",
    "free_port",
    "kernel_env",
    "load_code",
    "machine",
    "median",
    "met_ratio",
    "row",
    "run_kernel",
    "traced_notebook",
    "versions",
    "write_suite",
]
