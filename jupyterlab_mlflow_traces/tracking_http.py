"""Talk to an HTTP(S) MLflow tracking server from the Jupyter server process.

Responses are passed to the browser as MLflow returned them; the frontend's
trace model is the one place that knows MLflow's formats.

Requests carry no `Origin` and a `Host` derived from the tracking URI, which
is what MLflow's security middleware (3.5+) accepts by default for
127.0.0.1/localhost servers. Redirects are not followed.
"""

import base64
import json
import os
from typing import Any, Dict, Optional
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest

from .config import strip_credentials
from .errors import TrackingError
from .filters import TEXT_EXACT_NAME, TEXT_FULL, TraceQuery


def _auth_headers(uri: str) -> Dict[str, str]:
    """Credentials the MLflow client would send; they stay on the server."""
    parts = urlsplit(uri)
    token = os.environ.get("MLFLOW_TRACKING_TOKEN")
    user = os.environ.get("MLFLOW_TRACKING_USERNAME")
    password = os.environ.get("MLFLOW_TRACKING_PASSWORD")
    if parts.username and not user:
        user, password = parts.username, parts.password or ""
    headers = {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    elif user:
        raw = f"{user}:{password or ''}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(raw).decode()
    workspace = os.environ.get("MLFLOW_WORKSPACE")
    if workspace:
        headers["X-MLFLOW-WORKSPACE"] = workspace
    return headers


def _base_without_userinfo(uri: str) -> str:
    parts = urlsplit(uri)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))


