"""Server abuse: what notebook content, odd ids and a hostile tracking server can get.

The hostile server (tests/hostile_server.py, hand-written, not MLflow) records every
request and echoes request headers into its answers; the real MLflow server of
conftest.py stands for the configured tracking server.
"""

import asyncio
import base64
import html
import json
from urllib.parse import quote, quote_plus

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_mlflow_traces.routes import NAMESPACE

from .hostile_server import BIG_BYTES, HostileServer
from .server_config import extension_config

USER = "ümlaut-user"
PASSWORD = 'p@ss"w\\rd/é'
TOKEN = 'tok-"\\é-0123456789'
URI_PASSWORD = "uri-p@ss/é"
TIMEOUT = 1.0
CAP = 1024 * 1024


def encodings(secret: str):
    """Every form in which `secret` must not appear in anything we answer."""
    return {
        secret,
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        quote(secret, safe=""),
        quote(secret),
        quote_plus(secret),
        html.escape(secret),
    }


FORBIDDEN = set().union(
    encodings(PASSWORD),
    encodings(TOKEN),
    encodings(URI_PASSWORD),
    {
        base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode(),
        base64.b64encode(f"u:{URI_PASSWORD}".encode()).decode(),
        base64.b64encode(TOKEN.encode()).decode(),
    },
)


def assert_no_credentials(response) -> None:
    """Grep the body and every header, raw and decoded both ways."""
    raw = bytes(response.body or b"")
    headers = "\n".join(f"{k}: {v}" for k, v in response.headers.get_all())
    for text in (raw.decode("utf-8", "replace"), raw.decode("latin-1"), headers):
        for form in FORBIDDEN:
            assert form not in text, (form, text[:300])
    for form in FORBIDDEN:
        assert form.encode() not in raw


@pytest.fixture(scope="module")
def hostile():
    server = HostileServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def fresh(hostile):
    hostile.reset()


@pytest.fixture
def env_credentials(monkeypatch):
    monkeypatch.setenv("MLFLOW_TRACKING_USERNAME", USER)
    monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", PASSWORD)


@pytest.fixture
def jp_server_config():
    """No URI in the server configuration: tests set MLFLOW_TRACKING_URI or the setting."""
    return extension_config(
        {
            "request_timeout": TIMEOUT,
            "connect_timeout": TIMEOUT,
            "max_response_bytes": CAP,
        }
    )


async def answer(jp_fetch, *path, method="GET", body=None, **params):
    """The response, whatever its status, checked for credentials."""
    try:
        response = await jp_fetch(NAMESPACE, *path, method=method, body=body, params=params or None)
    except HTTPClientError as err:
        response = err.response
    assert_no_credentials(response)
    assert response.headers["Content-Type"].startswith("application/json"), response.body[:200]
    return response.code, json.loads(response.body)


async def raw_get(http_server_client, jp_auth_header, jp_base_url, path):
    """GET a path exactly as written (jp_fetch would percent-encode it)."""
    return await http_server_client.fetch(
        f"{jp_base_url}{NAMESPACE}/{path}", headers=jp_auth_header, raise_error=False
    )


# ------------------------------------------------ hosts named by notebook content


class TestHostsNamedByContent:
    @pytest.fixture
    def jp_server_config(self, mlflow_server):
        return extension_config({"tracking_uri": mlflow_server.uri, "request_timeout": 10.0})

    @pytest.mark.parametrize(
        "named",
        [
            "{h}/echo",
            "{h}",
            "HTTP://127.0.0.1:{p}/echo",
            "http://x:y@127.0.0.1:{p}/echo",
            "http://localhost:{p}/echo",
            "//127.0.0.1:{p}/echo",
            "file:///etc/passwd",
            "sqlite:////tmp/x.db",
            "http://169.254.169.254/latest/meta-data/",
        ],
    )
    async def test_a_trace_from_another_host_is_refused_unsent(
        self, jp_fetch, hostile, seeded, env_credentials, named
    ):
        uri = named.format(h=hostile.uri, p=hostile.port)
        code, body = await answer(jp_fetch, "traces", seeded["trace_ids"][0], tracking_uri=uri)
        assert code == 403
        assert body["error"]["kind"] == "host-not-allowed"
        assert body["error"]["message"].endswith(
            "is not an allowed tracking server (MlflowTracesConfig.allowed_tracking_uris)"
        )
        assert "x:y" not in body["error"]["message"]
        assert hostile.requests == []

    async def test_other_endpoints_ignore_host_parameters(
        self, jp_fetch, hostile, seeded, mlflow_server, env_credentials
    ):
        for path in (
            ["status"],
            ["experiments"],
            ["experiments", seeded["experiment_id"], "traces"],
        ):
            code, _ = await answer(jp_fetch, *path, tracking_uri=hostile.uri + "/echo")
            assert code == 200, path
        status = (await answer(jp_fetch, "status"))[1]
        assert status["tracking_uri"] == mlflow_server.uri
        assert hostile.requests == []


