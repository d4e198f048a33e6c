"""Talk to an HTTP(S) MLflow tracking server from the Jupyter server process.

Responses are passed to the browser as MLflow returned them; the frontend's
trace model is the one place that knows MLflow's formats.
"""

import base64
import json
import os
from typing import Any, Dict, Optional
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest

from .config import strip_credentials
from .errors import TrackingError


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

        def on_chunk(chunk: bytes) -> None:
            nonlocal received
            received += len(chunk)
            if received > self._max_bytes:
                raise TrackingError(
                    "too-large",
                    f"response from {self.display_uri}{path} is larger than "
                    f"{self._max_bytes} bytes (MlflowTracesConfig.max_response_bytes)",
                    status=502,
                )
            chunks.append(chunk)

        request = HTTPRequest(
            url,
            method=method,
            headers=headers,
            body=json.dumps(body) if body is not None else None,
            request_timeout=self._timeout,
            connect_timeout=self._connect_timeout,
            streaming_callback=on_chunk,
            follow_redirects=False,
            decompress_response=True,
        )
        try:
            response = await AsyncHTTPClient().fetch(request, raise_error=False)
        except TrackingError:
            raise
        except Exception as err:  # connection refused, DNS, timeout, TLS
            raise TrackingError(
                "unreachable",
                f"tracking server unreachable at {self.display_uri}: {_reason(err)}",
                status=502,
            ) from err
        if response.code == 599:
            raise TrackingError(
                "unreachable",
                f"tracking server unreachable at {self.display_uri}: {_reason(response.error)}",
                status=502,
            )
        text = b"".join(chunks).decode("utf-8", errors="replace")
        if response.code in (401, 403):
            raise TrackingError(
                "unauthorized",
                f"not authorized ({response.code}) by the tracking server at {self.display_uri}"
                f"{path}: {_error_message(text) or 'check MLFLOW_TRACKING_USERNAME/PASSWORD or TOKEN'}",
                status=response.code,
            )
        if response.code == 404:
            raise TrackingError(
                "not-found",
                f"{_error_message(text) or 'not found'} ({self.display_uri}{path})",
                status=404,
                error_code=_error_json(text).get("error_code"),
            )
        if response.code >= 300:
            raise TrackingError(
                "server-error",
                f"tracking server at {self.display_uri} answered {response.code} to {path}: "
                f"{_error_message(text) or text[:300] or 'no message'}",
                status=502,
                upstream_status=response.code,
            )
        if not expect_json:
            return text
        try:
            return json.loads(text) if text.strip() else {}
        except ValueError as err:
            raise TrackingError(
                "malformed",
                f"tracking server at {self.display_uri} sent a response to {path} that is not "
                f"JSON: {text[:120]!r}",
                status=502,
            ) from err

    async def version(self) -> str:
        return (await self._request("GET", "/version", expect_json=False)).strip()

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
        return await self._request("POST", "/api/2.0/mlflow/experiments/search", body=body)

    async def search_traces(
        self,
        experiment_id: str,
        filter_string: Optional[str],
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
        if filter_string:
            body["filter"] = filter_string
        if page_token:
            body["page_token"] = page_token
        try:
            result = await self._request("POST", "/api/3.0/mlflow/traces/search", body=body)
            return {"api": "v3", **result}
        except TrackingError as err:
            if err.kind != "not-found":
                raise
        result = await self._request(
            "GET",
            "/api/2.0/mlflow/traces",
            params={
                "experiment_ids": [experiment_id],
                "filter": filter_string,
                "max_results": max_results,
                "order_by": [order_by],
                "page_token": page_token,
            },
        )
        return {"api": "v2", **result}

    async def get_trace(self, trace_id: str) -> Dict[str, Any]:
        """Trace info (v3, else v2) plus spans from `get-trace-artifact`.

        `get-trace-artifact` is what MLflow's own notebook page uses: it works whether
        spans live in the database or in the artifact store.
        """
        quoted = quote(trace_id, safe="")
        not_found = TrackingError("not-found", f"trace {trace_id} not found on {self.display_uri}", 404)
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
        return {"info": info, "spans": spans}


def _reason(err: Any) -> str:
    if err is None:
        return "no response"
    if isinstance(err, HTTPClientError) and err.code == 599:
        text = str(err.message or err)
    else:
        text = getattr(err, "strerror", None) or str(err) or type(err).__name__
    text = text.strip()
    if "timeout" in text.lower() or "timed out" in text.lower():
        return "timed out"
    if "connection refused" in text.lower() or "errno 111" in text.lower():
        return "connection refused"
    return text


def _error_json(text: str) -> Dict[str, Any]:
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _error_message(text: str) -> str:
    data = _error_json(text)
    return str(data.get("message") or data.get("error_code") or "")