class HttpTrackingStore:
    """The subset of MLflow's REST API the sidebar and the viewer need."""

    def __init__(self, uri: str, timeout: float, connect_timeout: float, max_bytes: int):
        self.uri = uri
        self.display_uri = strip_credentials(uri)
        self._base = _base_without_userinfo(uri)
        self._timeout = timeout
        self._connect_timeout = connect_timeout
        self._max_bytes = max_bytes

    def _too_large(self, path: str) -> TrackingError:
        return TrackingError(
            "too-large",
            f"the response of the tracking server at {self.display_uri} to {path} is larger "
            f"than {self._max_bytes} bytes (MlflowTracesConfig.max_response_bytes)",
            status=502,
        )

    async def _request(
        self,
        method: str,
        path: str,
        params: Optional[Dict[str, Any]] = None,
        body: Optional[Dict[str, Any]] = None,
        expect_json: bool = True,
    ) -> Any:
        url = self._base + path
        if params:
            url += "?" + urlencode(
                {k: v for k, v in params.items() if v is not None and v != ""}, doseq=True
            )
        headers = {"Accept": "application/json", **_auth_headers(self.uri)}
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
        # 64 KiB at a time), so tornado's own limit is set out of the way.
        client = AsyncHTTPClient(force_instance=True, max_body_size=1 << 50)
        try:
            response = await client.fetch(request, raise_error=False)
        except Exception as err:  # connection refused, DNS, timeout, TLS, size cap
            raise failure(err) from err
        finally:
            client.close()
        if response.code == 599:
            raise failure(response.error)
        text = b"".join(chunks).decode("utf-8", errors="replace")
        if response.code in (401, 403):
            raise self._auth_error(response.code, path, text)
        if response.code == 404:
            raise TrackingError(
                "not-found",
                f"{_error_message(text) or 'not found'} ({self.display_uri}{path})",
                status=404,
                upstream_status=404,
                error_code=_error_json(text).get("error_code"),
            )
        if 300 <= response.code < 400:
            raise TrackingError(
                "server-error",
                f"tracking server at {self.display_uri} answered {response.code} (a redirect, "
                f"to {response.headers.get('Location', '?')!s:.200}) to {path}; redirects are "
                "not followed: set the tracking URI to the server's final address",
                status=502,
                upstream_status=response.code,
            )
        if response.code >= 400:
            raise TrackingError(
                "server-error",
                f"tracking server at {self.display_uri} answered {response.code} to {path}: "
                f"{_error_message(text) or _snippet(text) or 'no message'}",
                status=502,
                upstream_status=response.code,
                error_code=_error_json(text).get("error_code"),
            )
        if not expect_json:
            return text
        try:
            return json.loads(text) if text.strip() else {}
        except ValueError as err:
            raise TrackingError(
                "malformed",
                f"tracking server at {self.display_uri} sent a response to {path} that is not "
                f"JSON: {_snippet(text, 120)!r}",
                status=502,
            ) from err

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

    def _auth_error(self, code: int, path: str, text: str) -> TrackingError:
        if "Invalid Host header" in text:
            host = urlsplit(self._base).netloc
            return TrackingError(
                "forbidden-host",
                f"the tracking server at {self.display_uri} rejected the Host header {host!r} "
                "(MLflow's security middleware): start it with `--allowed-hosts` including "
                f"{host!r}, or use the address it allows",
                status=502,
                upstream_status=code,
            )
        if "Cross-origin request blocked" in text:
            return TrackingError(
                "forbidden-host",
                f"the tracking server at {self.display_uri} blocked the request as cross-origin",
                status=502,
                upstream_status=code,
            )
        has_creds = any(
            os.environ.get(k)
            for k in ("MLFLOW_TRACKING_TOKEN", "MLFLOW_TRACKING_USERNAME")
        ) or bool(urlsplit(self.uri).username)
        hint = (
            "the credentials in the Jupyter server's environment were refused"
            if has_creds
            else "set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (or "
            "MLFLOW_TRACKING_TOKEN) in the environment of the Jupyter server"
        )
        detail = _error_message(text)
        return TrackingError(
            "unauthorized",
            f"the tracking server at {self.display_uri} refused access ({code}) to {path}: "
            f"{detail + '; ' if detail else ''}{hint}",
            status=502,
            upstream_status=code,
        )

    def _object(self, result: Any, path: str) -> Dict[str, Any]:
        if not isinstance(result, dict):
            raise TrackingError(
                "malformed",
                f"tracking server at {self.display_uri} answered {path} with JSON that is not "
                f"an object ({type(result).__name__})",
                status=502,
            )
        return result

    async def version(self) -> str:
        return (await self._request("GET", "/version", expect_json=False)).strip()

    async def check_access(self) -> None:
        """A cheap authenticated API call: /version passes auth and host checks that the API does not."""
        await self._request(
            "GET", "/api/2.0/mlflow/experiments/search", params={"max_results": 1}
        )

    async def search_experiments(
        self,
        filter_string: Optional[str],
        max_results: int,
        page_token: Optional[str],
        view_type: str,
        order_by: str,
    ) -> Any:
        body: Dict[str, Any] = {
            "max_results": max_results,
            "view_type": view_type,
            "order_by": [order_by],
        }
        if filter_string:
            body["filter"] = filter_string
        if page_token:
            body["page_token"] = page_token
        path = "/api/2.0/mlflow/experiments/search"
        return self._object(await self._request("POST", path, body=body), path)

    async def get_experiment(self, experiment_id: str) -> Any:
        path = "/api/2.0/mlflow/experiments/get"
        try:
            return self._object(
                await self._request("GET", path, params={"experiment_id": experiment_id}), path
            )
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
    ) -> Dict[str, Any]:
        """MLflow 3 `traces/search`, or MLflow 2 `GET /traces` when the server is 2.x."""
        body: Dict[str, Any] = {
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
            path = "/api/3.0/mlflow/traces/search"
            result = self._object(await self._request("POST", path, body=body), path)
            return {"api": "v3", "text_filter": TEXT_FULL, **result}
        except TrackingError as err:
            # A bare (non-JSON) 404 is a 2.x server without the endpoint.
            if err.kind != "not-found" or err.error_code:
                raise
        result = await self._request(
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
        result = self._object(result, "/api/2.0/mlflow/traces")
        return {"api": "v2", "text_filter": TEXT_EXACT_NAME, **result}

    async def get_trace(self, trace_id: str) -> Dict[str, Any]:
        """Trace info (v3, else v2) plus spans from `get-trace-artifact`.

        `get-trace-artifact` is what MLflow's own notebook page uses: it works whether
        spans live in the database or in the artifact store.
        """
        quoted = quote(trace_id, safe="")
        not_found = TrackingError(
            "not-found", f"trace {trace_id} not found on {self.display_uri}", 404
        )
        try:
            info = await self._request("GET", f"/api/3.0/mlflow/traces/{quoted}")
        except TrackingError as err:
            # A JSON 404 is MLflow saying "no such trace"; a bare 404 is a 2.x server
            # without the v3 endpoint.
            if err.kind != "not-found":
                raise
            if err.error_code:
                raise not_found from err
            try:
                info = await self._request("GET", f"/api/2.0/mlflow/traces/{quoted}/info")
            except TrackingError as err2:
                if err2.kind == "not-found":
                    raise not_found from err2
                raise
        try:
            spans = await self._request(
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
        return {
            "info": self._object(info, "trace info"),
            "spans": self._object(spans, "get-trace-artifact"),
        }


def _reason(err: Any) -> str:
    if err is None:
        return "no response"
    if isinstance(err, HTTPClientError) and err.code == 599:
        text = str(err.message or err)
    else:
        text = getattr(err, "strerror", None) or str(err) or type(err).__name__
    text = text.strip()
    low = text.lower()
    if "timeout while connecting" in low:
        return "connect timed out"
    if "timeout" in low or "timed out" in low:
        return "timed out"
    if "connection refused" in low or "errno 111" in low:
        return "connection refused"
    if "name or service not known" in low or "nodename nor servname" in low:
        return "unknown host"
    return text


def _snippet(text: str, length: int = 300) -> str:
    return " ".join(text.split())[:length]


def _error_json(text: str) -> Dict[str, Any]:
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _error_message(text: str) -> str:
    data = _error_json(text)
    return str(data.get("message") or data.get("error_code") or "")
