import gzip
import json
import os
import time

import pytest
from jupyter_server.utils import url_path_join
from tornado.httpclient import HTTPClientError

from .contract import response_schema, validate
from .fake_server import FakeTrackingServer
from .mlflow_server import MlflowServer
from .server_config import extension_config

pytest_plugins = ("pytest_jupyter.jupyter_server",)

os.environ.setdefault("MLFLOW_ENABLE_ASYNC_TRACE_LOGGING", "false")
# The tests pick the tracking URI themselves; one from the calling shell must not leak in.
os.environ.pop("MLFLOW_TRACKING_URI", None)
for _name in ("MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD", "MLFLOW_TRACKING_TOKEN"):
    os.environ.pop(_name, None)

#: Experiments created for paging tests (more than one page of 3).
PAGING_EXPERIMENTS = [f"paging-{i:02d}" for i in range(7)]


@pytest.fixture(scope="session")
def mlflow_server(tmp_path_factory):
    """A real tracking server (sqlite) with default security settings."""
    server = MlflowServer(tmp_path_factory.mktemp("mlflow")).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def seeded(mlflow_server):
    """Experiments and traces written by the real mlflow SDK.

    Experiment "pytest-demo" holds 6 traces, newest first:
    small_step x3 (the last one with "it's 50% done"), failing_tool (ERROR),
    weather_agent ("京都の天気は？ 🌦"), weather_agent ("weather in Kyoto?").
    """
    import mlflow

    mlflow.set_tracking_uri(mlflow_server.uri)
    for name in PAGING_EXPERIMENTS:
        mlflow.set_experiment(name)
    deleted = mlflow.set_experiment("pytest-deleted").experiment_id
    mlflow.MlflowClient(mlflow_server.uri).delete_experiment(deleted)
    exp_id = mlflow.set_experiment("pytest-demo").experiment_id

    @mlflow.trace(span_type="TOOL")
    def lookup(city):
        return {"city": city, "temp_c": 21}

    @mlflow.trace(name="weather_agent", span_type="AGENT")
    def agent(question):
        with mlflow.start_span("plan", span_type="CHAIN") as span:
            span.set_inputs({"question": question})
            span.set_outputs({"steps": ["lookup"]})
        return lookup("Kyoto")

    @mlflow.trace(name="failing_tool", span_type="TOOL")
    def failing(x):
        raise ValueError(f"tool failed on {x}")

    @mlflow.trace(name="small_step")
    def small(x):
        return x

    ids = []
    for question in ("weather in Kyoto?", "京都の天気は？ 🌦"):
        agent(question)
        ids.append(mlflow.get_last_active_trace_id())
        time.sleep(0.01)
    try:
        failing("input")
    except ValueError:
        pass
    error_id = mlflow.get_last_active_trace_id()
    time.sleep(0.01)
    for x in ("step one", "step two", "it's 50% done"):
        small(x)
        time.sleep(0.01)
    if hasattr(mlflow, "flush_trace_async_logging"):
        mlflow.flush_trace_async_logging()
    all_ids = [
        trace.info.trace_id
        for trace in mlflow.MlflowClient(mlflow_server.uri).search_traces(
            locations=[exp_id], max_results=100, order_by=["timestamp_ms DESC"], include_spans=False
        )
    ]
    assert len(all_ids) == 6, all_ids
    # mlflow.set_tracking_uri() also exports MLFLOW_TRACKING_URI: the server under
    # test must not see it (tests set the URI source they check themselves).
    os.environ.pop("MLFLOW_TRACKING_URI", None)
    yield {
        "experiment_id": exp_id,
        "deleted_experiment_id": deleted,
        "trace_ids": ids,
        "error_trace_id": error_id,
        "all_trace_ids": all_ids,
    }


@pytest.fixture(scope="session")
def fake_server():
    server = FakeTrackingServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def jp_server_config(mlflow_server):
    return extension_config({"tracking_uri": mlflow_server.uri, "request_timeout": 10.0})


@pytest.fixture
def jp_fetch(jp_fetch, jp_auth_header, request):
    """pytest-jupyter's jp_fetch, with every answer of this extension's endpoints
    checked against the contract (contract/openapi.json): the status, connection,
    experiments, traces and trace answers, and every error body. What a tracking
    server's answer holds is held to MLflow's shape in modules whose every store is
    real MLflow (`ANSWERS_FROM_REAL_MLFLOW = True`), else only to what the extension
    guarantees for any server (fake and hostile ones). Requests without the test's
    token are Jupyter's to answer (its own 403), not this extension's."""
    from jupyterlab_mlflow_traces.routes import NAMESPACE

    mlflow = bool(getattr(request.module, "ANSWERS_FROM_REAL_MLFLOW", False))

    async def fetch(*parts, **kwargs):
        path = url_path_join(*parts)
        headers = kwargs.get("headers") or {}
        authenticated = all(headers.get(k, v) == v for k, v in jp_auth_header.items())
        if not path.startswith(NAMESPACE + "/") or not authenticated:
            return await jp_fetch(*parts, **kwargs)
        try:
            response = await jp_fetch(*parts, **kwargs)
        except HTTPClientError as err:
            if err.response is not None:
                check_answer(path[len(NAMESPACE) + 1 :], err.code, err.response, mlflow)
            raise
        check_answer(path[len(NAMESPACE) + 1 :], response.code, response, mlflow)
        return response

    return fetch


def check_answer(path: str, status: int, response, mlflow: bool) -> None:
    schema = response_schema(path, status)
    if schema is None:
        return
    content_type = response.headers.get("Content-Type", "")
    assert content_type.startswith("application/json"), (
        f"{path} answered {status} with {content_type!r}, not JSON"
    )
    body = response.body
    if response.headers.get("Content-Encoding") == "gzip":  # fetched with decompress_response=False
        body = gzip.decompress(body)
    validate(schema, json.loads(body), mlflow=mlflow)
