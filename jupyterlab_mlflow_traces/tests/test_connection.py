"""Where the tracking URI comes from, and the rules of PUT /connection.

Order: server configuration > the user's JupyterLab setting (PUT /connection) >
MLFLOW_TRACKING_URI of the server process > http://127.0.0.1:5000.
"""

import json

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_mlflow_traces.routes import NAMESPACE

from .server_config import extension_config


@pytest.fixture
def jp_server_config():
    """No tracking URI in the server configuration: users may choose one."""
    return extension_config({"request_timeout": 10.0})


async def put(jp_fetch, uri):
    response = await jp_fetch(
        NAMESPACE, "connection", method="PUT", body=json.dumps({"tracking_uri": uri})
    )
    assert response.code == 200
    return json.loads(response.body)


async def put_error(jp_fetch, body):
    with pytest.raises(HTTPClientError) as info:
        await jp_fetch(NAMESPACE, "connection", method="PUT", body=body)
    return info.value.code, json.loads(info.value.response.body)["error"]


async def status(jp_fetch):
    return json.loads((await jp_fetch(NAMESPACE, "status")).body)


async def test_default_then_environment_then_user_setting(jp_fetch, mlflow_server, monkeypatch):
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    # Nothing configured: the default (not contacted here: it may be anyone's port 5000).
    body = await put(jp_fetch, None)
    assert body == {
        "tracking_uri": "http://127.0.0.1:5000",
        "tracking_uri_source": "default",
        "tracking_uri_fixed": False,
    }
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "http://127.0.0.1:1/")
    body = await put(jp_fetch, "")
    assert body["tracking_uri"] == "http://127.0.0.1:1"
    assert body["tracking_uri_source"] == "MLFLOW_TRACKING_URI"
    # The user's setting wins over the environment.
    body = await put(jp_fetch, f"  {mlflow_server.uri}/  ")
    assert body["tracking_uri"] == mlflow_server.uri
    assert body["tracking_uri_source"] == "JupyterLab setting"
    current = await status(jp_fetch)
    assert current["reachable"] is True
    assert current["tracking_uri_source"] == "JupyterLab setting"
    # Clearing the setting falls back to the environment again.
    body = await put(jp_fetch, "")
    assert body["tracking_uri_source"] == "MLFLOW_TRACKING_URI"


async def test_localhost_passes_mlflows_default_host_check(jp_fetch, mlflow_server, seeded):
    """MLflow's security middleware (default allowed hosts) accepts what we send."""
    await put(jp_fetch, f"http://localhost:{mlflow_server.port}")
    current = await status(jp_fetch)
    assert current["reachable"] is True, current
    experiments = json.loads((await jp_fetch(NAMESPACE, "experiments")).body)
    assert "pytest-demo" in [e["name"] for e in experiments["experiments"]]


async def test_credentials_in_the_uri_are_never_shown(jp_fetch, mlflow_server):
    body = await put(jp_fetch, f"http://someone:hunter2-secret@127.0.0.1:{mlflow_server.port}")
    assert body["tracking_uri"] == mlflow_server.uri
    current = await status(jp_fetch)
    assert current["tracking_uri"] == mlflow_server.uri
    assert "hunter2" not in json.dumps(current)
    assert "someone" not in json.dumps(current)


@pytest.mark.parametrize(
    "body, message",
    [
        ("not json", "the body must be JSON"),
        ("[1]", "the body must be"),
        (json.dumps({"tracking_uri": 42}), "tracking_uri must be a string"),
        (json.dumps({"tracking_uri": "javascript:alert(1)"}), "unsupported tracking URI scheme"),
        (json.dumps({"tracking_uri": "ftp://example.com/x"}), "unsupported tracking URI scheme"),
        (json.dumps({"tracking_uri": "http://"}), "has no host"),
        (json.dumps({"tracking_uri": "http://127.0.0.1:99999"}), "not a valid URL"),
        (json.dumps({"tracking_uri": "http://a b"}), "spaces"),
    ],
)
async def test_invalid_connection_bodies_are_400(jp_fetch, body, message):
    code, error = await put_error(jp_fetch, body)
    assert code == 400
    assert error["kind"] == "bad-request"
    assert message in error["message"]


LOCAL_URIS = [
    "sqlite:////tmp/mlflow.db",
    "file:///tmp/mlruns",
    "./mlruns",
    "postgresql+psycopg2://u@h/db",
]


