"""GET traces/<id>/attachments/<attachment_id>: the bytes of one trace attachment.

MLflow 3 stores an `mlflow.tracing.attachments.Attachment` logged in a span's inputs
or outputs as the trace artifact `attachments/<uuid>` and leaves in the span the
reference `mlflow-attachment://<uuid>?content_type=…&trace_id=…&size=…`. MLflow keeps
the content type only in that reference, so the viewer passes it as `?content_type=`;
it is believed only within SAFE_INLINE_TYPES (images, audio, PDF that a browser shows
without running anything). Anything else is sent as `application/octet-stream` with
`Content-Disposition: attachment`; every answer has `X-Content-Type-Options: nosniff`
and a sandboxing CSP, so a lying reference cannot make the Jupyter origin run content.

The bytes come from the configured tracking store only (never `?store=` nor
`?tracking_uri=`): http(s) servers through MLflow's own
`GET /ajax-api/3.0/mlflow/get-trace-artifact?request_id=<id>&path=<uuid>` with the
reads' client (credentials only to their origin, the same size cap); local stores
through MLflow's artifact repository of the trace, in the worker pool.
"""

import re
from typing import Any

import tornado

from .errors import TrackingError
from .handler_base import BaseHandler
from .request_checks import bad_request, shown_value, trace_id_problem
from .tracking_http import HttpTrackingStore
from .tracking_local import LocalTrackingStore

#: MLflow's attachment ids are canonical UUIDs (its `_validate_attachment_path`).
ATTACHMENT_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

#: Types a browser shows inline without running anything, by the names MLflow records
#: (Attachment.from_file uses mimetypes; data: URLs keep what the caller wrote).
SAFE_INLINE_TYPES = {
    "image/png": "image/png",
    "image/jpeg": "image/jpeg",
    "image/jpg": "image/jpeg",
    "image/gif": "image/gif",
    "image/webp": "image/webp",
    "audio/mpeg": "audio/mpeg",
    "audio/mp3": "audio/mpeg",
    "audio/wav": "audio/wav",
    "audio/x-wav": "audio/wav",
    "audio/wave": "audio/wav",
    "audio/ogg": "audio/ogg",
    "application/pdf": "application/pdf",
}
OPAQUE = "application/octet-stream"
MAX_CONTENT_TYPE = 200


def served_type(recorded: str) -> str:
    """The Content-Type to answer with for the type a reference records."""
    essence = recorded.split(";", 1)[0].strip().lower()
    return SAFE_INLINE_TYPES.get(essence, OPAQUE)


def attachment_missing(attachment_id: str, trace_id: str, where: str) -> TrackingError:
    return TrackingError(
        "not-found",
        f"attachment {attachment_id} of trace {trace_id} not found on {where}",
        status=404,
    )


async def read_over_http(store: HttpTrackingStore, trace_id: str, attachment_id: str) -> list:
    try:
        return await store._fetch(
            "GET",
            "/ajax-api/3.0/mlflow/get-trace-artifact",
            params={"request_id": trace_id, "path": attachment_id},
        )
    except TrackingError as err:
        if err.kind == "not-found":
            raise attachment_missing(attachment_id, trace_id, store.display_uri) from err
        raise


async def read_locally(store: LocalTrackingStore, trace_id: str, attachment_id: str) -> list:
    def read(mlflow, client):
        if not hasattr(client._tracing_client, "_get_artifact_repo_for_trace"):
            raise TrackingError(
                "unsupported",
                f"attachments need MLflow 3; the Jupyter server has mlflow {mlflow.__version__}",
                status=501,
            )
        tracing = client._tracing_client
        info = tracing.get_trace_info(trace_id)
        data = tracing._get_artifact_repo_for_trace(info).download_trace_attachment(attachment_id)
        if store._max_bytes and len(data) > store._max_bytes:
            raise TrackingError(
                "too-large",
                f"attachment {attachment_id} ({len(data):,} bytes) is larger than the limit "
                f"({store._max_bytes:,} bytes, MlflowTracesConfig.max_response_bytes)",
            )
        return data

    try:
        return [await store._call(read)]
    except TrackingError as err:
        if err.kind == "not-found" or err.error_code == "RESOURCE_DOES_NOT_EXIST":
            raise attachment_missing(attachment_id, trace_id, store.display_uri) from err
        raise


class AttachmentHandler(BaseHandler):
    """traces/<id>/attachments/<uuid>[?content_type=]: GET only (other verbs: a JSON 405)."""

    async def _get_only(self, *args: Any) -> None:
        self.write_tracking_error(
            TrackingError("bad-request", "traces/<id>/attachments/<id> takes GET only", status=405)
        )

    post = put = delete = patch = tornado.web.authenticated(_get_only)

    @tornado.web.authenticated
    async def get(self, trace_id: str, attachment_id: str) -> None:
        async def read():
            problem = trace_id_problem(trace_id)
            if problem:
                raise bad_request(f"not a trace id: {shown_value(trace_id)} ({problem})")
            if not ATTACHMENT_ID.match(attachment_id):
                raise bad_request(
                    f"not an attachment id: {shown_value(attachment_id)} (MLflow's are UUIDs)"
                )
            store = self.configured_store_only("attachments come from")
            if len(recorded) > MAX_CONTENT_TYPE:
                raise bad_request("content_type is too long")
            if isinstance(store, HttpTrackingStore):
                return await read_over_http(store, trace_id, attachment_id)
            return await read_locally(store, trace_id, attachment_id)

        recorded = self.get_argument("content_type", "")
        await self.run(
            read,
            write=lambda chunks: self.write_bytes(chunks, served_type(recorded), attachment_id),
        )

    def write_bytes(self, chunks: list, content_type: str, attachment_id: str) -> None:
        self._transforms = []  # as sent, no gzip
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Content-Security-Policy", "default-src 'none'; sandbox")
        self.set_header("Cache-Control", "no-store")
        if content_type == OPAQUE:
            self.set_header("Content-Disposition", f'attachment; filename="{attachment_id}"')
        self.set_header("Content-Length", str(sum(len(chunk) for chunk in chunks)))
        for chunk in chunks:
            self.write(chunk)
        self.finish(set_content_type=content_type)  # APIHandler would say JSON
