"""MLflow's basic-auth app: credentials come from the Jupyter server's environment,
are sent to the tracking server, and never appear in anything the browser gets."""

import base64
import json
import subprocess
import sys

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_mlflow_traces.routes import NAMESPACE

from .mlflow_server import MlflowServer
from .server_config import extension_config

ADMIN = "admin"
PASSWORD = "Adm1n-pa55word-for-tests"
SEED = """
import os, sys, mlflow
mlflow.set_tracking_uri(sys.argv[1])
mlflow.set_experiment("auth-demo")

@mlflow.trace(name="guarded_agent")
def agent(q):
    return q.upper()

agent("behind basic auth")
print(mlflow.get_last_active_trace_id())
"""


@pytest.fixture(scope="module")
def auth_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("mlflow-auth")
    server = MlflowServer(
        root,
        extra_args=["--app-name", "basic-auth"],
        env={
            "MLFLOW_FLASK_SERVER_SECRET_KEY": "test-secret-key",
            "MLFLOW_AUTH_ADMIN_PASSWORD": PASSWORD,
        },
    ).start()
    try:
        seed = subprocess.run(
            [sys.executable, "-c", SEED, server.uri],
            capture_output=True,
            text=True,
            timeout=180,
            env={
                **_clean_env(),
                "MLFLOW_TRACKING_USERNAME": ADMIN,
                "MLFLOW_TRACKING_PASSWORD": PASSWORD,
                "MLFLOW_ENABLE_ASYNC_TRACE_LOGGING": "false",
            },
        )
        assert seed.returncode == 0, seed.stderr[-2000:]
        server.trace_id = seed.stdout.strip().splitlines()[-1]
        yield server
    finally:
        server.stop()


def _clean_env():
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_TRACKING_")}


@pytest.fixture
def jp_server_config(auth_server):
    return extension_config({"tracking_uri": auth_server.uri, "request_timeout": 30.0})


SECRETS = (PASSWORD, base64.b64encode(f"{ADMIN}:{PASSWORD}".encode()).decode())


def assert_no_secret(body: bytes) -> None:
    text = body.decode("utf-8", errors="replace")
    for secret in SECRETS:
        assert secret not in text


async def fetch(jp_fetch, *path, **params):
    response = await jp_fetch(NAMESPACE, *path, params=params or None)
    assert_no_secret(response.body)
    return json.loads(response.body)


async def test_credentials_from_the_environment_are_used_and_never_returned(
    jp_fetch, auth_server, monkeypatch
):
    monkeypatch.setenv("MLFLOW_TRACKING_USERNAME", ADMIN)
    monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", PASSWORD)
    status = await fetch(jp_fetch, "status")
    assert status["reachable"] is True, status
    assert status["tracking_uri"] == auth_server.uri

    experiments = await fetch(jp_fetch, "experiments", search="auth-")
    (experiment,) = experiments["experiments"]
    assert experiment["name"] == "auth-demo"
    experiment_id = experiment["experiment_id"]
    assert (await fetch(jp_fetch, "experiments", experiment_id))["experiment"][
        "name"
    ] == "auth-demo"

    traces = await fetch(jp_fetch, "experiments", experiment_id, "traces")
    assert [t["trace_id"] for t in traces["traces"]] == [auth_server.trace_id]
    trace = await fetch(jp_fetch, "traces", auth_server.trace_id)
    assert [s["name"] for s in trace["spans"]["spans"]] == ["guarded_agent"]

    # Errors don't carry them either.
    with pytest.raises(HTTPClientError) as info:
        await jp_fetch(NAMESPACE, "traces", "tr-00000000000000000000000000000000")
    assert info.value.code == 404
    assert_no_secret(info.value.response.body)


async def test_missing_credentials_say_what_to_set(jp_fetch, auth_server):
    status = await fetch(jp_fetch, "status")
    assert status["reachable"] is False
    assert status["reason_kind"] == "unauthorized"
    assert status["reason"] == (
        f"the tracking server at {auth_server.uri} refused access (401) to /version: set "
        "MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (or MLFLOW_TRACKING_TOKEN) in "
        "the environment of the Jupyter server"
    )
    with pytest.raises(HTTPClientError) as info:
        await jp_fetch(NAMESPACE, "experiments")
    # 502, not 401/403: the browser must not take it for a Jupyter login problem.
    assert info.value.code == 502
    error = json.loads(info.value.response.body)["error"]
    assert (error["kind"], error["upstream_status"]) == ("unauthorized", 401)


async def test_wrong_credentials_are_reported_without_echoing_them(
    jp_fetch, auth_server, monkeypatch
):
    monkeypatch.setenv("MLFLOW_TRACKING_USERNAME", ADMIN)
    monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", "wrong-password-123")
    status = await fetch(jp_fetch, "status")
    assert status["reachable"] is False
    assert status["reason"].endswith(
        "the credentials in the Jupyter server's environment were refused"
    )
    assert "wrong-password-123" not in json.dumps(status)


class TestCredentialsInTheUri:
    @pytest.fixture
    def jp_server_config(self):
        return extension_config({"request_timeout": 30.0})

    async def test_user_info_in_the_setting_is_used_and_hidden(self, jp_fetch, auth_server):
        response = await jp_fetch(
            NAMESPACE,
            "connection",
            method="PUT",
            body=json.dumps(
                {"tracking_uri": f"http://{ADMIN}:{PASSWORD}@127.0.0.1:{auth_server.port}"}
            ),
        )
        assert_no_secret(response.body)
        assert json.loads(response.body)["tracking_uri"] == auth_server.uri
        status = await fetch(jp_fetch, "status")
        assert status["reachable"] is True, status
        assert status["tracking_uri"] == auth_server.uri
        trace = await fetch(jp_fetch, "traces", auth_server.trace_id)
        assert trace["tracking_uri"] == auth_server.uri

    async def test_percent_encoded_user_info_is_decoded_as_mlflow_does(self, jp_fetch, auth_server):
        """`admin:Adm1n%2Dpa55word…`: requests (MLflow's client) decodes it; so do we."""
        encoded = PASSWORD.replace("-", "%2D")
        assert encoded != PASSWORD
        await jp_fetch(
            NAMESPACE,
            "connection",
            method="PUT",
            body=json.dumps(
                {"tracking_uri": f"http://{ADMIN}:{encoded}@127.0.0.1:{auth_server.port}"}
            ),
        )
        status = await fetch(jp_fetch, "status")
        assert status["reachable"] is True, status
        trace = await fetch(jp_fetch, "traces", auth_server.trace_id)
        assert [s["name"] for s in trace["spans"]["spans"]] == ["guarded_agent"]
