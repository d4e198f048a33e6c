"""An MLflow 2.x tracking server (its own virtualenv): the v2 fallbacks.

Runs when MLFLOW2_BIN names the `mlflow` executable of an MLflow 2 environment
(e.g. `python -m venv .mlflow2 && .mlflow2/bin/pip install mlflow==2.22.5
'sqlalchemy<2.1'`; SQLAlchemy 2.1 breaks MLflow 2's server). That environment's
python seeds the server with MLflow 2's own SDK.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_mlflow_traces.routes import NAMESPACE

from .mlflow_server import MlflowServer
from .server_config import extension_config

#: Every tracking store here is real MLflow: conftest's jp_fetch holds the answers
#: to MLflow's shapes in the contract, not only to the extension's guarantees.
ANSWERS_FROM_REAL_MLFLOW = True

MLFLOW2_BIN = os.environ.get("MLFLOW2_BIN", "")

pytestmark = pytest.mark.skipif(
    not MLFLOW2_BIN or not os.access(MLFLOW2_BIN, os.X_OK),
    reason="set MLFLOW2_BIN to the mlflow executable of an MLflow 2.x virtualenv",
)

SEED = """
import sys, time, mlflow

mlflow.set_tracking_uri(sys.argv[1])
for i in range(5):
    mlflow.set_experiment(f"v2-paging-{i}")
exp = mlflow.set_experiment("v2-demo")

@mlflow.trace(name="v2_agent", span_type="AGENT")
def agent(q):
    with mlflow.start_span("plan") as s:
        s.set_inputs({"q": q})
    if "fail" in q:
        raise ValueError("boom")
    return "sunny"

ids = []
for q in ("weather in Kyoto?", "please fail", "京都", "four", "five"):
    try:
        agent(q)
    except ValueError:
        pass
    ids.append(mlflow.get_last_active_trace().info.request_id)
    time.sleep(0.01)

@mlflow.trace(name="other name")
def other(x):
    return x

other(1)
ids.append(mlflow.get_last_active_trace().info.request_id)
print(mlflow.__version__)
print(exp.experiment_id)
print(",".join(reversed(ids)))
"""


@pytest.fixture(scope="module")
def mlflow2_server(tmp_path_factory):
    server = MlflowServer(tmp_path_factory.mktemp("mlflow2"), mlflow_bin=MLFLOW2_BIN).start()
    try:
        python = str(Path(MLFLOW2_BIN).with_name("python"))
        env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
        seed = subprocess.run(
            [python, "-c", SEED, server.uri], capture_output=True, text=True, timeout=300, env=env
        )
        assert seed.returncode == 0, seed.stderr[-3000:]
        version, experiment_id, ids = seed.stdout.strip().splitlines()[-3:]
        assert version.startswith("2."), version
        server.version = version
        server.experiment_id = experiment_id
        server.trace_ids = ids.split(",")
        yield server
    finally:
        server.stop()


@pytest.fixture
def jp_server_config(mlflow2_server):
    return extension_config({"tracking_uri": mlflow2_server.uri, "request_timeout": 30.0})


async def get_json(jp_fetch, *path, **params):
    response = await jp_fetch(NAMESPACE, *path, params=params or None)
    return json.loads(response.body)


async def test_status(jp_fetch, mlflow2_server):
    status = await get_json(jp_fetch, "status")
    assert status["reachable"] is True, status
    assert status["mlflow_version"] == mlflow2_server.version


async def test_experiments_search_and_paging(jp_fetch, mlflow2_server):
    names = []
    token = None
    while True:
        params = {"search": "V2-PAGING", "max_results": "2", "order_by": "name ASC"}
        if token:
            params["page_token"] = token
        body = await get_json(jp_fetch, "experiments", **params)
        names += [e["name"] for e in body.get("experiments", [])]
        token = body.get("next_page_token")
        if not token:
            break
    assert names == [f"v2-paging-{i}" for i in range(5)]
    body = await get_json(jp_fetch, "experiments", mlflow2_server.experiment_id)
    assert body["experiment"]["name"] == "v2-demo"


async def test_traces_fall_back_to_the_v2_endpoint_with_paging(jp_fetch, mlflow2_server):
    path = ["experiments", mlflow2_server.experiment_id, "traces"]
    ids = []
    token = None
    while True:
        params = {"max_results": "4"}
        if token:
            params["page_token"] = token
        body = await get_json(jp_fetch, *path, **params)
        assert body["api"] == "v2"
        assert body["text_filter"] == "exact-name"
        ids += [t["request_id"] for t in body.get("traces", [])]
        token = body.get("next_page_token")
        if not token:
            break
    assert ids == mlflow2_server.trace_ids


async def test_v2_filters(jp_fetch, mlflow2_server):
    path = ["experiments", mlflow2_server.experiment_id, "traces"]

    async def count(**params):
        return len((await get_json(jp_fetch, *path, **params)).get("traces", []))

    assert await count(status="ERROR") == 1
    assert await count(status="OK") == 5
    # MLflow 2 has no LIKE for trace names: text is an exact trace-name match.
    assert await count(text="v2_agent") == 5
    assert await count(text="other name") == 1
    assert await count(text="v2_") == 0
    assert await count(since_ms="4102444800000") == 0  # 2100-01-01


async def test_one_v2_trace(jp_fetch, mlflow2_server):
    trace_id = mlflow2_server.trace_ids[-1]
    body = await get_json(jp_fetch, "traces", trace_id)
    assert body["info"]["trace_info"]["request_id"] == trace_id
    assert sorted(s["name"] for s in body["spans"]["spans"]) == ["plan", "v2_agent"]
    with pytest.raises(HTTPClientError) as info:
        await jp_fetch(NAMESPACE, "traces", "0123456789abcdef0123456789abcdef")
    assert info.value.code == 404
    assert json.loads(info.value.response.body)["error"]["message"] == (
        f"trace 0123456789abcdef0123456789abcdef not found on {mlflow2_server.uri}"
    )