class TestAllowList:
    """A server-config allow-list entry: a one-shot GET, credentials only its own."""

    @pytest.fixture
    def jp_server_config(self, mlflow_server, hostile):
        return extension_config(
            {
                "tracking_uri": mlflow_server.uri,
                "allowed_tracking_uris": [hostile.uri + "/echo", "not a url"],
                "request_timeout": 10.0,
            }
        )

    async def test_an_allowed_host_gets_a_get_without_the_environments_credentials(
        self, jp_fetch, hostile, mlflow_server, env_credentials, monkeypatch
    ):
        monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", TOKEN)
        status = (await answer(jp_fetch, "status"))[1]
        assert status["allowed_tracking_uris"] == [hostile.uri]
        # An output names the origin; any path of it matches the entry.
        code, body = await answer(
            jp_fetch, "traces", "tr-1", tracking_uri=f"HTTP://127.0.0.1:{hostile.port}/#/x"
        )
        assert code == 200
        assert body["tracking_uri"] == hostile.uri + "/echo"
        assert {r["method"] for r in hostile.requests} == {"GET"}
        assert all("Authorization" not in r["headers"] for r in hostile.requests)
        # Nothing changed: the connection is still the configured one.
        status = (await answer(jp_fetch, "status"))[1]
        assert (status["tracking_uri"], status["reachable"]) == (mlflow_server.uri, True)
        assert len(hostile.requests) == 2  # info (v3) and spans; nothing for the status


class TestAllowListWithUserInfo:
    @pytest.fixture
    def jp_server_config(self, mlflow_server, hostile):
        user_info = f"u:{quote(URI_PASSWORD, safe='')}"
        return extension_config(
            {
                "tracking_uri": mlflow_server.uri,
                "allowed_tracking_uris": [f"http://{user_info}@127.0.0.1:{hostile.port}/basic"],
                "request_timeout": 10.0,
            }
        )

    async def test_credentials_of_the_entry_itself_are_sent_decoded(
        self, jp_fetch, hostile, env_credentials
    ):
        hostile.expected_user, hostile.expected_password = "u", URI_PASSWORD
        code, body = await answer(jp_fetch, "traces", "tr-1", tracking_uri=hostile.uri)
        assert code == 200, body
        assert body["tracking_uri"] == hostile.uri + "/basic"
        sent = {r["headers"].get("Authorization") for r in hostile.requests}
        assert sent == {"Basic " + base64.b64encode(f"u:{URI_PASSWORD}".encode()).decode()}
        status = (await answer(jp_fetch, "status"))[1]
        assert status["allowed_tracking_uris"] == [hostile.uri]


async def test_environment_credentials_stay_with_their_origin(
    jp_fetch, hostile, mlflow_server, env_credentials, monkeypatch
):
    """The user's setting names another origin than MLFLOW_TRACKING_URI: no env credentials."""
    monkeypatch.setenv("MLFLOW_TRACKING_URI", mlflow_server.uri)
    monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", TOKEN)
    code, _ = await answer(
        jp_fetch,
        "connection",
        method="PUT",
        body=json.dumps({"tracking_uri": hostile.uri + "/echo"}),
    )
    assert code == 200
    code, _ = await answer(jp_fetch, "experiments")
    assert code == 200
    assert hostile.requests and all("Authorization" not in r["headers"] for r in hostile.requests)


@pytest.mark.parametrize(
    "uri",
    [
        "http://169.254.169.254",
        "http://[fe80::1]:5000",
        "http://[fd00:ec2::254]",
        "http://metadata.google.internal/computeMetadata/v1",
        "http://100.100.100.200",
        "http://2852039166",
        "http://0xa9.0xfe.0xa9.0xfe",
        "http://[::ffff:169.254.169.254]",
        "http://@127.0.0.1:5000",
        "http://127.0.0.1:5000/?next=x",
        "http://127.0.0.1:5000/\x7f",
        "http://127.0.0.1:5000/" + "a" * 2048,
    ],
)
async def test_the_setting_refuses_metadata_hosts_and_junk(jp_fetch, uri):
    code, body = await answer(
        jp_fetch, "connection", method="PUT", body=json.dumps({"tracking_uri": uri})
    )
    assert (code, body["error"]["kind"]) == (400, "bad-request")
    code, body = await answer(
        jp_fetch, "connection", method="PUT", body=json.dumps({"tracking_uri": None})
    )
    assert body["tracking_uri_source"] == "default"


