"""Talk to an HTTP(S) MLflow tracking server from the Jupyter server process.

Successful answers are checked (JSON, expected shape, no credentials in their
strings; see `json_bodies`) and passed to the browser as the bytes MLflow sent
(re-encoded only when a credential had to be replaced); the frontend's trace
model is the one place that knows MLflow's formats.
Error messages never quote an answer: they are built from the status code, a
well-formed MLflow `error_code`, and our own words.

Requests carry no `Origin` and a `Host` derived from the tracking URI, which
is what MLflow's security middleware (3.5+) accepts by default for
127.0.0.1/localhost servers. Redirects are not followed. Host names that
resolve only to link-local or cloud-metadata addresses are not contacted.
At most `max_concurrent_requests` requests are in flight per origin.
"""

import asyncio
import json
import os
import socket
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Optional
from urllib.parse import quote, urlencode, urlsplit

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.iostream import StreamClosedError
from tornado.netutil import DefaultLoopResolver
from tornado.simple_httpclient import HTTPStreamClosedError, HTTPTimeoutError

from .credentials import (
    auth_headers,
    base_without_userinfo,
    forbidden_address,
    origin_of,
    strip_credentials,
)
from .errors import TrackingError
from .filters import TEXT_EXACT_NAME, TEXT_FULL, TraceQuery
from .json_bodies import BodyError, Checked, check_chunks, error_code_of, merge_object

VERSION_TEXT = set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.+-_")


#: Error answers larger than this are not read for an error code or MLflow's texts.
ERROR_BODY_MAX = 64 * 1024


@dataclass
class RawJson:
    """A checked JSON document, sent to the browser as is, in parts (no copies)."""

    parts: list[Any]  # bytes or memoryview


class UpstreamLimits:
    """One semaphore per tracking-server origin, created on first use."""

    def __init__(self, max_concurrent: int):
        self.max_concurrent = max_concurrent
        self._slots: dict[str, asyncio.Semaphore] = {}

    def slot(self, origin: str) -> asyncio.Semaphore:
        if origin not in self._slots:
            self._slots[origin] = asyncio.Semaphore(self.max_concurrent)
        return self._slots[origin]


class ForbiddenAddressError(OSError):
    """A host name that resolves only to link-local or cloud-metadata addresses."""


class _GuardedResolver:
    """The default resolver, minus link-local and cloud-metadata addresses."""

    def __init__(self) -> None:
        self._inner = DefaultLoopResolver()

    async def resolve(self, host: str, port: int, family: int = socket.AF_UNSPEC):
        addresses = await self._inner.resolve(host, port, family)
        allowed = [a for a in addresses if not forbidden_address(str(a[1][0]))]
        if not allowed:
            raise ForbiddenAddressError(host)
        return allowed

    def close(self) -> None:
        self._inner.close()


