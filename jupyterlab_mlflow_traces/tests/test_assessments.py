"""POST traces/<id>/assessments: feedback and expectations logged to the configured
store (a real MLflow 3.17 server on sqlite, and the same sqlite file read as a local
store), read back through GET traces/<id>; XSRF, MLflow 2, unreachable servers."""

import json
import os
from urllib.parse import urlencode

import pytest
from tornado.httpclient import AsyncHTTPClient, HTTPClientError

from jupyterlab_mlflow_traces.routes import NAMESPACE

from .mlflow_server import free_port
from .server_config import extension_config
from .test_mlflow2 import MLFLOW2_BIN, mlflow2_server  # noqa: F401 (fixture)

#: Every tracking store here is real MLflow: conftest's jp_fetch holds the answers
#: to MLflow's shapes in the contract.
ANSWERS_FROM_REAL_MLFLOW = True

#: Not "pytest-…" nor "paging-…": test_routes counts those experiments.
EXPERIMENT = "assessment-tests"


@pytest.fixture
def new_trace(mlflow_server):
    """A trace of its own per test, written by the real SDK (nothing shared is changed)."""
    import mlflow

    mlflow.set_tracking_uri(mlflow_server.uri)
    try:
        mlflow.set_experiment(EXPERIMENT)

        @mlflow.trace(name="answer_question")
        def answer(question):
            return "Kyoto is sunny"

        answer("weather in Kyoto?")
        trace_id = mlflow.get_last_active_trace_id()
        if hasattr(mlflow, "flush_trace_async_logging"):
            mlflow.flush_trace_async_logging()
    finally:
        # The Jupyter server under test must not see the SDK's URI.
        os.environ.pop("MLFLOW_TRACKING_URI", None)
    return trace_id


async def post(jp_fetch, trace_id, body, **params):
    return await jp_fetch(
        NAMESPACE,
        "traces",
        trace_id,
        "assessments",
        method="POST",
        body=json.dumps(body),
        params=params or None,
    )


async def post_error(jp_fetch, trace_id, body, **params):
    with pytest.raises(HTTPClientError) as info:
        await post(jp_fetch, trace_id, body, **params)
    return info.value.code, json.loads(info.value.response.body)["error"]


async def stored_assessments(jp_fetch, trace_id):
    """The trace's assessments as the existing GET endpoint reads them."""
    body = json.loads((await jp_fetch(NAMESPACE, "traces", trace_id)).body)
    info = body["info"]
    info = info.get("trace", {}).get("trace_info", info)
    return info.get("assessments", [])


THUMBS_UP = {
    "kind": "feedback",
    "name": "user_feedback",
    "value": True,
    "rationale": "Right city, right weather.",
}
EXPECTED = {"kind": "expectation", "name": "expected_response", "value": "Kyoto is sunny"}


async def logs_and_reads_back(jp_fetch, trace_id, where):
    response = await post(jp_fetch, trace_id, THUMBS_UP)
    created = json.loads(response.body)
    assert created["tracking_uri"] == where
    feedback = created["assessment"]
    assert feedback["assessment_name"] == "user_feedback"
    assert feedback["feedback"] == {"value": True}
    assert feedback["rationale"] == "Right city, right weather."
    assert feedback["source"]["source_type"] == "HUMAN"
    assert feedback["source"]["source_id"]  # the Jupyter user's name
    response = await post(jp_fetch, trace_id, {**THUMBS_UP, "value": False, "rationale": ""})
    thumbs_down = json.loads(response.body)["assessment"]
    assert thumbs_down["feedback"] == {"value": False}
    assert "rationale" not in thumbs_down
    expectation = json.loads((await post(jp_fetch, trace_id, EXPECTED)).body)["assessment"]
    assert expectation["expectation"] == {"value": "Kyoto is sunny"}

    stored = {a["assessment_id"]: a for a in await stored_assessments(jp_fetch, trace_id)}
    assert set(stored) == {
        feedback["assessment_id"],
        thumbs_down["assessment_id"],
        expectation["assessment_id"],
    }
    again = stored[feedback["assessment_id"]]
    assert again["feedback"] == {"value": True}
    assert again["rationale"] == "Right city, right weather."
    assert again["source"] == feedback["source"]
    assert stored[expectation["assessment_id"]]["expectation"] == {"value": "Kyoto is sunny"}