@pytest.mark.parametrize("uri", ["http://169.254.169.254", "http://[::ffff:169.254.169.254]:80"])
async def test_metadata_addresses_are_not_contacted_whatever_the_source(jp_fetch, monkeypatch, uri):
    """Checked again at connection time (names that resolve there, admin-set URIs)."""
    monkeypatch.setenv("MLFLOW_TRACKING_URI", uri)
    status = (await answer(jp_fetch, "status"))[1]
    assert status["reason_kind"] == "unreachable"
    assert status["reason"].endswith(
        ": the host resolves only to link-local or cloud-metadata addresses"
    )


# ------------------------------------------------ odd ids: JSON 400, never HTML


class TestOddIds:
    @pytest.fixture
    def jp_server_config(self, mlflow_server):
        return extension_config({"tracking_uri": mlflow_server.uri, "request_timeout": 10.0})

    @pytest.mark.parametrize(
        "path",
        [
            "traces/..",
            "traces/%2e%2e",
            "traces/..%2F..%2Fetc%2Fpasswd",
            "traces/..%252F..%252Fetc",
            "traces/tr-1/../../status",
            "traces/" + "a" * 401,
            "traces/tr-%01",
            "traces/tr-%0a",
            "traces/tr-%7F",
            "traces/",
            "traces",
            "traces/a/b",
            "traces/trace:/../x",
            "traces/tr-%3Cscript%3E",
            "traces/tr-%C3%A9",
            "traces/tr-%E2%80%AE",
            "experiments/..",
            "experiments/a%2Fb",
            "experiments/" + "1" * 201,
            "experiments/%00/traces",
            "experiments/1/2/traces",
        ],
    )
    async def test_malformed_ids_are_json_400(
        self, http_server_client, jp_auth_header, jp_base_url, path
    ):
        response = await raw_get(http_server_client, jp_auth_header, jp_base_url, path)
        assert response.code == 400, (path, response.body[:200])
        assert response.headers["Content-Type"].startswith("application/json")
        error = json.loads(response.body)["error"]
        assert error["kind"] == "bad-request"
        assert error["message"].startswith(("not a trace id: ", "not an experiment id: "))

    @pytest.mark.parametrize(
        "path", ["traces/tr-~!'()*", "traces/trace:/cat.schema/0123abcd", "traces/tr-a%25b"]
    )
    async def test_well_formed_unknown_ids_are_json_404(
        self, http_server_client, jp_auth_header, jp_base_url, seeded, path
    ):
        response = await raw_get(http_server_client, jp_auth_header, jp_base_url, path)
        assert response.code == 404, response.body[:200]
        assert json.loads(response.body)["error"]["kind"] == "not-found"

    async def test_unknown_endpoints_are_json_404(
        self, http_server_client, jp_auth_header, jp_base_url
    ):
        response = await raw_get(http_server_client, jp_auth_header, jp_base_url, "nope/x")
        assert response.code == 404
        assert json.loads(response.body)["error"]["kind"] == "not-found"


# ------------------------------------------------ a hostile configured server


@pytest.mark.parametrize(
    "mode, code, kind, upstream",
    [
        ("echo500", 502, "server-error", 500),
        ("echo401", 502, "unauthorized", 401),
        ("redirect", 502, "server-error", 302),
        ("hang", 504, "timeout", None),
        ("huge", 502, "too-large", None),
        ("deep", 502, "malformed", None),
    ],
)
async def test_hostile_answers_are_specific_errors_without_echo(
    jp_fetch, hostile, env_credentials, monkeypatch, mode, code, kind, upstream
):
    uri = f"{hostile.uri}/{mode}"
    monkeypatch.setenv("MLFLOW_TRACKING_URI", uri)
    got, body = await answer(jp_fetch, "traces", "tr-1")
    error = body["error"]
    assert (got, error["kind"], error.get("upstream_status")) == (code, kind, upstream)
    assert uri in error["message"]
    for echoed in ("headers", "Authorization", "redirect-secret", "example.invalid", "Basic"):
        assert echoed not in error["message"]
    if mode == "deep":
        assert error["message"] == (
            f"malformed answer from the tracking server at {uri} to "
            "/api/3.0/mlflow/traces/tr-1: JSON nested too deeply"
        )
    status = (await answer(jp_fetch, "status"))[1]
    assert (status["reachable"], status["reason_kind"]) == (False, kind)
    # The hostile server did get the credentials (they are its origin's): the echo was real.
    assert any(r["headers"].get("Authorization", "").startswith("Basic ") for r in hostile.requests)


