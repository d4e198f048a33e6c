"""`?store=`: the sidebar reads the local store a notebook kernel reports.

The stores are written by the real mlflow SDK in a separate process that sets no
tracking URI, as a fresh notebook kernel does (MLflow 3.7+ then logs to
sqlite:///mlflow.db in its working directory). The refusals are checked
against real files too, and each checks that the file was left as it was.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_mlflow_traces.routes import NAMESPACE

from .server_config import extension_config
from .test_mlflow2 import MLFLOW2_BIN

#: What a notebook cell would run; the process's cwd is the notebook's folder.
KERNEL_CELL = """
import json, mlflow

#: Every tracking store here is real MLflow: conftest's jp_fetch holds the answers
#: to MLflow's shapes in the contract, not only to the extension's guarantees.
ANSWERS_FROM_REAL_MLFLOW = True

@mlflow.trace(span_type="AGENT")
def answer(question):
    with mlflow.start_span("lookup", span_type="TOOL") as span:
        span.set_inputs({"question": question})
        span.set_outputs({"hits": 2})
    return "two hits"

answer("where did my traces go?")
print(json.dumps({
    "uri": mlflow.get_tracking_uri(),
    "trace_id": mlflow.get_last_active_trace_id(),
    "version": mlflow.__version__,
}))
"""


def run_like_a_kernel(python: str, cwd, code: str) -> dict:
    # The test process's PYTHONPATH would give the other virtualenv this one's mlflow.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("MLFLOW_") and k not in ("PYTHONPATH", "PYTHONHOME")
    }
    env["MLFLOW_ENABLE_ASYNC_TRACE_LOGGING"] = "false"
    done = subprocess.run(
        [python, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def kernel_store(tmp_path_factory):
    """A folder holding MLflow's default store, written by a process with no tracking URI."""
    folder = tmp_path_factory.mktemp("kernel-cwd")
    report = run_like_a_kernel(sys.executable, folder, KERNEL_CELL)
    assert report["uri"] == f"sqlite:///{folder / 'mlflow.db'}"  # absolute: sqlite:////...
    return {"folder": folder, **report}


@pytest.fixture
def notebook_store(kernel_store, jp_root_dir):
    """The kernel's store in a notebook folder inside the Jupyter server's root_dir."""
    folder = jp_root_dir / "project"
    folder.mkdir()
    shutil.copy(kernel_store["folder"] / "mlflow.db", folder / "mlflow.db")
    return f"sqlite:///{folder / 'mlflow.db'}"


@pytest.fixture
def jp_server_config(mlflow_server):
    return extension_config({"tracking_uri": mlflow_server.uri, "request_timeout": 10.0})


async def get_json(jp_fetch, *path, **params):
    response = await jp_fetch(NAMESPACE, *path, params=params or None)
    return json.loads(response.body)


async def refusal(jp_fetch, store, *path):
    with pytest.raises(HTTPClientError) as info:
        await jp_fetch(NAMESPACE, *(path or ("experiments",)), params={"store": store})
    return info.value.code, json.loads(info.value.response.body)["error"]


def digest(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


async def test_browses_the_kernels_default_store(jp_fetch, notebook_store, kernel_store):
    status = await get_json(jp_fetch, "status", store=notebook_store)
    assert status["reachable"] is True, status
    assert status["tracking_uri"] == notebook_store
    assert status["tracking_uri_source"] == "notebook kernel"
    assert status["is_http"] is False

    experiments = await get_json(jp_fetch, "experiments", store=notebook_store)
    default = [e for e in experiments["experiments"] if e["name"] == "Default"]
    assert len(default) == 1
    traces = await get_json(
        jp_fetch, "experiments", default[0]["experiment_id"], "traces", store=notebook_store
    )
    assert [t["trace_id"] for t in traces["traces"]] == [kernel_store["trace_id"]]
    trace = await get_json(jp_fetch, "traces", kernel_store["trace_id"], store=notebook_store)
    assert sorted(s["name"] for s in trace["spans"]["spans"]) == ["answer", "lookup"]
    assert trace["tracking_uri"] == notebook_store


async def test_the_configured_connection_stays(jp_fetch, notebook_store, mlflow_server):
    await get_json(jp_fetch, "status", store=notebook_store)
    status = await get_json(jp_fetch, "status")
    assert status["tracking_uri"] == mlflow_server.uri
    assert status["tracking_uri_source"] == "server configuration"
    assert status["browse_kernel_stores"] is True


async def test_a_symlink_inside_the_root_to_a_store_outside_is_refused(
    jp_fetch, kernel_store, jp_root_dir
):
    link = jp_root_dir / "link.db"
    link.symlink_to(kernel_store["folder"] / "mlflow.db")
    for store in (kernel_store["uri"], f"sqlite:///{link}", f"sqlite:///{jp_root_dir}/../x.db"):
        code, error = await refusal(jp_fetch, store)
        assert code == 403, error
        assert error["kind"] == "store-not-allowed"
        assert (
            "is outside the folders the Jupyter server reads kernel stores from"
            in (error["message"])
        )


async def test_a_missing_store_is_reported_and_not_created(jp_fetch, jp_root_dir):
    missing = jp_root_dir / "elsewhere" / "mlflow.db"
    code, error = await refusal(jp_fetch, f"sqlite:///{missing}")
    assert code == 404
    assert error["message"] == (
        f"sqlite:///{missing}: {missing} does not exist on the Jupyter server's machine "
        "(a remote kernel's files are not here; the Jupyter server never creates a store)"
    )
    status = await get_json(jp_fetch, "status", store=f"sqlite:///{missing}")
    assert status["reachable"] is False
    assert status["reason_kind"] == "not-found"
    assert not missing.parent.exists()


@pytest.mark.parametrize(
    "store",
    [
        "postgresql://admin:s3cret-pw@db.example:5432/mlflow",
        "mysql+pymysql://admin:s3cret-pw@127.0.0.1/mlflow",
        "databricks",
        "https://admin:s3cret-pw@mlflow.example.com",
    ],
)
async def test_network_uris_are_refused_unsent(jp_fetch, store):
    code, error = await refusal(jp_fetch, store)
    assert code == 403
    assert error["kind"] == "store-not-allowed"
    assert "is not a local store" in error["message"]
    assert "s3cret" not in json.dumps(error)


async def test_the_configured_tracking_server_is_no_kernel_store(jp_fetch, mlflow_server):
    """Not even the configured server's URL: `store` names local stores only."""
    code, error = await refusal(jp_fetch, mlflow_server.uri)
    assert (code, error["kind"]) == (403, "store-not-allowed")


async def test_a_relative_store_needs_the_kernels_folder(jp_fetch):
    code, error = await refusal(jp_fetch, "sqlite:///mlflow.db")
    assert code == 400
    assert "relative to the kernel's working directory" in error["message"]


async def test_a_sqlite_file_that_is_not_mlflows_is_left_alone(jp_fetch, jp_root_dir):
    path = jp_root_dir / "data.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE results (score REAL)")
    db.commit()
    db.close()
    before = digest(path)
    code, error = await refusal(jp_fetch, f"sqlite:///{path}")
    assert code == 403
    assert error["message"].endswith("not read, because it is not an MLflow tracking database")
    assert digest(path) == before