@pytest.mark.parametrize("uri", LOCAL_URIS + ["SQLITE:////tmp/mlflow.db", "C:\\mlruns"])
async def test_local_stores_are_refused_by_default(jp_fetch, uri):
    """The user's setting may only name an http(s) server unless the admin allows more."""
    code, error = await put_error(jp_fetch, json.dumps({"tracking_uri": uri}))
    assert (code, error["kind"]) == (400, "bad-request")
    assert "MlflowTracesConfig.allow_local_stores" in error["message"]


class TestLocalStoresAllowed:
    @pytest.fixture
    def jp_server_config(self):
        return extension_config({"allow_local_stores": True})

    @pytest.mark.parametrize("uri", LOCAL_URIS)
    async def test_non_http_uris_are_accepted(self, jp_fetch, uri):
        body = await put(jp_fetch, uri)
        assert body["tracking_uri_source"] == "JupyterLab setting"

    @pytest.mark.parametrize("scheme", ["sqlite:///", "file://", ""])
    async def test_no_request_creates_a_store(self, jp_fetch, tmp_path, scheme):
        missing = (
            tmp_path / "not" / "there" / ("mlflow.db" if scheme.startswith("sqlite") else "mlruns")
        )
        await put(jp_fetch, f"{scheme}{missing}")
        current = await status(jp_fetch)
        assert current["allow_local_stores"] is True
        assert (current["reachable"], current["reason_kind"]) == (False, "not-found")
        assert current["reason"].endswith(
            f"{missing} does not exist (the Jupyter server never creates a tracking store)"
        )
        with pytest.raises(HTTPClientError) as info:
            await jp_fetch(NAMESPACE, "experiments")
        assert info.value.code == 404
        assert not (tmp_path / "not").exists()


async def test_no_request_parameter_picks_the_host(jp_fetch, mlflow_server, fake_server, seeded):
    """Notebook content cannot make the server contact a host: only the setting can.
    A `tracking_uri` naming a host outside the allow-list is refused (403) unsent."""
    await put(jp_fetch, mlflow_server.uri)
    trace_id = seeded["trace_ids"][0]
    with pytest.raises(HTTPClientError) as info:
        await jp_fetch(
            NAMESPACE, "traces", trace_id, params={"tracking_uri": fake_server.uri + "/echo"}
        )
    assert info.value.code == 403
    error = json.loads(info.value.response.body)["error"]
    assert error == {
        "kind": "host-not-allowed",
        "message": f"{fake_server.uri} is not an allowed tracking server "
        "(MlflowTracesConfig.allowed_tracking_uris)",
    }
    # Other parameters and headers are ignored; the configured server answers.
    response = await jp_fetch(
        NAMESPACE,
        "traces",
        trace_id,
        params={"host": "127.0.0.1", "uri": fake_server.uri + "/echo"},
        headers={"X-Tracking-Uri": fake_server.uri + "/echo"},
    )
    body = json.loads(response.body)
    assert body["tracking_uri"] == mlflow_server.uri
    assert body["info"]["trace"]["trace_info"]["trace_id"] == trace_id
    # The tracking server's own origin, named by an output, is the configured one.
    response = await jp_fetch(
        NAMESPACE, "traces", trace_id, params={"tracking_uri": mlflow_server.uri + "/#/x"}
    )
    assert json.loads(response.body)["tracking_uri"] == mlflow_server.uri


class TestFixedByServerConfiguration:
    @pytest.fixture
    def jp_server_config(self, mlflow_server):
        return extension_config({"tracking_uri": mlflow_server.uri})

    async def test_a_fixed_uri_cannot_be_changed(self, jp_fetch, mlflow_server, monkeypatch):
        monkeypatch.setenv("MLFLOW_TRACKING_URI", "http://127.0.0.1:1")
        code, error = await put_error(jp_fetch, json.dumps({"tracking_uri": "http://127.0.0.1:2"}))
        assert code == 409
        assert error["kind"] == "fixed"
        assert "MlflowTracesConfig.tracking_uri" in error["message"]
        # Clearing is a no-op, not an error: the frontend sends it for an empty setting.
        body = await put(jp_fetch, "")
        assert body == {
            "tracking_uri": mlflow_server.uri,
            "tracking_uri_source": "server configuration",
            "tracking_uri_fixed": True,
        }
        current = await status(jp_fetch)
        assert current["tracking_uri"] == mlflow_server.uri
        assert current["reachable"] is True