class TestHttpServer:
    @pytest.fixture
    def jp_server_config(self, mlflow_server):
        return extension_config({"tracking_uri": mlflow_server.uri, "request_timeout": 10.0})

    async def test_feedback_and_expectation_are_stored(self, jp_fetch, mlflow_server, new_trace):
        await logs_and_reads_back(jp_fetch, new_trace, mlflow_server.uri)

    async def test_unknown_trace(self, jp_fetch, mlflow_server):
        code, error = await post_error(jp_fetch, "tr-0123456789abcdef0123456789abcdef", THUMBS_UP)
        assert code == 404
        assert error["kind"] == "not-found"
        assert error["message"] == (
            f"trace tr-0123456789abcdef0123456789abcdef not found on {mlflow_server.uri}"
        )

    @pytest.mark.parametrize(
        "body, message",
        [
            ({**THUMBS_UP, "kind": "issue"}, "kind must be 'feedback' or 'expectation'"),
            ({**THUMBS_UP, "name": "  "}, "name must be a non-empty string"),
            ({**THUMBS_UP, "value": None}, "value must be true, false, a number or a string"),
            ({**THUMBS_UP, "value": {"a": 1}}, "value must be true, false, a number or a string"),
            ({**EXPECTED, "rationale": "why"}, "rationale is for feedback only"),
            (
                {**THUMBS_UP, "tracking_uri": "http://elsewhere.example"},
                "unknown field 'tracking_uri': use kind, name, value, rationale",
            ),
        ],
    )
    async def test_bad_bodies_are_refused_before_mlflow(self, jp_fetch, new_trace, body, message):
        code, error = await post_error(jp_fetch, new_trace, body)
        assert code == 400
        assert error["kind"] == "bad-request"
        assert error["message"].startswith(message)
        assert await stored_assessments(jp_fetch, new_trace) == []

    @pytest.mark.parametrize("param", ["store", "tracking_uri"])
    async def test_no_parameter_chooses_the_store(self, jp_fetch, mlflow_server, new_trace, param):
        value = f"sqlite:///{mlflow_server.root / 'mlflow.db'}" if param == "store" else "http://x"
        code, error = await post_error(jp_fetch, new_trace, THUMBS_UP, **{param: value})
        assert code == 400
        assert "configured tracking store only" in error["message"]
        assert await stored_assessments(jp_fetch, new_trace) == []

    async def test_a_post_without_the_xsrf_token_is_refused(
        self, jp_serverapp, jp_http_port, jp_base_url, new_trace, jp_fetch
    ):
        """A browser is authenticated by its cookie; then Jupyter wants the XSRF token."""
        client = AsyncHTTPClient()
        base = f"http://localhost:{jp_http_port}{jp_base_url}"
        login = await client.fetch(base + "login")
        xsrf = _cookie(login.headers, "_xsrf")
        logged_in = await client.fetch(
            base + "login",
            method="POST",
            body=urlencode({"_xsrf": xsrf, "password": jp_serverapp.identity_provider.token}),
            headers={"Cookie": f"_xsrf={xsrf}"},
            follow_redirects=False,
            raise_error=False,
        )
        assert logged_in.code == 302
        cookies = (
            "; ".join(c.split(";", 1)[0] for c in logged_in.headers.get_list("Set-Cookie"))
            + f"; _xsrf={xsrf}"
        )
        url = f"{base}{NAMESPACE}/traces/{new_trace}/assessments"
        refused = await client.fetch(
            url,
            method="POST",
            body=json.dumps(THUMBS_UP),
            headers={"Cookie": cookies},
            raise_error=False,
        )
        assert refused.code == 403
        assert await stored_assessments(jp_fetch, new_trace) == []
        accepted = await client.fetch(
            url,
            method="POST",
            body=json.dumps(THUMBS_UP),
            headers={"Cookie": cookies, "X-XSRFToken": xsrf},
            raise_error=False,
        )
        assert accepted.code == 200, accepted.body[:300]
        assert len(await stored_assessments(jp_fetch, new_trace)) == 1

    async def test_other_verbs_answer_json(self, jp_fetch, new_trace):
        with pytest.raises(HTTPClientError) as info:
            await jp_fetch(NAMESPACE, "traces", new_trace, "assessments")
        assert info.value.code == 405
        assert json.loads(info.value.response.body)["error"]["kind"] == "bad-request"


def _cookie(headers, name: str) -> str:
    for header in headers.get_list("Set-Cookie"):
        key, _, rest = header.partition("=")
        if key.strip() == name:
            return rest.split(";", 1)[0]
    raise AssertionError(f"no {name} cookie in {headers.get_list('Set-Cookie')}")


class TestLocalStore:
    @pytest.fixture
    def sqlite_uri(self, mlflow_server):
        return f"sqlite:///{mlflow_server.root / 'mlflow.db'}"

    @pytest.fixture
    def jp_server_config(self, sqlite_uri):
        return extension_config({"tracking_uri": sqlite_uri})

    async def test_feedback_and_expectation_are_stored(self, jp_fetch, sqlite_uri, new_trace):
        await logs_and_reads_back(jp_fetch, new_trace, sqlite_uri)

    async def test_unknown_trace(self, jp_fetch, sqlite_uri):
        code, error = await post_error(jp_fetch, "tr-0123456789abcdef0123456789abcdef", THUMBS_UP)
        assert code == 404
        assert error["message"] == (
            f"trace tr-0123456789abcdef0123456789abcdef not found on {sqlite_uri}"
        )


class TestUnreachable:
    SECRET = "s3cret-in-the-uri"

    @pytest.fixture
    def port(self):
        return free_port()

    @pytest.fixture
    def jp_server_config(self, port):
        uri = f"http://alice:{self.SECRET}@127.0.0.1:{port}"
        return extension_config({"tracking_uri": uri, "request_timeout": 5.0})

    async def test_says_where_and_why_without_credentials(self, jp_fetch, port):
        code, error = await post_error(jp_fetch, "tr-0123456789abcdef0123456789abcdef", THUMBS_UP)
        assert code == 502
        assert error == {
            "kind": "unreachable",
            "message": f"tracking server unreachable at http://127.0.0.1:{port}: "
            "connection refused",
        }
        assert self.SECRET not in json.dumps(error) and "alice" not in json.dumps(error)


@pytest.mark.skipif(
    not MLFLOW2_BIN or not os.access(MLFLOW2_BIN, os.X_OK),
    reason="set MLFLOW2_BIN to the mlflow executable of an MLflow 2.x virtualenv (test.sh does)",
)
class TestMlflow2Server:
    @pytest.fixture
    def jp_server_config(self, mlflow2_server):  # noqa: F811
        return extension_config({"tracking_uri": mlflow2_server.uri, "request_timeout": 30.0})

    async def test_says_assessments_need_mlflow_3(self, jp_fetch, mlflow2_server):  # noqa: F811
        code, error = await post_error(jp_fetch, mlflow2_server.trace_ids[0], THUMBS_UP)
        assert code == 501
        assert error == {
            "kind": "unsupported",
            "message": "assessments need MLflow 3; the tracking server at "
            f"{mlflow2_server.uri} runs {mlflow2_server.version}",
        }
