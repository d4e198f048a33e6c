"""Tracking servers that are stopped, slow, broken, too big, or that reject our Host."""

import json
import time

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_mlflow_traces.routes import NAMESPACE

from .fake_server import SLOW_SECONDS
from .mlflow_server import MlflowServer
from .server_config import extension_config

TIMEOUT = 1.0
MAX_BYTES = 1024 * 1024


@pytest.fixture
def jp_server_config():
    """The tracking URI comes from MLFLOW_TRACKING_URI, set per test."""
    return extension_config(
        {
            "request_timeout": TIMEOUT,
            "connect_timeout": TIMEOUT,
            "max_response_bytes": MAX_BYTES,
        }
    )


async def status(jp_fetch):
    return json.loads((await jp_fetch(NAMESPACE, "status")).body)


async def error_of(jp_fetch, *path, **params):
    with pytest.raises(HTTPClientError) as info:
        await jp_fetch(NAMESPACE, *path, params=params or None)
    return info.value.code, json.loads(info.value.response.body)["error"]


# ---------------------------------------------------------------- stopped server


@pytest.fixture(scope="module")
def stoppable_server(tmp_path_factory):
    server = MlflowServer(tmp_path_factory.mktemp("mlflow-stoppable")).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def generous_timeouts(jp_server_config):
    """A freshly started MLflow answers its first API call slowly."""
    jp_server_config["MlflowTracesConfig"]["request_timeout"] = 30.0
    return jp_server_config


@pytest.mark.usefixtures("generous_timeouts")
async def test_stopped_server_is_reported_and_recovers(jp_fetch, stoppable_server, monkeypatch):
    uri = stoppable_server.uri
    monkeypatch.setenv("MLFLOW_TRACKING_URI", uri)
    assert (await status(jp_fetch))["reachable"] is True

    stoppable_server.stop()
    stoppable_server.wait_until_closed()
    expected = f"tracking server unreachable at {uri}: connection refused"
    current = await status(jp_fetch)
    assert current["reachable"] is False
    assert current["mlflow_version"] is None
    assert current["reason"] == expected
    assert current["reason_kind"] == "unreachable"
    for path in (["experiments"], ["experiments", "0", "traces"], ["traces", "tr-1"]):
        code, error = await error_of(jp_fetch, *path)
        assert (code, error) == (502, {"kind": "unreachable", "message": expected}), path

    stoppable_server.start()
    current = await status(jp_fetch)
    assert current["reachable"] is True
    assert current["reason"] is None


# ---------------------------------------------------------------- misbehaving server


async def test_slow_server_times_out(jp_fetch, fake_server, monkeypatch):
    uri = fake_server.uri + "/slow"
    monkeypatch.setenv("MLFLOW_TRACKING_URI", uri)
    started = time.monotonic()
    current = await status(jp_fetch)
    assert time.monotonic() - started < SLOW_SECONDS
    assert current["reachable"] is False
    assert current["reason_kind"] == "timeout"
    assert current["reason"] == (
        f"tracking server at {uri} did not answer within 1 s (MlflowTracesConfig.request_timeout)"
    )
    started = time.monotonic()
    code, error = await error_of(jp_fetch, "experiments")
    assert time.monotonic() - started < SLOW_SECONDS
    assert (code, error["kind"]) == (504, "timeout")


async def test_500_with_mlflow_error_body(jp_fetch, fake_server, monkeypatch):
    uri = fake_server.uri + "/error500"
    monkeypatch.setenv("MLFLOW_TRACKING_URI", uri)
    code, error = await error_of(jp_fetch, "experiments")
    assert code == 502
    assert error == {
        "kind": "server-error",
        # The upstream `message` is not quoted: only its status and error_code.
        "message": f"tracking server at {uri} answered 500 (INTERNAL_ERROR) to "
        "/api/2.0/mlflow/experiments/search",
        "upstream_status": 500,
        "error_code": "INTERNAL_ERROR",
    }
    current = await status(jp_fetch)
    assert current["reachable"] is False
    assert current["reason_kind"] == "server-error"


async def test_500_with_html_body(jp_fetch, fake_server, monkeypatch):
    uri = fake_server.uri + "/html500"
    monkeypatch.setenv("MLFLOW_TRACKING_URI", uri)
    code, error = await error_of(jp_fetch, "experiments", "1", "traces")
    assert code == 502
    assert error["message"] == (
        f"tracking server at {uri} answered 500 to /api/3.0/mlflow/traces/search"
    )


