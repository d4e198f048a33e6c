"""The subset of MLflow's REST API the sidebar and the viewer need, over HTTP(S).

Successful answers are checked (JSON, expected shape, no credentials in their
strings; see `json_bodies`) and passed to the browser as the bytes MLflow sent
(re-encoded only when a credential had to be replaced); the frontend's trace
model is the one place that knows MLflow's formats. How requests are sent and
what failures mean: `upstream_http`.
"""

import json
from typing import Any, Optional
from urllib.parse import quote

from .errors import TrackingError
from .filters import TEXT_EXACT_NAME, TEXT_FULL, TraceQuery
from .json_bodies import merge_object
from .responses import RawJson
from .upstream_http import UpstreamClient, UpstreamLimits

VERSION_TEXT = set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.+-_")

__all__ = ["HttpTrackingStore", "RawJson", "UpstreamLimits"]


class HttpTrackingStore(UpstreamClient):
    """The sidebar's and the viewer's reads of an MLflow tracking server."""

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
