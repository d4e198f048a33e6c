"""GET traces/<id>/attachments/<uuid>: an image, an audio clip and a PDF logged by the
real MLflow 3.17 SDK, read back from a real tracking server and from its sqlite as a
local store; the served type is the allow-listed one or an opaque download."""

import json
import os
import re

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_mlflow_traces.routes import NAMESPACE

from .attachment_samples import PDF, SVG, png_bytes, wav_bytes
from .server_config import extension_config

ANSWERS_FROM_REAL_MLFLOW = True
EXPERIMENT = "attachment-tests"
REF = re.compile(r"mlflow-attachment://([0-9a-f-]{36})\?content_type=([^&]+)&trace_id=([^&]+)")


@pytest.fixture(scope="module")
def logged(mlflow_server):
    """One trace whose span inputs hold four attachments, written by the real SDK."""
    import mlflow
    from mlflow.tracing.attachments import Attachment

    mlflow.set_tracking_uri(mlflow_server.uri)
    try:
        mlflow.set_experiment(EXPERIMENT)
        sent = {
            "image": (png_bytes(), "image/png"),
            "audio": (wav_bytes(), "audio/wav"),
            "pdf": (PDF, "application/pdf"),
            "svg": (SVG, "image/svg+xml"),
        }
        with mlflow.start_span("describe_media") as span:
            span.set_inputs(
                {k: Attachment(content_type=t, content_bytes=b) for k, (b, t) in sent.items()}
            )
            span.set_outputs("done")
            trace_id = span.trace_id
        if hasattr(mlflow, "flush_trace_async_logging"):
            mlflow.flush_trace_async_logging()
        inputs = mlflow.get_trace(trace_id).data.spans[0].inputs
    finally:
        os.environ.pop("MLFLOW_TRACKING_URI", None)
    refs = {}
    for key, (data, content_type) in sent.items():
        found = REF.match(inputs[key])
        assert found, inputs[key]
        assert found.group(3) == trace_id
        refs[key] = {"id": found.group(1), "bytes": data, "type": content_type}
    return {"trace_id": trace_id, "refs": refs}


async def get(jp_fetch, trace_id, attachment_id, **params):
    return await jp_fetch(
        NAMESPACE, "traces", trace_id, "attachments", attachment_id, params=params or None
    )


async def get_error(jp_fetch, trace_id, attachment_id, **params):
    with pytest.raises(HTTPClientError) as info:
        await get(jp_fetch, trace_id, attachment_id, **params)
    assert info.value.response.headers["Content-Type"].startswith("application/json")
    return info.value.code, json.loads(info.value.response.body)["error"]


async def serves_each_as_recorded(jp_fetch, logged):
    trace_id = logged["trace_id"]
    for key, served in (("image", "image/png"), ("audio", "audio/wav"), ("pdf", "application/pdf")):
        ref = logged["refs"][key]
        response = await get(jp_fetch, trace_id, ref["id"], content_type=ref["type"])
        assert response.body == ref["bytes"], key
        assert response.headers["Content-Type"] == served
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response.headers["Content-Security-Policy"]
        assert "Content-Disposition" not in response.headers

    # SVG can run script: a download, never inline; so is a type the reference lies about.
    svg = logged["refs"]["svg"]
    for content_type in (svg["type"], "text/html", ""):
        response = await get(jp_fetch, trace_id, svg["id"], content_type=content_type)
        assert response.body == SVG
        assert response.headers["Content-Type"] == "application/octet-stream"
        assert response.headers["Content-Disposition"] == f'attachment; filename="{svg["id"]}"'
        assert response.headers["X-Content-Type-Options"] == "nosniff"


class TestHttpServer:
    @pytest.fixture
    def jp_server_config(self, mlflow_server):
        return extension_config({"tracking_uri": mlflow_server.uri, "request_timeout": 10.0})

    async def test_image_audio_pdf_and_an_opaque_svg(self, jp_fetch, logged):
        await serves_each_as_recorded(jp_fetch, logged)

    async def test_unknown_attachment(self, jp_fetch, mlflow_server, logged):
        missing = "00000000-0000-4000-8000-000000000000"
        code, error = await get_error(jp_fetch, logged["trace_id"], missing)
        assert code == 404
        assert error["kind"] == "not-found"
        assert error["message"] == (
            f"attachment {missing} of trace {logged['trace_id']} not found on {mlflow_server.uri}"
        )

    @pytest.mark.parametrize(
        "attachment_id",
        ["..", "not-a-uuid", "00000000-0000-4000-8000-00000000000G", "A" * 36],
    )
    async def test_malformed_ids_are_refused_here(self, jp_fetch, logged, attachment_id):
        code, error = await get_error(jp_fetch, logged["trace_id"], attachment_id)
        assert code == 400
        assert error["kind"] == "bad-request"
        assert error["message"].startswith("not an attachment id")

    @pytest.mark.parametrize("param", ["store", "tracking_uri"])
    async def test_no_parameter_chooses_the_store(self, jp_fetch, mlflow_server, logged, param):
        image = logged["refs"]["image"]
        value = f"sqlite:///{mlflow_server.root / 'mlflow.db'}" if param == "store" else "http://x"
        code, error = await get_error(jp_fetch, logged["trace_id"], image["id"], **{param: value})
        assert code == 400
        assert "configured tracking store only" in error["message"]

    async def test_a_post_answers_json_405(self, jp_fetch, logged):
        image = logged["refs"]["image"]
        with pytest.raises(HTTPClientError) as info:
            await jp_fetch(
                NAMESPACE,
                "traces",
                logged["trace_id"],
                "attachments",
                image["id"],
                method="POST",
                body="{}",
            )
        assert info.value.code == 405


class TestCappedServer:
    @pytest.fixture
    def jp_server_config(self, mlflow_server):
        return extension_config({"tracking_uri": mlflow_server.uri, "max_response_bytes": 100})

    async def test_a_larger_attachment_is_refused(self, jp_fetch, mlflow_server, logged):
        image = logged["refs"]["image"]
        code, error = await get_error(jp_fetch, logged["trace_id"], logged["refs"]["audio"]["id"])
        assert code == 502
        assert error["kind"] == "too-large"
        assert len(image["bytes"]) < 100  # the small one still comes
        assert (await get(jp_fetch, logged["trace_id"], image["id"])).body == image["bytes"]


class TestLocalStore:
    @pytest.fixture
    def sqlite_uri(self, mlflow_server):
        return f"sqlite:///{mlflow_server.root / 'mlflow.db'}"

    @pytest.fixture
    def jp_server_config(self, sqlite_uri):
        return extension_config({"tracking_uri": sqlite_uri, "max_response_bytes": 10_000})

    async def test_image_audio_pdf_and_an_opaque_svg(self, jp_fetch, logged):
        await serves_each_as_recorded(jp_fetch, logged)

    async def test_unknown_attachment_and_trace(self, jp_fetch, sqlite_uri, logged):
        missing = "00000000-0000-4000-8000-000000000000"
        code, error = await get_error(jp_fetch, logged["trace_id"], missing)
        assert code == 404
        assert error["message"] == (
            f"attachment {missing} of trace {logged['trace_id']} not found on {sqlite_uri}"
        )
        unknown = "tr-0123456789abcdef0123456789abcdef"
        code, error = await get_error(jp_fetch, unknown, missing)
        assert code == 404
        assert error["kind"] == "not-found"
