"""The sidebar benchmark's servers: a throwaway PostgreSQL, its driver, and MLflow on it.

``Postgres`` runs Debian's ``postgresql`` package (installed with apt-get when
missing, as root) on 127.0.0.1 and a free port, with its data directory under
/tmp; as root the server runs as the ``postgres`` user (initdb refuses root).
Its settings are the package's defaults. ``stop()`` shuts it down and removes the
directory.

``driver_path()`` is a directory holding psycopg 3 (pinned in
``benchmarks/requirements-pg.txt``), installed with pip ``--target`` into the user's
cache on first use, so that neither the project's virtualenv nor pyproject.toml
change: the MLflow server and the seeding process get it on ``PYTHONPATH``.

``MlflowOn`` is ``mlflow server`` on any backend store URI (PostgreSQL or sqlite).
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from jupyterlab_mlflow_traces.tests.mlflow_server import MlflowServer, free_port  # noqa: E402

REQUIREMENTS = HERE / "requirements-pg.txt"
USER = "bench"
DATABASE = "mlflow"


def driver_path() -> str:
    """A directory with the pinned PostgreSQL driver (installed once per requirements text)."""
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()[:12]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    target = cache / "jupyterlab-mlflow-traces" / f"pg-driver-{digest}"
    if not (target / "psycopg").is_dir():
        partial = Path(tempfile.mkdtemp(prefix="pg-driver-", dir=target.parent.parent))
        try:
            subprocess.run(
                [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps",
                 "--target", str(partial), "-r", str(REQUIREMENTS)],
                check=True,
            )  # fmt: skip
            target.parent.mkdir(parents=True, exist_ok=True)
            partial.rename(target)
        finally:
            shutil.rmtree(partial, ignore_errors=True)
    return str(target)


def bin_dir() -> Path:
    """The newest installed PostgreSQL's programs, installing Debian's package if needed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_major)
    if not found:
        if os.geteuid() != 0:
            raise RuntimeError("PostgreSQL is not installed: apt-get install -y postgresql")
        subprocess.run(["apt-get", "update", "-q"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-q", "postgresql"], check=True)
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_major)
    return Path(found[-1]).parent


def _major(path: str) -> int:
    return int(Path(path).parent.parent.name)


class Postgres:
    def __init__(self) -> None:
        self.bin = bin_dir()
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="bench-pg-"))
        self.data = self.root / "data"
        self.as_postgres = os.geteuid() == 0
        self.uri = f"postgresql://{USER}@127.0.0.1:{self.port}/{DATABASE}"
        self.version = ""
        self.started = False
        self.pid = 0  # the postmaster's

    def _run(self, *args: str) -> str:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=self.root)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:2])} failed: {done.stderr[-2000:]}")
        return done.stdout

    def start(self) -> Postgres:
        self.root.chmod(0o755)
        self.data.mkdir()
        if self.as_postgres:
            shutil.chown(self.data, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", USER, "--auth=trust", "-E", "UTF8",
                  "--locale=C")  # fmt: skip
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data}"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.data / "server.log"), "-w",
                  "-o", options, "start")  # fmt: skip
        self.started = True
        self.pid = int((self.data / "postmaster.pid").read_text().split()[0])
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", USER, DATABASE)
        # "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
        self.version = re.search(r"\d+(\.\d+)+", self._run("postgres", "--version")).group()
        return self

    def stop(self) -> None:
        try:
            if self.started:
                self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
                self.started = False
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Postgres:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class MlflowOn(MlflowServer):
    """The tests' `mlflow server` (one worker, a free port) on any backend store URI."""

    def __init__(self, backend_uri: str, root: Path, pythonpath: str = ""):
        super().__init__(root)
        self.backend_uri = backend_uri
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
        # The job runner (online scoring, archival) spawns workers nobody here uses.
        self.env["MLFLOW_SERVER_ENABLE_JOB_EXECUTION"] = "false"
        if pythonpath:
            self.env["PYTHONPATH"] = pythonpath

    def start(self, timeout: float = 300) -> MlflowOn:
        self.log = open(self.root / "mlflow.log", "ab")
        self.proc = subprocess.Popen(
            [str(Path(sys.executable).parent / "mlflow"), "server",
             "--backend-store-uri", self.backend_uri,
             "--default-artifact-root", str(self.root / "artifacts"),
             "--host", "127.0.0.1", "--port", str(self.port), "--workers", "1"],
            cwd=self.root, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.time() + timeout
        while time.time() < deadline and self.proc.poll() is None:
            try:
                urllib.request.urlopen(f"{self.uri}/health", timeout=2)
                return self
            except OSError:
                time.sleep(0.5)
        tail = (self.root / "mlflow.log").read_text(errors="replace")[-2000:]
        self.stop()
        raise RuntimeError(f"mlflow server on {self.backend_uri} did not start:\n{tail}")