class HttpTrackingStore:
    """The subset of MLflow's REST API the sidebar and the viewer need."""

    def __init__(
        self,
        uri: str,
        timeout: float,
        connect_timeout: float,
        max_bytes: int,
        limits: UpstreamLimits,
        env_credentials: bool,
        secret_forms: Sequence[str] = (),
    ):
        self.uri = uri
        self.display_uri = strip_credentials(uri)
        self.origin = origin_of(uri) or self.display_uri
        self._base = base_without_userinfo(uri)
        self._timeout = timeout
        self._connect_timeout = connect_timeout
        self._max_bytes = max_bytes
        self._limits = limits
        self._env_credentials = env_credentials
        self._forms = tuple(secret_forms)

    def _too_large(self, path: str) -> TrackingError:
        return TrackingError(
            "too-large",
            f"the response of the tracking server at {self.display_uri} to {path} is larger "
            f"than {self._max_bytes} bytes (MlflowTracesConfig.max_response_bytes)",
            status=502,
        )

    def _malformed(self, path: str, why: str) -> TrackingError:
        return TrackingError(
            "malformed",
            f"malformed answer from the tracking server at {self.display_uri} to {path}: {why}",
            status=502,
        )

    async def _fetch(
        self,
        method: str,
        path: str,
        params: Optional[dict[str, Any]] = None,
        body: Optional[dict[str, Any]] = None,
    ) -> list[bytes]:
        """The body chunks of a 2xx answer; any other outcome raises a TrackingError."""
        url = self._base + path
        if params:
            url += "?" + urlencode(
                {k: v for k, v in params.items() if v is not None and v != ""}, doseq=True
            )
        headers = {"Accept": "application/json", **auth_headers(self.uri, self._env_credentials)}
        if body is not None:
            headers["Content-Type"] = "application/json"
        chunks = []
        received = 0
        # Set before aborting a response from a callback: tornado reports the abort
        # as a closed stream or its own size error, not as what we raised.
        too_large = False

        def on_header(line: str) -> None:
            nonlocal too_large
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                try:
                    length = int(value.strip())
                except ValueError:
                    return
                if length > self._max_bytes:
                    too_large = True
                    raise self._too_large(path)

        def on_chunk(chunk: bytes) -> None:
            nonlocal received, too_large
            received += len(chunk)
            if received > self._max_bytes:
                too_large = True
                raise self._too_large(path)
            chunks.append(chunk)

        def failure(err: Any) -> TrackingError:
            if isinstance(err, TrackingError):
                return err
            text = str(err).lower()
            if too_large or "body too large" in text or "content-length too long" in text:
                return self._too_large(path)
            return self._unreachable(err)

        request = HTTPRequest(
            url,
            method=method,
            headers=headers,
            body=json.dumps(body) if body is not None else None,
            request_timeout=self._timeout,
            connect_timeout=self._connect_timeout,
            header_callback=on_header,
            streaming_callback=on_chunk,
            follow_redirects=False,
            decompress_response=True,
            user_agent="jupyterlab-mlflow-traces",
        )
        # Own client: the shared one caps bodies at 100 MB and reports that as a closed
        # connection. The callbacks above enforce the cap (tornado hands them at most
        # 64 KiB at a time, decompressed), so tornado's own limit is set out of the way.
        resolver = _GuardedResolver()
        client = AsyncHTTPClient(force_instance=True, max_body_size=1 << 50, resolver=resolver)
        try:
            async with self._limits.slot(self.origin):
                response = await client.fetch(request, raise_error=False)
        except Exception as err:  # connection refused, DNS, timeout, TLS, size cap
            raise failure(err) from err
        finally:
            client.close()
            resolver.close()
        if response.code == 599:
            raise failure(response.error)
        data = b"".join(chunks) if received <= ERROR_BODY_MAX and response.code >= 300 else b""
        if response.code in (401, 403):
            raise self._auth_error(response.code, path, data)
        code = response.code
        error_code = error_code_of(data) if code >= 400 else None
        detail = f"{code} ({error_code})" if error_code else str(code)
        if code == 404:
            raise TrackingError(
                "not-found",
                f"tracking server at {self.display_uri} answered {detail} to {path}",
                status=404,
                upstream_status=404,
                error_code=error_code,
            )
        if 300 <= code < 400:
            raise TrackingError(
                "server-error",
                f"tracking server at {self.display_uri} answered {code} (a redirect) to {path}; "
                "redirects are not followed: set the tracking URI to the server's final address",
                status=502,
                upstream_status=code,
            )
        if code >= 400 or code < 200:
            raise TrackingError(
                "server-error",
                f"tracking server at {self.display_uri} answered {detail} to {path}",
                status=502,
                upstream_status=code,
                error_code=error_code,
            )
        return chunks

    async def _object(
        self,
        method: str,
        path: str,
        params: Optional[dict[str, Any]] = None,
        body: Optional[dict[str, Any]] = None,
    ) -> Checked:
        """A 2xx answer that must be a JSON object, checked off the event loop if large."""
        chunks = await self._fetch(method, path, params, body)
        try:
            checked = await check_chunks(chunks, self._forms)
        except BodyError as err:
            raise self._malformed(path, str(err)) from err
        if checked.top != "object":
            raise self._malformed(path, f"JSON that is not an object ({checked.top})")
        return checked

    def _unreachable(self, err: Any) -> TrackingError:
        reason = _reason(err)
        if reason == "timed out":
            return TrackingError(
                "timeout",
                f"tracking server at {self.display_uri} did not answer within "
                f"{self._timeout:g} s (MlflowTracesConfig.request_timeout)",
                status=504,
            )
        if reason == "connect timed out":
            return TrackingError(
                "timeout",
                f"tracking server unreachable at {self.display_uri}: no connection within "
                f"{self._connect_timeout:g} s (MlflowTracesConfig.connect_timeout)",
                status=504,
            )
        return TrackingError(
            "unreachable",
            f"tracking server unreachable at {self.display_uri}: {reason}",
            status=502,
        )

    def _auth_error(self, code: int, path: str, data: bytes) -> TrackingError:
        # The body is only matched against MLflow's own fixed texts, never quoted.
        if b"Invalid Host header" in data:
            host = urlsplit(self._base).netloc
            return TrackingError(
                "forbidden-host",
                f"the tracking server at {self.display_uri} rejected the Host header {host!r} "
                "(MLflow's security middleware): start it with `--allowed-hosts` including "
                f"{host!r}, or use the address it allows",
                status=502,
                upstream_status=code,
            )
        if b"Cross-origin request blocked" in data:
            return TrackingError(
                "forbidden-host",
                f"the tracking server at {self.display_uri} blocked the request as cross-origin",
                status=502,
                upstream_status=code,
            )
        env_sent = self._env_credentials and any(
            os.environ.get(k) for k in ("MLFLOW_TRACKING_TOKEN", "MLFLOW_TRACKING_USERNAME")
        )
        if env_sent:
            hint = "the credentials in the Jupyter server's environment were refused"
        elif "Authorization" in auth_headers(self.uri, False):
            hint = "the credentials in the tracking URI were refused"
        else:
            hint = (
                "set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (or "
                "MLFLOW_TRACKING_TOKEN) in the environment of the Jupyter server"
            )
        error_code = error_code_of(data)
        detail = f"{code}, {error_code}" if error_code else str(code)
        return TrackingError(
            "unauthorized",
            f"the tracking server at {self.display_uri} refused access ({detail}) to {path}: "
            f"{hint}",
            status=502,
            upstream_status=code,
        )

    async def version(self) -> str:
        path = "/version"
        data = b"".join(await self._fetch("GET", path))[:1000]
        text = data.decode("utf-8", errors="replace").strip()
        if not text or len(text) > 64 or not set(text) <= VERSION_TEXT:
            raise self._malformed(path, "not a version number")
        return text

    async def check_access(self) -> None:
        """A cheap authenticated API call: /version passes auth and host checks that the API does not."""
        await self._object("GET", "/api/2.0/mlflow/experiments/search", params={"max_results": 1})

    async def search_experiments(
        self,
        filter_string: Optional[str],
        max_results: int,
        page_token: Optional[str],
        view_type: str,
        order_by: str,
    ) -> RawJson:
        body: dict[str, Any] = {
            "max_results": max_results,
            "view_type": view_type,
            "order_by": [order_by],
        }
        if filter_string:
            body["filter"] = filter_string
        if page_token:
            body["page_token"] = page_token
        result = await self._object("POST", "/api/2.0/mlflow/experiments/search", body=body)
        return RawJson(result.parts)

    async def get_experiment(self, experiment_id: str) -> RawJson:
        path = "/api/2.0/mlflow/experiments/get"
        try:
            result = await self._object("GET", path, params={"experiment_id": experiment_id})
            return RawJson(result.parts)
        except TrackingError as err:
            if err.kind == "not-found":
                raise TrackingError(
                    "not-found",
                    f"experiment {experiment_id} not found on {self.display_uri}",
                    404,
                ) from err
            raise

    async def search_traces(
        self,
        experiment_id: str,
        query: TraceQuery,
        max_results: int,
        page_token: Optional[str],
        order_by: str,
    ) -> RawJson:
        """MLflow 3 `traces/search`, or MLflow 2 `GET /traces` when the server is 2.x."""
        body: dict[str, Any] = {
            "locations": [
                {"type": "MLFLOW_EXPERIMENT", "mlflow_experiment": {"experiment_id": experiment_id}}
            ],
            "max_results": max_results,
            "order_by": [order_by],
        }
        v3_filter = query.v3_filter()
        if v3_filter:
            body["filter"] = v3_filter
        if page_token:
            body["page_token"] = page_token
        try:
            result = await self._object("POST", "/api/3.0/mlflow/traces/search", body=body)
            return RawJson(merge_object({"api": "v3", "text_filter": TEXT_FULL}, result))
        except TrackingError as err:
            # A bare (non-JSON) 404 is a 2.x server without the endpoint.
            if err.kind != "not-found" or err.error_code:
                raise
        result = await self._object(
            "GET",
            "/api/2.0/mlflow/traces",
            params={
                "experiment_ids": [experiment_id],
                "filter": query.v2_filter(),
                "max_results": max_results,
                "order_by": [order_by],
                "page_token": page_token,
            },
        )
        return RawJson(merge_object({"api": "v2", "text_filter": TEXT_EXACT_NAME}, result))

    async def get_trace(self, trace_id: str) -> RawJson:
        """`{"info": …, "spans": …, "tracking_uri": …}`: trace info (v3, else v2) plus spans
        from `get-trace-artifact`, composed as bytes.

        `get-trace-artifact` is what MLflow's own notebook page uses: it works whether
        spans live in the database or in the artifact store.
        """
        quoted = quote(trace_id, safe="")
        not_found = TrackingError(
            "not-found", f"trace {trace_id} not found on {self.display_uri}", 404
        )
        try:
            info = await self._object("GET", f"/api/3.0/mlflow/traces/{quoted}")
        except TrackingError as err:
            # A JSON 404 is MLflow saying "no such trace"; a bare 404 is a 2.x server
            # without the v3 endpoint.
            if err.kind != "not-found":
                raise
            if err.error_code:
                raise not_found from err
            try:
                info = await self._object("GET", f"/api/2.0/mlflow/traces/{quoted}/info")
            except TrackingError as err2:
                if err2.kind == "not-found":
                    raise not_found from err2
                raise
        try:
            spans = await self._object(
                "GET", "/ajax-api/2.0/mlflow/get-trace-artifact", params={"request_id": trace_id}
            )
        except TrackingError as err:
            if err.kind == "not-found":
                raise TrackingError(
                    "not-found",
                    f"spans of trace {trace_id} not found on {self.display_uri} "
                    "(MLflow may still be exporting them)",
                    404,
                ) from err
            raise
        tail = b', "tracking_uri": ' + json.dumps(self.display_uri).encode() + b"}"
        return RawJson([b'{"info": ', *info.parts, b', "spans": ', *spans.parts, tail])


def _reason(err: Any) -> str:
    """Why a connection failed, in our words: exception texts can quote what a server sent."""
    if err is None:
        return "no response"
    if isinstance(err, ForbiddenAddressError):
        return "the host resolves only to link-local or cloud-metadata addresses"
    if isinstance(err, HTTPTimeoutError):
        return "connect timed out" if "connect" in str(err).lower() else "timed out"
    if isinstance(err, ConnectionRefusedError):
        return "connection refused"
    if isinstance(err, socket.gaierror):
        return "unknown host"
    if isinstance(err, ssl.SSLError):
        return f"TLS error ({type(err).__name__})"
    if isinstance(err, (HTTPStreamClosedError, StreamClosedError, ConnectionResetError)):
        return "the connection was closed"
    text = str(getattr(err, "message", "") or err).lower()
    if "timeout while connecting" in text:
        return "connect timed out"
    if "timeout" in text or "timed out" in text:
        return "timed out"
    if "connection refused" in text or "errno 111" in text:
        return "connection refused"
    if "name or service not known" in text or "nodename nor servname" in text:
        return "unknown host"
    if "malformed" in text:
        return "malformed HTTP answer"
    return f"connection failed ({type(err).__name__})"
