"""Write fixtures/hook-structure.json: a display bundle made by the real kernel hook.

A real ipykernel with real mlflow and a real tracking server (sqlite) runs a
1,000-span trace (one span failing) with the hook's cap at 100 kB, so the hook
embeds the trace's structure. src/model/__tests__/structure.test.ts reads it.

    .venv/bin/python jupyterlab_mlflow_traces/tests/generate_hook_structure.py
"""

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from jupyterlab_mlflow_traces.tests.mlflow_server import MlflowServer  # noqa: E402
from jupyterlab_mlflow_traces.tests.test_kernel_hook import (  # noqa: E402
    Kernel,
    displays,
    load_code,
)
from jupyterlab_mlflow_traces.tests.test_kernel_hook_structure import WIDE_TRACE  # noqa: E402

OUT = Path(__file__).resolve().parent / "fixtures" / "hook-structure.json"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        server = MlflowServer(Path(tmp) / "mlflow").start()
        env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
        env.pop("PYTHONPATH", None)
        kernel = Kernel(Path(tmp) / "kernel", env)
        try:
            kernel.ok(load_code({"display_enabled": True, "max_bytes": 100_000}), silent=True)
            outputs = kernel.ok(WIDE_TRACE.format(uri=server.uri, spans=1000, value_chars=20))
            bundle = displays(outputs)[0]["data"]
        finally:
            kernel.close()
            server.stop()
    OUT.write_text(json.dumps(bundle, ensure_ascii=False) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
