"""A real MLflow tracking server and a real JupyterLab for benchmarks, on free ports."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

# The tests' own helpers: one `mlflow server` (sqlite) and one real ipykernel,
# re-exported for the suites.
from jupyterlab_mlflow_traces.tests.mlflow_server import MlflowServer, free_port  # noqa: E402, F401
from jupyterlab_mlflow_traces.tests.test_kernel_hook import Kernel, load_code  # noqa: E402, F401

PLUGIN = "jupyterlab-mlflow-traces:plugin"


class Lab:
    """One `jupyter lab` (this venv, this extension installed) serving ``root_dir``.

    Its own port, token, user settings directory and data directory (notebook
    signatures), so it never meets Galata's server or the user's settings.
    ``settings(...)`` writes this extension's user settings; the page reads
    them when it (re)loads.
    """

    def __init__(self, root_dir: Path, tracking_uri: str, state: Path):
        self.root_dir = Path(root_dir)
        self.state = Path(state)
        self.port = free_port()
        self.token = "bench-" + os.urandom(8).hex()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")},
            "MLFLOW_TRACKING_URI": tracking_uri,
            "JUPYTERLAB_SETTINGS_DIR": str(self.state / "settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(self.state / "workspaces"),
            "JUPYTER_DATA_DIR": str(self.state / "data"),
            "JUPYTER_RUNTIME_DIR": str(self.state / "runtime"),
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        }
        self.env.pop("PYTHONPATH", None)
        self.proc: subprocess.Popen | None = None

    def settings(self, values: dict, plugin: str = PLUGIN) -> None:
        package, name = plugin.split(":")
        path = self.state / "settings" / package / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))

    def trust(self, notebook: Path) -> None:
        """Sign a notebook in this server's signature store (MLflow's iframe needs trust)."""
        subprocess.run(
            [str(Path(sys.executable).parent / "jupyter"), "trust", str(notebook)],
            env=self.env,
            check=True,
            capture_output=True,
        )

    def start(self, timeout: float = 240) -> Lab:
        self.state.mkdir(parents=True, exist_ok=True)
        log = open(self.state / "lab.log", "ab")
        self.proc = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "jupyter"),
                "lab",
                "--no-browser",
                "--allow-root",
                f"--port={self.port}",
                "--ServerApp.port_retries=0",
                "--ServerApp.ip=127.0.0.1",
                f"--IdentityProvider.token={self.token}",
                f"--ServerApp.root_dir={self.root_dir}",
                "--LabApp.news_url=",
                "--LabServerApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            ],
            cwd=self.root_dir,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                urllib.request.urlopen(f"{self.url}/api/status?token={self.token}", timeout=2)
                return self
            except OSError:
                time.sleep(0.5)
        self.stop()
        tail = (self.state / "lab.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"JupyterLab did not start at {self.url}:\n{tail}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self.proc = None

    def __enter__(self) -> Lab:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
