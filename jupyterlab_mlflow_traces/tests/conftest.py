import os

import pytest

from .mlflow_server import MlflowServer

pytest_plugins = ("pytest_jupyter.jupyter_server",)

os.environ.setdefault("MLFLOW_ENABLE_ASYNC_TRACE_LOGGING", "false")


@pytest.fixture(scope="session")
def mlflow_server(tmp_path_factory):
    """A real tracking server with a few real traces in experiment "demo"."""
    server = MlflowServer(tmp_path_factory.mktemp("mlflow")).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def seeded(mlflow_server):
    """Traces written by the real mlflow SDK; returns their ids and experiment id."""
    import mlflow

    mlflow.set_tracking_uri(mlflow_server.uri)
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

    ids = []
    for question in ("weather in Kyoto?", "京都の天気は？ 🌦"):
        agent(question)
        ids.append(mlflow.get_last_active_trace_id())
    mlflow.flush_trace_async_logging() if hasattr(mlflow, "flush_trace_async_logging") else None
    yield {"experiment_id": exp_id, "trace_ids": ids}


@pytest.fixture
def jp_server_config(mlflow_server):
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_mlflow_traces": True}},
        "MlflowTracesConfig": {"tracking_uri": mlflow_server.uri, "request_timeout": 10.0},
    }