@pytest.mark.parametrize("credentials", ["basic", "token"])
async def test_credentials_never_come_back_from_any_endpoint(
    jp_fetch, hostile, monkeypatch, credentials
):
    """The configured server echoes our request headers in every answer, /version included."""
    if credentials == "basic":
        monkeypatch.setenv("MLFLOW_TRACKING_USERNAME", USER)
        monkeypatch.setenv("MLFLOW_TRACKING_PASSWORD", PASSWORD)
    else:
        monkeypatch.setenv("MLFLOW_TRACKING_TOKEN", TOKEN)
    monkeypatch.setenv("MLFLOW_TRACKING_URI", hostile.uri + "/echo")
    for path in (
        ["status"],
        ["experiments"],
        ["experiments", "1"],
        ["experiments", "1", "traces"],
        ["traces", "tr-1"],
    ):
        code, body = await answer(jp_fetch, *path)
        assert code == 200 or body["error"]["kind"] == "malformed", (path, body)
    # The echoed headers do come back, with the credential replaced.
    code, body = await answer(jp_fetch, "traces", "tr-1")
    assert body["spans"]["headers"]["Authorization"] in ("Basic ***", "Bearer ***")
    expected = (
        f"Bearer {TOKEN}"
        if credentials == "token"
        else ("Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode())
    )
    assert {r["headers"]["Authorization"] for r in hostile.requests} == {expected}
    # /version is not a version number when it echoes: reported, not shown.
    status = (await answer(jp_fetch, "status"))[1]
    assert (status["mlflow_version"], status["reason_kind"]) == (None, "malformed")


async def test_percent_encoded_user_info_authenticates_decoded(jp_fetch, hostile):
    hostile.expected_user, hostile.expected_password = "u", URI_PASSWORD
    uri = f"http://u:{quote(URI_PASSWORD, safe='')}@127.0.0.1:{hostile.port}/basic"
    code, body = await answer(
        jp_fetch, "connection", method="PUT", body=json.dumps({"tracking_uri": uri})
    )
    assert body["tracking_uri"] == f"{hostile.uri}/basic"
    status = (await answer(jp_fetch, "status"))[1]
    assert status["reachable"] is True, status
    # Upper-case scheme is http too, and gets the same size cap.
    code, body = await answer(
        jp_fetch,
        "connection",
        method="PUT",
        body=json.dumps({"tracking_uri": f"HTTP://127.0.0.1:{hostile.port}/huge"}),
    )
    assert code == 200
    status = (await answer(jp_fetch, "status"))[1]
    assert status["is_http"] is True
    code, body = await answer(jp_fetch, "traces", "tr-1")
    assert (code, body["error"]["kind"]) == (502, "too-large")


async def test_a_local_store_error_names_the_class_not_the_text(jp_fetch, monkeypatch):
    monkeypatch.setenv(
        "MLFLOW_TRACKING_URI", f"postgresql://u:{quote(URI_PASSWORD, safe='')}@127.0.0.1:1/db"
    )
    status = (await answer(jp_fetch, "status"))[1]
    assert status["reachable"] is False
    assert status["reason"].startswith("tracking store postgresql://127.0.0.1:1/db: ")
    assert "u:" not in status["reason"]


# ------------------------------------------------ load


class TestLoad:
    @pytest.fixture
    def jp_server_config(self):
        return extension_config(
            {
                "request_timeout": 60.0,
                "max_response_bytes": 2 * BIG_BYTES,
                "max_concurrent_requests": 2,
            }
        )

    async def test_status_answers_while_a_huge_trace_is_handled(
        self, jp_fetch, hostile, monkeypatch
    ):
        """~90 MB of valid JSON: once it has arrived, status must be answered before the
        big answer starts (parsing it on the event loop would hold status until then)."""
        monkeypatch.setenv("MLFLOW_TRACKING_URI", hostile.uri + "/big")
        big_answered = []
        big = asyncio.ensure_future(
            jp_fetch(
                NAMESPACE,
                "traces",
                "tr-1",
                request_timeout=120,
                header_callback=lambda line: big_answered.append(line),
            )
        )
        while not hostile.big_sent.is_set():
            assert not big.done(), big.result()
            await asyncio.sleep(0.01)
        # Let the last bytes reach the Jupyter server (this client shares its event loop).
        await asyncio.sleep(0.2)
        status = json.loads((await jp_fetch(NAMESPACE, "status")).body)
        assert big_answered == []
        assert status["reachable"] is True
        response = await big
        assert response.code == 200
        assert len(response.body) > BIG_BYTES
        assert response.body.startswith(b'{"info": {"headers": ')
        assert response.body.endswith(
            b'"end"]}, "tracking_uri": "' + hostile.uri.encode() + b'/big"}'
        )

    async def test_requests_in_flight_per_server_are_limited(self, jp_fetch, hostile, monkeypatch):
        monkeypatch.setenv("MLFLOW_TRACKING_URI", hostile.uri + "/count")
        responses = await asyncio.gather(
            *(jp_fetch(NAMESPACE, "traces", f"tr-{i}") for i in range(8))
        )
        assert [r.code for r in responses] == [200] * 8
        assert len(hostile.requests) == 16
        assert hostile.max_in_flight == 2
