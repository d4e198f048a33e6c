"""A `sqlite:///` tracking URI, read with MlflowClient in a worker thread.

It reads the database of the session's tracking server, so the data is the
same as in test_routes: the same answers must come back in the same shapes.
"""

import json
import sys

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_mlflow_traces.routes import NAMESPACE

from .conftest import PAGING_EXPERIMENTS
from .server_config import extension_config

#: Every tracking store here is real MLflow: conftest's jp_fetch holds the answers
#: to MLflow's shapes in the contract, not only to the extension's guarantees.
ANSWERS_FROM_REAL_MLFLOW = True


@pytest.fixture
def sqlite_uri(mlflow_server):
    return f"sqlite:///{mlflow_server.root / 'mlflow.db'}"


@pytest.fixture
def jp_server_config(sqlite_uri):
    return extension_config({"tracking_uri": sqlite_uri})


async def get_json(jp_fetch, *path, **params):
    response = await jp_fetch(NAMESPACE, *path, params=params or None)
    return json.loads(response.body)


async def test_status_of_a_sqlite_store(jp_fetch, sqlite_uri, seeded):
    import mlflow

    status = await get_json(jp_fetch, "status")
    assert status["reachable"] is True, status
    assert status["is_http"] is False
    assert status["tracking_uri"] == sqlite_uri
    assert status["mlflow_version"] == mlflow.__version__


async def test_experiments_paging_and_search(jp_fetch, seeded):
    names = []
    token = None
    pages = 0
    while True:
        params = {"search": "PAGING", "max_results": "3", "order_by": "name ASC"}
        if token:
            params["page_token"] = token
        body = await get_json(jp_fetch, "experiments", **params)
        names += [e["name"] for e in body["experiments"]]
        pages += 1
        token = body.get("next_page_token")
        assert token is None or isinstance(token, str)
        if not token:
            break
    assert names == PAGING_EXPERIMENTS
    assert pages >= 3
    body = await get_json(jp_fetch, "experiments", seeded["experiment_id"])
    assert body["experiment"]["name"] == "pytest-demo"


async def test_traces_paging_filters_and_shape(jp_fetch, seeded):
    path = ["experiments", seeded["experiment_id"], "traces"]
    ids = []
    token = None
    while True:
        params = {"max_results": "4"}
        if token:
            params["page_token"] = token
        body = await get_json(jp_fetch, *path, **params)
        assert body["api"] == "v3"
        ids += [t["trace_id"] for t in body["traces"]]
        token = body.get("next_page_token")
        if not token:
            break
    assert ids == seeded["all_trace_ids"]
    first = body["traces"][0]
    assert set(first) >= {"trace_id", "request_time", "state", "tags", "trace_metadata"}

    errors = await get_json(jp_fetch, *path, status="ERROR")
    assert [t["trace_id"] for t in errors["traces"]] == [seeded["error_trace_id"]]
    kyoto = await get_json(jp_fetch, *path, text="kyoto")
    assert len(kyoto["traces"]) == 2


async def test_one_trace_with_spans(jp_fetch, seeded, sqlite_uri):
    trace_id = seeded["trace_ids"][0]
    body = await get_json(jp_fetch, "traces", trace_id)
    assert body["info"]["trace_id"] == trace_id
    assert body["tracking_uri"] == sqlite_uri
    assert sorted(s["name"] for s in body["spans"]["spans"]) == ["lookup", "plan", "weather_agent"]


async def test_unknown_trace_is_404(jp_fetch, seeded, sqlite_uri):
    with pytest.raises(HTTPClientError) as info:
        await jp_fetch(NAMESPACE, "traces", "tr-00000000000000000000000000000000")
    assert info.value.code == 404
    error = json.loads(info.value.response.body)["error"]
    assert error["message"] == (
        f"trace tr-00000000000000000000000000000000 not found on {sqlite_uri}"
    )


async def test_without_mlflow_installed_the_message_says_what_to_install(jp_fetch, monkeypatch):
    monkeypatch.setitem(sys.modules, "mlflow", None)  # `import mlflow` raises ImportError
    status = await get_json(jp_fetch, "status")
    assert status["reachable"] is False
    assert status["reason_kind"] == "missing-mlflow"
    assert "pip install 'jupyterlab-mlflow-traces[mlflow]'" in status["reason"]
    with pytest.raises(HTTPClientError) as info:
        await jp_fetch(NAMESPACE, "experiments")
    assert info.value.code == 501