@pytest.mark.parametrize("mode", ["malformed", "truncated"])
async def test_malformed_json(jp_fetch, fake_server, monkeypatch, mode):
    uri = fake_server.uri + "/" + mode
    monkeypatch.setenv("MLFLOW_TRACKING_URI", uri)
    code, error = await error_of(jp_fetch, "experiments")
    assert (code, error["kind"]) == (502, "malformed")
    assert error["message"] == (
        f"malformed answer from the tracking server at {uri} to "
        "/api/2.0/mlflow/experiments/search: not JSON"
    )
    # /version is plain text: the status only fails at the API probe.
    current = await status(jp_fetch)
    assert current["mlflow_version"] == "3.17.2"
    assert current["reachable"] is False
    assert current["reason_kind"] == "malformed"


async def test_json_of_the_wrong_shape(jp_fetch, fake_server, monkeypatch):
    monkeypatch.setenv("MLFLOW_TRACKING_URI", fake_server.uri + "/notobject")
    code, error = await error_of(jp_fetch, "experiments")
    assert (code, error["kind"]) == (502, "malformed")
    assert "JSON that is not an object (list)" in error["message"]
    code, error = await error_of(jp_fetch, "traces", "tr-1")
    assert (code, error["kind"]) == (502, "malformed")


@pytest.mark.parametrize("mode", ["huge", "hugelength"])
async def test_response_size_cap(jp_fetch, fake_server, monkeypatch, mode):
    uri = fake_server.uri + "/" + mode
    monkeypatch.setenv("MLFLOW_TRACKING_URI", uri)
    started = time.monotonic()
    code, error = await error_of(jp_fetch, "traces", "tr-1")
    assert time.monotonic() - started < SLOW_SECONDS
    assert (code, error["kind"]) == (502, "too-large")
    assert error["message"] == (
        f"the response of the tracking server at {uri} to /api/3.0/mlflow/traces/tr-1 is "
        f"larger than {MAX_BYTES} bytes (MlflowTracesConfig.max_response_bytes)"
    )


async def test_redirects_are_not_followed(jp_fetch, fake_server, monkeypatch):
    monkeypatch.setenv("MLFLOW_TRACKING_URI", fake_server.uri + "/redirect")
    code, error = await error_of(jp_fetch, "experiments")
    assert (code, error["upstream_status"]) == (502, 302)
    assert "redirects are not followed" in error["message"]
    # The Location is not echoed: it may carry anything the server chose.
    assert "mlflow.example.invalid" not in error["message"]


async def test_what_is_sent_to_the_tracking_server(jp_fetch, fake_server, monkeypatch):
    """Credentials from the environment are sent; no browser header is forwarded."""
    monkeypatch.setenv("MLFLOW_TRACKING_URI", fake_server.uri + "/echo")
    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", "tok-0123456789")
    response = await jp_fetch(
        NAMESPACE,
        "experiments",
        headers={"Origin": "http://evil.example", "Cookie": "session=browser-cookie"},
    )
    text = response.body.decode()
    headers = {k.lower(): v for k, v in json.loads(text)["headers"].items()}
    assert headers["host"] == f"127.0.0.1:{fake_server.port}"
    # The token was sent, and scrubbed from what came back.
    assert headers["authorization"] == "Bearer ***"
    assert "tok-0123456789" not in text
    assert "origin" not in headers
    assert "cookie" not in headers
    assert "browser-cookie" not in text


# ---------------------------------------------------------------- MLflow's host check


@pytest.fixture(scope="module")
def strict_host_server(tmp_path_factory):
    server = MlflowServer(
        tmp_path_factory.mktemp("mlflow-strict"),
        extra_args=["--allowed-hosts", "mlflow.internal.example"],
    ).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.usefixtures("generous_timeouts")
async def test_host_rejected_by_mlflow_security_middleware(
    jp_fetch, strict_host_server, monkeypatch
):
    uri = strict_host_server.uri
    monkeypatch.setenv("MLFLOW_TRACKING_URI", uri)
    current = await status(jp_fetch)
    assert current["reachable"] is False
    assert current["reason_kind"] == "forbidden-host"
    host = f"127.0.0.1:{strict_host_server.port}"
    assert current["reason"] == (
        f"the tracking server at {uri} rejected the Host header {host!r} (MLflow's security "
        f"middleware): start it with `--allowed-hosts` including {host!r}, or use the "
        "address it allows"
    )