@pytest.mark.skipif(
    not MLFLOW2_BIN or not os.access(MLFLOW2_BIN, os.X_OK),
    reason="set MLFLOW2_BIN to the mlflow executable of an MLflow 2.x virtualenv (test.sh does)",
)
async def test_a_store_of_another_mlflow_version_is_not_migrated(jp_fetch, jp_root_dir):
    """A kernel with MLflow 2.22 (the second virtualenv): reading its store with this
    server's MLflow 3 would migrate it, and the kernel's MLflow could no longer open it."""
    python = str(Path(MLFLOW2_BIN).with_name("python"))
    folder = jp_root_dir / "mlflow2-notebook"
    folder.mkdir()
    code = 'import mlflow; mlflow.set_tracking_uri("sqlite:///mlflow.db")\n' + KERNEL_CELL
    assert run_like_a_kernel(python, folder, code)["version"].startswith("2.")
    path = folder / "mlflow.db"
    before = digest(path)
    status, error = await refusal(jp_fetch, f"sqlite:///{path}")
    assert status == 403
    assert "the kernel runs another MLflow version" in error["message"]
    assert "the Jupyter server never migrates a store" in error["message"]
    assert digest(path) == before


async def test_a_folder_that_is_no_file_store_gets_no_trash_folder(jp_fetch, jp_root_dir):
    folder = jp_root_dir / "notes"
    folder.mkdir()
    for store in (str(folder), f"file://{folder}"):
        code, error = await refusal(jp_fetch, store)
        assert code == 403
        assert "it is not an MLflow file store" in error["message"]
    assert os.listdir(folder) == []


class TestTurnedOff:
    @pytest.fixture
    def jp_server_config(self, mlflow_server):
        return extension_config({"tracking_uri": mlflow_server.uri, "browse_kernel_stores": False})

    async def test_nothing_is_read(self, jp_fetch, notebook_store):
        code, error = await refusal(jp_fetch, notebook_store)
        assert code == 403
        assert "MlflowTracesConfig.browse_kernel_stores" in error["message"]
        status = await get_json(jp_fetch, "status", store=notebook_store)
        assert status["reachable"] is False
        assert status["reason_kind"] == "store-not-allowed"
        assert status["browse_kernel_stores"] is False


class TestOtherRoots:
    @pytest.fixture
    def jp_server_config(self, mlflow_server, kernel_store):
        return extension_config(
            {"tracking_uri": mlflow_server.uri, "kernel_store_roots": [str(kernel_store["folder"])]}
        )

    async def test_a_configured_root_replaces_root_dir(
        self, jp_fetch, kernel_store, notebook_store
    ):
        status = await get_json(jp_fetch, "status", store=kernel_store["uri"])
        assert status["reachable"] is True, status
        code, _ = await refusal(jp_fetch, notebook_store)
        assert code == 403


class TestSizeCap:
    @pytest.fixture
    def jp_server_config(self, mlflow_server):
        return extension_config({"tracking_uri": mlflow_server.uri, "max_response_bytes": 200})

    async def test_the_cap_applies_to_kernel_stores(self, jp_fetch, notebook_store, kernel_store):
        code, error = await refusal(jp_fetch, notebook_store, "traces", kernel_store["trace_id"])
        assert code == 502
        assert error["kind"] == "too-large"
