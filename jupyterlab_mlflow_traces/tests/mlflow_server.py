"""Start a real MLflow tracking server (sqlite backend) on 127.0.0.1 for tests."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Optional


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MlflowServer:
    """One `mlflow server` process; `stop()` and `start()` again on the same port."""

    def __init__(
        self,
        root: Path,
        extra_args: Optional[list[str]] = None,
        env: Optional[dict] = None,
        mlflow_bin: Optional[str] = None,
    ):
        self.root = root
        self.mlflow_bin = mlflow_bin
        self.port = free_port()
        self.uri = f"http://127.0.0.1:{self.port}"
        self.extra_args = extra_args or []
        self.env = env or {}
        self.proc: Optional[subprocess.Popen] = None

    def start(self, timeout: float = 120) -> "MlflowServer":
        self.root.mkdir(parents=True, exist_ok=True)
        mlflow_bin = (
            self.mlflow_bin
            or shutil.which("mlflow", path=os.path.dirname(sys.executable))
            or "mlflow"
        )
        cmd = [
            mlflow_bin,
            "server",
            "--backend-store-uri",
            f"sqlite:///{self.root / 'mlflow.db'}",
            "--default-artifact-root",
            str(self.root / "artifacts"),
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            "1",
            *self.extra_args,
        ]
        self.log = open(self.root / "server.log", "ab")
        self.proc = subprocess.Popen(
            cmd,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            # The job runner (online scoring, archival) spawns workers no test uses.
            env={**os.environ, "MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false", **self.env},
            # The basic-auth app keeps its user database in the working directory.
            cwd=self.root,
            start_new_session=True,
        )
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"mlflow server exited: {(self.root / 'server.log').read_text()[-2000:]}"
                )
            try:
                with urllib.request.urlopen(f"{self.uri}/health", timeout=2) as resp:
                    if resp.status == 200:
                        return self
            except Exception:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"mlflow server did not answer within {timeout}s")

    def wait_until_closed(self, timeout: float = 20) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) != 0:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"port {self.port} still open")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self.proc = None
